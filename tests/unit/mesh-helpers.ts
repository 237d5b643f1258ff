// Test helpers for the mesh engine: load fixtures / inline YAML with an
// injected default namespace, the way the Istio samples are meant to run.
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/lib/scenario/load';
import type { Cluster } from '../../src/lib/model/types';

export const INJECT_DEFAULT = { name: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    istio-injection: enabled\n' };

export function bookinfo(...extra: string[]): Cluster {
	const d = 'tests/fixtures/istio-bookinfo/';
	const names = ['bookinfo.yaml', 'bookinfo-gateway.yaml', 'destination-rule-all.yaml', ...extra];
	return loadScenario([INJECT_DEFAULT, ...names.map((n) => ({ name: n, text: readFileSync(d + n, 'utf8') }))]).cluster;
}

export function fromYaml(text: string, inject = true): Cluster {
	return loadScenario([...(inject ? [INJECT_DEFAULT] : []), { name: 'test.yaml', text }]).cluster;
}

export function preset(id: string): Cluster {
	return loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]).cluster;
}

/** A Service + one Deployment per version, all labelled app=NAME. */
export function app(name: string, versions: string[], ns = 'default', port = 80): string {
	const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    app: ${name}\n  ports:\n  - name: http\n    port: ${port}\n`;
	const deps = versions.map(
		(v) =>
			`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}-${v}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n      version: ${v}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n        version: ${v}\n    spec:\n      containers:\n      - name: c\n        image: x\n        ports:\n        - containerPort: ${port}\n`
	);
	return [svc, ...deps].join('---\n');
}

export function subsets(host: string, versions: string[], ns = 'default', name = host): string {
	return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  host: ${host}\n  subsets:\n${versions.map((v) => `  - name: ${v}\n    labels:\n      version: ${v}\n`).join('')}`;
}
