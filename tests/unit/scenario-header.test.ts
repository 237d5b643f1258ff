import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/lib/manifest/types';
import { splitScenario } from '../../src/lib/scenario/header';
import { lineOf } from '../../src/lib/manifest/lineOf';
import { parseRef, formatRef } from '../../src/lib/model/refs';

/** A resource as the parser would hand it over, with a field-path → line map. */
function res(raw: Record<string, unknown>, lines: Record<string, number> = {}, file = 's.yaml', line = 1): Resource {
	const md = (raw.metadata ?? {}) as Record<string, unknown>;
	return {
		apiVersion: String(raw.apiVersion),
		kind: String(raw.kind),
		name: String(md.name ?? ''),
		namespace: md.namespace as string | undefined,
		labels: {},
		annotations: {},
		raw,
		source: { file, line, column: 1 },
		lines
	};
}

const svc = res({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } }, {}, 's.yaml', 30);

describe('splitScenario', () => {
	it('passes files without a header through untouched', () => {
		const out = splitScenario([svc]);
		expect(out.header).toBeNull();
		expect(out.resources).toEqual([svc]);
		expect(out.diagnostics).toEqual([]);
	});

	it('reads a full header and removes it from the resources', () => {
		const header = res({
			apiVersion: 'hopscope/v1',
			kind: 'Scenario',
			metadata: { name: 'demo' },
			spec: {
				title: 'Demo',
				summary: 'A demo',
				level: 'advanced',
				source: "D0 slide 'Services'",
				tags: ['a', 'b'],
				settings: { nodeCount: 3, podCIDR: '10.2.0.0/16', cni: 'overlay', nodePortRange: [30000, 30100] },
				flows: [{ name: 'f1', from: 'pod/default/client', to: 'svc/web', port: 80, protocol: 'http', path: '/x', headers: { 'End-User': 'jason' } }],
				steps: [{ title: 'One', text: '  hello \n', flow: 'f1', hop: 2 }, { title: 'Two', text: 'bye' }]
			}
		});
		const out = splitScenario([header, svc]);
		expect(out.diagnostics).toEqual([]);
		expect(out.resources).toEqual([svc]);
		const h = out.header!;
		expect(h).toMatchObject({ id: 'demo', title: 'Demo', summary: 'A demo', level: 'advanced', source: "D0 slide 'Services'", tags: ['a', 'b'] });
		expect(h.settings).toEqual({ nodeCount: 3, podCIDR: '10.2.0.0/16', cni: 'overlay', nodePortRange: [30000, 30100] });
		expect(h.flows).toHaveLength(1);
		expect(h.flows[0]).toMatchObject({ name: 'f1', port: 80, protocol: 'HTTP', path: '/x', headers: { 'end-user': 'jason' } });
		expect(h.steps.map((s) => [s.title, s.text, s.flow, s.hop])).toEqual([
			['One', 'hello', 'f1', 2],
			['Two', 'bye', undefined, undefined]
		]);
	});

	it('points each problem at the line of the offending field', () => {
		const header = res(
			{
				apiVersion: 'hopscope/v1',
				kind: 'Scenario',
				metadata: { name: 'bad' },
				spec: {
					title: 'Bad',
					level: 'expert',
					settings: { nodeCount: 'three', podCIDR: '10.2.0.0/33', colour: 'blue', kubeProxyMode: 'ipvs' },
					flows: [{ name: 'f', from: 'pod/default/a', to: 'nonsense', port: 70000 }],
					steps: [{ title: 'S', text: 't', flow: 'nope' }]
				}
			},
			{
				spec: 4,
				'spec.level': 6,
				'spec.settings': 7,
				'spec.settings.nodeCount': 8,
				'spec.settings.podCIDR': 9,
				'spec.settings.colour': 10,
				'spec.flows.0': 13,
				'spec.flows.0.to': 15,
				'spec.flows.0.port': 16,
				'spec.steps.0': 18,
				'spec.steps.0.flow': 20
			},
			'bad.yaml',
			1
		);
		const out = splitScenario([header]);
		const got = out.diagnostics.map((d) => [d.severity, d.line, d.code, d.file]);
		expect(got).toEqual([
			['error', 6, 'scenario-header', 'bad.yaml'],
			['error', 8, 'scenario-setting', 'bad.yaml'],
			['error', 9, 'scenario-setting', 'bad.yaml'],
			['warning', 10, 'scenario-unknown-setting', 'bad.yaml'],
			['error', 15, 'scenario-flow', 'bad.yaml'],
			['error', 16, 'scenario-flow', 'bad.yaml'],
			['error', 20, 'scenario-step', 'bad.yaml']
		]);
		expect(out.diagnostics[3].message).toContain("'colour'");
		// valid settings survive next to invalid ones; the bad flow is dropped
		expect(out.header!.settings).toEqual({ kubeProxyMode: 'ipvs' });
		expect(out.header!.level).toBe('beginner');
		expect(out.header!.flows).toEqual([]);
		expect(out.header!.steps[0].flow).toBeUndefined();
	});

	it('defaults the title to the name and warns when it is missing', () => {
		const out = splitScenario([res({ apiVersion: 'hopscope/v1', kind: 'Scenario', metadata: { name: 'x' }, spec: {} })]);
		expect(out.header!.title).toBe('x');
		expect(out.diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', 'spec.title is missing']]);
	});

	it('rejects unknown header versions and keeps only the first header', () => {
		const v2 = res({ apiVersion: 'hopscope/v2', kind: 'Scenario', metadata: { name: 'a' }, spec: { title: 'A' } }, {}, 'a.yaml', 3);
		const one = res({ apiVersion: 'hopscope/v1', kind: 'Scenario', metadata: { name: 'b' }, spec: { title: 'B' } });
		const two = res({ apiVersion: 'hopscope/v1', kind: 'Scenario', metadata: { name: 'c' }, spec: { title: 'C' } }, {}, 'c.yaml', 12);
		const out = splitScenario([v2, one, two, svc]);
		expect(out.header!.id).toBe('b');
		expect(out.resources).toEqual([svc]);
		expect(out.diagnostics.map((d) => [d.severity, d.file, d.line, d.code])).toEqual([
			['error', 'a.yaml', 3, 'scenario-header'],
			['warning', 'c.yaml', 12, 'scenario-duplicate']
		]);
	});

	it('a kind named Scenario from another API group is an ordinary resource', () => {
		const other = res({ apiVersion: 'example.com/v1', kind: 'Scenario', metadata: { name: 'z' } });
		expect(splitScenario([other])).toEqual({ header: null, resources: [other], diagnostics: [] });
	});
});

describe('lineOf', () => {
	it('falls back to the nearest ancestor, then the document start', () => {
		const r = res({ apiVersion: 'v1', kind: 'X' }, { spec: 3, 'spec.a': 5 }, 'f', 2);
		expect(lineOf(r, 'spec.a.b.c').line).toBe(5);
		expect(lineOf(r, 'spec.z').line).toBe(3);
		expect(lineOf(r, 'status').line).toBe(2);
	});
});

describe('flow references', () => {
	it.each([
		['pod/default/nginx-xyz', { kind: 'pod', namespace: 'default', name: 'nginx-xyz' }],
		['svc/nginx-service', { kind: 'svc', namespace: 'default', name: 'nginx-service' }],
		['service/prod/api', { kind: 'svc', namespace: 'prod', name: 'api' }],
		['deploy/default/web', { kind: 'deploy', namespace: 'default', name: 'web' }],
		['node/node-1', { kind: 'node', name: 'node-1' }],
		['external/203.0.113.7', { kind: 'external', name: '203.0.113.7' }],
		['dns/k8s-demo-service.default.svc.cluster.local.', { kind: 'dns', name: 'k8s-demo-service.default.svc.cluster.local' }],
		['url/http://myapp.com/', { kind: 'url', name: 'http://myapp.com/' }]
	])('%s', (ref, want) => {
		expect(parseRef(ref)).toEqual(want);
	});

	it.each(['', 'pod', 'pod/', 'foo/bar', 'pod/a/b/c', 'pod/Upper', 'node/a/b', 'url/myapp.com', 'dns/has space', 'svc/-bad'])(
		'rejects %j',
		(ref) => {
			expect(parseRef(ref)).toBeNull();
		}
	);

	it('formats back to the canonical spelling', () => {
		expect(formatRef(parseRef('service/web')!)).toBe('svc/default/web');
		expect(formatRef(parseRef('node/node-2')!)).toBe('node/node-2');
	});
});
