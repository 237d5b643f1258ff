// The textbook circuit breaker of client libraries (Hystrix, resilience4j) —
// NOT what Envoy/Istio do. It lives in the calling application, looks at the
// failure rate of the whole downstream service over a sliding window, and
// fails calls fast while open. Semantics follow resilience4j's CircuitBreaker:
// - CLOSED: count-based sliding window of the last `slidingWindowSize` calls;
//   once at least `minimumNumberOfCalls` are recorded and the failure rate is
//   ≥ `failureRateThreshold` %, it opens.
// - OPEN: calls are rejected (CallNotPermittedException) until
//   `waitDurationInOpenState` has passed; then the next call moves it to
//   HALF_OPEN (or the timer does, with automaticTransitionFromOpenToHalfOpen).
// - HALF_OPEN: `permittedNumberOfCallsInHalfOpenState` trial calls; others are
//   rejected; when all trials completed, failure rate ≥ threshold → OPEN, else CLOSED.
import { assign, setup } from 'xstate';
import { describeMachine } from './machines';

export interface BreakerConfig {
	failureRateThreshold: number;
	slidingWindowSize: number;
	minimumNumberOfCalls: number;
	waitDurationInOpenStateMs: number;
	permittedNumberOfCallsInHalfOpenState: number;
	automaticTransitionFromOpenToHalfOpen: boolean;
}

/** resilience4j defaults */
export const RESILIENCE4J_DEFAULTS: BreakerConfig = {
	failureRateThreshold: 50,
	slidingWindowSize: 100,
	minimumNumberOfCalls: 100,
	waitDurationInOpenStateMs: 60_000,
	permittedNumberOfCallsInHalfOpenState: 10,
	automaticTransitionFromOpenToHalfOpen: false
};

export interface BreakerContext {
	cfg: BreakerConfig;
	/** outcomes in the closed-state window, true = failure */
	window: boolean[];
	/** trial outcomes in half-open */
	trials: boolean[];
	/** trial calls admitted in half-open */
	admitted: number;
	openedAt: number | null;
	/** the answer to the last CALL */
	lastDecision: 'permitted' | 'rejected' | null;
	notPermitted: number;
}

export type BreakerEvent =
	| { type: 'CALL'; t: number }
	| { type: 'RESULT'; t: number; failure: boolean }
	| { type: 'TIMER'; t: number };

const rate = (xs: boolean[]) => (xs.length ? (100 * xs.filter(Boolean).length) / xs.length : 0);

export const textbookBreakerMachine = setup({
	types: { context: {} as BreakerContext, events: {} as BreakerEvent, input: {} as { cfg: BreakerConfig } },
	guards: {
		waitElapsed: ({ context: c, event }) => c.openedAt !== null && event.t - c.openedAt >= c.cfg.waitDurationInOpenStateMs,
		tripsClosed: ({ context: c, event }) => {
			if (event.type !== 'RESULT') return false;
			const w = [...c.window, event.failure].slice(-c.cfg.slidingWindowSize);
			return w.length >= c.cfg.minimumNumberOfCalls && rate(w) >= c.cfg.failureRateThreshold;
		},
		trialPermitted: ({ context: c }) => c.admitted < c.cfg.permittedNumberOfCallsInHalfOpenState,
		trialsFailed: ({ context: c, event }) => {
			if (event.type !== 'RESULT') return false;
			const t = [...c.trials, event.failure];
			return t.length >= c.cfg.permittedNumberOfCallsInHalfOpenState && rate(t) >= c.cfg.failureRateThreshold;
		},
		trialsPassed: ({ context: c, event }) => {
			if (event.type !== 'RESULT') return false;
			const t = [...c.trials, event.failure];
			return t.length >= c.cfg.permittedNumberOfCallsInHalfOpenState && rate(t) < c.cfg.failureRateThreshold;
		}
	},
	actions: {
		permit: assign({ lastDecision: 'permitted' as const }),
		reject: assign(({ context: c }) => ({ lastDecision: 'rejected' as const, notPermitted: c.notPermitted + 1 })),
		record: assign(({ context: c, event }) =>
			event.type === 'RESULT' ? { window: [...c.window, event.failure].slice(-c.cfg.slidingWindowSize) } : {}
		),
		open: assign(({ event }) => ({ openedAt: event.t, window: [], trials: [], admitted: 0 })),
		toHalfOpen: assign({ trials: [], admitted: 0 }),
		admitTrial: assign(({ context: c }) => ({ admitted: c.admitted + 1, lastDecision: 'permitted' as const })),
		recordTrial: assign(({ context: c, event }) => (event.type === 'RESULT' ? { trials: [...c.trials, event.failure] } : {})),
		close: assign({ window: [], trials: [], admitted: 0, openedAt: null })
	}
}).createMachine({
	id: 'textbookBreaker',
	initial: 'closed',
	context: ({ input }) => ({ cfg: input.cfg, window: [], trials: [], admitted: 0, openedAt: null, lastDecision: null, notPermitted: 0 }),
	states: {
		closed: {
			on: {
				CALL: { actions: 'permit' },
				RESULT: [{ guard: 'tripsClosed', target: 'open', actions: 'open' }, { actions: 'record' }]
			}
		},
		open: {
			on: {
				// resilience4j: the first call after the wait moves to HALF_OPEN and is a trial
				CALL: [{ guard: 'waitElapsed', target: 'halfOpen', actions: ['toHalfOpen', 'admitTrial'] }, { actions: 'reject' }],
				TIMER: { guard: 'waitElapsed', target: 'halfOpen', actions: 'toHalfOpen' }
				// results of calls started before opening are ignored here
			}
		},
		halfOpen: {
			on: {
				CALL: [{ guard: 'trialPermitted', actions: 'admitTrial' }, { actions: 'reject' }],
				RESULT: [
					{ guard: 'trialsFailed', target: 'open', actions: 'open' },
					{ guard: 'trialsPassed', target: 'closed', actions: 'close' },
					{ actions: 'recordTrial' }
				]
			}
		}
	}
});

export const TEXTBOOK_BREAKER_DESCRIPTION = describeMachine(
	textbookBreakerMachine,
	'Textbook circuit breaker (client-library model: Hystrix / resilience4j), not Envoy'
);
