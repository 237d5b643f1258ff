import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/lib/scenario/load';
import { parseText } from '../../src/lib/manifest/index';
import { route, simulate } from '../../src/lib/mesh/index';
import { toMeshGraph, meshHopTargets, parseClusterName, exportVirtualService, findVirtualServiceResource, rebalance, ruleDestinations, withWeights, exportFileName, composerFromFlow, defaultComposer, meshHosts, meshSources, revealed, tally, timeline, toRouteRequest } from '../../src/lib/view/mesh';
import { pathThrough, type Scene } from '../../src/lib/view';

const load = (id: string) => loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]);
const canary = load('istio-canary-90-10');
const VS = 'default/helloworld';
const REQ = { from: 'ingress', host: 'myapp.demo.com', path: '/demo' };
const pct = (c: Record<string, number>, k: string, n: number) => (100 * (c[k] ?? 0)) / n;
const V1 = 'helloworld.default.svc.cluster.local|v1';
const V2 = 'helloworld.default.svc.cluster.local|v2';

describe('meshwhatif', () => {
	it('reads the rule destinations as written', () => {
		expect(ruleDestinations(canary.cluster, VS, 0).map((d) => [d.subset, d.weight])).toEqual([
			['v1', 90],
			['v2', 10]
		]);
	});

	it('withWeights changes the split and leaves the input alone', () => {
		const before = JSON.stringify(canary.cluster.virtualServices);
		const edited = withWeights(canary.cluster, VS, 0, [50, 50]);
		expect(JSON.stringify(canary.cluster.virtualServices)).toBe(before);
		const a = simulate(canary.cluster, REQ, { n: 2000, seed: 7 });
		const b = simulate(edited, REQ, { n: 2000, seed: 7 });
		expect(pct(a.counts, V1, 2000)).toBeGreaterThan(86);
		expect(Math.abs(pct(b.counts, V1, 2000) - 50)).toBeLessThan(4);
		expect(Math.abs(pct(b.counts, V2, 2000) - 50)).toBeLessThan(4);
		const all = simulate(withWeights(canary.cluster, VS, 0, [0, 100]), REQ, { n: 200, seed: 7 });
		expect(all.counts[V2]).toBe(200);
	});

	it('rebalance keeps the sum at 100', () => {
		expect(rebalance([90, 10], 0, 50)).toEqual([50, 50]);
		expect(rebalance([90, 10], 1, 30)).toEqual([70, 30]);
		expect(rebalance([50, 30, 20], 0, 60)).toEqual([60, 24, 16]);
		expect(rebalance([100, 0, 0], 0, 40)).toEqual([40, 30, 30]);
		expect(rebalance([100], 0, 30)).toEqual([100]);
		expect(rebalance([50, 50], 0, 150)).toEqual([100, 0]);
	});

	it('export round-trips through the parser with the new weights and no other change', () => {
		const vs = canary.cluster.virtualServices.find((v) => v.id === VS)!;
		const res = findVirtualServiceResource(canary.parse.resources, vs)!;
		expect([res.kind, res.name]).toEqual(['VirtualService', 'helloworld']);
		const text = exportVirtualService(withWeights(canary.cluster, VS, 0, [50, 50]), VS, res);
		const back = parseText('exported.yaml', text);
		expect(back.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(back.resources).toHaveLength(1);
		const expected = structuredClone(res.raw) as { spec: { http: { route: { weight: number }[] }[] } };
		expected.spec.http[0].route[0].weight = 50;
		expected.spec.http[0].route[1].weight = 50;
		expect(back.resources[0].raw).toEqual(expected);
		expect(back.resources[0].apiVersion).toBe('networking.istio.io/v1');
		expect(text).toContain('weight: 50');
	});

	it('export without the source rebuilds the object from the model', () => {
		const text = exportVirtualService(canary.cluster, VS);
		const back = parseText('x.yaml', text).resources[0];
		expect(back.kind).toBe('VirtualService');
		expect(back.name).toBe('helloworld');
		expect((back.raw.spec as { gateways: string[] }).gateways).toEqual(['helloworld-gateway']);
		expect(exportVirtualService(canary.cluster, 'nope/nope')).toBe('');
		expect(exportFileName('default/hello world')).toBe('hello_world.virtualservice.yaml');
	});
});

describe('meshreq', () => {
	it('offers the ingress gateway, sidecar pods and the VS hosts', () => {
		const s = meshSources(canary.cluster);
		expect(s[0].value).toBe('ingress');
		expect(s.filter((x) => x.group === 'Pods with a sidecar')).toHaveLength(2);
		expect(meshHosts(canary.cluster)[0].value).toBe('myapp.demo.com');
		expect(meshHosts(canary.cluster).map((h) => h.value)).toContain('helloworld.default.svc.cluster.local');
	});

	it('prefills from an L7 scenario flow', () => {
		const ab = load('istio-ab-header');
		const c = composerFromFlow(ab.header!.flows[0])!;
		expect(c).toMatchObject({ from: 'ingress', host: 'myapp.demo.com', port: '80', path: '/', headers: [{ key: 'end-user', value: 'jason', on: true }] });
		expect(composerFromFlow({ name: 'x', from: 'pod/default/a', to: 'svc/default/b', protocol: 'TCP' })).toBeNull();
		const d = defaultComposer(canary.cluster, canary.header!.flows);
		expect(d).toMatchObject({ host: 'myapp.demo.com', path: '/demo', n: 1000 });
	});

	it('builds the request without headers that are off', () => {
		const req = toRouteRequest({ from: 'ingress', host: ' h ', port: 'x', path: '', method: 'POST', headers: [{ key: 'a', value: '1', on: true }, { key: 'b', value: '2', on: false }, { key: ' ', value: '3', on: true }], seed: 1, n: 10 });
		expect(req).toEqual({ from: 'ingress', host: 'h', path: '/', method: 'POST', headers: { a: '1' } });
	});

	it('tallies the first k outcomes against the target weights', () => {
		const sim = simulate(canary.cluster, REQ, { n: 1000, seed: 1 });
		const t = tally(sim.outcomes, 1000, sim.first!.destinations);
		expect(t.done).toBe(1000);
		const v1 = t.rows.find((r) => r.subset === 'v1')!;
		expect(v1.target).toBe(90);
		expect(Math.abs(v1.pct - 90)).toBeLessThan(4);
		expect(v1.label).toBe('helloworld v1');
		expect(tally(sim.outcomes, 10, sim.first!.destinations).done).toBe(10);
		expect(revealed(1000, 0, 1500)).toBe(0);
		expect(revealed(1000, 1500, 1500)).toBe(1000);
		expect(revealed(1000, 10, 0)).toBe(1000);
	});

	it('puts faults on the timeline', () => {
		const f = load('istio-fault-injection');
		const base = { from: 'deploy/default/sleep', host: f.cluster.virtualServices[0].hosts[0], port: 9080, path: '/ratings/0' };
		// end-user: bar → 40% delayed 5 s (the delay runs before the 2 s route timeout starts)
		const bar = simulate(f.cluster, { ...base, headers: { 'end-user': 'bar' } }, { n: 200, seed: 3 });
		const tlBar = timeline(bar.outcomes, 200);
		expect(tlBar.points).toHaveLength(200);
		expect(bar.faults.delayed).toBeGreaterThan(50);
		expect(bar.faults.delayed).toBeLessThan(110);
		const delayed = tlBar.points.filter((p) => p.kind === 'delayed');
		expect(delayed).toHaveLength(bar.faults.delayed);
		for (const p of delayed) expect(p.durationMs).toBeGreaterThanOrEqual(5000);
		expect(tlBar.points.filter((p) => p.kind === 'ok')).toHaveLength(200 - bar.faults.delayed);
		expect(tally(bar.outcomes, 200).delayed).toBe(bar.faults.delayed);
		// end-user: foo → 20% aborted with HTTP 500
		const foo = simulate(f.cluster, { ...base, headers: { 'end-user': 'foo' } }, { n: 200, seed: 3 });
		const aborted = timeline(foo.outcomes, 200).points.filter((p) => p.kind === 'aborted');
		expect(foo.faults.aborted).toBeGreaterThan(20);
		expect(foo.faults.aborted).toBeLessThan(60);
		expect(aborted).toHaveLength(foo.faults.aborted);
		expect(new Set(aborted.map((p) => p.status))).toEqual(new Set([500]));
		expect(tally(foo.outcomes, 200).aborted).toBe(foo.faults.aborted);
	});
});

describe('toMeshGraph', () => {
	const g = toMeshGraph(canary.cluster);
	const ids = g.nodes.map((n) => n.id);

	it('draws the synthesised gateway at the edge, the VS, subsets and sidecars', () => {
		expect(g.view).toBe('mesh');
		expect(ids).toContain('internet');
		const gw = g.nodes.find((n) => n.kind === 'gateway-proxy')!;
		expect(gw.badges).toContain('synthesised');
		expect(gw.sublabel).toMatch(/synthesised/);
		expect(ids).toContain('VirtualService/default/helloworld');
		expect(ids).toContain('subset:default/helloworld/v1');
		const pod = g.nodes.find((n) => n.kind === 'pod' && n.ref.name.startsWith('helloworld-v2'))!;
		expect(pod.parent).toBe('subset:default/helloworld/v2');
		expect(ids).toContain(`${pod.id}#proxy`);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('labels route edges with weights and draws mirrors as mirror edges', () => {
		const labels = g.edges.filter((e) => e.source === 'VirtualService/default/helloworld').map((e) => [e.target, e.label]);
		expect(labels).toEqual([
			['subset:default/helloworld/v1', '90%'],
			['subset:default/helloworld/v2', '10%']
		]);
		const m = toMeshGraph(load('istio-mirroring').cluster);
		const mirror = m.edges.filter((e) => e.type === 'mirror');
		expect(mirror.length).toBeGreaterThan(0);
		expect(mirror[0].label).toMatch(/mirror/);
	});

	it('keeps filtered graphs consistent', () => {
		const f = toMeshGraph(canary.cluster, { filter: { text: 'v2' } });
		const fids = new Set(f.nodes.map((n) => n.id));
		for (const n of f.nodes) if (n.parent) expect(fids.has(n.parent)).toBe(true);
		for (const e of f.edges) expect(fids.has(e.source) && fids.has(e.target)).toBe(true);
	});

	it('maps request hops to drawn nodes and builds a path through them', () => {
		const r = route(canary.cluster, REQ, { seed: 1 });
		// a fake scene: every graph node as a 10x10 box on a line
		const scene: Scene = { view: 'mesh', width: 1000, height: 100, nodes: g.nodes.map((node, i) => ({ id: node.id, x: i * 20, y: 0, w: 10, h: 10, depth: 0, node, title: node.label })), edges: [] };
		const t = meshHopTargets(scene, r.hops);
		expect(t).toHaveLength(r.hops.length);
		expect(t[0]).toBe('internet');
		expect(t).toContain('VirtualService/default/helloworld');
		expect(t).toContain(`subset:default/helloworld/${r.picked!.subset}`);
		expect(t.some((x) => x.endsWith('#proxy'))).toBe(true);
		const p = pathThrough(scene, t, { dwell: 1 });
		expect(p.targets).toEqual(t);
		expect(p.total).toBeGreaterThan(0);
		expect(parseClusterName('outbound|80||a.b.svc.cluster.local')).toEqual({ host: 'a.b.svc.cluster.local', subset: null });
		expect(parseClusterName('inbound|80||')).toBeNull();
	});
});

describe('meshreq sources', () => {
	it('turns a workload flow source into its first pod', () => {
		const m = load('istio-mirroring');
		const d = defaultComposer(m.cluster, m.header!.flows);
		expect(d.from).toMatch(/^pod\/default\/sleep-/);
		expect(meshSources(m.cluster).map((s) => s.value)).toContain(d.from);
	});
});
