// HISTORICAL: Istio's Mixer-era rate limits (Istio ≤ 1.4; Mixer was removed in
// 1.5+). A `memquota` handler holds counters in Mixer's memory: each quota
// allows maxAmount per validDuration; an override whose dimensions all match
// the request's dimensions replaces those numbers (first match wins). Every
// distinct combination of dimension values is its own counter. Over the limit
// Mixer answers RESOURCE_EXHAUSTED and the proxy returns HTTP 429.
// Simplified: an exact sliding window log stands in for memquota's rolling
// window buckets; dimensions are source, sourceVersion, destination (and sourceIP).
import { assign, setup } from 'xstate';
import { describeMachine } from './machines';

export interface QuotaOverride {
	dimensions: Record<string, string>;
	maxAmount: number;
	validMs: number;
}

export interface QuotaConfig {
	name: string;
	maxAmount: number;
	validMs: number;
	overrides: QuotaOverride[];
}

export interface QuotaContext {
	maxAmount: number;
	validMs: number;
	/** times (ms) of the grants still inside the window */
	grants: number[];
	lastDecision: 'granted' | 'exhausted' | null;
	denied: number;
}

export type QuotaEvent = { type: 'REQUEST'; t: number } | { type: 'SYNC'; t: number };

/** The limit a request gets: the first override whose dimensions all match, else the default. */
export function quotaFor(cfg: QuotaConfig, dims: Record<string, string>): { maxAmount: number; validMs: number; override: number | null } {
	const i = cfg.overrides.findIndex((o) => Object.entries(o.dimensions).every(([k, v]) => dims[k] === v));
	if (i < 0) return { maxAmount: cfg.maxAmount, validMs: cfg.validMs, override: null };
	return { maxAmount: cfg.overrides[i].maxAmount, validMs: cfg.overrides[i].validMs, override: i };
}

/** Counter key: the quota name plus every dimension value. */
export const quotaKey = (cfg: QuotaConfig, dims: Record<string, string>) =>
	`${cfg.name}{${Object.keys(dims)
		.sort()
		.map((k) => `${k}=${dims[k]}`)
		.join(',')}}`;

const live = (c: QuotaContext, t: number) => c.grants.filter((g) => g > t - c.validMs);

export const mixerQuotaMachine = setup({
	types: { context: {} as QuotaContext, events: {} as QuotaEvent, input: {} as { maxAmount: number; validMs: number } },
	guards: {
		full: ({ context: c }) => c.grants.length >= c.maxAmount,
		room: ({ context: c }) => c.grants.length < c.maxAmount,
		// grants older than validDuration have expired by the request's time
		quotaLeft: ({ context: c, event }) => live(c, event.t).length < c.maxAmount
	},
	actions: {
		expire: assign(({ context: c, event }) => ({ grants: live(c, event.t) })),
		grant: assign(({ context: c, event }) => ({ grants: [...c.grants, event.t], lastDecision: 'granted' as const })),
		deny: assign(({ context: c }) => ({ lastDecision: 'exhausted' as const, denied: c.denied + 1 }))
	}
}).createMachine({
	id: 'mixerQuota',
	initial: 'available',
	context: ({ input }) => ({ maxAmount: input.maxAmount, validMs: input.validMs, grants: [], lastDecision: null, denied: 0 }),
	on: { REQUEST: [{ guard: 'quotaLeft', actions: ['expire', 'grant'] }, { actions: ['expire', 'deny'] }], SYNC: { actions: 'expire' } },
	states: {
		available: { always: { guard: 'full', target: 'exhausted' } },
		exhausted: { always: { guard: 'room', target: 'available' } }
	}
});

export const MIXER_QUOTA_DESCRIPTION = describeMachine(mixerQuotaMachine, 'HISTORICAL: Istio Mixer memquota counter (Istio ≤ 1.4)');
