// View helpers for resilience simulations, against a real run of the course's circuit-breaker preset.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { simulate, simulationOptions, TOKEN_BUCKET_DESCRIPTION, CONN_POOL_DESCRIPTION, OUTLIER_HOST_DESCRIPTION } from '../../src/lib/resilience/index';
import {
	bucketAt,
	dimmedNodes,
	ejectedAt,
	eventWindow,
	formOptions,
	initialForm,
	lastChange,
	machineGraph,
	periods,
	runSimulation,
	stackedBars,
	stateAt,
	stateNodeId,
	timeAt,
	machineCounters
} from '../../src/lib/view/resilience';
import type { Scene } from '../../src/lib/view';

const text = readFileSync(new URL('../../scenarios/resilience-circuit-breaker.yaml', import.meta.url), 'utf8');
const loaded = loadScenario([{ name: 'resilience-circuit-breaker.yaml', text }]);
const opts = simulationOptions(loaded.parse.resources, {}).options!;
const result = simulate(loaded.cluster, opts);
const HOST = result.hosts[0];

describe('machineGraph', () => {
	for (const d of [OUTLIER_HOST_DESCRIPTION, CONN_POOL_DESCRIPTION, TOKEN_BUCKET_DESCRIPTION]) {
		it(`${d.id}: one node per state, one edge per transition (merge: false), self-transitions on the node`, () => {
			const g = machineGraph(d, { merge: false });
			expect(g.nodes.map((n) => n.ref.name)).toEqual(d.states);
			const moves = d.transitions.filter((t) => t.from !== t.to);
			const self = d.transitions.filter((t) => t.from === t.to);
			expect(g.edges).toHaveLength(moves.length);
			for (const t of self) expect(g.loops[t.from].some((l) => l.includes(t.event === 'always' ? t.guard! : t.event))).toBe(true);
			moves.forEach((t, i) => {
				expect(g.edges[i].source).toBe(stateNodeId(t.from));
				expect(g.edges[i].target).toBe(stateNodeId(t.to));
				if (t.event === 'always' && t.guard === t.to) expect(g.edges[i].label).toBeUndefined();
				else expect(g.edges[i].label).toContain(t.event === 'always' ? t.guard : t.event);
			});
		});
		it(`${d.id}: merged, one edge per (from, to) pair, labels listing the events`, () => {
			const g = machineGraph(d);
			const pairs = new Set(d.transitions.filter((t) => t.from !== t.to).map((t) => `${t.from}>${t.to}`));
			expect(g.edges).toHaveLength(pairs.size);
			for (const e of g.edges) expect((e.label ?? '').length).toBeLessThanOrEqual(38);
		});
	}
	it('outlier host: healthy --EJECT--> ejected, ejected --UNEJECT [ejectionTimeElapsed]--> healthy', () => {
		const g = machineGraph(OUTLIER_HOST_DESCRIPTION);
		const e = g.edges.find((x) => x.source === 'state:healthy' && x.target === 'state:ejected');
		expect(e?.label).toBe('EJECT');
		expect(g.edges.find((x) => x.source === 'state:ejected' && x.target === 'state:healthy')?.label).toBe('UNEJECT [ejectionTimeElapsed]');
	});
});

describe('stateAt / bucketAt on the circuit-breaker preset', () => {
	it('the preset ejects the only host at t=0 for 180 s and overflows two requests', () => {
		expect(result.summary.ejections).toEqual([{ host: HOST, at: 0, until: 180 }]);
		expect(result.summary.overflow503).toBe(2);
	});
	it('outlier host state at exact times', () => {
		const id = `outlier:${HOST}`;
		expect(stateAt(result.machineStates, id, 0)).toBe('ejected');
		expect(stateAt(result.machineStates, id, 9.9)).toBe('ejected');
		expect(stateAt(result.machineStates, id, -1)).toBe('healthy');
		expect(lastChange(result.machineStates, id, 0)).toEqual({ t: 0, from: 'healthy', to: 'ejected' });
	});
	it('connection pool state at exact change times', () => {
		expect(stateAt(result.machineStates, 'pool', 0)).toBe('pendingFull');
		expect(stateAt(result.machineStates, 'pool', 0.0005)).toBe('pendingFull');
		expect(stateAt(result.machineStates, 'pool', 0.001)).toBe('connectionsFull');
		expect(stateAt(result.machineStates, 'pool', 0.5)).toBe('connectionsFull');
		expect(stateAt(result.machineStates, 'pool', 0.501)).toBe('idle');
		expect(stateAt(result.machineStates, 'nope', 1)).toBeNull();
	});
	it('bucketAt: the second containing t, clamped', () => {
		expect(bucketAt(result.timeline, 0)).toMatchObject({ s: 0, ok: 1, overflow503: 2, ejectedHosts: 1 });
		expect(bucketAt(result.timeline, 0.999)!.s).toBe(0);
		expect(bucketAt(result.timeline, 1)).toMatchObject({ s: 1, errors5xx: 3 });
		expect(bucketAt(result.timeline, 99)!.s).toBe(result.timeline.length - 1);
		expect(bucketAt([], 1)).toBeNull();
	});
	it('stacked bars: 503 UO at second 0, stacked above the 2xx', () => {
		const segs = stackedBars(result.timeline).filter((s) => s.s === 0);
		expect(segs).toEqual([
			{ s: 0, outcome: '2xx', y0: 0, y1: 1, count: 1 },
			{ s: 0, outcome: '503', y0: 1, y1: 3, count: 2 }
		]);
	});
	it('periods of the ejected state, clipped to the chart', () => {
		expect(periods(result.machineStates, `outlier:${HOST}`, ['ejected'], 10)).toEqual([{ state: 'ejected', from: 0, to: 10 }]);
	});
});

describe('runSimulation, playhead, cluster diagram', () => {
	const run = runSimulation(loaded.cluster, opts);
	it('gives the same result as simulate, and a snapshot per event', () => {
		expect(run.result.events).toEqual(result.events);
		expect(run.snapshots.size).toBe(result.events.length);
		expect(timeAt(run.result, 0)).toBe(0);
		expect(timeAt(run.result, result.events.length - 1)).toBe(result.events.at(-1)!.t);
	});
	it('counters: the ejection timer and the pool', () => {
		const last = result.events.length - 1;
		const c = machineCounters(run, 'outlierHost', `outlier:${HOST}`, last).join('\n');
		expect(c).toMatch(/ejected until 180 s/);
		expect(machineCounters(run, 'connectionPool', 'pool', 0).join('\n')).toMatch(/pending: \d+ \/ 1/);
	});
	it('ejectedAt maps the host to its pod id; dimmedNodes labels the pod box', () => {
		const pod = loaded.cluster.pods.find((p) => p.name === HOST)!;
		const m = ejectedAt(result, 5, loaded.cluster);
		expect([...m]).toEqual([[pod.id, 180]]);
		expect(ejectedAt(result, 180, loaded.cluster).size).toBe(0);
		const scene: Scene = {
			view: 'architecture',
			width: 1,
			height: 1,
			edges: [],
			nodes: [{ id: `Pod/${pod.id}`, x: 0, y: 0, w: 1, h: 1, depth: 0, title: pod.name, node: { id: `Pod/${pod.id}`, parent: null, kind: 'pod', ref: { kind: 'Pod', namespace: pod.namespace, name: pod.name }, label: pod.name } }]
		};
		expect(dimmedNodes(scene, m, 5)).toEqual({ [`Pod/${pod.id}`]: 'ejected · 175 s left' });
	});
	it('eventWindow stays within the list', () => {
		expect(eventWindow(result.events, 0).map((x) => x.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(eventWindow(result.events, 29).at(-1)!.i).toBe(29);
	});
});

describe('the request generator form', () => {
	it('is prefilled from spec.simulation and round-trips to the same options', () => {
		const f = initialForm(loaded.cluster, loaded.parse.resources);
		expect(f).toMatchObject({ target: 'default/reviews', rps: 3, durationS: 10, concurrency: 3, requestDurationMs: 500, seed: 1, failures: [] });
		const o = formOptions(f, loaded.parse.resources)!;
		expect(simulate(loaded.cluster, o).summary).toEqual(result.summary);
	});
	it('failure rows replace the header failures', () => {
		const f = initialForm(loaded.cluster, loaded.parse.resources);
		f.failures = [{ pod: 'reviews-v1', startS: 2, endS: 10, status: '503', percent: 100 }, { pod: ' ', startS: 0, endS: 1, status: '500', percent: 100 }];
		const o = formOptions(f, loaded.parse.resources)!;
		expect(o.failures).toEqual([{ pod: 'reviews-v1', startS: 2, endS: 10, status: 503, percent: 100 }]);
	});
});

describe('the form with bursts only (local rate limit preset)', () => {
	const t2 = readFileSync(new URL('../../scenarios/resilience-local-ratelimit.yaml', import.meta.url), 'utf8');
	const l2 = loadScenario([{ name: 'resilience-local-ratelimit.yaml', text: t2 }]);
	it('keeps concurrency 0 and both bursts, and runs like the header', () => {
		const f = initialForm(l2.cluster, l2.parse.resources);
		expect(f).toMatchObject({ rps: 0, concurrency: 0, bursts: [{ atS: 0, count: 15 }, { atS: 1, count: 15 }] });
		const viaForm = simulate(l2.cluster, formOptions(f, l2.parse.resources)!);
		const viaHeader = simulate(l2.cluster, simulationOptions(l2.parse.resources, {}).options!);
		expect(viaForm.summary).toEqual(viaHeader.summary);
		expect(viaForm.summary.ratelimited429).toBeGreaterThan(0);
	});
});
