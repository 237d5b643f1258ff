// The pure half of the packet-animation benchmark (/bench/packets): which
// flows to trace, their packet paths on a laid-out scene, where every packet
// is at a given time, and frame-time statistics. The page does the DOM and
// requestAnimationFrame part; everything here is deterministic for fixed
// inputs, so it can be unit-tested in Node.
import type { Cluster, Pod, Service } from '../model';
import type { Verdict } from '../net';
import { trace } from '../net';
import { makeRng } from '../util';
import type { Graph, Scene } from './types';
import { toGraph } from './graph';
import { packetPath, positionAt, type PacketPath } from './packet';

export interface BenchQuery {
	pods: number;
	packets: number;
	seconds: number;
}

export const BENCH_DEFAULTS: BenchQuery = { pods: 200, packets: 200, seconds: 5 };

/** `?pods=N&packets=M&seconds=S`; missing or nonsense values fall back to the defaults. */
export function parseBenchQuery(search: string): BenchQuery {
	const q = new URLSearchParams(search);
	const num = (key: keyof BenchQuery, min: number, max: number) => {
		const v = Number(q.get(key));
		return q.has(key) && Number.isFinite(v) && v >= min ? Math.min(max, v) : BENCH_DEFAULTS[key];
	};
	return {
		pods: Math.floor(num('pods', 2, 20_000)),
		packets: Math.floor(num('packets', 1, 10_000)),
		seconds: num('seconds', 0.5, 120)
	};
}

/** The architecture graph the app draws (same options as App.svelte). */
export function benchGraph(cluster: Cluster): Graph {
	return toGraph(cluster, { view: 'architecture', collapseAt: 4 });
}

export interface BenchFlow {
	from: string;
	to: string;
	seed: number;
}

export interface BenchPacket {
	flow: BenchFlow;
	verdict: Verdict;
	hops: number;
	path: PacketPath;
	/** where on its loop the packet starts (0..1): packets are spread evenly */
	phase: number;
}

const selects = (s: Service, p: Pod) =>
	!!s.selector && s.namespace === p.namespace && Object.entries(s.selector).every(([k, v]) => p.labels[k] === v);

/**
 * Flow `seed` (1..count): a running pod with an address calls a Service with
 * endpoints that does not select it, both picked by makeRng(seed).
 */
export function benchFlow(cluster: Cluster, seed: number): BenchFlow | null {
	const pods = cluster.pods.filter((p) => p.ip && !p.hostNetwork && p.phase === 'Running');
	const services = cluster.services.filter((s) => s.endpoints.length > 0 && !s.headless && s.namespace !== 'kube-system');
	if (!pods.length || !services.length) return null;
	const rng = makeRng(seed);
	const svc = services[Math.floor(rng.next() * services.length)];
	const others = pods.filter((p) => !selects(svc, p));
	const from = (others.length ? others : pods)[Math.floor(rng.next() * (others.length || pods.length))];
	return { from: `pod/${from.namespace}/${from.name}`, to: `svc/${svc.namespace}/${svc.name}`, seed };
}

/**
 * M traces (seeds 1..M) and their paths on `scene`. `dwell` is 0 by default,
 * so a path has no standing segments and a packet moves on every frame.
 */
export function preparePackets(cluster: Cluster, scene: Scene, count: number, opts: { dwell?: number } = {}): BenchPacket[] {
	const out: BenchPacket[] = [];
	for (let seed = 1; seed <= count; seed++) {
		const flow = benchFlow(cluster, seed);
		if (!flow) break;
		const t = trace(cluster, { from: flow.from, to: flow.to }, { seed });
		const path = packetPath(scene, t.hops, 'architecture', { dwell: opts.dwell ?? 0, cluster });
		out.push({ flow, verdict: t.verdict, hops: t.hops.length, path, phase: (seed - 1) / count });
	}
	return out;
}

/**
 * Positions at `elapsedMs`: every packet loops over its own path once per
 * `periodMs`, starting at its phase. Writes x, y pairs into `out` (length
 * 2 × packets) so the per-frame loop allocates nothing.
 */
export function placePackets(packets: BenchPacket[], elapsedMs: number, periodMs: number, out: Float64Array): void {
	const base = elapsedMs / periodMs;
	for (let i = 0; i < packets.length; i++) {
		const p = packets[i];
		const f = base + p.phase;
		const pos = positionAt(p.path, f - Math.floor(f));
		out[2 * i] = pos.x;
		out[2 * i + 1] = pos.y;
	}
}

export interface FrameStats {
	frames: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
	/** frames per second over the recorded span: 1000 / mean interval */
	fps: number;
}

/** nearest-rank percentile of an ascending array */
export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Statistics of frame intervals (ms between consecutive rAF timestamps). */
export function frameStats(intervals: number[]): FrameStats {
	const s = [...intervals].sort((a, b) => a - b);
	const sum = s.reduce((a, b) => a + b, 0);
	const mean = s.length ? sum / s.length : 0;
	const r = (x: number) => Math.round(x * 100) / 100;
	return {
		frames: s.length,
		p50: r(percentile(s, 50)),
		p95: r(percentile(s, 95)),
		p99: r(percentile(s, 99)),
		max: r(s[s.length - 1] ?? 0),
		mean: r(mean),
		fps: mean > 0 ? r(1000 / mean) : 0
	};
}
