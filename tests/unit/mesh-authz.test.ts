// AuthorizationPolicy, transcribed from Istio's own documents. Each case names
// its source:
//  REF   istio.io/latest/docs/reference/config/security/authorization-policy/
//  HTTP  istio.io/latest/docs/tasks/security/authorization/authz-http/
//  DENY  istio.io/latest/docs/tasks/security/authorization/authz-deny/
//  INGR  istio.io/latest/docs/tasks/security/authorization/authz-ingress/
//  TCP   istio.io/latest/docs/tasks/security/authorization/authz-tcp/
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cluster, curl, ns, workload } from './authz-helpers';
import { INJECT_DEFAULT, fromYaml } from './mesh-helpers';
import type { Cluster } from '../../src/lib/model/types';
import { route, istioStringMatch, policiesFor, workloadOf } from '../../src/lib/mesh';
import { validate } from '../../src/lib/checks';
import { loadScenario } from '../../src/lib/scenario/load';

const policy = (name: string, namespace: string, spec: string) =>
	`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:${spec}`;

describe('matching (REF: "paths … prefix, suffix and presence match"; istio/istio pilot/pkg/security/authz/matcher)', () => {
	it('exact, prefix x*, suffix *x and * (present)', () => {
		expect(istioStringMatch('/data', '/data')).toBe(true);
		expect(istioStringMatch('/data', '/data/1')).toBe(false);
		expect(istioStringMatch('/info*', '/info/v1')).toBe(true);
		expect(istioStringMatch('*/info', '/api/info')).toBe(true);
		expect(istioStringMatch('*/info', '/api/info/x')).toBe(false);
		expect(istioStringMatch('*', '/anything')).toBe(true);
		expect(istioStringMatch('*', '')).toBe(false);
		expect(istioStringMatch('*', null)).toBe(false);
		// hosts compare case-insensitively (HostMatcher sets ignore_case)
		expect(istioStringMatch('HTTPBIN.foo:8000', 'httpbin.foo:8000', true)).toBe(true);
	});
});

describe('REF examples', () => {
	const httpbinAllow = policy(
		'httpbin',
		'foo',
		`\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/default/sa/sleep"]\n    - source:\n        namespaces: ["test"]\n    to:\n    - operation:\n        methods: ["GET"]\n        paths: ["/info*"]\n    - operation:\n        methods: ["POST"]\n        paths: ["/data"]\n    when:\n    - key: request.auth.claims[iss]\n      values: ["https://accounts.google.com"]\n`
	);

	it('the httpbin ALLOW example needs a JWT from accounts.google.com: without request authentication every request is denied', () => {
		const c = cluster(ns('test', true), workload('sleep', 'test'), httpbinAllow);
		const r = route(c, { from: 'deploy/test/sleep', host: 'httpbin.foo', port: 8000, path: '/info/x' });
		expect(r.response.status).toBe(403);
		expect(r.authz?.decidedBy).toBe('default-deny');
		expect(r.authz?.reason).toMatch(/request\.auth\.claims\[iss\].*no JWT/);
	});

	it('the same rule without its `when`: namespace test may GET /info*, POST /data, nothing else', () => {
		const c = cluster(ns('test', true), workload('sleep', 'test'), httpbinAllow.replace(/    when:[\s\S]*$/, ''));
		const call = (method: string, path: string) => route(c, { from: 'deploy/test/sleep', host: 'httpbin.foo', port: 8000, method, path }).response.status;
		expect(call('GET', '/info/x')).toBe(200);
		expect(call('POST', '/data')).toBe(200);
		expect(call('POST', '/info/x')).toBe(403);
		expect(call('GET', '/data')).toBe(403);
		// foo's own sleep is neither cluster.local/ns/default/sa/sleep nor in namespace test
		expect(curl(c, 'foo', { path: '/info/x' }).response.status).toBe(403);
	});

	it('DENY example: requests from namespace dev to the POST method in foo are denied, the rest allowed', () => {
		const deny = policy('httpbin', 'foo', `\n  action: DENY\n  rules:\n  - from:\n    - source:\n        namespaces: ["dev"]\n    to:\n    - operation:\n        methods: ["POST"]\n`);
		const c = cluster(ns('dev', true), workload('sleep', 'dev'), deny);
		const r = route(c, { from: 'deploy/dev/sleep', host: 'httpbin.foo', port: 8000, method: 'POST' });
		expect(r.response.status).toBe(403);
		expect(r.response.detail).toBe('RBAC: access denied (rbac_access_denied_matched_policy[ns[foo]-policy[httpbin]-rule[0]])');
		expect(r.authz).toMatchObject({ verdict: 'deny', decidedBy: 'DENY', policy: 'foo/httpbin', rule: 0 });
		expect(route(c, { from: 'deploy/dev/sleep', host: 'httpbin.foo', port: 8000, method: 'GET' }).response.status).toBe(200);
		expect(curl(c, 'foo', { method: 'POST' }).response.status).toBe(200);
	});

	it('allow-nothing (`spec: {}`) denies every request to the namespace\'s workloads', () => {
		const c = cluster(policy('allow-nothing', 'foo', ' {}\n'));
		const r = curl(c, 'foo');
		expect(r.response.status).toBe(403);
		expect(r.authz).toMatchObject({ decidedBy: 'default-deny', policy: 'foo/allow-nothing', details: 'rbac_access_denied_matched_policy[none]' });
		// the 403 comes from the server's sidecar, after its inbound listener; the app never sees it
		expect(r.hops.slice(-4).map((h) => h.kind)).toEqual(['iptables', 'listener', 'authz', 'response']);
		expect(r.hops.at(-2)).toMatchObject({ kind: 'authz' });
		expect(r.hops.at(-2)!.at).toMatch(/^foo\/httpbin-.* \(istio-proxy\)$/);
		expect(r.hops.at(-3)).toMatchObject({ kind: 'listener', rule: 'virtualInbound' });
		expect(r.hops.some((h) => h.kind === 'app' && h.at.startsWith('foo/httpbin'))).toBe(false);
	});

	it('deny-all (DENY with one empty rule) denies everything; allow-all (ALLOW with one empty rule) allows everything', () => {
		expect(curl(cluster(policy('deny-all', 'foo', `\n  action: DENY\n  rules:\n  - {}\n`)), 'foo').authz?.decidedBy).toBe('DENY');
		const allowAll = cluster(policy('allow-nothing', 'foo', ' {}\n'), policy('allow-all', 'foo', `\n  action: ALLOW\n  rules:\n  - {}\n`));
		const r = curl(allowAll, 'foo');
		expect(r.response.status).toBe(200);
		expect(r.authz).toMatchObject({ verdict: 'allow', decidedBy: 'ALLOW', policy: 'foo/allow-all', rule: 0 });
	});

	it('a policy in the root namespace istio-system applies to every namespace; a namespaced one only to its own', () => {
		const c = cluster(ns('bar', true), workload('httpbin', 'bar', 8080), policy('deny-all', 'istio-system', `\n  action: DENY\n  rules:\n  - {}\n`));
		expect(curl(c, 'foo').response.status).toBe(403);
		expect(route(c, { from: 'deploy/foo/sleep', host: 'httpbin.bar', port: 8000 }).authz?.policy).toBe('istio-system/deny-all');
		const c2 = cluster(ns('bar', true), workload('httpbin', 'bar', 8080), policy('deny-all', 'bar', `\n  action: DENY\n  rules:\n  - {}\n`));
		expect(curl(c2, 'foo').response.status).toBe(200);
		expect(route(c2, { from: 'deploy/foo/sleep', host: 'httpbin.bar', port: 8000 }).response.status).toBe(403);
	});

	it('selector picks workloads by label; targetRefs to a Service applies to waypoints only (never a sidecar)', () => {
		const sel = cluster(policy('deny-v2', 'foo', `\n  selector:\n    matchLabels:\n      app: httpbin\n      version: v2\n  action: DENY\n  rules:\n  - {}\n`));
		expect(curl(sel, 'foo').response.status).toBe(200);
		const tr = cluster(policy('deny-svc', 'foo', `\n  targetRefs:\n  - kind: Service\n    group: ""\n    name: httpbin\n  action: DENY\n  rules:\n  - {}\n`));
		expect(curl(tr, 'foo').response.status).toBe(200);
		const pod = tr.pods.find((p) => p.namespace === 'foo' && p.labels.app === 'httpbin')!;
		expect(policiesFor(tr, workloadOf(pod))).toEqual([]);
	});
});

describe('action order: CUSTOM, then DENY, then ALLOW; AUDIT never decides (REF "evaluation order")', () => {
	const allowGet = policy('allow-get', 'foo', `\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n`);
	const denyGet = policy('deny-get', 'foo', `\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n`);
	const audit = policy('audit-all', 'foo', `\n  action: AUDIT\n  rules:\n  - {}\n`);
	const custom = policy('ext-authz', 'foo', `\n  action: CUSTOM\n  provider:\n    name: my-ext-authz\n  rules:\n  - to:\n    - operation:\n        paths: ["/admin*"]\n`);

	it('a matching DENY wins over a matching ALLOW, whatever the order in the input', () => {
		for (const c of [cluster(allowGet, denyGet), cluster(denyGet, allowGet)]) {
			const r = curl(c, 'foo');
			expect(r.response.status).toBe(403);
			expect(r.authz).toMatchObject({ decidedBy: 'DENY', policy: 'foo/deny-get' });
		}
	});

	it('AUDIT matches but leaves the decision to ALLOW/DENY', () => {
		const r = curl(cluster(audit, allowGet), 'foo');
		expect(r.response.status).toBe(200);
		expect(r.authz?.policy).toBe('foo/allow-get');
		expect(r.hops.find((h) => h.kind === 'authz')!.note).toMatch(/AUDIT AuthorizationPolicy foo\/audit-all matches: the request is marked for auditing/);
		expect(curl(cluster(audit), 'foo').response.status).toBe(200);
	});

	it('CUSTOM goes to the external authorizer, which is not simulated (said on the hop and as a finding); DENY still applies after it', () => {
		const c = cluster(custom, denyGet);
		const r = curl(c, 'foo', { path: '/admin/x', method: 'POST' });
		expect(r.response.status).toBe(200);
		expect(r.authz?.decidedBy).toBe('CUSTOM');
		expect(r.hops.find((h) => h.kind === 'authz')!.note).toMatch(/extension provider 'my-ext-authz' — an external authorizer, not simulated here/);
		expect(curl(c, 'foo', { path: '/admin/x' }).authz?.decidedBy).toBe('DENY');
		const f = validate(c, []).find((x) => x.code === 'HS-A003');
		expect(f?.message).toMatch(/Hopscope does not simulate it/);
	});

	it('deny by default once any ALLOW policy selects the workload; no ALLOW policy: allowed', () => {
		const c = cluster(allowGet);
		const post = curl(c, 'foo', { method: 'POST' });
		expect(post.response.status).toBe(403);
		expect(post.authz).toMatchObject({ decidedBy: 'default-deny', policy: 'foo/allow-get' });
		expect(post.authz!.reason).toMatch(/methods \[GET\] vs method POST/);
		const onlyDeny = curl(cluster(denyGet), 'foo', { method: 'POST' });
		expect(onlyDeny.response.status).toBe(200);
		expect(onlyDeny.authz?.decidedBy).toBe('no-allow-policy');
	});
});

describe('HTTP task: bookinfo step by step', () => {
	const pp = (c: Cluster) => c.pods.find((p) => p.name.startsWith('productpage'))!.id;
	const rv = (c: Cluster) => c.pods.find((p) => p.name.startsWith('reviews-v3'))!.id;
	const steps = {
		allowNothing: policy('allow-nothing', 'default', ' {}\n'),
		productpage: policy('productpage-viewer', 'default', `\n  selector:\n    matchLabels:\n      app: productpage\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n`),
		details: policy('details-viewer', 'default', `\n  selector:\n    matchLabels:\n      app: details\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/default/sa/bookinfo-productpage"]\n    to:\n    - operation:\n        methods: ["GET"]\n`),
		ratings: policy('ratings-viewer', 'default', `\n  selector:\n    matchLabels:\n      app: ratings\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/default/sa/bookinfo-reviews"]\n    to:\n    - operation:\n        methods: ["GET"]\n`)
	};
	const load = (...docs: string[]) =>
		loadScenario([INJECT_DEFAULT, { name: 'bookinfo.yaml', text: readFileSync('tests/fixtures/istio-bookinfo/bookinfo.yaml', 'utf8') }, { name: 'policies.yaml', text: docs.join('---\n') }]).cluster;

	it('allow-nothing: productpage answers "RBAC: access denied"; then productpage-viewer lets GET in, details only from productpage\'s service account', () => {
		const c0 = load(steps.allowNothing);
		expect(route(c0, { from: pp(c0), host: 'productpage', port: 9080, path: '/productpage' }).response).toMatchObject({ status: 403, detail: expect.stringMatching(/^RBAC: access denied/) });
		const c = load(steps.allowNothing, steps.productpage, steps.details, steps.ratings);
		const client = c.pods.find((p) => p.name.startsWith('ratings'))!.id;
		expect(route(c, { from: client, host: 'productpage', port: 9080, path: '/productpage' }).response.status).toBe(200);
		expect(route(c, { from: pp(c), host: 'details', port: 9080, path: '/details/0' }).response.status).toBe(200);
		// reviews has no viewer yet: still denied by allow-nothing
		expect(route(c, { from: pp(c), host: 'reviews', port: 9080 }).response.status).toBe(403);
		// ratings only for reviews' service account
		expect(route(c, { from: rv(c), host: 'ratings', port: 9080 }).response.status).toBe(200);
		const wrong = route(c, { from: pp(c), host: 'ratings', port: 9080 });
		expect(wrong.response.status).toBe(403);
		expect(wrong.authz?.principal).toBe('cluster.local/ns/default/sa/bookinfo-productpage');
		expect(wrong.authz?.reason).toMatch(/principals \[cluster\.local\/ns\/default\/sa\/bookinfo-reviews\] vs principal cluster\.local\/ns\/default\/sa\/bookinfo-productpage/);
	});
});

describe('DENY task: x-token and /ip', () => {
	const denyGet = policy('deny-method-get', 'foo', `\n  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n    when:\n    - key: request.headers[x-token]\n      notValues: ["admin"]\n`);
	const allowIp = policy('allow-path-ip', 'foo', `\n  selector:\n    matchLabels:\n      app: httpbin\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        paths: ["/ip"]\n`);

	it('GET without x-token: admin is denied, with it allowed; POST allowed', () => {
		const c = cluster(denyGet);
		expect(curl(c, 'foo', { path: '/get', headers: { 'x-token': 'guest' } }).response.status).toBe(403);
		expect(curl(c, 'foo', { path: '/get' }).response.status).toBe(403);
		expect(curl(c, 'foo', { path: '/get', headers: { 'x-token': 'admin' } }).response.status).toBe(200);
		expect(curl(c, 'foo', { path: '/post', method: 'POST' }).response.status).toBe(200);
	});

	it('adding allow-path-ip: /get with x-token admin is now denied by default, /ip with it allowed', () => {
		const c = cluster(denyGet, allowIp);
		expect(curl(c, 'foo', { path: '/get', headers: { 'x-token': 'admin' } }).authz?.decidedBy).toBe('default-deny');
		expect(curl(c, 'foo', { path: '/ip', headers: { 'x-token': 'admin' } }).response.status).toBe(200);
		expect(curl(c, 'foo', { path: '/ip?x=1', headers: { 'x-token': 'admin' } }).response.status).toBe(200);
	});
});

describe('Ingress task: ipBlocks at the ingress gateway', () => {
	const gw = `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: httpbin-gateway\n  namespace: foo\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port:\n      number: 80\n      name: http\n      protocol: HTTP\n    hosts: ["*"]\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: httpbin\n  namespace: foo\nspec:\n  hosts: ["*"]\n  gateways: ["httpbin-gateway"]\n  http:\n  - route:\n    - destination:\n        host: httpbin\n        port:\n          number: 8000\n`;
	const ingressPolicy = (action: string) =>
		policy('ingress-policy', 'istio-system', `\n  selector:\n    matchLabels:\n      app: istio-ingressgateway\n  action: ${action}\n  rules:\n  - from:\n    - source:\n        ipBlocks: ["1.2.3.4", "5.6.7.0/24"]\n`);

	it('ALLOW from 1.2.3.4 and 5.6.7.0/24: another client IP gets 403 from the gateway, a listed one reaches httpbin', () => {
		const c = cluster(gw, ingressPolicy('ALLOW'));
		const r = route(c, { from: 'external/203.0.113.7', host: 'httpbin.example.com', port: 80, path: '/headers' });
		expect(r.response.status).toBe(403);
		expect(r.authz?.at).toMatch(/ingressgateway.* \(istio-proxy\)$/);
		expect(r.authz?.principal).toBeNull();
		expect(route(c, { from: 'external/5.6.7.8', host: 'httpbin.example.com', port: 80 }).response.status).toBe(200);
	});

	it('DENY from the same blocks: 5.6.7.8 gets 403, others pass', () => {
		const c = cluster(gw, ingressPolicy('DENY'));
		expect(route(c, { from: 'external/5.6.7.8', host: 'httpbin.example.com', port: 80 }).authz?.decidedBy).toBe('DENY');
		expect(route(c, { from: 'external/203.0.113.7', host: 'httpbin.example.com', port: 80 }).response.status).toBe(200);
	});
});

describe('TCP task: HTTP-only fields on a TCP connection', () => {
	it('an ALLOW rule with methods never matches TCP (denied); a DENY rule ignores them (denies more)', () => {
		const allow = cluster(policy('tcp-policy', 'foo', `\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n        ports: ["8080"]\n`));
		const a = curl(allow, 'foo', { protocol: 'tcp' });
		expect(a.response.status).toBe(0);
		expect(a.response.detail).toMatch(/connection closed by the RBAC network filter/);
		expect(a.authz?.reason).toMatch(/HTTP-only and this is a TCP connection/);
		const deny = cluster(policy('tcp-policy', 'foo', `\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n        ports: ["8080"]\n`));
		expect(curl(deny, 'foo', { protocol: 'tcp' }).authz?.decidedBy).toBe('DENY');
		// ports compare the port the workload receives on (targetPort 8080), not the Service port 8000
		const svcPort = cluster(policy('tcp-policy', 'foo', `\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        ports: ["8000"]\n`));
		expect(curl(svcPort, 'foo', { protocol: 'tcp' }).authz?.decidedBy).toBe('no-allow-policy');
	});
});

describe('principals come from service accounts, and only over mTLS', () => {
	const allowSleep = policy('allow-sleep', 'foo', `\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/sleep", "cluster.local/ns/legacy/sa/sleep"]\n`);

	it('sleep in foo (sidecar, mTLS) is cluster.local/ns/foo/sa/sleep and allowed', () => {
		const r = curl(cluster(allowSleep), 'foo');
		expect(r.response.status).toBe(200);
		expect(r.authz?.principal).toBe('cluster.local/ns/foo/sa/sleep');
		expect(r.links[0].state).toBe('mtls');
	});

	it('sleep in legacy (no sidecar, plaintext to a PERMISSIVE server) has no principal: 403, with the reason', () => {
		const c = cluster(allowSleep);
		const r = curl(c, 'legacy');
		expect(r.links[0].state).toBe('plaintext');
		expect(r.response.status).toBe(403);
		expect(r.authz).toMatchObject({ principal: null, plaintextPrincipal: true });
		expect(r.authz!.reason).toMatch(/the connection carries no peer principal \(the client has no sidecar/);
		expect(r.notes.join('\n')).toMatch(/principals and namespaces come from the mTLS peer certificate/);
		const f = validate(c, []).filter((x) => x.code === 'HS-A002');
		expect(f).toHaveLength(1);
		expect(f[0].message).toMatch(/legacy\/sleep-/);
		expect(f[0].line).toBe(c.authorizationPolicies![0].source.line);
	});

	it('namespaces also need the certificate; notPrincipals ["*"] in a DENY rule catches plaintext (REF "require mTLS")', () => {
		const byNs = cluster(policy('allow-legacy-ns', 'foo', `\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        namespaces: ["legacy"]\n`));
		expect(curl(byNs, 'legacy').response.status).toBe(403);
		const requireMtls = cluster(policy('require-mtls', 'foo', `\n  action: DENY\n  rules:\n  - from:\n    - source:\n        notPrincipals: ["*"]\n`));
		expect(curl(requireMtls, 'legacy').authz?.decidedBy).toBe('DENY');
		expect(curl(requireMtls, 'foo').response.status).toBe(200);
	});

	it('a pod without serviceAccountName is the default service account', () => {
		const c = loadScenario([{ name: 'x.yaml', text: [ns('foo', true), workload('httpbin', 'foo', 8080), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\n  namespace: foo\nspec:\n  containers:\n  - name: c\n    image: x\n', policy('p', 'foo', `\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/default"]\n`)].join('---\n') }]).cluster;
		const r = route(c, { from: 'pod/foo/client', host: 'httpbin.foo', port: 8000 });
		expect(r.authz).toMatchObject({ verdict: 'allow', principal: 'cluster.local/ns/foo/sa/default' });
	});
});

describe('route --json keeps its contract: statuses count the 403s, authz names the policy', () => {
	it('prints statuses {"403": N} and authz.policy', async () => {
		const { cli } = await import('./cli-helpers');
		const dir = require('node:fs').mkdtempSync('/tmp/hs-authz-');
		const file = `${dir}/p.yaml`;
		const { TASK_SETUP } = await import('./authz-helpers');
		require('node:fs').writeFileSync(file, [TASK_SETUP, policy('deny-post', 'foo', `\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["POST"]\n`)].join('---\n'));
		const r = await cli(['route', file, '--from', 'deploy/foo/sleep', '--host', 'httpbin.foo', '--port', '8000', '--method', 'POST', '--requests', '20', '--json']);
		expect(r.status).toBe(0);
		const j = JSON.parse(r.stdout);
		expect(j.statuses).toEqual({ '403': 20 });
		expect(j.authz).toMatchObject({ verdict: 'deny', decidedBy: 'DENY', policy: 'foo/deny-post', rule: 0 });
		expect(j.response.detail).toMatch(/^RBAC: access denied/);
		const text = await cli(['route', file, '--from', 'deploy/foo/sleep', '--host', 'httpbin.foo', '--port', '8000', '--method', 'POST']);
		expect(text.stdout).toMatch(/^authz: deny at foo\/httpbin-.* by AuthorizationPolicy foo\/deny-post rule 0/m);
	}, 60_000);
});

describe('bad input', () => {
	it('an unknown action is an error diagnostic at its line, read as ALLOW; a bad ipBlock and an unknown when key are findings', () => {
		const text = [policy('odd', 'foo', `\n  action: MAYBE\n  rules:\n  - from:\n    - source:\n        ipBlocks: ["10.0.0.300/8"]\n    when:\n    - key: source.colour\n      values: ["blue"]\n`)].join('');
		const r = loadScenario([{ name: 'p.yaml', text }]);
		const d = r.diagnostics.find((x) => x.code === 'authz-action')!;
		expect(d.severity).toBe('error');
		expect(text.split('\n')[d.line - 1]).toMatch(/action: MAYBE/);
		const f = validate(r.cluster, r.parse.resources);
		expect(f.find((x) => x.code === 'HS-A006')?.message).toMatch(/10\.0\.0\.300\/8/);
		expect(f.find((x) => x.code === 'HS-A005')?.message).toMatch(/source\.colour/);
	});

	it('hostile shapes do not throw', () => {
		for (const spec of [' []\n', ' "x"\n', '\n  rules: 5\n', '\n  rules:\n  - from: 7\n    to: [1, null]\n    when: [{}]\n', '\n  selector: []\n  targetRefs: {}\n']) {
			const c = fromYaml([ns('foo', true), workload('httpbin', 'foo', 8080), workload('sleep', 'foo'), policy('x', 'foo', spec)].join('---\n'), false);
			expect(() => route(c, { from: 'deploy/foo/sleep', host: 'httpbin.foo', port: 8000 })).not.toThrow();
		}
	});
});


describe('findings', () => {
	it('HS-A007: a policy whose selector matches only pods without a sidecar is enforced by nothing', () => {
		const c = cluster(policy('protect-legacy-sleep', 'legacy', `\n  selector:\n    matchLabels:\n      app: sleep\n  action: DENY\n  rules:\n  - {}\n`));
		const f = validate(c, []).filter((x) => x.code === 'HS-A007');
		expect(f).toHaveLength(1);
		expect(f[0].message).toMatch(/only pods without an Istio sidecar \(legacy\/sleep-/);
		expect(validate(cluster(policy('p', 'foo', `\n  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - {}\n`)), []).some((x) => x.code === 'HS-A007')).toBe(false);
	});
});
