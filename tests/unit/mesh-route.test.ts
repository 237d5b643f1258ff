// The mesh engine against Istio's documented behaviour: match order and
// types, weighted splits, host resolution, faults, mirrors, TLS, hops.
import { describe, expect, it } from 'vitest';
import { route, simulate } from '../../src/lib/mesh/index';
import { parseDuration } from '../../src/lib/util/duration';
import { resolveConfigHost, hostMatches } from '../../src/lib/mesh/hosts';
import { mergedPolicy } from '../../src/lib/mesh/policy';
import { app, bookinfo, fromYaml, preset, subsets } from './mesh-helpers';
import type { Cluster } from '../../src/lib/model/types';

const PP = 'deploy/default/productpage-v1';

function vs(http: string, extra = ''): string {
	return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts:\n  - web\n${extra}  http:\n${http}`;
}
function matchCluster(http: string): Cluster {
	return fromYaml([app('web', ['v1', 'v2', 'v3']), app('client', ['v1']), subsets('web', ['v1', 'v2', 'v3']), vs(http)].join('---\n'));
}
const to = (subset: string) => `    route:\n    - destination:\n        host: web\n        subset: ${subset}\n`;

describe('match types and order', () => {
	const c = matchCluster(
		[
			`  - match:\n    - uri:\n        exact: /exact\n${to('v1')}`,
			`  - match:\n    - uri:\n        regex: /re/[0-9]+\n${to('v2')}`,
			`  - match:\n    - headers:\n        x-present: {}\n${to('v3')}`,
			`  - match:\n    - headers:\n        x-user:\n          prefix: ja\n      method:\n        exact: POST\n${to('v1')}`,
			`  - match:\n    - queryParams:\n        debug:\n          exact: "1"\n${to('v2')}`,
			`  - match:\n    - sourceLabels:\n        app: client\n      uri:\n        prefix: /src\n${to('v3')}`,
			`  - match:\n    - authority:\n        regex: "web(:80)?"\n      uri:\n        prefix: /auth\n      withoutHeaders:\n        x-block:\n          exact: "yes"\n${to('v1')}`,
			`  - match:\n    - uri:\n        prefix: /p\n    - port: 8080\n${to('v2')}`
		].join('')
	);
	const r = (path: string, headers: Record<string, string> = {}, extra: { method?: string; from?: string; port?: number } = {}) =>
		route(c, { from: extra.from ?? 'deploy/default/web-v1', host: 'web', path, headers, method: extra.method, port: extra.port });

	it('uri exact matches the whole path only', () => {
		expect(r('/exact').rule).toBe(0);
		expect(r('/exact/more').rule).toBeNull();
		expect(r('/exact/more').whyNot[0]).toEqual({ rule: 0, reason: "uri '/exact/more' does not match exact '/exact'" });
	});
	it('uri regex is anchored (full match, as Envoy safe_regex)', () => {
		expect(r('/re/42').rule).toBe(1);
		expect(r('/re/42x').rule).toBeNull();
		expect(r('/x/re/42').rule).toBeNull();
	});
	it('a header given as {} only has to be present', () => {
		expect(r('/any', { 'X-Present': '' }).rule).toBe(2);
	});
	it('header prefix AND method', () => {
		expect(r('/any', { 'x-user': 'jason' }, { method: 'POST' }).rule).toBe(3);
		expect(r('/any', { 'x-user': 'jason' }).rule).toBeNull();
	});
	it('query parameters', () => {
		expect(r('/any?debug=1').rule).toBe(4);
		expect(r('/any?debug=2').rule).toBeNull();
	});
	it('sourceLabels compare with the calling pod', () => {
		expect(r('/src', {}, { from: 'deploy/default/client-v1' }).rule).toBe(5);
		expect(r('/src').whyNot[5].reason).toBe('caller lacks label app=client');
	});
	it('authority regex and withoutHeaders (a missing header counts as empty)', () => {
		expect(r('/auth').rule).toBe(6);
		expect(r('/auth', { 'x-block': 'no' }).rule).toBe(6);
		expect(r('/auth', { 'x-block': 'yes' }).rule).toBeNull();
	});
	it('match blocks OR: the port block alone suffices', () => {
		expect(r('/p/1').rule).toBe(7);
		expect(r('/zzz', {}, { port: 8080 }).rule).toBe(7);
		expect(r('/zzz').whyNot[7].reason).toBe("match 0: uri '/zzz' does not match prefix '/p'; match 1: port 80 is not 8080");
	});
	it('no rule matches → 404 NR, and every rule says why not', () => {
		const res = r('/nothing');
		expect(res.rule).toBeNull();
		expect(res.response).toMatchObject({ status: 404, flags: ['NR'] });
		expect(res.whyNot.map((w) => w.rule)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});
	it('first match wins even when a later rule matches too', () => {
		const c2 = matchCluster(`  - match:\n    - uri:\n        prefix: /\n${to('v1')}  - match:\n    - headers:\n        end-user:\n          exact: jason\n${to('v2')}`);
		const res = route(c2, { from: 'deploy/default/client-v1', host: 'web', path: '/', headers: { 'end-user': 'jason' } });
		expect(res.rule).toBe(0);
		expect(res.picked?.subset).toBe('v1');
	});
	it('gateways in a match: sidecar requests come from mesh', () => {
		const c3 = matchCluster(`  - match:\n    - gateways:\n      - some-gw\n${to('v1')}  - match:\n    - gateways:\n      - mesh\n${to('v2')}`);
		const res = route(c3, { from: 'deploy/default/client-v1', host: 'web' });
		expect(res.rule).toBe(1);
		expect(res.whyNot[0].reason).toBe('request comes from mesh, rule is for some-gw');
	});
});

describe('weighted splits (10,000 seeded requests, ±1.5 points)', () => {
	it('bookinfo reviews 90/10', () => {
		const c = bookinfo('virtual-service-reviews-90-10.yaml');
		const s = simulate(c, { from: PP, host: 'reviews', path: '/reviews/0' }, { n: 10000, seed: 7 });
		const v1 = s.counts['reviews.default.svc.cluster.local|v1'] / 100;
		const v2 = s.counts['reviews.default.svc.cluster.local|v2'] / 100;
		expect(Math.abs(v1 - 90)).toBeLessThanOrEqual(1.5);
		expect(Math.abs(v2 - 10)).toBeLessThanOrEqual(1.5);
		expect(v1 + v2).toBe(100);
	});
	it('bookinfo reviews 50/50 v1/v3, and weights summing to 200 are relative', () => {
		const c = bookinfo('virtual-service-reviews-50-v3.yaml');
		const s = simulate(c, { from: PP, host: 'reviews' }, { n: 10000, seed: 11 });
		expect(Math.abs(s.counts['reviews.default.svc.cluster.local|v3'] / 100 - 50)).toBeLessThanOrEqual(1.5);
		const bug = preset('istio-ab-header-slide-bug');
		const b = simulate(bug, { from: 'ingress', host: 'myapp.demo.com', path: '/' }, { n: 10000, seed: 3 });
		expect(Math.abs(b.counts['helloworld.default.svc.cluster.local|v2'] / 100 - 50)).toBeLessThanOrEqual(1.5);
	});
	it('the same seed gives the same answer', () => {
		const c = bookinfo('virtual-service-reviews-90-10.yaml');
		const a = simulate(c, { from: PP, host: 'reviews' }, { n: 500, seed: 5 });
		const b = simulate(c, { from: PP, host: 'reviews' }, { n: 500, seed: 5 });
		expect(a.outcomes.map((o) => o.key)).toEqual(b.outcomes.map((o) => o.key));
	});
});

describe('bookinfo as Istio documents it', () => {
	it('jason → reviews v2, everyone else → v1 (virtual-service-reviews-test-v2)', () => {
		const c = bookinfo('virtual-service-reviews-test-v2.yaml');
		const j = route(c, { from: PP, host: 'reviews', path: '/reviews/0', headers: { 'end-user': 'jason' } });
		expect(j).toMatchObject({ virtualService: 'default/reviews', rule: 0, cluster: 'outbound|9080|v2|reviews.default.svc.cluster.local' });
		expect(j.endpoint?.pod).toMatch(/^default\/reviews-v2-/);
		const o = route(c, { from: PP, host: 'reviews', path: '/reviews/0' });
		expect(o.rule).toBe(1);
		expect(o.whyNot).toEqual([{ rule: 0, reason: 'header end-user is missing, rule wants exact \'jason\'' }]);
		expect(o.endpoint?.pod).toMatch(/^default\/reviews-v1-/);
	});
	it('ratings delay: 7 s for jason (flag DI), none for others', () => {
		const c = bookinfo('virtual-service-ratings-test-delay.yaml');
		const j = route(c, { from: 'deploy/default/reviews-v2', host: 'ratings', path: '/ratings/0', headers: { 'end-user': 'jason' } });
		expect(j.fault).toEqual({ delayed: 7000 });
		expect(j.response).toMatchObject({ status: 200, flags: ['DI'], durationMs: 7010 });
		const o = route(c, { from: 'deploy/default/reviews-v2', host: 'ratings', path: '/ratings/0' });
		expect(o.fault).toEqual({});
		expect(o.response.durationMs).toBe(10);
	});
	it('ratings abort: HTTP 500 (flag FI) for jason, the request never reaches ratings', () => {
		const c = bookinfo('virtual-service-ratings-test-abort.yaml');
		const j = route(c, { from: 'deploy/default/reviews-v2', host: 'ratings', path: '/ratings/0', headers: { 'end-user': 'jason' } });
		expect(j.response).toMatchObject({ status: 500, flags: ['FI'], durationMs: 0 });
		expect(j.endpoint).toBeNull();
		expect(j.hops.some((h) => h.kind === 'iptables' && h.rule?.includes('15006'))).toBe(false);
	});
	it('ingress: /productpage through bookinfo-gateway (port 8080) → productpage:9080', () => {
		const c = bookinfo();
		const r = route(c, { from: 'ingress', host: 'bookinfo.example.com', port: 8080, path: '/productpage' });
		expect(r).toMatchObject({ gateway: 'default/bookinfo-gateway', virtualService: 'default/bookinfo', rule: 0, cluster: 'outbound|9080||productpage.default.svc.cluster.local' });
		expect(r.notes.some((n) => n.includes('synthesised'))).toBe(true);
		expect(route(c, { from: 'ingress', host: 'x', port: 8080, path: '/static/app.css' }).rule).toBe(0);
		expect(route(c, { from: 'ingress', host: 'x', port: 8080, path: '/admin' }).response.status).toBe(404);
		expect(route(c, { from: 'ingress', host: 'x', port: 80, path: '/productpage' }).response.status).toBe(0);
	});
});

describe('the sidecar hop list', () => {
	it('app → iptables 15001 → listener → route → cluster → mTLS → 15006 → inbound → app', () => {
		const c = bookinfo('virtual-service-reviews-test-v2.yaml');
		const r = route(c, { from: PP, host: 'reviews', path: '/', headers: { 'end-user': 'jason' } });
		expect(r.hops.map((h) => h.kind)).toEqual(['app', 'dns', 'iptables', 'listener', 'route', 'cluster', 'tls', 'network', 'iptables', 'listener', 'cluster', 'app', 'response']);
		expect(r.hops[2].rule).toBe('-A OUTPUT -p tcp -j ISTIO_OUTPUT\n-A ISTIO_OUTPUT -j ISTIO_REDIRECT\n-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001');
		expect(r.hops[3].rule).toBe('virtualOutbound');
		expect(r.hops[4].rule).toBe('9080 / reviews.default.svc.cluster.local:9080 / default/reviews http[0]');
		expect(r.hops[4].refs[0]).toMatchObject({ kind: 'VirtualService', name: 'reviews', line: 9 });
		expect(r.hops[5].rule).toBe('outbound|9080|v2|reviews.default.svc.cluster.local');
		expect(r.tls).toEqual({ mode: 'ISTIO_MUTUAL', source: 'auto mTLS (the server has a sidecar)' });
		expect(r.hops[8].rule).toContain('-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006');
		expect(r.hops[10].rule).toBe('inbound|9080||');
	});
	it('a client without a sidecar bypasses Envoy: no VirtualService, kube-proxy DNAT', () => {
		const c = fromYaml([app('web', ['v1']), subsets('web', ['v1']), vs(`  - route:\n    - destination:\n        host: web\n        subset: v1\n`)].join('---\n'), false);
		const r = route(c, { from: 'deploy/default/web-v1', host: 'web' });
		expect(r.virtualService).toBeNull();
		expect(r.hops.map((h) => h.kind)).toEqual(['app', 'dns', 'kube-proxy', 'network', 'app', 'response']);
	});
});

describe('host resolution', () => {
	it('config short names are relative to the rule namespace; dotted names are literal', () => {
		expect(resolveConfigHost('reviews', 'default', 'cluster.local')).toBe('reviews.default.svc.cluster.local');
		expect(resolveConfigHost('reviews.other', 'default', 'cluster.local')).toBe('reviews.other');
		expect(resolveConfigHost('*', 'default', 'cluster.local')).toBe('*');
		expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(true);
		expect(hostMatches('*.example.com', 'example.com')).toBe(false);
	});
	const cross = (vsNs: string, host: string) =>
		fromYaml(
			[
				app('reviews', ['v1', 'v2'], 'other'),
				app('client', ['v1']),
				`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n  labels:\n    istio-injection: enabled\n`,
				subsets('reviews.other.svc.cluster.local', ['v1', 'v2'], 'other', 'reviews'),
				`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: r\n  namespace: ${vsNs}\nspec:\n  hosts:\n  - ${host}\n  http:\n  - route:\n    - destination:\n        host: reviews.other.svc.cluster.local\n        subset: v2\n`
			].join('---\n')
		);
	it('a client in default dialing reviews.other reaches the Service in other (DNS search path)', () => {
		const r = route(cross('other', 'reviews'), { from: 'deploy/default/client-v1', host: 'reviews.other' });
		expect(r.target.fqdn).toBe('reviews.other.svc.cluster.local');
		expect(r.virtualService).toBe('other/r');
		expect(r.picked?.subset).toBe('v2');
	});
	it('VS host `reviews` in namespace default does not apply to reviews.other', () => {
		const r = route(cross('default', 'reviews'), { from: 'deploy/default/client-v1', host: 'reviews.other' });
		expect(r.virtualService).toBeNull();
	});
	it('VS host `reviews.other` is not expanded, so it does not bind to the Service either', () => {
		const r = route(cross('default', 'reviews.other'), { from: 'deploy/default/client-v1', host: 'reviews.other' });
		expect(r.virtualService).toBeNull();
		const ok = route(cross('default', 'reviews.other.svc.cluster.local'), { from: 'deploy/default/client-v1', host: 'reviews.other' });
		expect(ok.virtualService).toBe('default/r');
	});
	it('exportTo "." hides a VirtualService from other namespaces', () => {
		const c = fromYaml([app('web', ['v1', 'v2']), app('client', ['v1'], 'team'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels:\n    istio-injection: enabled\n`, subsets('web', ['v1', 'v2']), vs(`  - route:\n    - destination:\n        host: web\n        subset: v2\n`, '  exportTo:\n  - "."\n')].join('---\n'));
		expect(route(c, { from: 'deploy/team/client-v1', host: 'web.default' }).virtualService).toBeNull();
		expect(route(c, { from: 'deploy/default/web-v1', host: 'web' }).virtualService).toBe('default/web');
	});
});

describe('failures Envoy reports', () => {
	it('undefined subset → 503 NC; subset without pods → 503 UH; unknown host → 503 NC', () => {
		const mk = (dest: string) => fromYaml([app('web', ['v1']), subsets('web', ['v1', 'v9']), vs(`  - route:\n    - destination:\n${dest}`)].join('---\n'));
		expect(route(mk('        host: web\n        subset: v2\n'), { from: 'deploy/default/web-v1', host: 'web' }).response).toMatchObject({ status: 503, flags: ['NC'] });
		expect(route(mk('        host: web\n        subset: v9\n'), { from: 'deploy/default/web-v1', host: 'web' }).response).toMatchObject({ status: 503, flags: ['UH'] });
		expect(route(mk('        host: nope\n'), { from: 'deploy/default/web-v1', host: 'web' }).response).toMatchObject({ status: 503, flags: ['NC'] });
	});
	it('mTLS preset: ISTIO_MUTUAL in foo, DISABLE exception for legacy; without it 503 UF', () => {
		const c = preset('istio-mtls');
		const foo = route(c, { from: 'deploy/foo/sleep', host: 'httpbin' });
		expect(foo.tls).toEqual({ mode: 'ISTIO_MUTUAL', source: 'DestinationRule istio-system/default' });
		const legacy = route(c, { from: 'deploy/foo/sleep', host: 'httpbin.legacy' });
		expect(legacy.tls.mode).toBe('DISABLE');
		expect(legacy.response.status).toBe(200);
		c.destinationRules = c.destinationRules.filter((d) => d.name !== 'httpbin-legacy');
		expect(route(c, { from: 'deploy/foo/sleep', host: 'httpbin.legacy' }).response).toMatchObject({ status: 503, flags: ['UF'] });
	});
});

describe('faults, timeouts, mirrors (the course story)', () => {
	const c = preset('istio-fault-injection');
	const bar = { from: 'deploy/default/sleep', host: 'ratings', headers: { 'end-user': 'bar' } };
	it('40% of bar delayed 5 s; the 2 s timeout starts after the delay, so a fast ratings still answers', () => {
		const s = simulate(c, bar, { n: 10000, seed: 2 });
		expect(Math.abs(s.faults.delayed / 100 - 40)).toBeLessThanOrEqual(1.5);
		const delayed = s.outcomes.filter((o) => o.delayed);
		expect(new Set(delayed.map((o) => `${o.status} ${o.flags.join(',')} ${o.durationMs}`))).toEqual(new Set(['200 DI 5010']));
	});
	it("the slide's 7 s holds only when ratings itself needs ≥ 2 s: then 504 UT after 5 s + 2 s", () => {
		const s = simulate(c, bar, { n: 2000, seed: 2, latencyMs: 3000 });
		const delayed = s.outcomes.filter((o) => o.delayed);
		expect(new Set(delayed.map((o) => `${o.status} ${o.flags.join(',')} ${o.durationMs}`))).toEqual(new Set(['504 UT,DI 7000']));
		expect(new Set(s.outcomes.filter((o) => !o.delayed).map((o) => `${o.status} ${o.durationMs}`))).toEqual(new Set(['504 2000']));
	});
	it('20% of foo aborted with 500 FI; others time out at 4 s when ratings is slow', () => {
		const s = simulate(c, { ...bar, headers: { 'end-user': 'foo' } }, { n: 10000, seed: 4 });
		expect(Math.abs(s.faults.aborted / 100 - 20)).toBeLessThanOrEqual(1.5);
		expect(s.statuses['500']).toBe(s.faults.aborted);
		const other = route(c, { from: 'deploy/default/sleep', host: 'ratings' }, { latencyMs: 5000 });
		expect(other.response).toMatchObject({ status: 504, flags: ['UT'], durationMs: 4000 });
	});
	it('mirroring: every request served by v1, a copy to v2', () => {
		const s = simulate(preset('istio-mirroring'), { from: 'deploy/default/sleep', host: 'helloworld' }, { n: 200, seed: 1 });
		expect(s.counts).toEqual({ 'helloworld.default.svc.cluster.local|v1': 200 });
		expect(s.mirrored).toBe(200);
		expect(s.first?.mirror).toEqual([{ host: 'helloworld.default.svc.cluster.local', subset: 'v2', percentage: 100, mirrored: true }]);
	});
	it('legacy percent and mirror_percent spellings', () => {
		const c2 = fromYaml([app('web', ['v1', 'v2']), subsets('web', ['v1', 'v2']), vs(`  - fault:\n      abort:\n        percent: 30\n        httpStatus: 503\n    mirror:\n      host: web\n      subset: v2\n    mirror_percent: 25\n    route:\n    - destination:\n        host: web\n        subset: v1\n`)].join('---\n'));
		const s = simulate(c2, { from: 'deploy/default/web-v1', host: 'web' }, { n: 10000, seed: 9 });
		expect(Math.abs(s.faults.aborted / 100 - 30)).toBeLessThanOrEqual(1.5);
		expect(Math.abs(s.mirrored / 100 - 25)).toBeLessThanOrEqual(1.5);
		expect(s.statuses['503']).toBe(s.faults.aborted);
	});
});

describe('DestinationRule policy merge (pilot MergeTrafficPolicy)', () => {
	it('subset groups replace top-level groups; port level replaces all four', () => {
		const c = fromYaml(
			[
				app('web', ['v1']),
				`apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  host: web\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n    connectionPool:\n      tcp:\n        maxConnections: 10\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n    trafficPolicy:\n      loadBalancer:\n        simple: RANDOM\n      portLevelSettings:\n      - port:\n          number: 8080\n        tls:\n          mode: DISABLE\n`
			].join('---\n')
		);
		const dr = c.destinationRules[0];
		expect(mergedPolicy(dr, dr.subsets[0], 80)).toEqual({ loadBalancer: { simple: 'RANDOM' }, connectionPool: { tcp: { maxConnections: 10 } } });
		expect(mergedPolicy(dr, dr.subsets[0], 8080)).toEqual({ tls: { mode: 'DISABLE' } });
		expect(mergedPolicy(dr, null, 80)).toEqual({ loadBalancer: { simple: 'ROUND_ROBIN' }, connectionPool: { tcp: { maxConnections: 10 } } });
	});
	it('ROUND_ROBIN walks the pods; consistentHash by header is stable', () => {
		const base = [app('web', ['v1']), app('client', ['v1'])].join('---\n').replace('replicas', 'replicas');
		const three = base.replace('spec:\n  selector:\n    matchLabels:\n      app: web', 'spec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web');
		const dr = (lb: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\nspec:\n  host: web\n  trafficPolicy:\n    loadBalancer:\n${lb}`;
		const rr = simulate(fromYaml([three, dr('      simple: ROUND_ROBIN\n')].join('---\n')), { from: 'deploy/default/client-v1', host: 'web' }, { n: 6 });
		expect(Object.values(rr.pods)).toEqual([2, 2, 2]);
		expect(rr.outcomes[0].pod).toBe(rr.outcomes[3].pod);
		const ch = simulate(fromYaml([three, dr('      consistentHash:\n        httpHeaderName: x-user\n')].join('---\n')), { from: 'deploy/default/client-v1', host: 'web', headers: { 'x-user': 'ann' } }, { n: 50, seed: 8 });
		expect(Object.keys(ch.pods)).toHaveLength(1);
	});
	it('durations', () => {
		expect(parseDuration('7s')).toBe(7000);
		expect(parseDuration('0.5s')).toBe(500);
		expect(parseDuration('1m30s')).toBe(90000);
		expect(parseDuration('250ms')).toBe(250);
		expect(parseDuration('soon')).toBeNull();
	});
});
