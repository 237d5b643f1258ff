import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	fragmentHref,
	momentParts,
	parseMoment,
	partsFromFragment,
	partsFromServed,
	servedHref,
	type Moment
} from '../../src/lib/ui/moment';

const served = (m: Moment) => {
	const u = new URL(servedHref(momentParts(m)), 'http://x.test');
	return parseMoment(partsFromServed(u.pathname, u.search, u.hash));
};
const offline = (m: Moment) => {
	const u = new URL(`file:///tmp/index.html${fragmentHref(momentParts(m))}`);
	return parseMoment(partsFromFragment(u.hash));
};

const moments: [string, Moment][] = [
	['the start page', { scenario: null, embed: false }],
	['a scenario', { scenario: 'journey-3-service', embed: false }],
	[
		'a named flow at hop 4 on the network view, filtered, dark',
		{
			scenario: 'journey-3-service',
			embed: false,
			view: 'network',
			panel: 'flows',
			side: 'trace',
			play: { kind: 'flow', name: 'client-to-service', seed: 7 },
			hop: 4,
			filter: { text: 'app=web x', namespace: 'default', kind: 'Pod' },
			theme: 'dark',
			autoplay: false
		}
	],
	[
		'a custom UDP flow',
		{ scenario: 'k8s-demo', embed: false, play: { kind: 'flow', name: 'custom', from: 'pod/default/a b', to: 'svc/default/dns', port: 53, protocol: 'UDP', seed: 3 }, hop: 0 }
	],
	['a walkthrough step', { scenario: 'journey-1-same-node', embed: true, play: { kind: 'step', step: 3, seed: 1 }, hop: 5, loop: true, controls: false }],
	[
		'an Istio Send N with headers',
		{
			scenario: 'istio-canary-90-10',
			embed: false,
			view: 'mesh',
			panel: 'requests',
			side: 'mesh',
			play: { kind: 'request', mode: 'n', from: 'ingress', host: 'myapp.demo.com', port: '80', path: '/demo?x=1&y=2', method: 'POST', headers: [['end-user', 'jason: a'], ['x', '']], seed: 42, n: 500 },
			hop: 2
		}
	],
	[
		'a resilience simulation',
		{ scenario: 'resilience-circuit-breaker', embed: false, play: { kind: 'simulation', form: { target: 'default/httpbin', rps: 20, durationS: 30, bursts: [{ atS: 1, count: 5 }] } }, hop: 12 }
	],
	['the user manifests in an embed', { scenario: null, embed: true, token: '2.abc-_09', view: 'mesh' }]
];

describe('the moment in the address', () => {
	it.each(moments)('round-trips %s through the served and the offline address', (_, m) => {
		expect(served(m)).toEqual(m);
		expect(offline(m)).toEqual(m);
	});

	it('writes readable addresses', () => {
		const m: Moment = { scenario: 'journey-3-service', embed: true, play: { kind: 'step', step: 2, seed: 1 }, hop: 3, token: '2.AAA' };
		expect(servedHref(momentParts(m))).toBe('/embed/scenario/journey-3-service?step=2&seed=1&hop=3#m=2.AAA');
		expect(fragmentHref(momentParts(m))).toBe('#/embed/scenario/journey-3-service?step=2&seed=1&hop=3&m=2.AAA');
		expect(fragmentHref(momentParts({ scenario: null, embed: false }))).toBe('#/');
	});

	it('reads a served path under a base and an index.html', () => {
		expect(parseMoment({ path: '/hopscope/scenario/k8s-demo', query: '', token: '' }).scenario).toBe('k8s-demo');
		expect(parseMoment({ path: '/hopscope/embed/scenario/k8s-demo', query: '', token: '' })).toEqual({ scenario: 'k8s-demo', embed: true });
		expect(parseMoment({ path: '/some/dir/index.html', query: 'view=mesh', token: '' })).toEqual({ scenario: null, embed: false, view: 'mesh' });
	});

	it('drops hostile and malformed values instead of throwing', () => {
		const m = parseMoment({
			path: '/scenario/%E0%A4%A',
			query: 'view=<script>&tab=__proto__&side=x&hop=9999999999&seed=-5&step=0&theme=red&autoplay=maybe&q=' + 'a'.repeat(5000),
			token: '3.xyz'
		});
		expect(m).toEqual({ scenario: null, embed: false, play: { kind: 'step', step: 1, seed: 0 }, hop: 1_000_000 });
		expect(parseMoment({ path: '/scenario/..%2F..%2Fetc', query: '', token: '' }).scenario).toBeNull();
		expect(parseMoment({ path: '/', query: 'sim=[1,2]', token: '' }).play).toBeUndefined();
		expect(parseMoment({ path: '/', query: 'sim={bad', token: '' }).play).toBeUndefined();
		expect(parseMoment({ path: '/', query: 'flow=custom&from=a', token: '' }).play).toBeUndefined();
		expect(parseMoment({ path: '/', query: 'req=one&n=1e9&rport=99999x&method=TRACE', token: '' }).play).toEqual({
			kind: 'request', mode: 'one', from: 'ingress', host: '', port: '', path: '/', method: 'GET', headers: [], seed: 1, n: 1000
		});
		// a hop alone (nothing playing) says nothing
		expect(parseMoment({ path: '/', query: 'hop=3', token: '' }).hop).toBeUndefined();
	});

	it('never throws on any input (property)', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), fc.string(), (path, query, token) => {
				const m = parseMoment({ path, query, token });
				expect(typeof m.embed).toBe('boolean');
				// whatever was read writes back and reads the same
				expect(served(m)).toEqual(m);
			}),
			{ numRuns: 300 }
		);
		fc.assert(fc.property(fc.string(), (hash) => void parseMoment(partsFromFragment(hash))), { numRuns: 300 });
	});
});
