// Envoy's HTTP local rate limit filter (envoy.filters.http.local_ratelimit):
// a token bucket per Envoy process (per pod sidecar when inserted on
// SIDECAR_INBOUND). The bucket starts full with max_tokens; tokens_per_fill
// are added every fill_interval, never above max_tokens. A request with no
// token left gets a local 429, the response flag RL and the header
// `x-envoy-ratelimited` (Envoy local rate limit filter docs).
// Refill modes:
//   'timer'      — tokens_per_fill added at each fill_interval tick since start
//                  (the original timer-based bucket, what the docs describe);
//   'continuous' — Envoy ≥ 1.31 default (runtime guard
//                  envoy.reloadable_features.no_timer_based_rate_limit_token_bucket):
//                  tokens accrue continuously at tokens_per_fill / fill_interval.
// Tokens are kept as integers scaled by fill_interval (ms), so both modes are exact.
import { assign, setup } from 'xstate';
import { describeMachine } from './machines';

export interface TokenBucketConfig {
	maxTokens: number;
	tokensPerFill: number;
	fillIntervalMs: number;
	mode: 'timer' | 'continuous';
	/** filter_enabled percentage (Envoy default 0% when unset) */
	enabledPercent: number;
	/** filter_enforced percentage (Envoy default 0% when unset) */
	enforcedPercent: number;
}

export interface TokenBucketContext {
	cfg: TokenBucketConfig;
	/** tokens × fillIntervalMs */
	units: number;
	/** timer mode: fills applied so far; continuous: last refill time (ms) */
	mark: number;
	lastDecision: 'allowed' | 'limited' | null;
	stats: { rate_limited: number; ok: number; enforced: number };
}

export type TokenBucketEvent =
	/** a request that the filter is enabled and enforced for; takes one token if any */
	| { type: 'REQUEST'; t: number; enforce?: boolean }
	/** refill up to time t without consuming (for sampling) */
	| { type: 'SYNC'; t: number };

/** Tokens (may be fractional in continuous mode). */
export const tokensOf = (c: Pick<TokenBucketContext, 'units' | 'cfg'>) => c.units / c.cfg.fillIntervalMs;

/** Pure refill: the bucket's units and mark at time t. */
export function refill(c: Pick<TokenBucketContext, 'cfg' | 'units' | 'mark'>, t: number): { units: number; mark: number } {
	const { cfg } = c;
	const max = cfg.maxTokens * cfg.fillIntervalMs;
	if (cfg.mode === 'timer') {
		const fills = Math.floor(t / cfg.fillIntervalMs);
		const add = Math.max(0, fills - c.mark) * cfg.tokensPerFill * cfg.fillIntervalMs;
		return { units: Math.min(max, c.units + add), mark: Math.max(c.mark, fills) };
	}
	const dt = Math.max(0, t - c.mark);
	return { units: Math.min(max, c.units + dt * cfg.tokensPerFill), mark: Math.max(c.mark, t) };
}

export const tokenBucketMachine = setup({
	types: { context: {} as TokenBucketContext, events: {} as TokenBucketEvent, input: {} as { cfg: TokenBucketConfig } },
	guards: {
		hasToken: ({ context: c }) => c.units >= c.cfg.fillIntervalMs,
		empty: ({ context: c }) => c.units < c.cfg.fillIntervalMs,
		// a request takes a token if one is there after refilling up to its time
		tokenAvailable: ({ context: c, event }) => refill(c, event.t).units >= c.cfg.fillIntervalMs,
		// filter_enforced: without it the request is only counted (shadow mode)
		enforced: ({ event }) => event.type === 'REQUEST' && event.enforce !== false
	},
	actions: {
		refill: assign(({ context: c, event }) => refill(c, event.t)),
		take: assign(({ context: c }) => ({ units: c.units - c.cfg.fillIntervalMs, lastDecision: 'allowed' as const, stats: { ...c.stats, ok: c.stats.ok + 1 } })),
		limit: assign(({ context: c }) => ({ lastDecision: 'limited' as const, stats: { ...c.stats, rate_limited: c.stats.rate_limited + 1, enforced: c.stats.enforced + 1 } })),
		countOnly: assign(({ context: c }) => ({ lastDecision: 'allowed' as const, stats: { ...c.stats, rate_limited: c.stats.rate_limited + 1 } }))
	}
}).createMachine({
	id: 'tokenBucket',
	initial: 'available',
	context: ({ input }) => ({
		cfg: input.cfg,
		units: input.cfg.maxTokens * input.cfg.fillIntervalMs,
		mark: 0,
		lastDecision: null,
		stats: { rate_limited: 0, ok: 0, enforced: 0 }
	}),
	on: {
		REQUEST: [
			{ guard: 'tokenAvailable', actions: ['refill', 'take'] },
			{ guard: 'enforced', actions: ['refill', 'limit'] },
			{ actions: ['refill', 'countOnly'] }
		],
		SYNC: { actions: 'refill' }
	},
	states: {
		available: { always: { guard: 'empty', target: 'empty' } },
		empty: { always: { guard: 'hasToken', target: 'available' } }
	}
});

export const TOKEN_BUCKET_DESCRIPTION = describeMachine(tokenBucketMachine, 'Envoy local rate limit token bucket (per Envoy process)');
