// meshFindings: each finding on a config that has the mistake, and its absence
// on the corrected config and on the upstream Bookinfo samples.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { meshFindings, silence, portProtocol, MESH_CODES as C } from '../../src/lib/checks/mesh';
import type { Finding } from '../../src/lib/manifest/types';
import { loadScenario } from '../../src/lib/scenario/load';
import { app, fromYaml, preset, subsets } from './mesh-helpers';

const codes = (f: Finding[]) => f.map((x) => x.code).sort();
const only = (f: Finding[], code: string) => f.filter((x) => x.code === code);

function vs(body: string, name = 'web', hosts = ['web'], extra = ''): string {
	return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\nspec:\n  hosts:\n${hosts.map((h) => `  - ${h}\n`).join('')}${extra}  http:\n${body}`;
}
const base = [app('web', ['v1', 'v2']), subsets('web', ['v1', 'v2'])].join('---\n');
const check = (...docs: string[]) => meshFindings(fromYaml([base, ...docs].join('---\n')));
const route2 = (w1: string, w2: string) => `    route:\n    - destination:\n        host: web\n        subset: v1\n${w1}    - destination:\n        host: web\n        subset: v2\n${w2}`;
const good = `  - match:\n    - headers:\n        end-user:\n          exact: jason\n    route:\n    - destination:\n        host: web\n        subset: v2\n  - ${route2('      weight: 90\n', '      weight: 10\n').trimStart()}`;

describe('mesh findings', () => {
	it('correct config: no findings at all', () => {
		expect(check(vs(good))).toEqual([]);
	});
	it('HS-M001 weights that do not sum to 100 (warning, with the relative shares)', () => {
		const f = only(check(vs(`  - ${route2('      weight: 100\n', '      weight: 100\n').trimStart()}`)), C.weightsSum);
		expect(f).toHaveLength(1);
		expect(f[0]).toMatchObject({ severity: 'warning', file: 'test.yaml', ref: { kind: 'VirtualService', namespace: 'default', name: 'web' }, path: 'spec.http.0.route' });
		expect(f[0].message).toContain('add up to 200');
		expect(f[0].message).toContain('v1 50%, v2 50%');
	});
	it('HS-M002 weight inside destination (the slide) and HS-M013 no weights at all', () => {
		const f = check(vs(`  - ${route2('        weight: 90\n', '        weight: 10\n').trimStart()}`));
		expect(codes(f)).toEqual([C.weightInDestination, C.weightInDestination, C.zeroWeights]);
		expect(only(f, C.weightInDestination)[0]).toMatchObject({ severity: 'error', path: 'spec.http.0.route.0.destination.weight' });
	});
	it('HS-M003 timeout inside fault (the slide), HS-M014 delay longer than the timeout', () => {
		const bad = check(vs(`  - fault:\n      delay:\n        percent: 40\n        fixedDelay: 5s\n      timeout: 2s\n    route:\n    - destination:\n        host: web\n`));
		expect(codes(bad)).toEqual([C.unknownFaultKey]);
		expect(bad[0].message).toContain("'timeout' belongs to the route rule");
		const fixed = check(vs(`  - fault:\n      delay:\n        percent: 40\n        fixedDelay: 5s\n    timeout: 2s\n    route:\n    - destination:\n        host: web\n`));
		expect(codes(fixed)).toEqual([C.delayVsTimeout]);
		expect(fixed[0].severity).toBe('info');
	});
	it('HS-M004 a catch-all before a header rule makes it unreachable', () => {
		const f = check(vs(`  - route:\n    - destination:\n        host: web\n        subset: v1\n  - match:\n    - headers:\n        end-user:\n          exact: jason\n    route:\n    - destination:\n        host: web\n        subset: v2\n`));
		expect(codes(f)).toEqual([C.unreachableRule]);
		expect(f[0]).toMatchObject({ severity: 'error', path: 'spec.http.1' });
		expect(f[0].message).toContain('rule 0 comes first');
	});
	it('HS-M004 also for a prefix that covers a later exact/prefix', () => {
		const f = check(vs(`  - match:\n    - uri:\n        prefix: /api\n    route:\n    - destination:\n        host: web\n  - match:\n    - uri:\n        exact: /api/v2\n    - uri:\n        prefix: /api/v3\n    route:\n    - destination:\n        host: web\n        subset: v2\n`));
		expect(codes(f)).toEqual([C.unreachableRule]);
	});
	it('HS-M005 the slide A/B rule order: jason at / is caught by rule 0', () => {
		const f = meshFindings(preset('istio-ab-header-slide-bug'));
		expect(codes(f)).toEqual([C.weightsSum, C.shadowedRequests, C.zeroWeights]);
		const lines = readFileSync('scenarios/istio-ab-header-slide-bug.yaml', 'utf8').split('\n');
		expect(lines[only(f, C.shadowedRequests)[0].line - 1]).toMatch(/- match:/);
	});
	it('HS-M006 undefined subset, HS-M007 subset selecting no pods', () => {
		const f = check(subsets('web', ['v1', 'v2', 'v9'], 'default', 'web-extra').replace('name: web-extra', 'name: web-extra').replace('host: web', 'host: other'), vs(`  - route:\n    - destination:\n        host: web\n        subset: v3\n`));
		expect(only(f, C.unknownSubset)).toHaveLength(1);
		expect(only(f, C.unknownSubset)[0].message).toContain("subset 'v3'");
		const g = meshFindings(fromYaml([app('web', ['v1']), subsets('web', ['v1', 'v2']), vs(`  - route:\n    - destination:\n        host: web\n        subset: v2\n`)].join('---\n')));
		expect(codes(g)).toEqual([C.emptySubset, C.emptySubset]);
		expect(g.map((x) => x.severity).sort()).toEqual(['info', 'warning']);
	});
	it('HS-M008 unknown destination host, with the FQDN hint for dotted names', () => {
		const f = check(vs(`  - route:\n    - destination:\n        host: web.default\n`));
		expect(codes(f)).toEqual([C.unknownHost]);
		expect(f[0].message).toContain('write web.default.svc.cluster.local');
	});
	it('HS-M009 missing gateway, HS-M010 two VirtualServices for one host on one gateway', () => {
		const gw = `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port:\n      number: 80\n      name: http\n      protocol: HTTP\n    hosts:\n    - "*"\n`;
		const one = vs(`  - route:\n    - destination:\n        host: web\n`, 'a', ['web.example.com'], '  gateways:\n  - gw\n');
		const two = vs(`  - route:\n    - destination:\n        host: web\n`, 'b', ['web.example.com'], '  gateways:\n  - gw\n');
		expect(codes(check(one))).toEqual([C.missingGateway]);
		expect(codes(check(gw, one))).toEqual([]);
		const dup = check(gw, one, two);
		expect(codes(dup)).toEqual([C.duplicateHost]);
		expect(dup[0].message).toContain('default/a and default/b');
	});
	it('HS-M011 DestinationRule for an unknown host', () => {
		expect(codes(check(subsets('ghost', ['v1'])))).toEqual([C.drUnknownHost]);
	});
	it('HS-M012 Service port names that break protocol selection (injected pods only)', () => {
		const bad = app('db', ['v1']).replace('name: http', 'name: database');
		expect(codes(check(bad))).toEqual([C.portProtocol]);
		expect(meshFindings(fromYaml(bad, false))).toEqual([]);
		expect(portProtocol('http-web')).toBe('http');
		expect(portProtocol('grpc')).toBe('grpc');
		expect(portProtocol('web')).toBeNull();
		expect(portProtocol('web', 'http')).toBe('http');
		expect(portProtocol('httpx')).toBeNull();
	});
	it('silence() drops the listed codes', () => {
		const f = check(vs(`  - ${route2('        weight: 90\n', '        weight: 10\n').trimStart()}`));
		expect(codes(silence(f, ['hs-m002']))).toEqual([C.zeroWeights]);
	});
});

describe('no error-level findings on the upstream samples and the correct presets', () => {
	it('Bookinfo fixtures (every file, injected)', () => {
		const d = 'tests/fixtures/istio-bookinfo/';
		const files = readdirSync(d).map((n) => ({ name: n, text: readFileSync(d + n, 'utf8') }));
		const f = meshFindings(loadScenario([{ name: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    istio-injection: enabled\n' }, ...files]).cluster);
		expect(f.filter((x) => x.severity !== 'info')).toEqual([]);
	});
	it.each(['istio-helloworld-gateway', 'istio-canary-90-10', 'istio-ab-header', 'istio-mirroring', 'istio-mtls', 'istio-bookinfo-reviews'])('%s', (id) => {
		expect(meshFindings(preset(id)).filter((x) => x.severity !== 'info')).toEqual([]);
	});
});
