// Envoy outlier detection (passive health checking), as Istio configures it
// from DestinationRule.trafficPolicy.outlierDetection. One machine per upstream
// host (healthy ⇄ ejected, with its consecutive-error counters) and one
// cluster-level detector (the interval sweep, the max_ejection_percent cap and
// the panic threshold).
// Sources: Envoy arch overview "Outlier detection", OutlierDetection proto docs,
// and source/common/upstream/outlier_detection_impl.cc (ejectHost,
// checkHostForUneject, onIntervalTimer).
import { assign, setup, type ActorRefFrom } from 'xstate';
import type { Rng } from '../util';
import { describeMachine, send, track, type Tracked } from './machines';

export type EjectionType = 'CONSECUTIVE_5XX' | 'CONSECUTIVE_GATEWAY_FAILURE' | 'CONSECUTIVE_LOCAL_ORIGIN_FAILURE';

/** Envoy's OutlierDetection, after Istio's mapping (times in ms, percentages 0–100). */
export interface OutlierConfig {
	/** consecutive_5xx (Envoy default 5) */
	consecutive5xx: number;
	/** enforcing_consecutive_5xx (Envoy default 100; Istio: 0 for the deprecated consecutiveErrors) */
	enforcingConsecutive5xx: number;
	/** consecutive_gateway_failure: 502/503/504 (Envoy default 5) */
	consecutiveGatewayFailure: number;
	/** enforcing_consecutive_gateway_failure (Envoy default 0 = detect but never eject) */
	enforcingConsecutiveGatewayFailure: number;
	splitExternalLocalOriginErrors: boolean;
	consecutiveLocalOriginFailure: number;
	enforcingConsecutiveLocalOriginFailure: number;
	intervalMs: number;
	baseEjectionMs: number;
	/** max_ejection_time: default max(300 s, base_ejection_time) */
	maxEjectionMs: number;
	maxEjectionPercent: number;
	/** always_eject_one_host (Envoy ≥ 1.33, default false; Istio does not set it) */
	alwaysEjectOneHost: boolean;
	/** cluster healthy_panic_threshold; Istio sets it from minHealthPercent (default 0 = off) */
	panicThresholdPercent: number;
}

export interface Ejection {
	host: string;
	/** ms */
	at: number;
	/** ms: the sweep that returns the host (projected if after the end of the run) */
	until: number;
	type: EjectionType;
	/** which ejection of this host this is (1, 2, …) */
	count: number;
}

export interface OutlierHostContext {
	host: string;
	consecutive5xx: number;
	consecutiveGateway: number;
	consecutiveLocal: number;
	/**
	 * streaks that reached their threshold on the last result, in the order
	 * Envoy posts them to the main thread (gateway before 5xx); each is handled
	 * on its own (onConsecutiveErrorWorker), so one reply can detect both
	 */
	detected: EjectionType[];
	numEjections: number;
	/** Envoy's ejectTimeBackoff multiplier */
	backoff: number;
	lastEjectionAt: number | null;
	lastUnejectionAt: number | null;
	thresholds: { c5xx: number; gateway: number; local: number };
	/** base_ejection_time and max_ejection_time (ms), for the ejectionTimeElapsed guard */
	baseEjectionMs: number;
	maxEjectionMs: number;
}

export interface OutlierDetectorContext {
	hostCount: number;
	ejected: string[];
	panicThresholdPercent: number;
	maxEjectionPercent: number;
	alwaysEjectOneHost: boolean;
	/** what the last EJECT_REQUEST came to */
	lastDecision: 'ejected' | 'overflow' | 'notEnforced' | null;
	stats: {
		ejections_active: number;
		ejections_enforced_total: number;
		ejections_detected_consecutive_5xx: number;
		ejections_detected_consecutive_gateway_failure: number;
		ejections_detected_consecutive_local_origin_failure: number;
		ejections_overflow: number;
	};
	lastSweepAt: number | null;
}

export const ENVOY_OUTLIER_DEFAULTS: OutlierConfig = {
	consecutive5xx: 5,
	enforcingConsecutive5xx: 100,
	consecutiveGatewayFailure: 5,
	enforcingConsecutiveGatewayFailure: 0,
	splitExternalLocalOriginErrors: false,
	consecutiveLocalOriginFailure: 5,
	enforcingConsecutiveLocalOriginFailure: 100,
	intervalMs: 10_000,
	baseEjectionMs: 30_000,
	maxEjectionMs: 300_000,
	maxEjectionPercent: 10,
	alwaysEjectOneHost: false,
	panicThresholdPercent: 50
};

// ---- pure rules ----

/**
 * Envoy ejectHost(): eject while 100 × (active + 1) / hosts ≤ max_ejection_percent;
 * with always_eject_one_host the first ejection is allowed regardless.
 * (Envoy before the 2023 fix used 100 × active / hosts < max, which always let
 * the first host go and could overshoot by one.)
 */
export function mayEject(active: number, hosts: number, maxPercent: number, alwaysOne = false): boolean {
	if (hosts <= 0) return false;
	const pct = Math.min(100, maxPercent);
	// integer form of 100*(active+1)/hosts <= pct, free of float rounding
	const ok = 100 * (active + 1) <= pct * hosts;
	return ok || (alwaysOne && active === 0);
}

/** How many hosts can be ejected at once under the rule above. */
export function maxEjectable(hosts: number, maxPercent: number, alwaysOne = false): number {
	let n = 0;
	while (n < hosts && mayEject(n, hosts, maxPercent, alwaysOne)) n++;
	return n;
}

/** min(base × backoff, max_ejection_time) — checkHostForUneject (jitter 0). */
export function ejectionDurationMs(cfg: Pick<OutlierConfig, 'baseEjectionMs' | 'maxEjectionMs'>, backoff: number): number {
	return Math.min(cfg.baseEjectionMs * backoff, cfg.maxEjectionMs);
}

/** Sweeps run at k × interval; a host returns at the first sweep with now − ejectedAt ≥ duration. */
export function unejectAt(ejectedAt: number, durationMs: number, intervalMs: number): number {
	return Math.ceil((ejectedAt + durationMs) / intervalMs) * intervalMs;
}

/**
 * Envoy load balancer panic: healthy% = min(100, 1.4 × 100 × healthy / total)
 * (overprovisioning factor 140); below healthy_panic_threshold the balancer
 * ignores health and uses every host.
 */
export function inPanic(healthy: number, total: number, thresholdPercent: number): boolean {
	if (total === 0 || thresholdPercent <= 0) return false;
	return Math.min(100, (140 * healthy) / total) < thresholdPercent;
}

const isGateway = (s: number) => s === 502 || s === 503 || s === 504;

// ---- machines ----

export type OutlierHostEvent =
	| { type: 'RESULT'; t: number; status: number }
	| { type: 'LOCAL'; t: number; failed: boolean }
	| { type: 'EJECT'; t: number }
	| { type: 'RESET'; t: number; which: EjectionType }
	| { type: 'UNEJECT'; t: number }
	| { type: 'SWEEP'; t: number; intervalMs: number };

export interface OutlierHostInput {
	host: string;
	thresholds: OutlierHostContext['thresholds'];
	baseEjectionMs: number;
	maxEjectionMs: number;
}

export const outlierHostMachine = setup({
	types: {
		context: {} as OutlierHostContext,
		events: {} as OutlierHostEvent,
		input: {} as OutlierHostInput
	},
	guards: {
		// checkHostForUneject(): back once now − ejected_at ≥ min(base × backoff, max_ejection_time)
		ejectionTimeElapsed: ({ context: c, event }) =>
			c.lastEjectionAt !== null && ejectionDurationMs({ baseEjectionMs: c.baseEjectionMs, maxEjectionMs: c.maxEjectionMs }, c.backoff) <= event.t - c.lastEjectionAt
	},
	actions: {
		// DetectorHostMonitorImpl::putHttpResponseCode() (envoy
		// source/common/upstream/outlier_detection_impl.cc): a 502/503/504 bumps
		// the gateway streak, any other 5xx zeroes it; every 5xx (gateway errors
		// included) bumps the 5xx streak; a non-5xx zeroes both. Each streak
		// fires when it becomes *equal* to its threshold (`++c == threshold`),
		// independently: one reply can fire both (gateway first, then 5xx).
		count: assign(({ context: c, event }) => {
			if (event.type !== 'RESULT') return {};
			if (event.status < 500 || event.status > 599) return { consecutive5xx: 0, consecutiveGateway: 0, detected: [] };
			const gw = isGateway(event.status) ? c.consecutiveGateway + 1 : 0;
			const x5 = c.consecutive5xx + 1;
			const detected: EjectionType[] = [];
			if (isGateway(event.status) && gw === c.thresholds.gateway) detected.push('CONSECUTIVE_GATEWAY_FAILURE');
			if (x5 === c.thresholds.c5xx) detected.push('CONSECUTIVE_5XX');
			return { consecutive5xx: x5, consecutiveGateway: gw, detected };
		}),
		// split_external_local_origin_errors: connect failures/timeouts count on their own streak
		countLocal: assign(({ context: c, event }) => {
			if (event.type !== 'LOCAL') return {};
			if (!event.failed) return { consecutiveLocal: 0, detected: [] };
			const n = c.consecutiveLocal + 1;
			return { consecutiveLocal: n, detected: n === c.thresholds.local ? ['CONSECUTIVE_LOCAL_ORIGIN_FAILURE' as const] : [] };
		}),
		// onConsecutiveErrorWorker() resets the streak it handled, ejected or not
		reset: assign(({ context: c, event }) => {
			if (event.type !== 'RESET') return {};
			const detected = c.detected.filter((d) => d !== event.which);
			if (event.which === 'CONSECUTIVE_5XX') return { consecutive5xx: 0, detected };
			if (event.which === 'CONSECUTIVE_GATEWAY_FAILURE') return { consecutiveGateway: 0, detected };
			return { consecutiveLocal: 0, detected };
		}),
		// ejectHost(): the backoff grows while base × backoff < max + base
		eject: assign(({ context: c, event }) => {
			const grow = c.backoff * c.baseEjectionMs < c.maxEjectionMs + c.baseEjectionMs;
			return { numEjections: c.numEjections + 1, lastEjectionAt: event.t, backoff: grow ? c.backoff + 1 : c.backoff, detected: [] };
		}),
		// unejectHost() resets every consecutive counter
		uneject: assign(({ event }) => ({
			lastUnejectionAt: event.t,
			consecutive5xx: 0,
			consecutiveGateway: 0,
			consecutiveLocal: 0,
			detected: []
		})),
		// onIntervalTimer(): a healthy host unejected at least one interval ago loses one backoff step
		decay: assign(({ context: c, event }) => {
			if (event.type !== 'SWEEP') return {};
			const quiet = c.lastUnejectionAt !== null && event.t - c.lastUnejectionAt >= event.intervalMs;
			return quiet && c.backoff > 0 ? { backoff: c.backoff - 1 } : {};
		})
	}
}).createMachine({
	id: 'outlierHost',
	initial: 'healthy',
	context: ({ input }) => ({
		host: input.host,
		consecutive5xx: 0,
		consecutiveGateway: 0,
		consecutiveLocal: 0,
		detected: [],
		numEjections: 0,
		backoff: 0,
		lastEjectionAt: null,
		lastUnejectionAt: null,
		thresholds: input.thresholds,
		baseEjectionMs: input.baseEjectionMs,
		maxEjectionMs: input.maxEjectionMs
	}),
	on: {
		RESULT: { actions: 'count' },
		LOCAL: { actions: 'countLocal' },
		RESET: { actions: 'reset' }
	},
	states: {
		healthy: {
			on: {
				EJECT: { target: 'ejected', actions: 'eject' },
				SWEEP: { actions: 'decay' }
			}
		},
		ejected: {
			// every sweep checks every ejected host (checkHostForUneject)
			on: { UNEJECT: { guard: 'ejectionTimeElapsed', target: 'healthy', actions: 'uneject' } }
		}
	}
});

export type OutlierDetectorEvent =
	| { type: 'DETECTED'; t: number; which: EjectionType }
	/** ejectHost(): `enforced` is the enforcing_* percentage draw for this detection */
	| { type: 'EJECT_REQUEST'; t: number; host: string; enforced: boolean }
	| { type: 'UNEJECTED'; t: number; host: string }
	| { type: 'SWEEP'; t: number };

export interface OutlierDetectorInput {
	hostCount: number;
	panicThresholdPercent: number;
	maxEjectionPercent: number;
	alwaysEjectOneHost: boolean;
}

export const outlierDetectorMachine = setup({
	types: {
		context: {} as OutlierDetectorContext,
		events: {} as OutlierDetectorEvent,
		input: {} as OutlierDetectorInput
	},
	guards: {
		panic: ({ context: c }) => inPanic(c.hostCount - c.ejected.length, c.hostCount, c.panicThresholdPercent),
		someEjected: ({ context: c }) => c.ejected.length > 0,
		noneEjected: ({ context: c }) => c.ejected.length === 0,
		calmNone: ({ context: c }) => c.ejected.length === 0 && !inPanic(c.hostCount, c.hostCount, c.panicThresholdPercent),
		calmSome: ({ context: c }) =>
			c.ejected.length > 0 && !inPanic(c.hostCount - c.ejected.length, c.hostCount, c.panicThresholdPercent),
		// ejectHost(): max_ejection_percent caps how many hosts are out at once
		ejectionCapReached: ({ context: c }) => !mayEject(c.ejected.length, c.hostCount, c.maxEjectionPercent, c.alwaysEjectOneHost),
		enforced: ({ event }) => event.type === 'EJECT_REQUEST' && event.enforced
	},
	actions: {
		detected: assign(({ context: c, event }) => {
			if (event.type !== 'DETECTED') return {};
			const key = {
				CONSECUTIVE_5XX: 'ejections_detected_consecutive_5xx',
				CONSECUTIVE_GATEWAY_FAILURE: 'ejections_detected_consecutive_gateway_failure',
				CONSECUTIVE_LOCAL_ORIGIN_FAILURE: 'ejections_detected_consecutive_local_origin_failure'
			}[event.which] as keyof OutlierDetectorContext['stats'];
			return { stats: { ...c.stats, [key]: c.stats[key] + 1 } };
		}),
		ejected: assign(({ context: c, event }) => {
			if (event.type !== 'EJECT_REQUEST') return {};
			const ejected = [...c.ejected, event.host];
			return {
				ejected,
				lastDecision: 'ejected' as const,
				stats: { ...c.stats, ejections_active: ejected.length, ejections_enforced_total: c.stats.ejections_enforced_total + 1 }
			};
		}),
		overflow: assign(({ context: c }) => ({ lastDecision: 'overflow' as const, stats: { ...c.stats, ejections_overflow: c.stats.ejections_overflow + 1 } })),
		notEnforced: assign({ lastDecision: 'notEnforced' as const }),
		unejected: assign(({ context: c, event }) => {
			if (event.type !== 'UNEJECTED') return {};
			const ejected = c.ejected.filter((h) => h !== event.host);
			return { ejected, stats: { ...c.stats, ejections_active: ejected.length } };
		}),
		swept: assign(({ event }) => ({ lastSweepAt: event.t }))
	}
}).createMachine({
	id: 'outlierDetector',
	initial: 'allHealthy',
	context: ({ input }) => ({
		hostCount: input.hostCount,
		ejected: [],
		panicThresholdPercent: input.panicThresholdPercent,
		maxEjectionPercent: input.maxEjectionPercent,
		alwaysEjectOneHost: input.alwaysEjectOneHost,
		lastDecision: null,
		stats: {
			ejections_active: 0,
			ejections_enforced_total: 0,
			ejections_detected_consecutive_5xx: 0,
			ejections_detected_consecutive_gateway_failure: 0,
			ejections_detected_consecutive_local_origin_failure: 0,
			ejections_overflow: 0
		},
		lastSweepAt: null
	}),
	on: {
		DETECTED: { actions: 'detected' },
		EJECT_REQUEST: [{ guard: 'ejectionCapReached', actions: 'overflow' }, { guard: 'enforced', actions: 'ejected' }, { actions: 'notEnforced' }],
		UNEJECTED: { actions: 'unejected' },
		SWEEP: { actions: 'swept' }
	},
	states: {
		allHealthy: { always: [{ guard: 'panic', target: 'panic' }, { guard: 'someEjected', target: 'ejecting' }] },
		ejecting: { always: [{ guard: 'panic', target: 'panic' }, { guard: 'noneEjected', target: 'allHealthy' }] },
		panic: { always: [{ guard: 'calmNone', target: 'allHealthy' }, { guard: 'calmSome', target: 'ejecting' }] }
	}
});

export const OUTLIER_HOST_DESCRIPTION = describeMachine(outlierHostMachine, 'Envoy outlier detection, one per upstream host');
export const OUTLIER_DETECTOR_DESCRIPTION = describeMachine(outlierDetectorMachine, 'Envoy outlier detector: interval sweep, max_ejection_percent, panic threshold');

// ---- the detector as the simulator uses it ----

type HostTracked = Tracked<ActorRefFrom<typeof outlierHostMachine>>;
type DetectorTracked = Tracked<ActorRefFrom<typeof outlierDetectorMachine>>;

export interface OutlierDetector {
	cfg: OutlierConfig;
	hostMachines: HostTracked[];
	detector: DetectorTracked;
	ejections: Ejection[];
	/** an HTTP status from the upstream (or a local failure mapped to 503/504) */
	putHttp(host: string, status: number, t: number): void;
	/** local-origin outcome (connect failure or success); only meaningful with the split */
	putLocal(host: string, failed: boolean, t: number): void;
	/** a request or per-try timeout (Envoy LOCAL_ORIGIN_TIMEOUT: 504 without the split, a local failure with it) */
	putTimeout(host: string, t: number): void;
	sweep(t: number): void;
	isEjected(host: string): boolean;
	/** hosts the load balancer may use, and whether that is because of panic */
	eligible(all: string[]): { hosts: string[]; panic: boolean };
}

export function createOutlierDetector(cfg: OutlierConfig, hosts: string[], rng: Rng): OutlierDetector {
	const thresholds = { c5xx: cfg.consecutive5xx, gateway: cfg.consecutiveGatewayFailure, local: cfg.consecutiveLocalOriginFailure };
	const byHost = new Map<string, HostTracked>();
	for (const h of hosts)
		byHost.set(h, track(`outlier:${h}`, 'outlierHost', outlierHostMachine, { host: h, thresholds, baseEjectionMs: cfg.baseEjectionMs, maxEjectionMs: cfg.maxEjectionMs }));
	const detector = track('outlier-detector', 'outlierDetector', outlierDetectorMachine, {
		hostCount: hosts.length,
		panicThresholdPercent: cfg.panicThresholdPercent,
		maxEjectionPercent: cfg.maxEjectionPercent,
		alwaysEjectOneHost: cfg.alwaysEjectOneHost
	});
	const ejections: Ejection[] = [];
	const hc = (h: string) => byHost.get(h)!.actor.getSnapshot().context;
	const isEjected = (h: string) => byHost.get(h)?.actor.getSnapshot().value === 'ejected';

	const enforcing = (which: EjectionType) =>
		which === 'CONSECUTIVE_5XX'
			? cfg.enforcingConsecutive5xx
			: which === 'CONSECUTIVE_GATEWAY_FAILURE'
				? cfg.enforcingConsecutiveGatewayFailure
				: cfg.enforcingConsecutiveLocalOriginFailure;

	// onConsecutiveErrorWorker(), once per detected streak in posting order:
	// an already-ejected host is ignored (its counters keep running);
	// otherwise the detector decides (cap, enforcement) and the streak resets.
	const handleDetections = (host: string, t: number) => {
		const tr = byHost.get(host)!;
		for (const which of [...hc(host).detected]) {
			if (isEjected(host)) return;
			send(detector, { type: 'DETECTED', t, which });
			send(detector, { type: 'EJECT_REQUEST', t, host, enforced: rng.chance(enforcing(which)) });
			if (detector.actor.getSnapshot().context.lastDecision === 'ejected') {
				send(tr, { type: 'EJECT', t });
				const c = hc(host);
				ejections.push({ host, at: t, until: unejectAt(t, ejectionDurationMs(cfg, c.backoff), cfg.intervalMs), type: which, count: c.numEjections });
			}
			send(tr, { type: 'RESET', t, which });
		}
	};

	return {
		cfg,
		hostMachines: [...byHost.values()],
		detector,
		ejections,
		putHttp(host, status, t) {
			const tr = byHost.get(host);
			if (!tr) return;
			if (cfg.splitExternalLocalOriginErrors) send(tr, { type: 'LOCAL', t, failed: false });
			send(tr, { type: 'RESULT', t, status });
			handleDetections(host, t);
		},
		putLocal(host, failed, t) {
			const tr = byHost.get(host);
			if (!tr) return;
			// Without the split, local failures are mapped to HTTP codes (connect failure → 503).
			if (!cfg.splitExternalLocalOriginErrors) {
				if (failed) send(tr, { type: 'RESULT', t, status: 503 });
			} else send(tr, { type: 'LOCAL', t, failed });
			handleDetections(host, t);
		},
		putTimeout(host, t) {
			const tr = byHost.get(host);
			if (!tr) return;
			// resultToHttpCode(): LocalOriginTimeout → 504 Gateway Timeout
			if (!cfg.splitExternalLocalOriginErrors) send(tr, { type: 'RESULT', t, status: 504 });
			else send(tr, { type: 'LOCAL', t, failed: true });
			handleDetections(host, t);
		},
		sweep(t) {
			// onIntervalTimer(): checkHostForUneject() for every host (the machine's guard decides), then the backoff decay
			for (const [host, tr] of byHost) {
				if (!isEjected(host)) continue;
				send(tr, { type: 'UNEJECT', t });
				if (!isEjected(host)) send(detector, { type: 'UNEJECTED', t, host });
			}
			for (const tr of byHost.values()) send(tr, { type: 'SWEEP', t, intervalMs: cfg.intervalMs });
			send(detector, { type: 'SWEEP', t });
		},
		isEjected,
		eligible(all) {
			const healthy = all.filter((h) => !isEjected(h));
			const panic = inPanic(healthy.length, all.length, cfg.panicThresholdPercent);
			return { hosts: panic ? all : healthy, panic };
		}
	};
}
