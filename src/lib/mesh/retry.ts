// The Envoy retry policy Istio builds for a route (pilot
// pilot/pkg/networking/core/route/retry/retry.go, ConvertPolicy/DefaultPolicy):
//  - no `retries` written: DefaultPolicy — num_retries 2, retry_on
//    "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
//    retriable_status_codes [503], host predicate previous_hosts (a retry goes
//    to a host not tried yet), host_selection_retry_max_attempts 5;
//  - attempts ≤ 0: no retry policy at all;
//  - retryOn written: replaces retry_on; the integers in it become
//    retriable_status_codes (",retriable-status-codes" is appended if needed);
//  - a consistent-hash load balancer drops the previous_hosts predicate.
// Which failures each retry_on condition covers follows Envoy's
// source/common/router/retry_state_impl.cc: wouldRetryFromReset never retries
// an overflow (503 UO); a reset or connect failure is retried under reset,
// 5xx or gateway-error, a connect failure also under connect-failure;
// wouldRetryFromHeaders: 5xx any 5xx, gateway-error 502/503/504,
// retriable-4xx 409, retriable-status-codes the listed codes; a (non-hedged)
// per-try timeout is retried only under 5xx or gateway-error.
import type { HttpRetry } from './types';

export interface EnvoyRetryPolicy {
	numRetries: number;
	retryOn: string[];
	retriableStatusCodes: number[];
	perTryTimeoutMs: number | null;
	/** envoy.retry_host_predicates.previous_hosts */
	previousHosts: boolean;
}

/** What one attempt ended with, as the router sees it. */
export type AttemptOutcome =
	| { kind: 'response'; status: number }
	| { kind: 'connect-failure' }
	| { kind: 'reset' }
	| { kind: 'per-try-timeout' }
	| { kind: 'overflow' };

/** Istio ConvertPolicy: null when the route has no retries. */
export function envoyRetryPolicy(r: HttpRetry | null, consistentHash = false): EnvoyRetryPolicy | null {
	if (!r || r.attempts <= 0) return null;
	const retryOn = r.retryOn.split(',').map((x) => x.trim()).filter(Boolean);
	return { numRetries: r.attempts, retryOn, retriableStatusCodes: r.retriableStatusCodes, perTryTimeoutMs: r.perTryTimeoutMs, previousHosts: !consistentHash };
}

/** Whether Envoy's router retries an attempt that ended with `o` under `p`. */
export function isRetriable(p: EnvoyRetryPolicy, o: AttemptOutcome): boolean {
	const on = (c: string) => p.retryOn.includes(c);
	switch (o.kind) {
		case 'overflow':
			return false;
		case 'connect-failure':
			return on('connect-failure') || on('5xx') || on('gateway-error') || on('reset');
		case 'reset':
			return on('5xx') || on('gateway-error') || on('reset');
		case 'per-try-timeout':
			return on('5xx') || on('gateway-error');
		case 'response': {
			const s = o.status;
			if (on('5xx') && s >= 500 && s <= 599) return true;
			if (on('gateway-error') && (s === 502 || s === 503 || s === 504)) return true;
			if (on('retriable-4xx') && s === 409) return true;
			return on('retriable-status-codes') && p.retriableStatusCodes.includes(s);
		}
	}
}

/**
 * Envoy's jittered back-off before retry n (1-based): uniform in
 * [0, (2^n − 1) × 25 ms], capped at 10 × 25 ms (route.RetryPolicy defaults
 * base_interval 25 ms, max_interval 10 × base).
 */
export function retryBackoffMs(n: number, draw: () => number): number {
	const cap = Math.min((2 ** Math.min(n, 10) - 1) * 25, 250);
	return Math.floor(draw() * (cap + 1));
}
