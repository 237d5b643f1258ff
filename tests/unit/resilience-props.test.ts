// Property tests (fast-check): bucket bounds, ejection cap, determinism.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createActor } from 'xstate';
import { tokenBucketMachine, tokensOf, simulate, maxEjectable, type TokenBucketContext } from '../../src/lib/resilience/index';
import { cluster } from './resilience-helpers';

describe('properties', () => {
	it('a token bucket never holds more than max_tokens nor fewer than 0', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 50 }),
				fc.integer({ min: 1, max: 50 }),
				fc.integer({ min: 50, max: 5000 }),
				fc.constantFrom('timer' as const, 'continuous' as const),
				fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.boolean()), { maxLength: 200 }),
				(max, perFill, fill, mode, steps) => {
					const a = createActor(tokenBucketMachine, { input: { cfg: { maxTokens: max, tokensPerFill: perFill, fillIntervalMs: fill, mode, enabledPercent: 100, enforcedPercent: 100 } } });
					a.start();
					let t = 0;
					for (const [dt, req] of steps) {
						t += dt;
						a.send(req ? { type: 'REQUEST', t } : { type: 'SYNC', t });
						const tok = tokensOf(a.getSnapshot().context as TokenBucketContext);
						if (tok > max || tok < 0) return false;
					}
					return true;
				}
			),
			{ numRuns: 200 }
		);
	});

	it('ejected hosts never exceed the max_ejection_percent cap', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 10 }),
				fc.integer({ min: 1, max: 100 }),
				fc.integer({ min: 1, max: 3 }),
				fc.integer({ min: 0, max: 1000 }),
				(hosts, pct, c5, seed) => {
					const r = cluster([hosts], `  trafficPolicy:\n    outlierDetection: {consecutive5xxErrors: ${c5}, interval: 1s, baseEjectionTime: 2s, maxEjectionPercent: ${pct}}\n`);
					const res = simulate(r.cluster, { target: 'web', rps: 40, concurrency: 4, durationS: 6, requestDurationMs: 20, seed, failures: [{ pod: 'web', startS: 0, endS: 100, status: 503, percent: 70 }] });
					const cap = maxEjectable(hosts, pct);
					const d = res.machineStates.find((m) => m.kind === 'outlierDetector');
					if (!d) return false;
					// replay ejections and returns in time order
					const changes = res.summary.ejections.flatMap((e) => [
						{ t: e.at, d: 1 },
						{ t: e.until, d: -1 }
					]);
					changes.sort((a, b) => a.t - b.t || a.d - b.d);
					let n = 0;
					for (const c of changes) {
						n += c.d;
						if (n > cap) return false;
					}
					return true;
				}
			),
			{ numRuns: 40 }
		);
	}, 60_000);

	it('the same seed gives the same event list', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 6 }), (seed, conc) => {
				const r = cluster([3], `  trafficPolicy:\n    connectionPool: {tcp: {maxConnections: 2}, http: {http1MaxPendingRequests: 2}}\n    outlierDetection: {consecutive5xxErrors: 2, interval: 1s, baseEjectionTime: 2s, maxEjectionPercent: 50}\n`);
				const o = { target: 'web', rps: 30, concurrency: conc, durationS: 4, requestDurationMs: 60, seed, failures: [{ pod: 'web', startS: 1, endS: 3, status: 503, percent: 50 }] };
				expect(simulate(r.cluster, o).events).toEqual(simulate(r.cluster, o).events);
			}),
			{ numRuns: 15 }
		);
	});
});
