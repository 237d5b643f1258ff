// Seeded PRNG for the resilience simulator (mulberry32). Every random choice
// in a simulation (load-balancer picks, failure percentages, enforcement
// percentages) draws from one of these, so the same seed gives the same run.

export interface Rng {
	/** uniform float in [0, 1) */
	next(): number;
	/** uniform integer in [0, n) */
	int(n: number): number;
	/** true with probability percent/100 */
	chance(percent: number): boolean;
}

/** FNV-1a of a string seed, so `--seed demo` works as well as `--seed 7`. */
export function seedOf(seed: number | string): number {
	if (typeof seed === 'number' && Number.isFinite(seed)) return seed >>> 0;
	let h = 0x811c9dc5;
	for (const ch of String(seed)) {
		h ^= ch.codePointAt(0)!;
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export function createRng(seed: number | string): Rng {
	let a = seedOf(seed);
	const next = () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n) => Math.floor(next() * n),
		// 100 and 0 never draw, so Istio's 0/100 enforcement values do not shift the stream
		chance: (percent) => (percent >= 100 ? true : percent <= 0 ? false : next() * 100 < percent)
	};
}
