// Load generator, modelled on fortio (the load tool of Istio's circuit-breaking
// task): `concurrency` client workers start together at t = 0; with rps > 0
// each worker aims at rps / concurrency requests per second and, when a
// response comes late, sends the next one as soon as it is free (no catch-up
// bursts); with rps = 0 each worker sends back-to-back (closed loop). Bursts
// are extra open-loop requests fired at one instant. Times are integer ms.
// Simplified: a back-to-back worker sends at most one request per ms (the
// simulator's time step), so a run whose replies are instant (503 UO, 429)
// still advances time and ends.

export interface Burst {
	/** ms from the start */
	atMs: number;
	count: number;
}

export interface LoadSpec {
	rps: number;
	durationMs: number;
	concurrency: number;
	bursts: Burst[];
}

/** Intended send time of a worker's k-th request (k from 0), or null past the end. */
export function intendedAt(spec: LoadSpec, k: number): number | null {
	if (spec.rps <= 0) return k === 0 ? 0 : null;
	const t = Math.round((k * spec.concurrency * 1000) / spec.rps);
	return t < spec.durationMs ? t : null;
}

/** One ms: the shortest gap between two sends of one back-to-back worker. */
export const MIN_SEND_GAP_MS = 1;

/**
 * When a worker that became free at `freeAt` sends its k-th request, or null
 * when it is done; `prevSentAt` is when it sent the previous one.
 */
export function nextSend(spec: LoadSpec, k: number, freeAt: number, prevSentAt = -Infinity): number | null {
	if (spec.concurrency <= 0) return null;
	if (spec.rps <= 0) {
		const t = Math.max(freeAt, prevSentAt + MIN_SEND_GAP_MS);
		return t < spec.durationMs ? t : null;
	}
	const want = intendedAt(spec, k);
	if (want === null) return null;
	const t = Math.max(want, freeAt);
	return t < spec.durationMs ? t : null;
}

/** Burst requests, in time order. */
export function burstTimes(spec: LoadSpec): number[] {
	return spec.bursts
		.flatMap((b) => Array.from({ length: Math.max(0, b.count) }, () => b.atMs))
		.filter((t) => t >= 0 && t < Math.max(spec.durationMs, 1))
		.sort((a, b) => a - b);
}
