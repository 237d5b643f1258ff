// Seeded PRNG for every random choice in the mesh engine (weighted split,
// fault percentages, mirror percentage, RANDOM/LEAST_REQUEST picks), so the
// same input and seed always give the same answer. mulberry32: small, fast,
// good enough for histograms; not cryptographic.

export interface Rng {
	/** uniform in [0, 1) */
	next(): number;
}

export function makeRng(seed: number): Rng {
	let a = seed >>> 0;
	return {
		next() {
			a = (a + 0x6d2b79f5) >>> 0;
			let t = a;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		}
	};
}

/** true with probability pct/100 (pct clamped to 0..100). */
export function chance(rng: Rng, pct: number): boolean {
	if (pct <= 0) return false;
	if (pct >= 100) return true;
	return rng.next() * 100 < pct;
}

/** Index picked in proportion to weights; -1 when all weights are 0. */
export function pickWeighted(rng: Rng, weights: number[]): number {
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
