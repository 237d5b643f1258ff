// Weights and verdicts on the diagram (view/weights.ts): a VirtualService's
// split puts "90%" / "10%" on the edges each share takes — VirtualService →
// subset on the Mesh view, Service → pods on the Architecture view — and a
// rule's fault, timeout and mirror ride on its edges as badges. A what-if copy
// of the cluster relabels them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { toGraph, ruleBadges, splitLabels, weightLabel, type GEdge } from '../../src/lib/view';
import { toMeshGraph, withWeights } from '../../src/lib/view/mesh';
import { sceneEdge } from '../../src/lib/view/layout/geometry';

const load = (id: string) => loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]).cluster;
const canary = load('istio-canary-90-10');
const weightsOf = (edges: GEdge[]) => edges.filter((e) => e.weight).map((e) => `${e.target} ${e.weight}`).sort();

describe('ruleBadges', () => {
	const pct = (value: number) => ({ value, from: 'percentage' as const });
	it('fault delay and abort with their share, timeout, mirror — in that order; 100% is not repeated', () => {
		const b = ruleBadges({
			fault: { delay: { fixedDelayMs: 5000, percentage: pct(40), line: 1 }, abort: { httpStatus: 500, percentage: pct(100), line: 2 }, unknownKeys: [], line: 1 },
			timeoutMs: 2000,
			mirrors: [{ host: 'h', fqdn: 'h', percentage: pct(50) } as never]
		});
		expect(b).toEqual(['delay 5s 40%', 'abort 500', 'timeout 2s', 'mirror 50%']);
		expect(ruleBadges({ timeoutMs: null, mirrors: [] })).toEqual([]);
	});
	it('weight labels carry the rule number only when there are several http rules', () => {
		expect(weightLabel({ http: [{}] } as never, 0, 90)).toBe('90%');
		expect(weightLabel({ http: [{}, {}] } as never, 1, 10)).toBe('#1 10%');
	});
});

describe('canary 90/10: weights on both views', () => {
	it('splitLabels: v1 pods 90%, v2 pods 10%', () => {
		const s = splitLabels(canary);
		const byPod = s.pods.get('default/helloworld')!;
		const v1 = canary.pods.filter((p) => p.labels.version === 'v1').map((p) => p.id);
		const v2 = canary.pods.filter((p) => p.labels.version === 'v2').map((p) => p.id);
		expect(v1.length).toBeGreaterThan(0);
		expect(v2.length).toBeGreaterThan(0);
		for (const p of v1) expect(byPod.get(p)).toEqual(['90%']);
		for (const p of v2) expect(byPod.get(p)).toEqual(['10%']);
	});

	it('Mesh view: VirtualService → subset edges weigh 90% and 10%', () => {
		const g = toMeshGraph(canary);
		expect(weightsOf(g.edges.filter((e) => e.type === 'routes'))).toEqual(['subset:default/helloworld/v1 90%', 'subset:default/helloworld/v2 10%']);
	});

	it('Architecture view: Service → pods edges weigh 90% and 10%', () => {
		const g = toGraph(canary, { view: 'architecture' });
		const sel = g.edges.filter((e) => e.type === 'selects' && e.source === 'Service/default/helloworld');
		expect(sel.map((e) => e.weight).sort()).toEqual(['10%', '90%']);
	});

	it('a what-if copy (50/50) relabels both views; the manifests’ cluster keeps 90/10', () => {
		const vs = canary.virtualServices[0];
		const edited = withWeights(canary, vs.id, 0, [50, 50]);
		expect(weightsOf(toMeshGraph(edited).edges.filter((e) => e.type === 'routes'))).toEqual(['subset:default/helloworld/v1 50%', 'subset:default/helloworld/v2 50%']);
		expect(toGraph(edited, { view: 'architecture' }).edges.filter((e) => e.weight).map((e) => e.weight)).toEqual(['50%', '50%']);
		expect(weightsOf(toMeshGraph(canary).edges.filter((e) => e.type === 'routes'))).toEqual(['subset:default/helloworld/v1 90%', 'subset:default/helloworld/v2 10%']);
	});

	it('a weight is drawn even where the full label has no room; a long label is not', () => {
		const short = [{ x: 0, y: 0 }, { x: 20, y: 0 }];
		expect(sceneEdge({ id: 'e', source: 'a', target: 'b', type: 'routes', label: 'helloworld 90%', weight: '90%' }, short).label?.text).toBe('90%');
		expect(sceneEdge({ id: 'e', source: 'a', target: 'b', type: 'routes', label: 'helloworld 90%' }, short).label).toBeUndefined();
		expect(sceneEdge({ id: 'e', source: 'a', target: 'b', type: 'routes', badges: ['timeout 2s'] }, short).label).toEqual({ text: '', x: 10, y: 0, badges: ['timeout 2s'] });
	});
});

describe('badges on the Mesh view', () => {
	it('fault injection: the ratings routes carry their delay, abort and timeout badges', () => {
		const g = toMeshGraph(load('istio-fault-injection'));
		const badges = g.edges.filter((e) => e.type === 'routes').flatMap((e) => e.badges ?? []);
		expect(badges).toContain('delay 5s 40%');
		expect(badges).toContain('abort 500 20%');
		expect(badges).toContain('timeout 2s');
		expect(badges).toContain('timeout 4s');
	});
	it('mirroring: the route to v1 carries a mirror badge; the mirror edge shows its percentage as its weight', () => {
		const g = toMeshGraph(load('istio-mirroring'));
		const routes = g.edges.filter((e) => e.type === 'routes' && e.badges?.length);
		expect(routes.map((e) => e.badges)).toContainEqual(['mirror']);
		expect(g.edges.filter((e) => e.type === 'mirror').map((e) => e.weight)).toEqual(['mirror 100%']);
	});
});
