// Route retries and timeouts in the simulator, from the VirtualService mesh/
// chose — the same route route() applies.
// Sources: istio pilot/pkg/networking/core/route/retry/retry.go (DefaultPolicy:
// 2 retries, retry_on connect-failure,refused-stream,unavailable,cancelled,
// retriable-status-codes, retriable_status_codes [503], previous_hosts;
// ConvertPolicy: attempts 0 disables, integers in retryOn become codes);
// envoy source/common/router/retry_state_impl.cc (never retry overflow; a
// per-try timeout is retried only under 5xx/gateway-error); Istio task
// "Request Timeouts" (504 after the route timeout).
import { describe, expect, it } from 'vitest';
import { simulate, budgetProblem, type SimOptions } from '../../src/lib/resilience/index';
import { envoyRetryPolicy, isRetriable, DEFAULT_RETRIES } from '../../src/lib/mesh/index';
import { memoryIO } from '../../src/cli/io';
import { run } from '../../src/cli/commands/simulate';
import { cluster } from './resilience-helpers';

const base: Omit<SimOptions, 'target'> = { rps: 10, durationS: 10, concurrency: 1, requestDurationMs: 50, seed: 3 };
const vs = (http: string) => `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
${http}`;
const drPlain = `  trafficPolicy:\n    loadBalancer: {simple: ROUND_ROBIN}\n`;

describe("Istio's default retry policy (no VirtualService)", () => {
	const r = cluster([1, 1], drPlain);
	const res = simulate(r.cluster, { ...base, target: 'web', failures: [{ pod: 'web-v1', startS: 0, endS: 100, status: 'connect-failure' }] });

	it('the route carries DefaultPolicy', () => {
		expect(res.route?.retries).toEqual(DEFAULT_RETRIES);
		expect(res.route?.retryPolicy).toEqual({
			numRetries: 2,
			retryOn: ['connect-failure', 'refused-stream', 'unavailable', 'cancelled', 'retriable-status-codes'],
			retriableStatusCodes: [503],
			perTryTimeoutMs: null,
			previousHosts: true
		});
	});
	it('hides every connect failure of the one bad host: the retry goes to the other host (previous_hosts)', () => {
		expect(res.summary.total).toBe(100);
		expect(res.summary.ok).toBe(100);
		const retried = res.events.filter((e) => e.attempts === 2);
		expect(retried.length).toBeGreaterThan(0);
		expect(retried.every((e) => e.host?.startsWith('web-v2-'))).toBe(true);
	});
	it('attempts: 0 turns retries off and the failures reach the client (503 UF)', () => {
		const off = cluster([1, 1], drPlain + vs('  - route: [{destination: {host: web}}]\n    retries: {attempts: 0}\n'));
		const x = simulate(off.cluster, { ...base, target: 'web', failures: [{ pod: 'web-v1', startS: 0, endS: 100, status: 'connect-failure' }] });
		expect(x.route?.retryPolicy).toBeNull();
		expect(x.summary.errors5xx).toBe(50);
		expect(x.events.filter((e) => e.flag === 'UF').every((e) => e.host?.startsWith('web-v1-') && e.attempts === 1)).toBe(true);
	});
	it('503 from the app is retried (code 503), 500 is not', () => {
		const a = simulate(r.cluster, { ...base, target: 'web', failures: [{ pod: 'web-v1', startS: 0, endS: 100, status: 503 }] });
		expect(a.summary.ok).toBe(100);
		const b = simulate(r.cluster, { ...base, target: 'web', failures: [{ pod: 'web-v1', startS: 0, endS: 100, status: 500 }] });
		expect(b.summary.errors5xx).toBe(50);
		expect(b.events.every((e) => e.attempts === 1)).toBe(true);
	});
});

describe('VirtualService retries and timeout', () => {
	it('retryOn integers become retriable status codes (ConvertPolicy / parseRetryOn)', () => {
		const x = cluster([1], drPlain + vs('  - route: [{destination: {host: web}}]\n    retries: {attempts: 4, retryOn: "connect-failure,502"}\n'));
		const res = simulate(x.cluster, { ...base, target: 'web', durationS: 1 });
		expect(res.route?.retries).toMatchObject({ attempts: 4, retryOn: 'connect-failure,retriable-status-codes', retriableStatusCodes: [502], defaulted: false });
		expect(res.route?.virtualService).toBe('default/web');
		expect(res.route?.rule).toBe(0);
	});

	it('perTryTimeout shorter than the app: every try ends 504 UT, 1 + attempts tries, each try ≥ perTryTimeout', () => {
		const x = cluster([2], drPlain + vs('  - route: [{destination: {host: web}}]\n    retries: {attempts: 3, perTryTimeout: 100ms, retryOn: 5xx}\n'));
		const res = simulate(x.cluster, { ...base, target: 'web', requestDurationMs: 250, rps: 1, durationS: 3 });
		expect(res.events.map((e) => [e.status, e.flag, e.attempts])).toEqual([
			[504, 'UT', 4],
			[504, 'UT', 4],
			[504, 'UT', 4]
		]);
		// 4 × 100 ms plus three jittered back-offs ≤ 25, 75, 175 ms
		for (const e of res.events) {
			const d = Math.round((e.t - e.sentAt) * 1000);
			expect(d).toBeGreaterThanOrEqual(400);
			expect(d).toBeLessThanOrEqual(675);
		}
	});

	it('perTryTimeout with retryOn connect-failure only: the per-try timeout is not retried', () => {
		const x = cluster([1], drPlain + vs('  - route: [{destination: {host: web}}]\n    retries: {attempts: 3, perTryTimeout: 100ms, retryOn: connect-failure}\n'));
		const res = simulate(x.cluster, { ...base, target: 'web', requestDurationMs: 250, rps: 1, durationS: 1 });
		// 1 ms to connect, then the per-try timer (started when the try gets its connection) fires at 100 ms
		expect(res.events.map((e) => [e.status, e.flag, e.attempts, e.t - e.sentAt])).toEqual([[504, 'UT', 1, 0.101]]);
	});

	it('route timeout: 504 UT exactly timeout after the send, across all tries', () => {
		const x = cluster([1], drPlain + vs('  - route: [{destination: {host: web}}]\n    timeout: 1s\n'));
		const res = simulate(x.cluster, { ...base, target: 'web', requestDurationMs: 3000, rps: 1, durationS: 3 });
		expect(res.route?.timeoutMs).toBe(1000);
		expect(res.events.map((e) => [e.sentAt, e.t, e.status, e.flag])).toEqual([
			[0, 1, 504, 'UT'],
			[1, 2, 504, 'UT'],
			[2, 3, 504, 'UT']
		]);
	});

	it('a header-matched rule applies its own retries; the simulator reads the same rule as route()', () => {
		const x = cluster(
			[1],
			drPlain + vs('  - match: [{headers: {x-test: {exact: "1"}}}]\n    route: [{destination: {host: web}}]\n    retries: {attempts: 5}\n  - route: [{destination: {host: web}}]\n    retries: {attempts: 1}\n')
		);
		const res = simulate(x.cluster, { ...base, target: 'web', durationS: 1 });
		expect(res.route?.rule).toBe(1);
		expect(res.route?.retries?.attempts).toBe(1);
	});
});

describe('retry_on conditions (retry_state_impl.cc)', () => {
	const p = (retryOn: string) => envoyRetryPolicy({ attempts: 1, perTryTimeoutMs: null, retryOn, retriableStatusCodes: [], defaulted: false })!;
	it.each([
		['5xx', { kind: 'response', status: 500 }, true],
		['5xx', { kind: 'reset' }, true],
		['5xx', { kind: 'per-try-timeout' }, true],
		['gateway-error', { kind: 'response', status: 500 }, false],
		['gateway-error', { kind: 'response', status: 504 }, true],
		['gateway-error', { kind: 'connect-failure' }, true],
		['connect-failure', { kind: 'connect-failure' }, true],
		['connect-failure', { kind: 'reset' }, false],
		['connect-failure', { kind: 'per-try-timeout' }, false],
		['reset', { kind: 'per-try-timeout' }, false],
		['retriable-4xx', { kind: 'response', status: 409 }, true],
		['5xx,reset,gateway-error', { kind: 'overflow' }, false]
	] as const)('%s retries %o: %s', (on, o, want) => {
		expect(isRetriable(p(on), o)).toBe(want);
	});
});

describe('back-to-back (rps 0) and the budget', () => {
	it('rps 0 with instant 503 UO replies ends; a worker sends at most once per ms', () => {
		const x = cluster([1], `  trafficPolicy:\n    connectionPool: {tcp: {maxConnections: 1}, http: {http1MaxPendingRequests: 1}}\n`);
		const res = simulate(x.cluster, { ...base, target: 'web', rps: 0, concurrency: 5, durationS: 2, requestDurationMs: 100 });
		expect(res.summary.overflow503).toBeGreaterThan(0);
		expect(res.summary.total).toBeLessThanOrEqual(5 * 2000);
		expect(Math.max(...res.events.map((e) => e.sentAt))).toBeLessThan(2);
	});
	it('rps 0 with instant local 429 replies ends', () => {
		const x = cluster([1], drPlain);
		const res = simulate(x.cluster, { ...base, target: 'web', rps: 0, concurrency: 2, durationS: 1, requestDurationMs: 0, localRateLimit: { maxTokens: 1, tokensPerFill: 1, fillIntervalMs: 1000, enabledPercent: 100, enforcedPercent: 100 } });
		expect(res.summary.ratelimited429).toBeGreaterThan(0);
		expect(res.summary.total).toBeLessThanOrEqual(2 * 1000);
	});
	it('a plan over the budget is refused with a clear message', () => {
		expect(budgetProblem({ rps: 10, durationS: 86_400, concurrency: 1 })).toBe(
			"864000 requests (10 rps × 86400s) exceed the simulator's budget of 200000; lower --rps or shorten --duration"
		);
		expect(budgetProblem({ rps: 1, durationS: 86_401, concurrency: 1 })).toMatch(/longer than the simulator's limit/);
		const x = cluster([1], drPlain);
		const res = simulate(x.cluster, { ...base, target: 'web', durationS: 86_400 });
		expect(res.events).toEqual([]);
		expect(res.findings.map((f) => f.code)).toContain('resilience-budget');
	});
	it('24 h at a low rate runs without deep recursion: one timeline bucket per second', () => {
		const x = cluster([1], drPlain);
		const res = simulate(x.cluster, { ...base, target: 'web', rps: 0.01, durationS: 86_400 });
		expect(res.summary.total).toBe(864);
		expect(res.timeline).toHaveLength(86_400);
	});
	it('CLI: --duration 24h at the default 10 rps is a usage error naming the budget', async () => {
		const file = 'w.yaml';
		const { text } = { text: `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n` };
		const m = memoryIO({ [file]: text });
		expect(await run([file, '--target', 'web', '--duration', '24h'], m)).toBe(2);
		expect(m.stderr).toContain("exceed the simulator's budget of 200000");
	});
});
