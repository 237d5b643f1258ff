// Resilience engine: exact transition times of the Envoy and textbook machines.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
	simulate,
	createSimulation,
	maxEjectable,
	mayEject,
	inPanic,
	textbookBreakerMachine,
	tokenBucketMachine,
	tokensOf,
	describeMachine,
	RESILIENCE4J_DEFAULTS,
	type SimOptions,
	type TokenBucketContext
} from '../../src/lib/resilience/index';
import { cluster } from './resilience-helpers';

const base: Omit<SimOptions, 'target'> = { rps: 1, durationS: 10, concurrency: 1, requestDurationMs: 50, seed: 1 };

describe('outlier detection timing', () => {
	const r = cluster(
		[1],
		`  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: 2
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 100
`
	);
	const res = simulate(r.cluster, { ...base, target: 'web', durationS: 120, failures: [{ pod: 'web-v1', startS: 0, endS: 1000, status: 500 }] });

	it('ejects at the second consecutive 5xx and returns the host at the first sweep ≥ 30 s later', () => {
		// responses at 0.05 s and 1.05 s → ejected at 1.05; 1.05 + 30 = 31.05 → sweep at 40 s
		expect(res.summary.ejections[0]).toEqual({ host: res.hosts[0], at: 1.05, until: 40 });
	});

	it('the second ejection lasts base × 2 = 60 s: back at the first sweep ≥ 101.05 s, i.e. 110 s', () => {
		// back at 40 s, fails at 40.05 and 41.05 → ejected at 41.05
		expect(res.summary.ejections[1]).toEqual({ host: res.hosts[0], at: 41.05, until: 110 });
		// third: base × 3 = 90 s → 201.05 → 210 s (projected beyond the run)
		expect(res.summary.ejections[2]).toEqual({ host: res.hosts[0], at: 111.05, until: 210 });
	});

	it('records the host machine transitions at those exact times', () => {
		const host = res.machineStates.find((m) => m.kind === 'outlierHost')!;
		expect(host.changes).toEqual([
			{ t: 0, state: 'healthy' },
			{ t: 1.05, state: 'ejected' },
			{ t: 40, state: 'healthy' },
			{ t: 41.05, state: 'ejected' },
			{ t: 110, state: 'healthy' },
			{ t: 111.05, state: 'ejected' }
		]);
	});

	it('while the only host is ejected (no panic threshold in Istio) requests get 503 UH at once', () => {
		const uh = res.events.filter((e) => e.flag === 'UH');
		expect(uh.length).toBeGreaterThan(0);
		expect(uh.every((e) => e.t === e.sentAt && e.host === null && e.outcome === '503')).toBe(true);
		expect(res.events.find((e) => e.sentAt === 2)!.flag).toBe('UH');
		expect(res.events.find((e) => e.sentAt === 40)!.flag).toBe(null);
	});

	it('the backoff decays by one per quiet interval after a host is back', () => {
		const r2 = cluster([1], `  trafficPolicy:\n    outlierDetection: {consecutive5xxErrors: 2, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 100}\n`);
		// fails 0–2 s (ejected 1.05, back at 40), healthy until 100 s (backoff 1→0 at the sweep of 50), fails again
		// 500: not in Istio's default retriable codes (503 only), so no retry changes the streaks
		const x = simulate(r2.cluster, { ...base, target: 'web', durationS: 130, failures: [{ pod: 'web-v1', startS: 0, endS: 2, status: 500 }, { pod: 'web-v1', startS: 100, endS: 200, status: 500 }] });
		expect(x.summary.ejections.map((e) => [e.at, e.until])).toEqual([
			[1.05, 40],
			[101.05, 140]
		]);
	});
});

describe('max_ejection_percent (Envoy: 100 × (ejected + 1) / hosts ≤ max)', () => {
	it('1, 3 and 10 hosts', () => {
		expect(maxEjectable(1, 100)).toBe(1);
		expect(maxEjectable(1, 10)).toBe(0);
		expect(maxEjectable(1, 10, true)).toBe(1);
		expect(maxEjectable(3, 10)).toBe(0);
		expect(maxEjectable(3, 10, true)).toBe(1);
		expect(maxEjectable(3, 34)).toBe(1);
		expect(maxEjectable(3, 66)).toBe(1);
		expect(maxEjectable(3, 67)).toBe(2);
		expect(maxEjectable(3, 100)).toBe(3);
		expect(maxEjectable(10, 10)).toBe(1);
		expect(maxEjectable(10, 25)).toBe(2);
		expect(maxEjectable(10, 100)).toBe(10);
		expect(mayEject(0, 10, 9)).toBe(false);
	});

	it('with 3 failing hosts and maxEjectionPercent 50 only one is ejected; the others count ejections_overflow', () => {
		const r = cluster([3], `  trafficPolicy:\n    outlierDetection: {consecutive5xxErrors: 1, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}\n`);
		const res = simulate(r.cluster, { ...base, target: 'web', rps: 30, concurrency: 3, durationS: 5, failures: [{ pod: 'web', startS: 0, endS: 100, status: 500 }] });
		expect(res.summary.ejections).toHaveLength(1);
		expect(res.stats.outlier!.ejections_overflow).toBeGreaterThan(0);
	});

	it('panic uses Envoy overprovisioning factor 1.4', () => {
		expect(inPanic(1, 3, 50)).toBe(true); // 46.7% < 50
		expect(inPanic(2, 3, 50)).toBe(false);
		expect(inPanic(0, 3, 0)).toBe(false);
	});
});

describe('connection pool', () => {
	const r = cluster(
		[1],
		`  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 1}
      http: {http1MaxPendingRequests: 1, maxRequestsPerConnection: 1}
`
	);
	it('R1 takes the pending slot while the connection opens; R2 and R3 overflow with 503 UO at their arrival time', () => {
		const res = simulate(r.cluster, { ...base, target: 'web', rps: 3, concurrency: 3, durationS: 1, requestDurationMs: 500, connectMs: 1 });
		expect(res.events.map((e) => [e.id, e.t, e.outcome, e.flag])).toEqual([
			[2, 0, '503', 'UO'],
			[3, 0, '503', 'UO'],
			[1, 0.501, '2xx', null]
		]);
		expect(res.summary.overflow503).toBe(2);
		expect(res.stats.pool.upstream_rq_pending_overflow).toBe(2);
		expect(res.events[0].state).toBe('pendingFull');
	});

	it('every overflow is answered at the instant it arrives', () => {
		const res = simulate(r.cluster, { ...base, target: 'web', rps: 40, concurrency: 8, durationS: 3, requestDurationMs: 120 });
		const uo = res.events.filter((e) => e.flag === 'UO');
		expect(uo.length).toBeGreaterThan(10);
		for (const e of uo) expect(e.t).toBe(e.sentAt);
	});

	it('overflow does not feed outlier detection in today\'s Envoy, but did before 1.26', () => {
		const r2 = cluster([1], `  trafficPolicy:\n    connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}\n    outlierDetection: {consecutiveGatewayErrors: 2, interval: 2s, baseEjectionTime: 3m, maxEjectionPercent: 100}\n`);
		const o = { ...base, target: 'web', rps: 3, concurrency: 3, durationS: 1, requestDurationMs: 500 };
		expect(simulate(r2.cluster, o).summary.ejections).toEqual([]);
		expect(simulate(r2.cluster, { ...o, envoy: { overflowCountsForOutlier: true } }).summary.ejections).toEqual([{ host: expect.any(String), at: 0, until: 180 }]);
	});
});

describe('local rate limit token bucket', () => {
	for (const mode of ['timer', 'continuous'] as const) {
		it(`${mode}: 10 tokens, +5 per second: 10 of a burst of 15 pass, and 5 more one second later`, () => {
			const r = cluster([1], `  trafficPolicy: {}\n`);
			const res = simulate(r.cluster, {
				...base,
				target: 'web',
				rps: 0,
				concurrency: 0,
				durationS: 3,
				bursts: [
					{ atMs: 0, count: 15 },
					{ atMs: 1000, count: 15 }
				],
				connectMs: 0, // the sidecar sees the burst at the instant it is sent
				envoy: { tokenBucketMode: mode },
				localRateLimit: { maxTokens: 10, tokensPerFill: 5, fillIntervalMs: 1000, enabledPercent: 100, enforcedPercent: 100 }
			});
			const at = (s: number) => res.events.filter((e) => e.sentAt === s);
			expect(at(0).filter((e) => e.outcome === '2xx')).toHaveLength(10);
			expect(at(0).filter((e) => e.outcome === '429' && e.flag === 'RL')).toHaveLength(5);
			expect(at(1).filter((e) => e.outcome === '2xx')).toHaveLength(5);
			expect(at(1).filter((e) => e.flag === 'RL')).toHaveLength(10);
			for (const e of res.events.filter((x) => x.flag === 'RL')) expect(e.t).toBe(e.sentAt);
		});
	}

	it('the machine starts full and refills on the timer ticks', () => {
		const a = createActor(tokenBucketMachine, { input: { cfg: { maxTokens: 2, tokensPerFill: 1, fillIntervalMs: 1000, mode: 'timer', enabledPercent: 100, enforcedPercent: 100 } } });
		a.start();
		const tok = () => tokensOf(a.getSnapshot().context as TokenBucketContext);
		expect(tok()).toBe(2);
		a.send({ type: 'REQUEST', t: 0 });
		a.send({ type: 'REQUEST', t: 10 });
		expect(a.getSnapshot().value).toBe('empty');
		a.send({ type: 'SYNC', t: 999 });
		expect(tok()).toBe(0);
		a.send({ type: 'SYNC', t: 1000 });
		expect(tok()).toBe(1);
		expect(a.getSnapshot().value).toBe('available');
	});
});

describe('textbook breaker (resilience4j model)', () => {
	const cfg = { ...RESILIENCE4J_DEFAULTS, failureRateThreshold: 50, slidingWindowSize: 4, minimumNumberOfCalls: 4, waitDurationInOpenStateMs: 10_000, permittedNumberOfCallsInHalfOpenState: 2 };
	it('closed → open → half-open → closed / open at the right times', () => {
		const a = createActor(textbookBreakerMachine, { input: { cfg } });
		a.start();
		const seen: [number, string][] = [];
		const at = (ev: { type: 'CALL' | 'RESULT'; t: number; failure?: boolean }) => {
			a.send(ev as never);
			const s = String(a.getSnapshot().value);
			if (!seen.length || seen[seen.length - 1][1] !== s) seen.push([ev.t, s]);
		};
		at({ type: 'CALL', t: 0 });
		for (const [t, f] of [[1000, false], [2000, true], [3000, true]] as const) at({ type: 'RESULT', t, failure: f });
		expect(String(a.getSnapshot().value)).toBe('closed'); // 3 < minimumNumberOfCalls
		at({ type: 'RESULT', t: 4000, failure: false }); // 2 of 4 = 50% ≥ 50 → open
		at({ type: 'CALL', t: 13_999 });
		expect(a.getSnapshot().context.lastDecision).toBe('rejected');
		at({ type: 'CALL', t: 14_000 }); // wait elapsed → half-open, trial 1
		at({ type: 'CALL', t: 14_001 }); // trial 2
		at({ type: 'CALL', t: 14_002 });
		expect(a.getSnapshot().context.lastDecision).toBe('rejected');
		at({ type: 'RESULT', t: 14_100, failure: false });
		at({ type: 'RESULT', t: 14_200, failure: false }); // 0% → closed
		for (const t of [15_000, 15_001, 15_002, 15_003]) at({ type: 'RESULT', t, failure: true }); // open at 15 003
		at({ type: 'CALL', t: 25_003 });
		at({ type: 'CALL', t: 25_004 });
		at({ type: 'RESULT', t: 25_100, failure: true });
		at({ type: 'RESULT', t: 25_200, failure: false }); // 50% → open again
		expect(seen).toEqual([
			[0, 'closed'],
			[4000, 'open'],
			[14_000, 'halfOpen'],
			[14_200, 'closed'],
			[15_003, 'open'],
			[25_003, 'halfOpen'],
			[25_200, 'open']
		]);
	});

	it('in the simulator an open breaker fails calls fast with flag CB', () => {
		const r = cluster([1], `  trafficPolicy: {}\n`);
		const res = simulate(r.cluster, { ...base, target: 'web', rps: 10, durationS: 5, failures: [{ pod: 'web', startS: 0, endS: 100, status: 500 }], breaker: { ...cfg, waitDurationInOpenStateMs: 2000 } });
		const br = res.machineStates.find((m) => m.kind === 'textbookBreaker')!;
		// calls at 0, 0.1, 0.2, 0.3 fail at +50 ms → open at 0.35; next call after 2 s: 2.4 → half-open
		expect(br.changes.slice(0, 3)).toEqual([
			{ t: 0, state: 'closed' },
			{ t: 0.35, state: 'open' },
			{ t: 2.4, state: 'halfOpen' }
		]);
		expect(res.events.find((e) => e.sentAt === 0.4)!.flag).toBe('CB');
	});
});

describe('machines and step-wise API', () => {
	it('describes states and transitions for the UI', () => {
		const d = describeMachine(textbookBreakerMachine, 'x');
		expect(d.states).toEqual(['closed', 'open', 'halfOpen']);
		expect(d.transitions).toContainEqual({ from: 'open', event: 'CALL', to: 'halfOpen', guard: 'waitElapsed' });
		expect(d.transitions).toContainEqual({ from: 'halfOpen', event: 'RESULT', to: 'closed', guard: 'trialsPassed' });
	});

	it('next() yields the same events as simulate(), and snapshot() shows the live state', () => {
		const r = cluster([2], `  trafficPolicy:\n    connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}\n`);
		const o = { ...base, target: 'web', rps: 20, concurrency: 4, durationS: 2, requestDurationMs: 80 };
		const sim = createSimulation(r.cluster, o);
		const stepped = [];
		for (let e = sim.next(); e; e = sim.next()) stepped.push(e);
		expect(sim.snapshot().machines.some((m) => m.kind === 'connectionPool')).toBe(true);
		const all = simulate(r.cluster, o).events;
		expect([...stepped].sort((a, b) => a.t - b.t || a.id - b.id)).toEqual(all);
	});
});
