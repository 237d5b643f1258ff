// The simulation on the cluster diagram (requests bouncing at the sidecar that
// refused them) and the transitions that fire as the playhead passes them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { loadScenario } from '../../src/lib/scenario/load';
import { simulationOptions, CONN_POOL_DESCRIPTION, OUTLIER_HOST_DESCRIPTION } from '../../src/lib/resilience/index';
import { layoutGraph } from '../../src/lib/view/layout';
import { toGraph } from '../../src/lib/view';
import { boxExit, CLIENT_BOUNCE, firedChange, machineGraph, pointAlong, requestShot, runSimulation, transitionEdge } from '../../src/lib/view/resilience';
import type { Scene, SceneNode } from '../../src/lib/view';

function preset(name: string) {
	const text = readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), 'utf8');
	const loaded = loadScenario([{ name: `${name}.yaml`, text }]);
	const opts = simulationOptions(loaded.parse.resources, {}).options!;
	return { loaded, opts, run: runSimulation(loaded.cluster, opts) };
}

const box = (id: string, x: number, y: number, w: number, h: number): SceneNode => ({ id, x, y, w, h, depth: 0, title: id, node: { id, parent: null, kind: 'pod', ref: { kind: 'Pod', namespace: '', name: id }, label: id } });
const inside = (n: SceneNode, p: { x: number; y: number }) => p.x >= n.x && p.x <= n.x + n.w && p.y >= n.y && p.y <= n.y + n.h;

describe('geometry', () => {
	it('boxExit leaves the box on the side facing the point, just outside', () => {
		const n = box('a', 0, 0, 100, 40);
		expect(boxExit(n, { x: 300, y: 20 }, 4)).toEqual({ x: 104, y: 20 });
		const up = boxExit(n, { x: 50, y: -200 }, 4);
		expect(up.x).toBeCloseTo(50);
		expect(up.y).toBeCloseTo(-4);
		expect(boxExit(n, { x: 60, y: 25 })).toEqual({ x: 60, y: 25 }); // inside: the point itself
	});
	it('pointAlong walks a polyline at constant speed, clamped', () => {
		const pts: [number, number][] = [[0, 0], [10, 0], [10, 30]];
		expect(pointAlong(pts, 0)).toEqual({ x: 0, y: 0 });
		expect(pointAlong(pts, 0.25)).toEqual({ x: 10, y: 0 });
		expect(pointAlong(pts, 0.5)).toEqual({ x: 10, y: 10 });
		expect(pointAlong(pts, 2)).toEqual({ x: 10, y: 30 });
		expect(pointAlong([[3, 4]], 0.5)).toEqual({ x: 3, y: 4 });
	});
});

describe('requestShot on the circuit-breaker preset', async () => {
	const { loaded, run } = preset('resilience-circuit-breaker');
	const cluster = loaded.cluster;
	const scene = await layoutGraph(toGraph(cluster, { view: 'architecture' }), new ELK());
	const byId = new Map(scene.nodes.map((n) => [n.id, n]));
	const ev = run.result.events;
	it('503 UO bounces between the caller (productpage) and the reviews Service, short of the Service', () => {
		const i = ev.findIndex((e) => e.flag === 'UO');
		const s = requestShot(scene, cluster, run, ev[i])!;
		expect(s).toMatchObject({ kind: 'client', label: '503 UO', tone: 'bad', service: 'Service/default/reviews' });
		expect(s.client).toMatch(/^Pod\/default\/productpage-v1-/);
		expect(s.points).toHaveLength(3);
		expect(s.points[0]).toEqual(s.points[2]); // back where it started
		expect({ x: s.points[1][0], y: s.points[1][1] }).toEqual(s.turn);
		const client = byId.get(s.client!)!;
		const svc = byId.get(s.service)!;
		expect(inside(client, s.turn)).toBe(false);
		expect(inside(svc, s.turn)).toBe(false);
		// CLIENT_BOUNCE of the way from the caller's edge to the Service's
		const start = { x: s.points[0][0], y: s.points[0][1] };
		const svcIn = boxExit(svc, start);
		expect(Math.hypot(s.turn.x - start.x, s.turn.y - start.y) / Math.hypot(svcIn.x - start.x, svcIn.y - start.y)).toBeCloseTo(CLIENT_BOUNCE, 1);
	});
	it('200 travels through the Service to the pod and stays there', () => {
		const e = ev.find((x) => x.outcome === '2xx')!;
		const s = requestShot(scene, cluster, run, e)!;
		expect(s).toMatchObject({ kind: 'through', label: '200', tone: 'ok' });
		expect(s.pod).toBe(`Pod/default/${e.host}`);
		const svc = byId.get(s.service)!;
		expect(s.points[1]).toEqual([svc.x + svc.w / 2, svc.y + svc.h / 2].map((v) => Math.round(v * 10) / 10));
		const pod = byId.get(s.pod!)!;
		const end = { x: s.points.at(-1)![0], y: s.points.at(-1)![1] };
		expect(end).toEqual(s.turn);
		expect(inside(pod, end)).toBe(false);
		expect(Math.hypot(end.x - (pod.x + pod.w / 2), end.y - (pod.y + pod.h / 2))).toBeLessThan(Math.hypot(pod.w, pod.h) / 2 + 6);
	});
	it('503 UH (no healthy host) bounces at the caller too; no shot without a Service on the architecture view', () => {
		const e = ev.find((x) => x.flag === 'UH')!;
		expect(requestShot(scene, cluster, run, e)).toMatchObject({ kind: 'client', label: '503 UH' });
		expect(requestShot({ ...scene, view: 'network' }, cluster, run, e)).toBeNull();
		expect(requestShot(scene, cluster, { target: 'nope' }, e)).toBeNull();
		expect(requestShot(scene, cluster, run, undefined)).toBeNull();
	});
	it('without a caller on the diagram it starts beside the Service', () => {
		const e = ev.find((x) => x.flag === 'UO')!;
		const s = requestShot(scene, cluster, { target: run.target }, e)!;
		const svc = byId.get(s.service)!;
		expect(s.client).toBeNull();
		expect(s.points[0]).toEqual([svc.x - 90, svc.y + svc.h / 2].map((v) => Math.round(v * 10) / 10));
	});
});

describe('requestShot on the local rate limit preset', async () => {
	const { loaded, run } = preset('resilience-local-ratelimit');
	const scene = await layoutGraph(toGraph(loaded.cluster, { view: 'architecture' }), new ELK());
	it('429 RL reaches the pod and bounces at its sidecar, back to the load generator', () => {
		const e = run.result.events.find((x) => x.flag === 'RL')!;
		const s = requestShot(scene, loaded.cluster, run, e)!;
		expect(s).toMatchObject({ kind: 'server', label: '429 RL', tone: 'limited' });
		expect(s.client).toMatch(/^Pod\/default\/loadgen-/);
		expect(s.pod).toBe(`Pod/default/${e.host}`);
		expect(s.points).toHaveLength(5);
		expect(s.points[2]).toEqual([s.turn.x, s.turn.y]);
		expect(s.points.slice(3)).toEqual(s.points.slice(0, 2).reverse());
		// arriving from the Service's centre
		const d = { x: s.turn.x - s.points[1][0], y: s.turn.y - s.points[1][1] };
		expect(s.approach.x).toBeCloseTo(d.x / Math.hypot(d.x, d.y), 2);
		expect(Math.hypot(s.approach.x, s.approach.y)).toBeCloseTo(1, 2);
	});
});

describe('transitions firing as the playhead passes them', () => {
	const { run } = preset('resilience-circuit-breaker');
	const host = run.result.hosts[0];
	it('the outlier host is ejected on the first step, and only then', () => {
		expect(firedChange(run.result, `outlier:${host}`, 0)).toEqual({ t: 0, from: 'healthy', to: 'ejected' });
		const t1 = run.result.events[1].t;
		expect(t1).toBe(0); // same time: nothing new fired
		expect(firedChange(run.result, `outlier:${host}`, 1)).toBeNull();
		expect(firedChange(run.result, `outlier:${host}`, run.result.events.length - 1)).toBeNull();
		expect(firedChange(run.result, `outlier:${host}`, -1)).toBeNull();
	});
	it('the pool fires at the step whose time passes its change', () => {
		const i = run.result.events.findIndex((e) => e.t >= 0.501);
		const f = firedChange(run.result, 'pool', i);
		expect(f?.to).toBe('idle');
		expect(f!.t).toBeGreaterThan(run.result.events[i - 1].t);
	});
	it('transitionEdge finds the drawn edge of a (from, to) pair', async () => {
		const scene: Scene = await layoutGraph(machineGraph(OUTLIER_HOST_DESCRIPTION), new ELK());
		const e = transitionEdge(scene, 'healthy', 'ejected');
		expect(e?.edge.label).toBe('EJECT');
		expect(e?.d).toMatch(/^M/);
		expect(transitionEdge(scene, 'ejected', 'healthy')?.edge.label).toBe('UNEJECT [ejectionTimeElapsed]');
		expect(transitionEdge(scene, 'healthy', 'nope')).toBeNull();
		expect(transitionEdge(null, 'healthy', 'ejected')).toBeNull();
		const pool = await layoutGraph(machineGraph(CONN_POOL_DESCRIPTION), new ELK());
		for (const t of CONN_POOL_DESCRIPTION.transitions.filter((x) => x.from !== x.to)) expect(transitionEdge(pool, t.from, t.to)).not.toBeNull();
	});
});
