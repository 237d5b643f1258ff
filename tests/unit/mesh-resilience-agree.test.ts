// Property: route() and the resilience simulator read Istio config through the
// one mesh/ API, so for the same request (client, host) they choose the same
// VirtualService rule, retry policy, timeout, DestinationRule, subset and
// merged traffic policy. Configs are generated: VirtualServices with weights,
// header matches (that the request does not meet), retries and timeouts;
// DestinationRules with subsets and policies at top, subset and port level;
// overlapping and wildcard hosts; three namespaces; exportTo '.' or '*'.
// Lookup and merge rules: istio PushContext.destinationRule (client namespace,
// then the Service's, then istio-system) and MergeSubsetTrafficPolicy.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { route } from '../../src/lib/mesh/index';
import { simulate } from '../../src/lib/resilience/index';
import { loadScenario } from '../../src/lib/scenario/load';
import { app } from './mesh-helpers';

const NS = ['default', 'ns1', 'ns2'];
const DOMAIN = 'svc.cluster.local';
const HOSTS = ['web', `web.ns1.${DOMAIN}`, `api.ns2.${DOMAIN}`, `web.default.${DOMAIN}`];
const DR_HOSTS = [...HOSTS, `*.${DOMAIN}`, `*.ns1.${DOMAIN}`, 'api'];
const TARGETS = ['web', 'web.ns1', 'api.ns2', `web.default.${DOMAIN}`];

const yamlList = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const lb = fc.constantFrom('ROUND_ROBIN', 'RANDOM', 'LEAST_REQUEST');
const policy = fc.record({
	lb: opt(lb),
	maxConnections: opt(fc.integer({ min: 1, max: 9 })),
	c5: opt(fc.integer({ min: 1, max: 9 })),
	port: opt(fc.record({ lb: opt(lb), maxConnections: opt(fc.integer({ min: 10, max: 19 })) }))
});
interface Policy {
	lb?: string;
	maxConnections?: number;
	c5?: number;
	port?: { lb?: string; maxConnections?: number };
}

function policyYaml(p: Policy, indent: string): string {
	const groups = (q: { lb?: string; maxConnections?: number; c5?: number }, ind: string) =>
		[
			q.lb ? `${ind}loadBalancer: {simple: ${q.lb}}\n` : '',
			q.maxConnections ? `${ind}connectionPool: {tcp: {maxConnections: ${q.maxConnections}}}\n` : '',
			q.c5 ? `${ind}outlierDetection: {consecutive5xxErrors: ${q.c5}}\n` : ''
		].join('');
	let out = groups(p, `${indent}  `);
	if (p.port) out += `${indent}  portLevelSettings:\n${indent}  - port: {number: 80}\n${groups(p.port, `${indent}    `) || `${indent}    loadBalancer: {simple: RANDOM}\n`}`;
	return out ? `${indent}trafficPolicy:\n${out}` : '';
}

const dest = fc.record({ host: fc.constantFrom(...HOSTS), subset: opt(fc.constantFrom('v1', 'v2', 'v3')), weight: fc.integer({ min: 0, max: 100 }) });
const rule = fc.record({
	headerMatch: fc.boolean(),
	dests: fc.array(dest, { minLength: 1, maxLength: 2 }),
	retries: opt(fc.record({ attempts: fc.integer({ min: 0, max: 4 }), perTry: opt(fc.constantFrom('50ms', '2s')), retryOn: opt(fc.constantFrom('5xx', 'gateway-error,503', 'connect-failure')) })),
	timeout: opt(fc.constantFrom('1s', '250ms'))
});
const vs = fc.record({ ns: fc.constantFrom(...NS), hosts: fc.subarray(HOSTS, { minLength: 1, maxLength: 2 }), exportAll: fc.boolean(), rules: fc.array(rule, { minLength: 1, maxLength: 3 }) });
const dr = fc.record({
	ns: fc.constantFrom(...NS, 'istio-system'),
	host: fc.constantFrom(...DR_HOSTS),
	exportAll: fc.boolean(),
	top: policy,
	subsets: fc.subarray(['v1', 'v2'], { minLength: 0, maxLength: 2 }),
	subsetPolicy: policy
});
const world = fc.record({
	vss: fc.array(vs, { maxLength: 3 }),
	drs: fc.array(dr, { maxLength: 4 }),
	clientNs: fc.constantFrom(...NS),
	target: fc.constantFrom(...TARGETS),
	seed: fc.integer({ min: 1, max: 10_000 })
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

function build(w: World): string {
	const docs: string[] = NS.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n  labels: {istio-injection: enabled}\n`);
	docs.push(app('web', ['v1', 'v2']), app('web', ['v1', 'v2'], 'ns1'), app('api', ['v1', 'v2'], 'ns2'));
	docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: ${w.clientNs}}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: x}]}\n`);
	w.vss.forEach((v, i) => {
		const http = v.rules
			.map((r) => {
				const m = r.headerMatch ? '  - match: [{headers: {x-test: {exact: "1"}}}]\n    route:\n' : '  - route:\n';
				const ds = r.dests.map((d) => `    - destination: {host: ${d.host}${d.subset ? `, subset: ${d.subset}` : ''}}\n      weight: ${d.weight}\n`).join('');
				const rt = r.retries
					? `    retries: {attempts: ${r.retries.attempts}${r.retries.perTry ? `, perTryTimeout: ${r.retries.perTry}` : ''}${r.retries.retryOn ? `, retryOn: "${r.retries.retryOn}"` : ''}}\n`
					: '';
				return m + ds + rt + (r.timeout ? `    timeout: ${r.timeout}\n` : '');
			})
			.join('');
		docs.push(`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs${i}, namespace: ${v.ns}}\nspec:\n  hosts: ${yamlList(v.hosts)}\n  exportTo: ["${v.exportAll ? '*' : '.'}"]\n  http:\n${http}`);
	});
	w.drs.forEach((d, i) => {
		const subsets = d.subsets.length
			? `  subsets:\n${d.subsets.map((s) => `  - name: ${s}\n    labels: {version: ${s}}\n${policyYaml(d.subsetPolicy, '    ')}`).join('')}`
			: '';
		docs.push(`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: dr${i}, namespace: ${d.ns}}\nspec:\n  host: "${d.host}"\n  exportTo: ["${d.exportAll ? '*' : '.'}"]\n${policyYaml(d.top, '  ')}${subsets}`);
	});
	return docs.join('---\n');
}

describe('route() and simulate() choose the same route, DestinationRule, subset and retry policy', () => {
	it('for generated configs', () => {
		let compared = 0;
		fc.assert(
			fc.property(world, (w) => {
				const { cluster, diagnostics } = loadScenario([{ name: 'gen.yaml', text: build(w) }]);
				expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
				const from = `deploy/${w.clientNs}/client`;
				const rt = route(cluster, { from, host: w.target }, { seed: w.seed });
				const sim = simulate(cluster, { target: w.target, from, subset: rt.picked?.subset ?? null, rps: 1, durationS: 0.001, concurrency: 1, requestDurationMs: 1, seed: w.seed });
				const sr = sim.route!;
				expect(sr.client.namespace).toBe(w.clientNs);
				expect(sr.virtualService).toBe(rt.virtualService);
				expect(sr.rule).toBe(rt.rule);
				expect(sr.retries).toEqual(rt.retries);
				expect(sr.timeoutMs).toBe(rt.timeoutMs);
				// the simulator follows the destination route() picked (same host; subset given)
				if (!rt.picked || !sr.destination || sr.destination.host !== rt.picked.host) return;
				compared++;
				expect(sr.destination.subset).toBe(rt.picked.subset);
				expect(sr.destinationRule).toBe(rt.destinationRule);
				if (rt.response.flags.includes('NC')) return; // undefined subset: no cluster, no policy to compare
				expect(sim.policy?.destinationRule).toBe(rt.destinationRule);
				expect(sim.policy?.loadBalancer).toBe(rt.lb);
				const cp = rt.trafficPolicy.connectionPool as { tcp?: { maxConnections?: number } } | undefined;
				expect(sim.policy?.limits.maxConnections).toBe(cp?.tcp?.maxConnections ?? 4294967295);
				const od = rt.trafficPolicy.outlierDetection as { consecutive5xxErrors?: number } | undefined;
				expect(sim.policy?.outlier?.consecutive5xx ?? null).toBe(od ? (od.consecutive5xxErrors ?? 5) : null);
			}),
			{ numRuns: 150, seed: 20261207 }
		);
		// the property must have reached the DestinationRule comparison often
		expect(compared).toBeGreaterThan(40);
	}, 120_000);
});
