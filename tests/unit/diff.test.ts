// Issue 12 §3 "What does this change do?": the diff engine (src/lib/diff) on
// two versions of the same manifests — split percentages, a flow that now
// drops, resources with field paths, endpoints, findings, determinism.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffFiles, loadVersion } from '../../src/lib/scenario';
import { diffVersions, lcsDiff } from '../../src/lib/diff';

const BEFORE = readFileSync('tests/data/diff/before.yaml', 'utf8');
const AFTER = readFileSync('tests/data/diff/after.yaml', 'utf8');
const v = (text: string, name = 'v.yaml') => [{ name, text }];

describe('diff engine', () => {
	const r = diffFiles(v(BEFORE, 'before.yaml'), v(AFTER, 'after.yaml'));

	it('reports the changed split percentages per host and rule', () => {
		expect(r.routes).toEqual([
			{
				host: 'web.default.svc.cluster.local',
				virtualService: 'default/web',
				protocol: 'http',
				match: '(any)',
				change: 'changed',
				splits: [
					{ destination: 'web.default.svc.cluster.local subset v1', before: 90, after: 50 },
					{ destination: 'web.default.svc.cluster.local subset v2', before: 10, after: 50 }
				]
			}
		]);
	});

	it('a Service selector that matches nothing: its endpoints go and the flow to it is now rejected', () => {
		expect(r.endpoints).toHaveLength(1);
		expect(r.endpoints[0]).toMatchObject({ service: 'default/web', change: 'changed', before: 3, after: 0, added: [] });
		expect(r.endpoints[0].removed.map((e) => e.id.replace(/-[a-z0-9]+-[a-z0-9]+:/, ':'))).toEqual(['default/web-v1:8080', 'default/web-v1:8080', 'default/web-v2:8080']);
		const f = r.flows.find((x) => x.from === 'pod/default/client')!;
		expect(f).toMatchObject({ to: 'svc/default/web', port: 80, verdictChanged: true, pathChanged: true });
		expect(f.before.verdict).toBe('delivered');
		expect(f.before.deliveredTo).toMatch(/^pod\/default\/web-v1-/);
		expect(f.after.verdict).toBe('rejected');
		expect(f.after.reason).toContain('no endpoints');
		expect(f.summary).toMatch(/^delivered → rejected: REJECT: the Service has no endpoints/);
		expect(f.endpoints?.after).toEqual([]);
		// a Service flow is compared up to the DNAT: KUBE-SVC → KUBE-SEP is gone, the REJECT in filter FORWARD → KUBE-SERVICES is new
		expect(f.hopsRemoved).toEqual(['netfilter nat PREROUTING → KUBE-SVC-…', 'netfilter nat PREROUTING → KUBE-SEP-…']);
		expect(f.hopsAdded).toEqual(['routing', 'netfilter filter FORWARD → KUBE-SERVICES']);
		expect(r.summary.verdictsChanged).toBe(4);
		expect(r.flowSelection).toEqual({ source: 'auto', candidates: 4, truncated: false, compared: 4 });
	});

	it('lists resources added, removed and changed with field paths, ordered by kind, namespace, name', () => {
		const withoutClient = AFTER.replace(/^apiVersion: v1\nkind: Pod[\s\S]*?---\n/m, '');
		const x = diffFiles(v(BEFORE), v(withoutClient));
		expect(x.resources.map((c) => `${c.change} ${c.kind} ${c.namespace}/${c.name}`)).toEqual([
			'added ConfigMap default/web-config',
			'removed Pod default/client',
			'changed Service default/web',
			'changed VirtualService default/web'
		]);
		expect(x.resources[3].fields).toEqual([
			{ path: 'spec.http[0].route[0].weight', before: '90', after: '50' },
			{ path: 'spec.http[0].route[1].weight', before: '10', after: '50' }
		]);
		expect(x.resources[2].fields).toEqual([{ path: 'spec.selector.app', before: '"web"', after: '"webapp"' }]);
		// the line of the first changed field, in the after version
		expect(x.resources[3].line).toBe(withoutClient.split('\n').indexOf('          weight: 50') + 1);
	});

	it('server-written fields of a live dump (uid, resourceVersion, status, last-applied) are no change', () => {
		const live = BEFORE.replace('metadata:\n  name: web\nspec:\n  selector:', 'metadata:\n  name: web\n  uid: 1f2e\n  resourceVersion: "4711"\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: "{}"\nspec:\n  selector:') + '---\n';
		const x = diffFiles(v(BEFORE), v(live));
		expect(x.resources).toEqual([]);
		const changed = diffFiles(v(BEFORE), v(BEFORE.replace('      targetPort: 8080', '      targetPort: 9090')));
		expect(changed.resources.map((c) => c.fields)).toEqual([[{ path: 'spec.ports[0].targetPort', before: '8080', after: '9090' }]]);
	});

	it('findings that appear: subsets that select no pod once the selector changed', () => {
		expect(r.findings.map((f) => `${f.change} ${f.code} ${f.file}:${f.line}`)).toEqual(['appeared HS-M007 after.yaml:72', 'appeared HS-M007 after.yaml:76']);
		const back = diffFiles(v(AFTER), v(BEFORE));
		expect(back.findings.map((f) => f.change)).toEqual(['disappeared', 'disappeared']);
		expect(back.summary).toMatchObject({ findingsAppeared: 0, findingsDisappeared: 2, added: 0, removed: 1, changed: 2 });
	});

	it('is deterministic: the same report twice, and whatever the document order', () => {
		const again = diffFiles(v(BEFORE, 'before.yaml'), v(AFTER, 'after.yaml'));
		expect(JSON.stringify(again)).toBe(JSON.stringify(r));
		const docs = AFTER.split(/^---\n/m);
		const shuffled = [...docs.slice(3), ...docs.slice(0, 3)].join('---\n');
		const s = diffFiles(v(BEFORE, 'before.yaml'), v(shuffled, 'after.yaml'));
		expect(s.resources.map((c) => `${c.change} ${c.kind}/${c.name}`)).toEqual(r.resources.map((c) => `${c.change} ${c.kind}/${c.name}`));
		expect(s.routes).toEqual(r.routes);
	});

	it('compares the flows the scenario header declares, when it declares any', () => {
		const header = 'apiVersion: hopscope/v1\nkind: Scenario\nmetadata:\n  name: t\nspec:\n  title: t\n  flows:\n    - { name: to-web, from: pod/default/client, to: svc/default/web, port: 80 }\n---\n';
		const x = diffFiles(v(header + BEFORE), v(header + AFTER));
		expect(x.flowSelection).toEqual({ source: 'declared', candidates: 1, truncated: false, compared: 1 });
		expect(x.flows.map((f) => `${f.name}: ${f.before.verdict} → ${f.after.verdict}`)).toEqual(['to-web: delivered → rejected']);
		// the header itself is no resource change
		expect(x.resources.map((c) => c.kind)).not.toContain('Scenario');
	});

	it('auto-chosen flows stay within the budget, every Service port first', () => {
		const a = loadVersion(v(BEFORE));
		const b = loadVersion(v(AFTER));
		const x = diffVersions(a, b, { maxAuto: 1 });
		expect(x.flowSelection).toEqual({ source: 'auto', candidates: 4, truncated: true, compared: 1 });
		expect(x.flows.map((f) => f.name)).toEqual(['default/client → default/web:80']);
	});

	it('a flow given by the caller replaces the auto-chosen ones; an unchanged flow is not listed', () => {
		const a = loadVersion(v(BEFORE));
		const same = diffVersions(a, loadVersion(v(BEFORE)), { flows: [{ name: 'f', from: 'pod/default/client', to: 'svc/default/web', port: 80 }] });
		expect(same.flows).toEqual([]);
		expect(same.flowSelection).toEqual({ source: 'given', candidates: 1, truncated: false, compared: 1 });
	});

	it('a Service flow whose endpoint set is the same is no change, wherever the seeded pick lands', () => {
		// a third v1 replica: other pods keep their names, the pick may land elsewhere
		const x = diffFiles(v(BEFORE), v(BEFORE.replace('  replicas: 1\n', '  replicas: 2\n')));
		const f = x.flows.find((c) => c.from === 'pod/default/client')!;
		expect(f.verdictChanged).toBe(false);
		expect(f.endpoints!.after.length).toBe(4);
		expect(f.summary).toMatch(/^endpoints 3 → 4 \(\+default\/web-v2-[a-z0-9]+-[a-z0-9]+:8080\)/);
		const same = diffFiles(v(BEFORE), v(BEFORE.replace('image: curlimages/curl:8.10.1', 'image: curlimages/curl:8.11.0')));
		expect(same.flows).toEqual([]);
		expect(same.resources.map((c) => c.fields[0].path)).toEqual(['spec.containers[0].image']);
	});

	it('a targetPort no container declares: the flow is flagged (containerPort is informational, so the verdict stays)', () => {
		const x = diffFiles(v(BEFORE), v(BEFORE.replace('      targetPort: 8080', '      targetPort: 9090')), { flows: [{ name: 'f', from: 'pod/default/client', to: 'svc/default/web', port: 80 }] });
		expect(x.flows).toHaveLength(1);
		const f = x.flows[0];
		expect(f).toMatchObject({ verdictChanged: false, pathChanged: true });
		expect(f.before.undeclaredPort).toBeUndefined();
		expect(f.after.undeclaredPort).toMatch(/^9090\/TCP on default\/web-v[12]-[a-z0-9]+-[a-z0-9]+, which declares 8080\/TCP$/);
		expect(f.summary).toMatch(/^now delivered to 9090\/TCP on .*: unless something listens there undeclared, the connection is refused \(TCP reset\); endpoints 3 → 3/);
		expect(x.endpoints[0].added.map((e) => e.port)).toEqual([9090, 9090, 9090]);
	});

	it('a Service port taken away: the auto-chosen flow on the old port no longer reaches a pod', () => {
		const x = diffFiles(v(BEFORE), v(BEFORE.replace('      port: 80\n', '      port: 8000\n')), { maxAuto: 2 });
		expect(x.flowSelection).toEqual({ source: 'auto', candidates: 8, truncated: true, compared: 2 });
		const old = x.flows.find((f) => f.port === 80)!;
		expect(old.name).toBe('default/client → default/web:80');
		// kube-proxy (iptables mode) has no rule for the ClusterIP on port 80 any more: the default route takes the packet off the node
		expect(old.before.deliveredTo).toMatch(/^pod\/default\/web-v/);
		expect(old.after.deliveredTo).toMatch(/^external\//);
		expect(old).toMatchObject({ pathChanged: true, endpoints: { after: [] } });
		expect(old.summary).toMatch(/^endpoints 3 → 0 .*; reaches external\/.* instead of pod\/default\/web-v/);
		const fresh = x.flows.find((f) => f.port === 8000)!;
		expect(fresh.after.deliveredTo).toMatch(/^pod\/default\/web-v/);
	});

	it('lcsDiff: items only in each list, in order', () => {
		expect(lcsDiff(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual({ removed: ['b'], added: ['x', 'e'] });
		expect(lcsDiff([], ['a'])).toEqual({ removed: [], added: ['a'] });
	});
});

describe('diff engine: NetworkPolicy cells', () => {
	it('a default-deny ingress policy on web: the cells into web pods on 8080 go from allowed to denied', () => {
		const deny = '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-deny\nspec:\n  podSelector:\n    matchLabels: { app: web }\n  policyTypes: [Ingress]\n';
		const x = diffFiles(v(BEFORE), v(BEFORE + deny));
		const web = (id: string) => /^default\/web-v[12]-/.test(id);
		// 4 pods: client and 3 web pods; into each web pod from the 3 other pods (a pod always reaches itself)
		expect(x.summary.reach).toBe(9);
		expect(x.reach).toHaveLength(9);
		for (const c of x.reach) {
			expect(web(c.to)).toBe(true);
			expect(c.from).not.toBe(c.to);
			expect(c).toMatchObject({ port: '8080/TCP', before: 'allowed', after: 'denied' });
		}
		expect(x.reach.map((c) => c.from)).toEqual([...x.reach.map((c) => c.from)].sort());
		expect(x.resources.map((c) => `${c.change} ${c.kind}`)).toEqual(['added NetworkPolicy']);
		// without a policy in either version nothing is computed
		expect(r0().reach).toEqual([]);
	});
});

function r0() {
	return diffFiles(v(BEFORE), v(AFTER));
}
