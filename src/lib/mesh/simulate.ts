// simulate(): the same request N times with per-request seeds derived from one
// seed, so weighted splits, fault and mirror percentages become a histogram.
// Round-robin state is shared across the N requests, as in one Envoy.
import type { Cluster } from '../model';
import type { RouteOptions, RouteRequest, RouteResult } from './types';
import { route } from './route';

export interface SimulateOptions {
	n: number;
	seed?: number;
	latencyMs?: RouteOptions['latencyMs'];
	/** keep per-request outcomes (default true) */
	outcomes?: boolean;
}

export interface RequestOutcome {
	i: number;
	/** `HOST|SUBSET` of the picked destination, '' when none was picked */
	key: string;
	pod: string | null;
	status: number;
	flags: string[];
	durationMs: number;
	delayed: boolean;
	aborted: boolean;
	mirrored: number;
}

export interface SimulateResult {
	n: number;
	counts: Record<string, number>;
	faults: { delayed: number; aborted: number };
	mirrored: number;
	statuses: Record<string, number>;
	pods: Record<string, number>;
	outcomes: RequestOutcome[];
	/** the full answer for the first request (hops, notes) */
	first: RouteResult | null;
}

/** Seed of request i: a Weyl-sequence step mixed into the base seed. */
export function requestSeed(seed: number, i: number): number {
	return (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
}

export function destKey(host: string, subset: string | null): string {
	return `${host}|${subset ?? ''}`;
}

export function simulate(cluster: Cluster, request: RouteRequest, opts: SimulateOptions): SimulateResult {
	const seed = opts.seed ?? 1;
	const rrState = new Map<string, number>();
	const out: SimulateResult = { n: opts.n, counts: {}, faults: { delayed: 0, aborted: 0 }, mirrored: 0, statuses: {}, pods: {}, outcomes: [], first: null };
	for (let i = 0; i < opts.n; i++) {
		const ro: RouteOptions = { seed: requestSeed(seed, i), rrState };
		if (opts.latencyMs !== undefined) ro.latencyMs = opts.latencyMs;
		const r = route(cluster, request, ro);
		if (i === 0) out.first = r;
		const key = r.picked ? destKey(r.picked.host, r.picked.subset) : '';
		if (key) out.counts[key] = (out.counts[key] ?? 0) + 1;
		const delayed = r.fault.delayed !== undefined;
		const aborted = r.fault.aborted !== undefined;
		if (delayed) out.faults.delayed++;
		if (aborted) out.faults.aborted++;
		const mirrored = r.mirror.filter((m) => m.mirrored).length;
		out.mirrored += mirrored;
		const s = String(r.response.status);
		out.statuses[s] = (out.statuses[s] ?? 0) + 1;
		const pod = r.endpoint?.pod ?? null;
		if (pod) out.pods[pod] = (out.pods[pod] ?? 0) + 1;
		if (opts.outcomes !== false) {
			out.outcomes.push({ i, key, pod, status: r.response.status, flags: r.response.flags, durationMs: r.response.durationMs, delayed, aborted, mirrored });
		}
	}
	return out;
}
