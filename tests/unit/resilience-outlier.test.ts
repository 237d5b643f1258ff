// Outlier detection streaks, checked against Envoy's own unit tests
// (test/common/upstream/outlier_detection_impl_test.cc) with pinned times.
// Envoy counts the gateway-failure streak and the 5xx streak independently
// (source/common/upstream/outlier_detection_impl.cc, putHttpResponseCode):
// one reply can fire both, and each detection is handled on its own.
import { describe, expect, it } from 'vitest';
import { createOutlierDetector, ENVOY_OUTLIER_DEFAULTS, OUTLIER_DETECTOR_DESCRIPTION, OUTLIER_HOST_DESCRIPTION, type OutlierConfig } from '../../src/lib/resilience/outlier';
import { makeRng } from '../../src/lib/util';
import { CONN_POOL_DESCRIPTION, createConnPool, ISTIO_POOL_DEFAULTS } from '../../src/lib/resilience/connpool';
import { TOKEN_BUCKET_DESCRIPTION } from '../../src/lib/resilience/ratelimit';
import { MIXER_QUOTA_DESCRIPTION } from '../../src/lib/resilience/quota';

// Envoy defaults with max_ejection_percent 100 (the tests' runtime override)
const cfg = (o: Partial<OutlierConfig> = {}): OutlierConfig => ({ ...ENVOY_OUTLIER_DEFAULTS, maxEjectionPercent: 100, panicThresholdPercent: 0, ...o });
const stats = (d: ReturnType<typeof createOutlierDetector>) => d.detector.actor.getSnapshot().context.stats;

describe('consecutive 5xx and gateway streaks are independent (Envoy BasicFlow5xxViaNonHttpCodes)', () => {
	it('connect failures eject at the default consecutive_5xx (5) although the gateway detection is not enforced', () => {
		const d = createOutlierDetector(cfg(), ['h0', 'h1'], makeRng(1));
		d.putLocal('h0', true, 0);
		d.putHttp('h0', 200, 0);
		for (let i = 0; i < 4; i++) d.putLocal('h0', true, 0);
		expect(d.isEjected('h0')).toBe(false);
		d.putLocal('h0', true, 0);
		expect(d.isEjected('h0')).toBe(true);
		// logEject(CONSECUTIVE_GATEWAY_FAILURE, enforced=false) then logEject(CONSECUTIVE_5XX, true)
		expect(stats(d)).toMatchObject({ ejections_detected_consecutive_gateway_failure: 1, ejections_detected_consecutive_5xx: 1, ejections_enforced_total: 1, ejections_active: 1 });
		expect(d.ejections).toEqual([{ host: 'h0', at: 0, until: 30_000, type: 'CONSECUTIVE_5XX', count: 1 }]);
		// interval at 9999 ms does not bring it back; 30001 ms does
		d.sweep(9999);
		expect(d.isEjected('h0')).toBe(true);
		d.sweep(30_001);
		expect(d.isEjected('h0')).toBe(false);
		// ejected again after the unejection (counters were reset by uneject)
		for (let i = 0; i < 4; i++) d.putLocal('h0', true, 40_000);
		expect(d.isEjected('h0')).toBe(false);
		d.putLocal('h0', true, 40_000);
		expect(d.isEjected('h0')).toBe(true);
		expect(stats(d)).toMatchObject({ ejections_detected_consecutive_gateway_failure: 2, ejections_detected_consecutive_5xx: 2, ejections_enforced_total: 2 });
	});

	it('503 replies eject at the fifth one under Istio defaults (consecutive5xxErrors 5, gateway not enforced)', () => {
		const d = createOutlierDetector(cfg(), ['h0', 'h1'], makeRng(1));
		for (let t = 1; t <= 4; t++) d.putHttp('h0', 503, t * 100);
		expect(d.isEjected('h0')).toBe(false);
		d.putHttp('h0', 503, 500);
		expect(d.ejections.map((e) => [e.host, e.at, e.type])).toEqual([['h0', 500, 'CONSECUTIVE_5XX']]);
	});
});

describe('gateway streak enforced, 5xx not (Envoy BasicFlowGatewayFailure)', () => {
	it('detects 5xx without ejecting, then ejects on the fifth consecutive gateway error', () => {
		const d = createOutlierDetector(cfg({ enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0 }), ['h0', 'h1'], makeRng(1));
		d.putHttp('h0', 503, 0);
		d.putHttp('h0', 500, 0); // a non-gateway 5xx zeroes the gateway streak only
		d.putHttp('h0', 503, 0);
		d.putHttp('h0', 503, 0);
		d.putHttp('h0', 503, 0); // 5xx streak reaches 5: detected, not enforced
		expect(stats(d).ejections_detected_consecutive_5xx).toBe(1);
		d.putHttp('h0', 503, 0);
		expect(d.isEjected('h0')).toBe(false);
		d.putHttp('h0', 503, 0); // gateway streak reaches 5
		expect(d.isEjected('h0')).toBe(true);
		expect(d.ejections.map((e) => e.type)).toEqual(['CONSECUTIVE_GATEWAY_FAILURE']);
		expect(stats(d)).toMatchObject({ ejections_detected_consecutive_gateway_failure: 1, ejections_enforced_total: 1 });
	});
});

describe('decisions live in the machines as guards', () => {
	it('the host machine unejects only through ejectionTimeElapsed', () => {
		expect(OUTLIER_HOST_DESCRIPTION.transitions).toContainEqual({ from: 'ejected', event: 'UNEJECT', to: 'healthy', guard: 'ejectionTimeElapsed' });
	});
	it('the detector applies max_ejection_percent (ejectionCapReached) before the enforcement draw', () => {
		const req = OUTLIER_DETECTOR_DESCRIPTION.transitions.filter((t) => t.event === 'EJECT_REQUEST' && t.from === 'allHealthy');
		expect(req.map((t) => t.guard ?? null)).toEqual(['ejectionCapReached', 'enforced', null]);
	});
	it('with 10 % of 3 hosts the cap refuses the first ejection (ejections_overflow)', () => {
		const d = createOutlierDetector(cfg({ maxEjectionPercent: 10 }), ['h0', 'h1', 'h2'], makeRng(1));
		for (let i = 0; i < 5; i++) d.putHttp('h0', 500, 0);
		expect(d.isEjected('h0')).toBe(false);
		expect(stats(d)).toMatchObject({ ejections_overflow: 1, ejections_enforced_total: 0 });
		expect(d.detector.actor.getSnapshot().context.lastDecision).toBe('overflow');
	});
});

describe('circuit breakers, token bucket and quota decide through their machine guards', () => {
	it('the connection pool draws max_connections, max_pending_requests, max_requests and max_retries as guards', () => {
		const guarded = CONN_POOL_DESCRIPTION.transitions.filter((t) => t.from === 'idle' && t.guard && t.event !== 'always').map((t) => `${t.event} [${t.guard}]`);
		expect(guarded).toEqual(['CX_REQUEST [maxConnectionsReached]', 'RQ_QUEUE [maxPendingReached]', 'RQ_ATTACH [maxRequestsReached]', 'RETRY_REQUEST [maxRetriesReached]']);
	});
	it('max_retries 1: the second concurrent retry overflows (upstream_rq_retry_overflow)', () => {
		const pool = createConnPool({ ...ISTIO_POOL_DEFAULTS, maxRetries: 1 }, 1);
		expect(pool.tryRetry(0)).toBe(true);
		expect(pool.tryRetry(0)).toBe(false);
		expect(pool.context().stats.upstream_rq_retry_overflow).toBe(1);
		pool.retryDone(5);
		expect(pool.tryRetry(5)).toBe(true);
	});
	it('token bucket and quota requests are decided by guards', () => {
		expect(TOKEN_BUCKET_DESCRIPTION.transitions.filter((t) => t.from === 'available' && t.event === 'REQUEST').map((t) => t.guard ?? null)).toEqual(['tokenAvailable', 'enforced', null]);
		expect(MIXER_QUOTA_DESCRIPTION.transitions.filter((t) => t.from === 'available' && t.event === 'REQUEST').map((t) => t.guard ?? null)).toEqual(['quotaLeft', null]);
	});
});
