// The pure preparation of the packet-animation benchmark (/bench/packets):
// M traces on a synthetic cluster, their paths on the laid-out scene, the
// per-frame placement and the frame statistics. No timings are asserted.
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { loadScenario } from '../../src/lib/scenario/load';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';
import { layoutGraph } from '../../src/lib/view/layout';
import { benchGraph, frameStats, parseBenchQuery, percentile, placePackets, preparePackets, BENCH_DEFAULTS } from '../../src/lib/view';

const M = 40;
const { cluster } = loadScenario([{ name: 'synthetic.yaml', text: syntheticCluster({ pods: 200, seed: 1 }).text }]);

describe('packet bench preparation', async () => {
	const scene = await layoutGraph(benchGraph(cluster), new ELK());
	const packets = preparePackets(cluster, scene, M);

	it('returns M delivered pod → Service packets with paths of positive length', () => {
		expect(packets).toHaveLength(M);
		for (const p of packets) {
			expect(p.flow.from).toMatch(/^pod\//);
			expect(p.flow.to).toMatch(/^svc\//);
			expect(p.verdict).toBe('delivered');
			expect(p.path.total).toBeGreaterThan(0);
			expect(p.path.targets.length).toBe(p.hops);
			// dwell 0: no standing segments, so a packet is never at rest
			expect(p.path.segments.every((s) => s.length > 0 && s.from !== s.to)).toBe(true);
		}
		expect(packets.map((p) => p.flow.seed)).toEqual(Array.from({ length: M }, (_, i) => i + 1));
		// different seeds pick different flows
		expect(new Set(packets.map((p) => `${p.flow.from} ${p.flow.to}`)).size).toBeGreaterThan(M / 2);
	});

	it('is deterministic for a fixed seed', async () => {
		const again = preparePackets(cluster, await layoutGraph(benchGraph(cluster), new ELK()), M);
		expect(again.map((p) => [p.flow, p.path.targets])).toEqual(packets.map((p) => [p.flow, p.path.targets]));
		expect(again.map((p) => p.path.total)).toEqual(packets.map((p) => p.path.total));
	}, 30_000); // a second ELK layout of the bench cluster: ~4 s alone, more on a busy machine

	it('places every packet on its path and moves all of them as time passes', () => {
		const a = new Float64Array(2 * M);
		const b = new Float64Array(2 * M);
		placePackets(packets, 1000, 4000, a);
		placePackets(packets, 1016, 4000, b);
		for (let i = 0; i < M; i++) {
			expect(Number.isFinite(a[2 * i]) && Number.isFinite(a[2 * i + 1])).toBe(true);
			expect(a[2 * i] !== b[2 * i] || a[2 * i + 1] !== b[2 * i + 1]).toBe(true);
		}
		// phases spread the packets: they are not all at one spot
		expect(new Set(Array.from({ length: M }, (_, i) => `${a[2 * i]},${a[2 * i + 1]}`)).size).toBeGreaterThan(M / 2);
	});
});

describe('packet bench query and statistics', () => {
	it('reads ?pods=&packets=&seconds= with defaults', () => {
		expect(parseBenchQuery('')).toEqual(BENCH_DEFAULTS);
		expect(parseBenchQuery('?pods=50&packets=10&seconds=2')).toEqual({ pods: 50, packets: 10, seconds: 2 });
		expect(parseBenchQuery('?packets=abc&pods=-3')).toEqual(BENCH_DEFAULTS);
	});

	it('computes nearest-rank percentiles and fps from frame intervals', () => {
		expect(percentile([1, 2, 3, 4], 50)).toBe(2);
		const s = frameStats([...Array(99).fill(16), 100]);
		expect(s).toMatchObject({ frames: 100, p50: 16, p95: 16, p99: 16, max: 100 });
		expect(s.fps).toBeCloseTo(1000 / 16.84, 1);
		expect(frameStats([])).toMatchObject({ frames: 0, fps: 0 });
	});
});
