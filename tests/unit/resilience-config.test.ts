// Resilience configuration: Istio merge rules, findings with YAML lines, the
// EnvoyFilter and memquota readers, the CLI contract and the presets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { memoryIO } from '../../src/cli/io';
import { run, parseFail } from '../../src/cli/commands/simulate';
import { resolvePolicy, resolveService, validateDestinationRule, simulationOptions, simulate } from '../../src/lib/resilience/index';
import type { Finding } from '../../src/lib/manifest/types';
import { parseDuration } from '../../src/lib/util/duration';
import { cluster } from './resilience-helpers';

describe('DestinationRule → Envoy', () => {
	const r = cluster(
		[1, 1],
		`  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 10}
    outlierDetection:
      consecutiveErrors: 2
      interval: 2s
      baseEjectionTime: 3m
    portLevelSettings:
      - port: {number: 9999}
        connectionPool: {tcp: {maxConnections: 99}}
  subsets:
    - name: v2
      labels: {version: v2}
      trafficPolicy:
        connectionPool:
          http: {http1MaxPendingRequests: 7}
        portLevelSettings:
          - port: {number: 8080}
            loadBalancer: {simple: ROUND_ROBIN}
`
	);
	const svc = resolveService(r.cluster, 'web')!;
	const findings: Finding[] = [];

	it('maps deprecated consecutiveErrors to gateway errors only, with max_ejection_time = max(300 s, base)', () => {
		const p = resolvePolicy(r.cluster, svc, {}, findings);
		expect(p.limits.maxConnections).toBe(10);
		expect(p.outlier).toMatchObject({ consecutiveGatewayFailure: 2, enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0, intervalMs: 2000, baseEjectionMs: 180_000, maxEjectionMs: 300_000, maxEjectionPercent: 10, panicThresholdPercent: 0 });
	});

	it('subset fields override; a subset port-level setting replaces all three parts (no inheritance)', () => {
		const plain = resolvePolicy(r.cluster, svc, { subset: 'v2', port: 1 }, findings);
		expect(plain.limits.maxPendingRequests).toBe(7);
		expect(plain.limits.maxConnections).toBe(4294967295); // subset connectionPool replaces the top-level one
		expect(plain.outlier?.intervalMs).toBe(2000); // inherited from the top level
		const port = resolvePolicy(r.cluster, svc, { subset: 'v2', port: 8080 }, findings);
		expect(port.loadBalancer).toBe('ROUND_ROBIN');
		expect(port.outlier).toBeNull();
		expect(port.limits.maxPendingRequests).toBe(4294967295);
		const top = resolvePolicy(r.cluster, svc, { port: 9999 }, findings);
		expect(top.limits.maxConnections).toBe(99);
	});

	it('reports bad values at their YAML line, without throwing', () => {
		const text = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: bad}
spec:
  host: web
  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: -1
      interval: soon
      maxEjectionPercent: 150
    maxEjectionPercent: 100
    connectionPool:
      http: {http1MaxPendingRequests: "many"}
`;
		const x = loadScenario([{ name: 'bad.yaml', text }]);
		const f = validateDestinationRule(x.cluster.destinationRules[0]);
		const at = (code: string, line: number) => expect(f.some((y) => y.code === code && y.line === line && y.file === 'bad.yaml'), `${code}@${line}`).toBe(true);
		at('resilience-invalid-value', 8);
		at('resilience-invalid-duration', 9);
		at('resilience-invalid-value', 10);
		at('resilience-unknown-field', 11);
		at('resilience-invalid-value', 13);
		expect(f.find((y) => y.line === 11)!.message).toMatch(/belongs under outlierDetection/);
	});

	it('parses Go-style durations', () => {
		expect(parseDuration('3m')).toBe(180_000);
		expect(parseDuration('1m30s')).toBe(90_000);
		expect(parseDuration('100ms')).toBe(100);
		expect(parseDuration('2')).toBeNull();
		expect(parseDuration('-1s')).toBeNull();
	});
});

describe('EnvoyFilter local rate limit and header', () => {
	const text = readFileSync('scenarios/resilience-local-ratelimit.yaml', 'utf8');
	it('reads the Istio docs shape and warns when filter_enabled is missing', () => {
		const broken = text.replace(/ {14}filter_enabled:\n(.*\n){4}/, '');
		const x = loadScenario([{ name: 'rl.yaml', text: broken }]);
		const { options } = simulationOptions(x.parse.resources);
		const res = simulate(x.cluster, options!);
		const w = res.findings.find((f) => f.code === 'resilience-ratelimit-disabled')!;
		expect(w.severity).toBe('warning');
		expect(broken.split('\n')[w.line - 1]).toMatch(/typed_config|value:/);
		expect(res.summary.ratelimited429).toBe(0); // enabled for 0% of requests
	});

	it('rejects a fill_interval under 50 ms with the line', () => {
		const bad = text.replace('fill_interval: 1s', 'fill_interval: 10ms');
		const x = loadScenario([{ name: 'rl.yaml', text: bad }]);
		const res = simulate(x.cluster, simulationOptions(x.parse.resources).options!);
		const e = res.findings.find((f) => f.code === 'resilience-invalid-duration')!;
		expect(bad.split('\n')[e.line - 1]).toMatch(/fill_interval: 10ms/);
	});

	it('header errors are findings too', () => {
		const bad = text.replace('concurrency: 0', 'concurrency: lots');
		const x = loadScenario([{ name: 'rl.yaml', text: bad }]);
		const { findings } = simulationOptions(x.parse.resources);
		expect(findings.map((f) => [f.code, bad.split('\n')[f.line - 1].trim()])).toEqual([['resilience-invalid-value', 'concurrency: lots']]);
	});
});

describe('CLI simulate', () => {
	const file = 'scenarios/resilience-circuit-breaker.yaml';
	const io = () => memoryIO({ [file]: readFileSync(file, 'utf8') });

	it('--json prints {events, summary} with times in seconds', async () => {
		const m = io();
		expect(await run([file, '--target', 'reviews', '--rps', '3', '--concurrency', '3', '--duration', '1s', '--json'], m)).toBe(0);
		const out = JSON.parse(m.stdout);
		expect(Object.keys(out)).toEqual(['events', 'summary']);
		expect(out.events.slice(0, 3)).toEqual([
			{ t: 0, host: expect.stringMatching(/^reviews-v1-/), outcome: '503', flag: 'UO', state: 'pendingFull' },
			{ t: 0, host: expect.stringMatching(/^reviews-v1-/), outcome: '503', flag: 'UO', state: 'pendingFull' },
			{ t: 0.501, host: expect.stringMatching(/^reviews-v1-/), outcome: '2xx', flag: null, state: 'ejected' }
		]);
		expect(out.summary).toEqual({ ok: 1, errors5xx: 0, overflow503: 2, ratelimited429: 0, ejections: [{ host: expect.any(String), at: 0, until: 180 }] });
	});

	it('--fail and usage errors', async () => {
		expect(parseFail('reviews-v1@2-10:500')).toEqual({ pod: 'reviews-v1', startS: 2, endS: 10, status: 500 });
		expect(parseFail('reviews-v1@10-2')).toBeNull();
		const m = io();
		expect(await run([file, '--rps', 'fast'], m)).toBe(2);
		expect(await run([file, '--target', 'nope', '--json'], io())).toBe(1);
	});
});

describe('resilience presets', () => {
	const ids = ['resilience-circuit-breaker', 'resilience-local-ratelimit', 'resilience-mixer-quota', 'resilience-textbook-vs-envoy'];
	const run1 = (id: string) => {
		const x = loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]);
		const { options, findings } = simulationOptions(x.parse.resources);
		expect(findings).toEqual([]);
		return { x, res: simulate(x.cluster, options!) };
	};

	it.each(ids)('%s loads cleanly and has a simulation', (id) => {
		const { x, res } = run1(id);
		expect(x.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
		expect(res.events.length).toBeGreaterThan(0);
	});

	it('circuit breaker: R2 and R3 overflow at t = 0, the host is ejected for 3 m', () => {
		const { res } = run1('resilience-circuit-breaker');
		expect(res.events.slice(0, 2).map((e) => [e.t, e.flag])).toEqual([
			[0, 'UO'],
			[0, 'UO']
		]);
		expect(res.summary.ejections).toEqual([{ host: res.hosts[0], at: 0, until: 180 }]);
	});

	it('local rate limit: 10 + 5 pass', () => {
		const { res } = run1('resilience-local-ratelimit');
		expect(res.timeline.slice(0, 2).map((b) => [b.ok, b.ratelimited429])).toEqual([
			[10, 5],
			[5, 10]
		]);
	});

	it('mixer quota: reviews v3 → ratings 1 per second', () => {
		const { res } = run1('resilience-mixer-quota');
		expect(res.timeline.map((b) => b.ok)).toEqual([1, 1, 1, 1, 1]);
		expect(res.events.filter((e) => e.flag === 'QUOTA')).toHaveLength(20);
		expect(res.findings.some((f) => f.code === 'resilience-mixer-historical')).toBe(true);
	});

	it('textbook vs Envoy: the client breaker opens for the whole service, Envoy ejects only v3', () => {
		const { res } = run1('resilience-textbook-vs-envoy');
		expect(res.events.some((e) => e.flag === 'CB')).toBe(true);
		expect(new Set(res.summary.ejections.map((e) => e.host.replace(/-[^-]+-[^-]+$/, '')))).toEqual(new Set(['reviews-v3']));
	});
});
