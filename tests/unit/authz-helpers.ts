// Test helpers for authorization: the workloads of Istio's authorization
// tasks (httpbin and sleep in foo, sleep in legacy without a sidecar) as
// inline YAML, and a one-call request.
import { loadScenario } from '../../src/lib/scenario/load';
import type { Cluster } from '../../src/lib/model/types';
import { route } from '../../src/lib/mesh';
import type { RouteRequest, RouteResult } from '../../src/lib/mesh';

export function ns(name: string, inject: boolean): string {
	return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${inject ? '  labels:\n    istio-injection: enabled\n' : ''}`;
}

/** A Deployment with a service account (and a Service when `port`), as istio/istio samples/httpbin and samples/sleep. */
export function workload(name: string, namespace: string, port?: number, labels: Record<string, string> = {}): string {
	const lab = Object.entries({ app: name, ...labels }).map(([k, v]) => `        ${k}: ${v}\n`).join('');
	const dep = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n${lab}    spec:\n      serviceAccountName: ${name}\n      containers:\n      - name: ${name}\n        image: x\n${port ? `        ports:\n        - containerPort: ${port}\n` : ''}`;
	if (!port) return dep;
	const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - name: http\n    port: 8000\n    targetPort: ${port}\n`;
	return `${svc}---\n${dep}`;
}

/** httpbin and sleep in foo (injected), sleep in legacy (no sidecar): the istio.io security tasks' set-up. */
export const TASK_SETUP = [ns('foo', true), ns('legacy', false), workload('httpbin', 'foo', 8080), workload('sleep', 'foo'), workload('sleep', 'legacy')].join('---\n');

export function cluster(...docs: string[]): Cluster {
	return loadScenario([{ name: 'policy.yaml', text: [TASK_SETUP, ...docs].join('---\n') }]).cluster;
}

export function clusterWith(diagnosticsOut: { codes: string[] }, ...docs: string[]): Cluster {
	const r = loadScenario([{ name: 'policy.yaml', text: [TASK_SETUP, ...docs].join('---\n') }]);
	diagnosticsOut.codes = r.diagnostics.map((d) => d.code);
	return r.cluster;
}

/** `curl http://httpbin.foo:8000<path>` from sleep in `from` (foo: sidecar, legacy: none). */
export function curl(c: Cluster, from: 'foo' | 'legacy', req: Partial<RouteRequest> = {}): RouteResult {
	return route(c, { from: `deploy/${from}/sleep`, host: 'httpbin.foo', port: 8000, ...req });
}
