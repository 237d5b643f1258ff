// Endpoint choice inside one Envoy cluster.
// simplified: LEAST_REQUEST with no requests in flight degenerates to Envoy's
// "power of two choices" over equal hosts, i.e. a uniform random pick;
// ROUND_ROBIN walks the endpoints in order using a counter per cluster;
// consistentHash is approximated by FNV-1a of the hash key modulo the sorted
// endpoints (Envoy uses a ring hash or Maglev: stable per key, but a different mapping).
import type { LbPolicy } from './types';
import type { Rng } from '../util';
import { fnv1a } from '../util';

export interface LbEndpoint {
	pod: string | null;
	ip: string;
	port: number;
}

export interface LbInput {
	headers: Record<string, string>;
	query: Record<string, string>;
	sourceIp: string;
}

export function hashKey(p: Extract<LbPolicy, { kind: 'consistentHash' }>, req: LbInput): string | null {
	if (p.header) return req.headers[p.header] ?? null;
	if (p.cookie) {
		const c = req.headers['cookie'] ?? '';
		const m = c.split(/;\s*/).find((kv) => kv.startsWith(`${p.cookie}=`));
		return m ? m.slice(p.cookie.length + 1) : null;
	}
	if (p.useSourceIp) return req.sourceIp;
	if (p.queryParameter) return req.query[p.queryParameter] ?? null;
	return null;
}

export function pickEndpoint(
	eps: LbEndpoint[],
	policy: LbPolicy,
	req: LbInput,
	rng: Rng,
	rr: { state: Map<string, number>; key: string }
): { endpoint: LbEndpoint | null; note: string } {
	if (eps.length === 0) return { endpoint: null, note: 'no endpoints' };
	const sorted = [...eps].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port));
	if (policy.kind === 'consistentHash') {
		const key = hashKey(policy, req);
		// Envoy falls back to a random pick when the request has no hash key
		if (key === null) return { endpoint: sorted[Math.floor(rng.next() * sorted.length)], note: 'no hash key in the request: random pick' };
		return { endpoint: sorted[fnv1a(key) % sorted.length], note: `hash of '${key}' picks the same pod every time` };
	}
	if (policy.simple === 'ROUND_ROBIN') {
		const n = rr.state.get(rr.key) ?? 0;
		rr.state.set(rr.key, n + 1);
		return { endpoint: sorted[n % sorted.length], note: `round robin, turn ${n + 1}` };
	}
	return { endpoint: sorted[Math.floor(rng.next() * sorted.length)], note: policy.simple === 'RANDOM' ? 'random pick' : 'least request (idle hosts: random of two choices)' };
}
