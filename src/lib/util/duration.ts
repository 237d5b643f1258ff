// Durations as Istio and Envoy config spell them (protobuf Duration read
// Go-style, as time.ParseDuration does): "5s", "0.5s", "100ms", "1m30s",
// "1h2m". A bare non-negative number is seconds. null when unreadable.

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
const PART = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g;

/** Duration → milliseconds (rounded to the microsecond), or null. */
export function parseDuration(v: unknown): number | null {
	if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v * 1000 : null;
	if (typeof v !== 'string') return null;
	const s = v.trim();
	let total = 0;
	let consumed = 0;
	for (const m of s.matchAll(PART)) {
		if (m.index !== consumed) return null;
		total += Number(m[1]) * UNIT_MS[m[2]];
		consumed += m[0].length;
	}
	return consumed === s.length && consumed > 0 ? Math.round(total * 1000) / 1000 : null;
}

/** 7000 → "7s", 1500 → "1.5s", 250 → "250ms". */
export function formatMs(ms: number): string {
	if (ms >= 1000) return `${Math.round(ms) / 1000}s`;
	return `${Math.round(ms)}ms`;
}
