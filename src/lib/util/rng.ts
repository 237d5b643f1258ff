// The one seeded PRNG (mulberry32) behind every random choice: kube-proxy's
// probability roll, ephemeral ports, weighted splits, fault percentages,
// load-balancer picks, synthetic clusters. Same seed → same sequence, so
// tests, share links and presentations repeat. Small and fast; not
// cryptographic.
import { fnv1a } from './hash';

export interface Rng {
	/** uniform in [0, 1) */
	next(): number;
	/** uniform integer in [lo, hi] (both included) */
	int(lo: number, hi: number): number;
	/** true with probability pct/100; 0 and 100 draw nothing, so they never shift the stream */
	chance(pct: number): boolean;
}

/** A numeric seed as is (uint32); any other seed (`--seed demo`) through FNV-1a. */
export function seedOf(seed: number | string): number {
	if (typeof seed === 'number' && Number.isFinite(seed)) return seed >>> 0;
	return fnv1a(String(seed));
}

export function makeRng(seed: number | string): Rng {
	let a = seedOf(seed);
	const next = (): number => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
		chance: (pct) => (pct <= 0 ? false : pct >= 100 ? true : next() * 100 < pct)
	};
}

/** Index picked in proportion to weights; -1 when all weights are 0. */
export function pickWeighted(rng: Rng, weights: readonly number[]): number {
	const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
	if (total <= 0) return -1;
	// Envoy draws an integer in [0, total) for weighted clusters
	let r = Math.floor(rng.next() * total);
	for (let i = 0; i < weights.length; i++) {
		const w = Math.max(0, weights[i]);
		if (r < w) return i;
		r -= w;
	}
	return weights.length - 1;
}
