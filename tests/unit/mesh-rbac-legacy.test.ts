// Legacy Istio RBAC (rbac.istio.io/v1alpha1, the course deck's API): read,
// given its meaning by translation to AuthorizationPolicy (golden YAML), and
// enforced through that translation. Sources: the deck's 'Security -
// Authorization' slides (the preset istio-rbac-slide copies them), istio.io
// v1.4 reference "RBAC" (RbacConfig modes, ServiceRole, ServiceRoleBinding) and
// the 1.4 migration guide from v1alpha1 RBAC to v1beta1 AuthorizationPolicy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { preset } from './mesh-helpers';
import { cluster, curl } from './authz-helpers';
import { legacyTwinYaml, legacyTranslation, route } from '../../src/lib/mesh';
import { validate } from '../../src/lib/checks';
import { loadScenario } from '../../src/lib/scenario/load';
import { describe as describeBasic } from '../../src/lib/view';
import { complete } from '../../src/lib/view/authz';
import { securityPicture } from '../../src/lib/view/mesh';
import { simulate } from '../../src/lib/resilience';

const golden = (n: string) => readFileSync(`tests/unit/golden/${n}`, 'utf8');

describe('the slide, translated', () => {
	const c = preset('istio-rbac-slide');

	it('ServiceRoleBinding → one ALLOW policy per service of the role, one rule per subject (golden YAML)', () => {
		const y = legacyTwinYaml(c, 'ServiceRoleBinding', 'default', 'binding-products-all-authenticated-users')!;
		expect(y).toBe(golden('rbac-slide-binding.yaml'));
		// it is real YAML: two AuthorizationPolicies, selecting webapp and frontend
		const docs = y.split('\n---\n').map((d) => parse(d));
		expect(docs.map((d) => d.spec.selector.matchLabels.app)).toEqual(['webapp', 'frontend']);
		expect(docs[0].spec.rules.map((r: { from: unknown }) => r.from)).toEqual([[{ source: { principals: ['*'] } }], [{ source: { namespaces: ['default'] } }]]);
		expect(docs[0].spec.rules[0].to).toEqual([{ operation: { methods: ['GET', 'HEAD'] } }]);
		expect(docs[0].spec.rules[0].when).toEqual([{ key: 'request.headers[version]', values: ['v1', 'v2'] }]);
	});

	it('RbacConfig ON_WITH_INCLUSION → an allow-nothing policy per included service (golden YAML)', () => {
		expect(legacyTwinYaml(c, 'RbacConfig', '', 'my-user')).toBe(golden('rbac-slide-rbacconfig.yaml'));
	});

	it('the ServiceRole shows the policies of the bindings that use it', () => {
		expect(legacyTwinYaml(c, 'ServiceRole', 'default', 'service-viewer')).toMatch(/name: binding-products-all-authenticated-users-webapp/);
	});

	it('is enforced through the translation: version header, methods, included-but-ungranted feedback, plaintext legacy client', () => {
		const call = (from: string, host: string, method = 'GET', headers: Record<string, string> = { version: 'v1' }) => route(c, { from, host, port: 80, method, headers });
		const ok = call('deploy/default/sleep', 'webapp');
		expect(ok.response.status).toBe(200);
		expect(ok.authz).toMatchObject({ decidedBy: 'ALLOW', policy: 'default/binding-products-all-authenticated-users-webapp', rule: 0 });
		expect(ok.authz?.legacy).toEqual(['ServiceRoleBinding/default/binding-products-all-authenticated-users', 'ServiceRole/default/service-viewer', 'RbacConfig//my-user']);
		expect(call('deploy/default/sleep', 'webapp', 'GET', {}).response.status).toBe(403);
		expect(call('deploy/default/sleep', 'webapp', 'POST').response.status).toBe(403);
		expect(call('deploy/default/sleep', 'frontend', 'HEAD', { version: 'v2' }).response.status).toBe(200);
		const fb = call('deploy/default/sleep', 'feedback');
		expect(fb.response.status).toBe(403);
		expect(fb.authz?.policy).toBe('default/rbac-on-feedback');
		const legacy = call('deploy/legacy/sleep', 'webapp.default');
		expect(legacy.response.status).toBe(403);
		expect(legacy.authz?.plaintextPrincipal).toBe(true);
		// the 403 hop points at the legacy binding (its file and line)
		const h = ok.hops.find((x) => x.kind === 'authz')!;
		expect(h.refs[0]).toMatchObject({ kind: 'ServiceRoleBinding', namespace: 'default', name: 'binding-products-all-authenticated-users' });
	});

	it('raises HS-A001 "removed in Istio 1.6" at each legacy resource\'s line', () => {
		const r = loadScenario([{ name: 'istio-rbac-slide.yaml', text: readFileSync('scenarios/istio-rbac-slide.yaml', 'utf8') }]);
		const f = validate(r.cluster, r.parse.resources).filter((x) => x.code === 'HS-A001');
		expect(f.map((x) => x.ref?.kind)).toEqual(['RbacConfig', 'ServiceRole', 'ServiceRoleBinding']);
		const lines = readFileSync('scenarios/istio-rbac-slide.yaml', 'utf8').split('\n');
		for (const x of f) expect(lines[x.line - 1]).toMatch(/^apiVersion: "rbac\.istio\.io\/v1alpha1"/);
		expect(f[0].message).toMatch(/removed in Istio 1\.6/);
	});

	it('the Inspector shows the twin beside the resource, and pods list the legacy resources that select them', () => {
		// describe() names the resource and leaves the rest to the lazily loaded view/authz
		const describeResource = (ref: { kind: string; namespace: string; name: string }) => {
			const b = describeBasic(c, ref)!;
			expect(b.more).toBe('authz');
			return complete(c, ref, b);
		};
		const d = describeResource({ kind: 'ServiceRoleBinding', namespace: 'default', name: 'binding-products-all-authenticated-users' })!;
		expect(d.twin?.yaml).toBe(golden('rbac-slide-binding.yaml'));
		expect(d.tables[0].rows).toEqual([['—', 'source.principal=*'], ['—', 'source.namespace=default']]);
		const webapp = c.pods.find((p) => p.name.startsWith('webapp'))!;
		const rel = describeResource({ kind: 'Pod', namespace: 'default', name: webapp.name })!.relations.filter((r) => r.type === 'selected by' && r.ref.kind !== 'Service');
		expect(rel.map((r) => `${r.ref.kind} ${r.ref.name}`)).toEqual(['RbacConfig my-user', 'ServiceRoleBinding binding-products-all-authenticated-users', 'ServiceRole service-viewer']);
	});
});

describe('RbacConfig modes', () => {
	const rbac = (mode: string, extra = '') => `apiVersion: rbac.istio.io/v1alpha1\nkind: ClusterRbacConfig\nmetadata:\n  name: default\nspec:\n  mode: ${mode}\n${extra}`;
	const role = `apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRole\nmetadata:\n  name: httpbin-viewer\n  namespace: foo\nspec:\n  rules:\n  - services: ["httpbin.foo.svc.cluster.local"]\n    methods: ["GET"]\n`;
	const binding = `apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRoleBinding\nmetadata:\n  name: bind-httpbin-viewer\n  namespace: foo\nspec:\n  subjects:\n  - user: "cluster.local/ns/foo/sa/sleep"\n  roleRef:\n    kind: ServiceRole\n    name: httpbin-viewer\n`;

	it('OFF: no policy at all, every request allowed (the role and binding have no effect)', () => {
		const c = cluster(rbac('OFF'), role, binding);
		expect(legacyTranslation(c).policies).toEqual([]);
		expect(curl(c, 'foo', { method: 'POST' }).response.status).toBe(200);
		expect(legacyTwinYaml(c, 'ServiceRoleBinding', 'foo', 'bind-httpbin-viewer')).toMatch(/# note: RBAC is not enabled for httpbin\.foo\.svc\.cluster\.local \(mode OFF\)/);
	});

	it('ON: a mesh-wide allow-nothing in istio-system; the binding grants GET to foo\'s sleep only', () => {
		const c = cluster(rbac('ON'), role, binding);
		expect(legacyTranslation(c).policies.map((p) => p.id)).toEqual(['istio-system/rbac-on', 'foo/bind-httpbin-viewer-httpbin']);
		expect(curl(c, 'foo').response.status).toBe(200);
		expect(curl(c, 'foo', { method: 'POST' }).response.status).toBe(403);
		expect(curl(c, 'legacy').response.status).toBe(403);
	});

	it('ON_WITH_INCLUSION by namespace, and ON_WITH_EXCLUSION of that namespace', () => {
		const inc = cluster(rbac('ON_WITH_INCLUSION', '  inclusion:\n    namespaces: ["foo"]\n'), role, binding);
		expect(legacyTranslation(inc).policies.map((p) => p.id)).toEqual(['foo/rbac-on', 'foo/bind-httpbin-viewer-httpbin']);
		expect(curl(inc, 'foo', { method: 'POST' }).response.status).toBe(403);
		const exc = cluster(rbac('ON_WITH_EXCLUSION', '  exclusion:\n    namespaces: ["foo"]\n'), role, binding);
		// foo is excluded: RBAC off there, so an allow-all keeps the mesh-wide deny away and the binding is not translated
		expect(legacyTranslation(exc).policies.map((p) => p.id)).toEqual(['istio-system/rbac-on', 'foo/rbac-excluded']);
		expect(curl(exc, 'foo', { method: 'POST' }).response.status).toBe(200);
	});

	it('a binding whose role is missing grants nothing, and says so', () => {
		const c = cluster(rbac('ON'), binding);
		expect(curl(c, 'foo').response.status).toBe(403);
		expect(legacyTwinYaml(c, 'ServiceRoleBinding', 'foo', 'bind-httpbin-viewer')).toMatch(/# note: roleRef ServiceRole httpbin-viewer is not in namespace foo/);
	});
});

describe('one interpretation: the resilience simulator and the Security layer use the same decision', () => {
	it('simulate counts the 403s route() gives', () => {
		const c = preset('istio-rbac-slide');
		const res = simulate(c, { target: 'feedback.default', from: 'deploy/default/sleep', rps: 10, durationS: 2, concurrency: 1, requestDurationMs: 5, seed: 1 });
		expect(res.summary.total).toBeGreaterThan(0);
		expect(res.summary.denied403).toBe(res.summary.total);
		expect(res.events.every((e) => e.status === 403 && e.outcome === '4xx')).toBe(true);
		expect(res.findings.find((f) => f.code === 'resilience-authz-denied')?.message).toMatch(/403 RBAC: access denied/);
	});

	it('the Security layer names the deciding layer: L3-4 on the node for the scanner, L7 in the sidecar for a denied request', () => {
		const c = preset('istio-calico-concert');
		const pic = securityPicture(c);
		const pair = (from: string) => pic.pairs.find((p) => p.from.startsWith(from) && p.service === 'shop/orders')!;
		expect(pair('untrusted/scanner')).toMatchObject({ decidedBy: 'L3-4', mtls: null, l7: null });
		expect(pair('untrusted/scanner').detail).toBe('✗ L3-4 on the node (shop/orders-from-shop-only)');
		expect(pair('untrusted/scanner').label).toBe('✗ L3-4 (node)');
		expect(pair('shop/frontend')).toMatchObject({ decidedBy: null, mtls: 'mtls', status: 200 });
		expect(pair('shop/frontend').detail).toBe('L3-4 ✓ · mTLS ✓ · L7 ✓');
		const rbac = securityPicture(preset('istio-rbac-slide')).pairs.find((p) => p.from.startsWith('legacy/sleep') && p.service === 'default/webapp')!;
		expect(rbac).toMatchObject({ decidedBy: 'L7', mtls: 'plaintext', status: 403 });
		expect(rbac.detail).toBe('L3-4 ✓ · plaintext · ✗ L7 403 in the sidecar (default/binding-products-all-authenticated-users-webapp)');
	});

	it('route() stops at L3-4 first: the scanner never reaches the sidecar of orders (503 UF, connection timeout)', () => {
		const c = preset('istio-calico-concert');
		const r = route(c, { from: 'deploy/untrusted/scanner', host: 'orders.shop', port: 8080 });
		expect(r.response).toMatchObject({ status: 503, flags: ['UF'], durationMs: 10_000 });
		expect(r.authz).toBeNull();
		const drop = r.hops.find((h) => h.note.startsWith('L3-4: dropped by NetworkPolicy'))!;
		expect(drop.note).toMatch(/at the ingress of shop\/orders-.*before the veth/);
		expect(drop.refs[0]).toMatchObject({ kind: 'NetworkPolicy', namespace: 'shop', name: 'orders-from-shop-only' });
		expect(r.hops.some((h) => h.kind === 'authz' || (h.kind === 'app' && h.at.startsWith('shop/')))).toBe(false);
		const del = route(c, { from: 'deploy/shop/frontend', host: 'orders.shop', port: 8080, method: 'DELETE', path: '/orders/42' });
		expect(del.response.status).toBe(403);
		expect(del.authz?.policy).toBe('shop/orders-viewer');
	});
});

describe('the NetworkPolicy presets (judged by the netpol engine)', () => {
	const pod = (c: ReturnType<typeof preset>, ns: string, app: string) => c.pods.find((p) => p.namespace === ns && p.labels.app === app)!;

	it('default deny + allow from team=a: team-a reaches web, other is dropped', async () => {
		const { netpolVerdict } = await import('../../src/lib/netpol');
		const c = preset('netpol-default-deny-allow-namespace');
		const web = pod(c, 'prod', 'web');
		expect(netpolVerdict(c, { pod: pod(c, 'team-a', 'client') }, { pod: web }, 80).allowed).toBe(true);
		const v = netpolVerdict(c, { pod: pod(c, 'other', 'client') }, { pod: web }, 80);
		expect(v).toMatchObject({ allowed: false, deniedAt: 'ingress' });
		expect(v.ingress!.isolatedBy.map((i) => i.policy)).toEqual(['prod/default-deny-ingress', 'prod/allow-from-team-a']);
	});

	it('the AND vs OR trap: debug (no type=monitoring) and fake-monitor (other namespace) both get in', async () => {
		const { netpolVerdict } = await import('../../src/lib/netpol');
		const c = preset('netpol-and-or-slide-bug');
		const web = pod(c, 'default', 'web');
		expect(netpolVerdict(c, { pod: pod(c, 'operations', 'debug') }, { pod: web }, 80).allowed).toBe(true);
		expect(netpolVerdict(c, { pod: pod(c, 'default', 'fake-monitor') }, { pod: web }, 80).allowed).toBe(true);
		// the fix (one peer with both selectors, recipe 07) lets only the monitor in
		const fixed = readFileSync('scenarios/netpol-and-or-slide-bug.yaml', 'utf8').replace('      - podSelector:           # the extra dash: a second peer, ORed with the first', '        podSelector:');
		const f = loadScenario([{ name: 'fixed.yaml', text: fixed }]).cluster;
		const fweb = pod(f, 'default', 'web');
		expect(netpolVerdict(f, { pod: pod(f, 'operations', 'monitor') }, { pod: fweb }, 80).allowed).toBe(true);
		expect(netpolVerdict(f, { pod: pod(f, 'operations', 'debug') }, { pod: fweb }, 80).allowed).toBe(false);
		expect(netpolVerdict(f, { pod: pod(f, 'default', 'fake-monitor') }, { pod: fweb }, 80).allowed).toBe(false);
	});
});
