// Resilience configuration from manifests:
// - the DestinationRule traffic policy mesh/ chose and merged (chooseUpstream:
//   DestinationRule lookup, subset, top/subset/port-level merge), mapped to
//   Envoy's outlier detection and circuit-breaker thresholds as Istio's
//   cluster builder does, with findings for bad fields (validateDestinationRule);
// - an EnvoyFilter inserting envoy.filters.http.local_ratelimit (the shape of
//   Istio's "Enabling Rate Limits using Envoy" task);
// - HISTORICAL Mixer memquota handlers (`kind: memquota`, or `kind: handler`
//   with `compiledAdapter: memquota`);
// - the scenario header's `spec.simulation` block (see SimulationSpec).
// Bad or out-of-range values become findings with the YAML line; nothing throws.
import type { Cluster, DestinationRule, Resource, Service, SourceRef } from '../model';
import { chooseUpstream, lbPolicy, resolveClientHost, serviceFqdn, type LbPolicy as MeshLbPolicy, type UpstreamChoice } from '../mesh';
import { ENVOY_OUTLIER_DEFAULTS, type OutlierConfig } from './outlier';
import { ISTIO_POOL_DEFAULTS, UNLIMITED, type ConnPoolLimits } from './connpool';
import type { TokenBucketConfig } from './ratelimit';
import type { QuotaConfig } from './quota';
import { RESILIENCE4J_DEFAULTS, type BreakerConfig } from './breaker';
import type { Burst } from './generator';
import { parseDuration } from '../util';
import { lineOf, refAt, type Finding, type Severity } from '../manifest';

/** The simulator's load balancers (mesh lbPolicy decides which one a policy selects). */
export type LbPolicy = 'LEAST_REQUEST' | 'ROUND_ROBIN' | 'RANDOM' | 'PASSTHROUGH' | 'CONSISTENT_HASH';

/** The effective Envoy-side policy for one upstream (service, subset, port). */
export interface UpstreamPolicy {
	/** DestinationRule id (`ns/name`) it came from, if any */
	destinationRule: string | null;
	subset: string | null;
	port: number | null;
	limits: ConnPoolLimits;
	/** null: no outlierDetection configured (Istio sends none to Envoy) */
	outlier: OutlierConfig | null;
	loadBalancer: LbPolicy;
	/** where each part was written, for the UI's "show me the line" */
	refs: { connectionPool?: SourceRef; outlierDetection?: SourceRef; loadBalancer?: SourceRef };
}

export interface LocalRateLimit {
	bucket: TokenBucketConfig;
	/** SIDECAR_INBOUND: one bucket per selected pod; SIDECAR_OUTBOUND: per client pod; GATEWAY: ignored here */
	context: 'SIDECAR_INBOUND' | 'SIDECAR_OUTBOUND' | 'GATEWAY' | 'ANY';
	/** pod ids whose sidecar gets the filter */
	pods: string[];
	source: SourceRef;
}

export interface FailureSpec {
	/** pod name, pod id (`ns/name`) or a name prefix (e.g. the Deployment name) */
	pod: string;
	startS: number;
	endS: number;
	/** HTTP status the app answers, or 'connect-failure' (local origin, 503 UF) */
	status: number | 'connect-failure';
	/** share of requests that fail in the window (default 100) */
	percent?: number;
}

/** Tuning knobs that select an Envoy era or behaviour. */
export interface EnvoyKnobs {
	/** pre-1.26 Envoy (PR 25488): circuit-breaker overflow counted as a local-origin failure for outlier detection */
	overflowCountsForOutlier: boolean;
	alwaysEjectOneHost: boolean;
	tokenBucketMode: 'timer' | 'continuous';
}

/**
 * `spec.simulation` in the scenario header (every field optional):
 * ```yaml
 * simulation:
 *   target: reviews              # Service: name, ns/name, svc/ns/name or FQDN
 *   from: deploy/default/reviews-v3   # client (quota dimensions, outbound filters)
 *   subset: v1                   # DestinationRule subset to call
 *   port: 9080
 *   rps: 10                      # 0 = back-to-back (closed loop)
 *   duration: 30s                # or durationS: 30
 *   concurrency: 3
 *   requestDurationMs: 100
 *   connectMs: 1
 *   bursts: [{atS: 0, count: 15}]
 *   failures: [{pod: reviews-v1, startS: 0, endS: 30, status: 503, percent: 100}]
 *   seed: 1
 *   envoy: {overflowCountsForOutlier: false, alwaysEjectOneHost: false, tokenBucketMode: continuous}
 *   breaker: {failureRateThreshold: 50, slidingWindowSize: 10, minimumNumberOfCalls: 5,
 *             waitDurationInOpenState: 10s, permittedNumberOfCallsInHalfOpenState: 3}
 *   localRateLimit: {max_tokens: 10, tokens_per_fill: 5, fill_interval: 1s}   # per target pod
 *   quota: {name: requestcount, maxAmount: 500, validDuration: 1s,
 *           overrides: [{dimensions: {destination: reviews}, maxAmount: 1, validDuration: 5s}]}
 * ```
 */
export interface SimulationSpec {
	target?: string;
	from?: string;
	subset?: string;
	port?: number;
	rps?: number;
	durationS?: number;
	concurrency?: number;
	requestDurationMs?: number;
	connectMs?: number;
	bursts?: Burst[];
	failures?: FailureSpec[];
	seed?: number | string;
	envoy?: Partial<EnvoyKnobs>;
	breaker?: BreakerConfig;
	localRateLimit?: Omit<TokenBucketConfig, 'mode'>;
	quota?: QuotaConfig;
}

// ---- small readers ----

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

interface Where {
	lines: Record<string, number>;
	source: SourceRef;
	findings: Finding[];
	/** resource label for messages, e.g. `DestinationRule default/reviews` */
	label: string;
}

const report = (w: Where, severity: Severity, code: string, path: string, message: string) =>
	w.findings.push({ code, severity, message: `${w.label}: ${message}`, file: w.source.file, line: lineOf(w, path).line });


function unknownKeys(w: Where, obj: Record<string, unknown>, path: string, known: string[], hint: Record<string, string> = {}) {
	for (const k of Object.keys(obj)) {
		if (known.includes(k)) continue;
		const extra = hint[k] ? ` (${hint[k]})` : '';
		report(w, 'warning', 'resilience-unknown-field', `${path}.${k}`, `unknown field ${path.split('.').slice(-1)[0]}.${k} is ignored${extra}`);
	}
}

/** non-negative integer field (uint32/int32 in the Istio API); undefined when absent or invalid */
function intField(w: Where, obj: Record<string, unknown>, key: string, path: string, lo = 0, hi = UNLIMITED): number | undefined {
	const v = obj[key];
	if (v === undefined || v === null) return undefined;
	// Istio's UInt32Value wrappers may be written as {value: N}
	const n = isObj(v) && 'value' in v ? v.value : v;
	if (!isInt(n) || n < lo || n > hi) {
		report(w, 'error', 'resilience-invalid-value', `${path}.${key}`, `${key} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
		return undefined;
	}
	return n;
}

function durationField(w: Where, obj: Record<string, unknown>, key: string, path: string, minMs = 1): number | undefined {
	const v = obj[key];
	if (v === undefined || v === null) return undefined;
	const ms = parseDuration(v);
	if (ms === null) {
		report(w, 'error', 'resilience-invalid-duration', `${path}.${key}`, `${key} must be a duration such as 2s, 3m or 100ms, got ${JSON.stringify(v)}`);
		return undefined;
	}
	if (ms < minMs) {
		report(w, 'error', 'resilience-invalid-duration', `${path}.${key}`, `${key} must be at least ${minMs}ms, got ${JSON.stringify(v)}`);
		return undefined;
	}
	return Math.round(ms);
}

// ---- DestinationRule ----

const TRAFFIC_POLICY_KEYS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'portLevelSettings', 'tunnel', 'proxyProtocol', 'retryBudget'];
const OUTLIER_KEYS = [
	'consecutiveErrors',
	'consecutive5xxErrors',
	'consecutiveGatewayErrors',
	'consecutiveLocalOriginFailures',
	'splitExternalLocalOriginErrors',
	'interval',
	'baseEjectionTime',
	'maxEjectionPercent',
	'minHealthPercent'
];
const TCP_KEYS = ['maxConnections', 'connectTimeout', 'tcpKeepalive', 'maxConnectionDuration', 'idleTimeout'];
const HTTP_KEYS = ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries', 'idleTimeout', 'h2UpgradePolicy', 'useClientProtocol', 'maxConcurrentStreams'];

/** Istio mapping of outlierDetection → Envoy OutlierDetection + panic threshold (cluster builder applyOutlierDetection). */
export function readOutlier(w: Where, od: Record<string, unknown>, path: string, knobs: Partial<EnvoyKnobs> = {}): OutlierConfig {
	unknownKeys(w, od, path, OUTLIER_KEYS);
	const cfg: OutlierConfig = {
		...ENVOY_OUTLIER_DEFAULTS,
		// Istio disables success-rate ejection and the panic threshold (minHealthPercent unset = 0)
		panicThresholdPercent: 0,
		alwaysEjectOneHost: knobs.alwaysEjectOneHost ?? false
	};
	const legacy = intField(w, od, 'consecutiveErrors', path, 0, 2147483647);
	if (legacy !== undefined) {
		report(
			w,
			'warning',
			'resilience-deprecated-field',
			`${path}.consecutiveErrors`,
			'consecutiveErrors is deprecated; Istio maps it to consecutive gateway errors only (502, 503, 504) and turns consecutive-5xx ejection off — use consecutiveGatewayErrors or consecutive5xxErrors'
		);
		if (legacy > 0) {
			// "Only listen to gateway errors" (istio/api#617)
			cfg.consecutiveGatewayFailure = legacy;
			cfg.enforcingConsecutiveGatewayFailure = 100;
			cfg.enforcingConsecutive5xx = 0;
		}
	}
	const c5 = intField(w, od, 'consecutive5xxErrors', path);
	if (c5 !== undefined) {
		cfg.consecutive5xx = c5;
		cfg.enforcingConsecutive5xx = c5 > 0 ? 100 : 0;
	}
	const gw = intField(w, od, 'consecutiveGatewayErrors', path);
	if (gw !== undefined) {
		cfg.consecutiveGatewayFailure = gw;
		cfg.enforcingConsecutiveGatewayFailure = gw > 0 ? 100 : 0;
	}
	if (od.splitExternalLocalOriginErrors !== undefined) {
		if (typeof od.splitExternalLocalOriginErrors !== 'boolean')
			report(w, 'error', 'resilience-invalid-value', `${path}.splitExternalLocalOriginErrors`, 'splitExternalLocalOriginErrors must be true or false');
		else if (od.splitExternalLocalOriginErrors) {
			cfg.splitExternalLocalOriginErrors = true;
			const lo = intField(w, od, 'consecutiveLocalOriginFailures', path);
			// Istio only enforces local-origin ejection when the count is set > 0
			cfg.consecutiveLocalOriginFailure = lo ?? 5;
			cfg.enforcingConsecutiveLocalOriginFailure = lo !== undefined && lo > 0 ? 100 : 0;
		}
	}
	if (!cfg.splitExternalLocalOriginErrors && od.consecutiveLocalOriginFailures !== undefined)
		report(w, 'warning', 'resilience-ignored-field', `${path}.consecutiveLocalOriginFailures`, 'consecutiveLocalOriginFailures only applies with splitExternalLocalOriginErrors: true');
	cfg.intervalMs = durationField(w, od, 'interval', path) ?? cfg.intervalMs;
	cfg.baseEjectionMs = durationField(w, od, 'baseEjectionTime', path) ?? cfg.baseEjectionMs;
	// max_ejection_time defaults to max(300 s, base_ejection_time) — Istio does not set it
	cfg.maxEjectionMs = Math.max(300_000, cfg.baseEjectionMs);
	const mep = intField(w, od, 'maxEjectionPercent', path, 0, 100);
	if (mep !== undefined && mep > 0) cfg.maxEjectionPercent = mep;
	const mhp = intField(w, od, 'minHealthPercent', path, 0, 100);
	if (mhp !== undefined) cfg.panicThresholdPercent = mhp;
	return cfg;
}

/** Istio mapping of connectionPool → Envoy circuit-breaker thresholds; 0 or unset = Istio's "unlimited" default. */
export function readPool(w: Where, cp: Record<string, unknown>, path: string): ConnPoolLimits {
	unknownKeys(w, cp, path, ['tcp', 'http']);
	const limits: ConnPoolLimits = { ...ISTIO_POOL_DEFAULTS };
	if (cp.tcp !== undefined) {
		if (!isObj(cp.tcp)) report(w, 'error', 'resilience-invalid-value', `${path}.tcp`, 'connectionPool.tcp must be a mapping');
		else {
			unknownKeys(w, cp.tcp, `${path}.tcp`, TCP_KEYS);
			const mc = intField(w, cp.tcp, 'maxConnections', `${path}.tcp`, 0, 2147483647);
			if (mc) limits.maxConnections = mc;
			if (cp.tcp.connectTimeout !== undefined) durationField(w, cp.tcp, 'connectTimeout', `${path}.tcp`);
		}
	}
	if (cp.http !== undefined) {
		if (!isObj(cp.http)) report(w, 'error', 'resilience-invalid-value', `${path}.http`, 'connectionPool.http must be a mapping');
		else {
			const h = cp.http;
			const p = `${path}.http`;
			unknownKeys(w, h, p, HTTP_KEYS);
			const pend = intField(w, h, 'http1MaxPendingRequests', p, 0, 2147483647);
			if (pend) limits.maxPendingRequests = pend;
			const mr = intField(w, h, 'http2MaxRequests', p, 0, 2147483647);
			if (mr) limits.maxRequests = mr;
			const mrpc = intField(w, h, 'maxRequestsPerConnection', p, 0, 2147483647);
			if (mrpc) limits.maxRequestsPerConnection = mrpc;
			const rt = intField(w, h, 'maxRetries', p, 0, 2147483647);
			if (rt) limits.maxRetries = rt;
		}
	}
	return limits;
}

/** Validates loadBalancer.simple (mesh lbPolicy interprets it). */
function checkLb(w: Where, lb: Record<string, unknown>, path: string): void {
	const simple = lb.simple;
	const ok = ['LEAST_REQUEST', 'LEAST_CONN', 'ROUND_ROBIN', 'RANDOM', 'PASSTHROUGH', 'UNSPECIFIED'];
	if (simple !== undefined && (typeof simple !== 'string' || !ok.includes(simple)))
		report(w, 'error', 'resilience-invalid-value', `${path}.simple`, `loadBalancer.simple must be one of ${ok.join(', ')}`);
}

function drWhere(dr: DestinationRule, findings: Finding[]): Where {
	return { lines: dr.lines, source: dr.source, findings, label: `DestinationRule ${dr.id}` };
}

/** Checks every trafficPolicy of a DestinationRule (top level, subsets, ports). */
export function validateDestinationRule(dr: DestinationRule): Finding[] {
	const findings: Finding[] = [];
	const w = drWhere(dr, findings);
	const check = (tp: unknown, path: string) => {
		if (tp === undefined) return;
		if (!isObj(tp)) return report(w, 'error', 'resilience-invalid-value', path, 'trafficPolicy must be a mapping');
		unknownKeys(w, tp, path, TRAFFIC_POLICY_KEYS, { maxEjectionPercent: 'it belongs under outlierDetection', consecutiveErrors: 'it belongs under outlierDetection' });
		if (isObj(tp.outlierDetection)) readOutlier(w, tp.outlierDetection, `${path}.outlierDetection`);
		if (isObj(tp.connectionPool)) readPool(w, tp.connectionPool, `${path}.connectionPool`);
		if (isObj(tp.loadBalancer)) checkLb(w, tp.loadBalancer, `${path}.loadBalancer`);
		if (Array.isArray(tp.portLevelSettings))
			tp.portLevelSettings.forEach((pl, i) => {
				const pp = `${path}.portLevelSettings.${i}`;
				if (!isObj(pl)) return;
				const num = isObj(pl.port) ? pl.port.number : undefined;
				if (!isInt(num) || num < 1 || num > 65535) report(w, 'error', 'resilience-invalid-value', `${pp}.port`, 'portLevelSettings need port.number from 1 to 65535');
				if (isObj(pl.outlierDetection)) readOutlier(w, pl.outlierDetection, `${pp}.outlierDetection`);
				if (isObj(pl.connectionPool)) readPool(w, pl.connectionPool, `${pp}.connectionPool`);
			});
	};
	check(dr.trafficPolicy, 'spec.trafficPolicy');
	dr.subsets.forEach((s, i) => check(s.trafficPolicy, `spec.subsets.${i}.trafficPolicy`));
	return findings;
}

/**
 * Finds the Service a `--target` names, the way a client pod in `clientNs`
 * resolves it (mesh resolveClientHost: DNS search path); `ns/name` and
 * `svc/ns/name` are read as `name.ns`.
 */
export function resolveService(cluster: Cluster, target: string, clientNs = 'default'): Service | null {
	let t = target.trim();
	if (t.startsWith('svc/')) t = t.slice(4);
	if (t.includes('/')) {
		const [ns, name] = t.split('/');
		t = `${name}.${ns}`;
	}
	if (!t) return null;
	const hit = resolveClientHost(cluster, t, clientNs);
	return hit.kind === 'service' ? hit.service : null;
}

/** Envoy-side policy (pool limits, outlier detection, LB) for the upstream mesh/ chose. */
export function upstreamPolicy(up: UpstreamChoice, knobs: Partial<EnvoyKnobs> = {}): UpstreamPolicy {
	const dr = up.destinationRule;
	const policy: UpstreamPolicy = {
		destinationRule: dr?.id ?? null,
		subset: up.subset?.name ?? null,
		port: up.port,
		limits: { ...ISTIO_POOL_DEFAULTS },
		outlier: null,
		loadBalancer: toLb(lbPolicy(up.policy)),
		refs: {}
	};
	if (!dr) return policy;
	// findings for the DR itself come from validateDestinationRule; read quietly here
	const quiet: Where = { ...drWhere(dr, []), findings: [] };
	const { connectionPool: cp, outlierDetection: od } = up.policy;
	if (cp && up.sources.connectionPool) {
		policy.limits = readPool(quiet, cp, up.sources.connectionPool);
		policy.refs.connectionPool = refAt(quiet, up.sources.connectionPool);
	}
	if (od && up.sources.outlierDetection) {
		policy.outlier = readOutlier(quiet, od, up.sources.outlierDetection, knobs);
		policy.refs.outlierDetection = refAt(quiet, up.sources.outlierDetection);
	}
	if (up.sources.loadBalancer) policy.refs.loadBalancer = refAt(quiet, up.sources.loadBalancer);
	return policy;
}

function toLb(p: MeshLbPolicy): LbPolicy {
	if (p.kind === 'consistentHash') return 'CONSISTENT_HASH';
	return p.simple === 'UNSPECIFIED' ? 'LEAST_REQUEST' : p.simple;
}

/** A finding when the destination names a subset no DestinationRule defines (Envoy: no such cluster). */
export function subsetFindings(up: UpstreamChoice, subset: string | null): Finding[] {
	if (!up.missingSubset || subset === null) return [];
	const dr = up.destinationRule;
	return [
		{
			code: 'resilience-unknown-subset',
			severity: 'error',
			message: dr ? `DestinationRule ${dr.id} has no subset '${subset}'` : `no DestinationRule defines subset '${subset}'`,
			file: dr?.source.file ?? '',
			line: dr?.source.line ?? 0
		}
	];
}

/** The policy a client in `clientNamespace` (default `default`) gets for a Service (subset, port), chosen by mesh/. */
export function resolvePolicy(
	cluster: Cluster,
	svc: Service,
	opts: { subset?: string | null; port?: number | null; knobs?: Partial<EnvoyKnobs>; clientNamespace?: string },
	findings: Finding[]
): UpstreamPolicy {
	const port = opts.port ?? svc.ports[0]?.port ?? null;
	const subset = opts.subset ?? null;
	const up = chooseUpstream(cluster, { fqdn: serviceFqdn(svc, cluster.settings.clusterDomain), subset, port }, opts.clientNamespace ?? 'default');
	findings.push(...subsetFindings(up, subset));
	return upstreamPolicy(up, opts.knobs);
}

// ---- local rate limit (EnvoyFilter or header) ----

const LRL = 'envoy.filters.http.local_ratelimit';

function fractionalPercent(v: unknown): number | null {
	if (!isObj(v)) return null;
	const dv = isObj(v.default_value) ? v.default_value : v;
	const num = typeof dv.numerator === 'number' ? dv.numerator : 0;
	const den = dv.denominator === 'TEN_THOUSAND' ? 10_000 : dv.denominator === 'MILLION' ? 1_000_000 : 100;
	return (100 * num) / den;
}

/** Reads a LocalRateLimit config object (snake_case as in Envoy's API). */
export function readTokenBucket(w: Where, lrl: Record<string, unknown>, path: string, mode: TokenBucketConfig['mode'], fromHeader = false): TokenBucketConfig | null {
	const tb = fromHeader ? lrl : lrl.token_bucket;
	const tbPath = fromHeader ? path : `${path}.token_bucket`;
	if (!isObj(tb)) {
		report(w, 'error', 'resilience-ratelimit-missing-bucket', path, 'local_ratelimit needs a token_bucket');
		return null;
	}
	const max = intField(w, tb, 'max_tokens', tbPath, 1, UNLIMITED);
	if (tb.max_tokens === undefined) report(w, 'error', 'resilience-invalid-value', tbPath, 'token_bucket.max_tokens is required (> 0)');
	const perFill = tb.tokens_per_fill === undefined ? 1 : intField(w, tb, 'tokens_per_fill', tbPath, 1, UNLIMITED);
	const fill = durationField(w, tb, 'fill_interval', tbPath, 1);
	if (tb.fill_interval === undefined) report(w, 'error', 'resilience-invalid-value', tbPath, 'token_bucket.fill_interval is required');
	// Envoy rejects the filter: "local rate limit token bucket fill timer must be >= 50ms"
	if (fill !== undefined && fill < 50) {
		report(w, 'error', 'resilience-invalid-duration', `${tbPath}.fill_interval`, 'fill_interval must be at least 50ms (Envoy rejects shorter fill timers)');
		return null;
	}
	if (max === undefined || perFill === undefined || fill === undefined) return null;
	let enabled = 100;
	let enforced = 100;
	if (!fromHeader) {
		// Envoy: filter_enabled / filter_enforced default to 0% when unset
		const en = fractionalPercent(lrl.filter_enabled);
		const ef = fractionalPercent(lrl.filter_enforced);
		enabled = en ?? 0;
		enforced = ef ?? 0;
		if (en === null) report(w, 'warning', 'resilience-ratelimit-disabled', path, 'filter_enabled is not set, so Envoy enables the local rate limit for 0% of requests');
		else if (ef === null) report(w, 'warning', 'resilience-ratelimit-not-enforced', path, 'filter_enforced is not set, so Envoy counts but never enforces (0%)');
	}
	return { maxTokens: max, tokensPerFill: perFill, fillIntervalMs: fill, mode, enabledPercent: enabled, enforcedPercent: enforced };
}

function labelsMatch(sel: Record<string, unknown>, labels: Record<string, string>): boolean {
	return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** EnvoyFilters that insert envoy.filters.http.local_ratelimit. */
export function readLocalRateLimits(cluster: Cluster, resources: Resource[], mode: TokenBucketConfig['mode'], findings: Finding[]): LocalRateLimit[] {
	const out: LocalRateLimit[] = [];
	for (const r of resources) {
		if (r.kind !== 'EnvoyFilter' || !r.apiVersion.startsWith('networking.istio.io/')) continue;
		const w: Where = { lines: r.lines, source: r.source, findings, label: `EnvoyFilter ${r.namespace ?? 'default'}/${r.name}` };
		const spec = isObj(r.raw.spec) ? r.raw.spec : {};
		const ns = r.namespace ?? 'default';
		const sel = isObj(spec.workloadSelector) && isObj(spec.workloadSelector.labels) ? spec.workloadSelector.labels : null;
		// an EnvoyFilter in the root namespace (istio-system) applies to every namespace
		const pods = cluster.pods.filter((p) => (ns === 'istio-system' || p.namespace === ns) && (!sel || labelsMatch(sel, p.labels))).map((p) => p.id);
		const patches = Array.isArray(spec.configPatches) ? spec.configPatches : [];
		patches.forEach((cp, i) => {
			if (!isObj(cp) || !isObj(cp.patch) || !isObj(cp.patch.value)) return;
			const val = cp.patch.value;
			if (val.name !== LRL) return;
			const path = `spec.configPatches.${i}.patch.value`;
			const tc = isObj(val.typed_config) ? val.typed_config : null;
			if (!tc) return report(w, 'error', 'resilience-ratelimit-config', path, 'local_ratelimit needs a typed_config');
			// Istio's docs wrap the config in a udpa TypedStruct (`type_url` + `value`)
			const typed = isObj(tc.value) && typeof tc.type_url === 'string';
			const lrl = typed ? (tc.value as Record<string, unknown>) : tc;
			const lrlPath = typed ? `${path}.typed_config.value` : `${path}.typed_config`;
			const bucket = readTokenBucket(w, lrl, lrlPath, mode);
			const context = isObj(cp.match) && typeof cp.match.context === 'string' ? cp.match.context : 'ANY';
			if (!bucket) return;
			if (!['SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY', 'ANY'].includes(context))
				report(w, 'error', 'resilience-invalid-value', `spec.configPatches.${i}.match.context`, `unknown patch context ${context}`);
			out.push({ bucket, context: context as LocalRateLimit['context'], pods, source: refAt(w, lrlPath) });
		});
	}
	return out;
}

// ---- HISTORICAL Mixer memquota ----

export function readQuotaConfig(w: Where, q: Record<string, unknown>, path: string): QuotaConfig | null {
	unknownKeys(w, q, path, ['name', 'maxAmount', 'validDuration', 'overrides', 'bucketDuration']);
	const max = intField(w, q, 'maxAmount', path, 0, UNLIMITED);
	const valid = durationField(w, q, 'validDuration', path, 1);
	if (max === undefined || valid === undefined) {
		if (q.maxAmount === undefined || q.validDuration === undefined)
			report(w, 'error', 'resilience-quota-config', path, 'a quota needs maxAmount and validDuration');
		return null;
	}
	const overrides: QuotaConfig['overrides'] = [];
	if (Array.isArray(q.overrides))
		q.overrides.forEach((o, i) => {
			const op = `${path}.overrides.${i}`;
			if (!isObj(o)) return;
			if (!isObj(o.dimensions)) return report(w, 'error', 'resilience-quota-config', op, 'an override needs dimensions');
			// the slide puts maxAmount/validDuration inside `dimensions`; Mixer reads them next to it
			const src = o.maxAmount === undefined && o.dimensions.maxAmount !== undefined ? o.dimensions : o;
			const srcPath = src === o ? op : `${op}.dimensions`;
			if (src !== o) report(w, 'warning', 'resilience-quota-indent', `${op}.dimensions.maxAmount`, 'maxAmount/validDuration belong next to dimensions, not inside it (read anyway)');
			const m = intField(w, src, 'maxAmount', srcPath, 0, UNLIMITED);
			const v = durationField(w, src, 'validDuration', srcPath, 1) ?? valid;
			const dims = Object.fromEntries(Object.entries(o.dimensions).filter(([k]) => k !== 'maxAmount' && k !== 'validDuration').map(([k, x]) => [k, String(x)]));
			if (m !== undefined) overrides.push({ dimensions: dims, maxAmount: m, validMs: v });
		});
	return { name: typeof q.name === 'string' ? q.name : 'requestcount', maxAmount: max, validMs: valid, overrides };
}

export function readMemquota(resources: Resource[], findings: Finding[]): QuotaConfig | null {
	for (const r of resources) {
		const spec = isObj(r.raw.spec) ? r.raw.spec : {};
		const w: Where = { lines: r.lines, source: r.source, findings, label: `${r.kind} ${r.name}` };
		let quotas: unknown;
		let path = '';
		if (r.kind === 'memquota') {
			quotas = spec.quotas;
			path = 'spec.quotas';
		} else if (r.kind === 'handler' && spec.compiledAdapter === 'memquota' && isObj(spec.params)) {
			quotas = spec.params.quotas;
			path = 'spec.params.quotas';
		} else continue;
		findings.push({
			code: 'resilience-mixer-historical',
			severity: 'info',
			message: `${r.kind} ${r.name}: Mixer (config.istio.io) was removed in Istio 1.5+; shown for history — today use Envoy local or global rate limiting`,
			file: r.source.file,
			line: r.source.line
		});
		if (!Array.isArray(quotas) || !isObj(quotas[0])) {
			report(w, 'error', 'resilience-quota-config', path, 'memquota needs a quotas list');
			continue;
		}
		return readQuotaConfig(w, quotas[0], `${path}.0`);
	}
	return null;
}

// ---- scenario header ----

const SIM_KEYS = [
	'target', 'from', 'subset', 'port', 'rps', 'duration', 'durationS', 'concurrency', 'requestDurationMs', 'connectMs',
	'bursts', 'failures', 'retries', 'seed', 'envoy', 'breaker', 'localRateLimit', 'quota'
];

/** Reads `spec.simulation` of the scenario header resource. */
export function readSimulationSpec(header: Resource | null | undefined, findings: Finding[]): SimulationSpec {
	const out: SimulationSpec = {};
	if (!header) return out;
	const spec = isObj(header.raw.spec) ? header.raw.spec : {};
	const sim = spec.simulation;
	if (sim === undefined) return out;
	const w: Where = { lines: header.lines, source: header.source, findings, label: 'spec.simulation' };
	const P = 'spec.simulation';
	if (!isObj(sim)) {
		report(w, 'error', 'resilience-simulation', P, 'must be a mapping');
		return out;
	}
	unknownKeys(w, sim, P, SIM_KEYS);
	for (const k of ['target', 'from', 'subset'] as const) {
		if (sim[k] === undefined) continue;
		if (typeof sim[k] === 'string') out[k] = sim[k] as string;
		else report(w, 'error', 'resilience-simulation', `${P}.${k}`, `${k} must be a string`);
	}
	const port = intField(w, sim, 'port', P, 1, 65535);
	if (port !== undefined) out.port = port;
	const num = (k: string, lo: number, hi: number) => {
		const v = sim[k];
		if (v === undefined) return undefined;
		if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
			report(w, 'error', 'resilience-simulation', `${P}.${k}`, `${k} must be a number from ${lo} to ${hi}`);
			return undefined;
		}
		return v;
	};
	out.rps = num('rps', 0, 100_000);
	out.concurrency = intField(w, sim, 'concurrency', P, 0, 10_000); // 0: bursts only
	out.requestDurationMs = num('requestDurationMs', 0, 3_600_000);
	out.connectMs = num('connectMs', 0, 60_000);
	const d = sim.duration !== undefined ? durationField(w, sim, 'duration', P, 1) : undefined;
	out.durationS = d !== undefined ? d / 1000 : num('durationS', 0.001, 86_400);
	if (sim.seed !== undefined) {
		if (typeof sim.seed === 'number' || typeof sim.seed === 'string') out.seed = sim.seed;
		else report(w, 'error', 'resilience-simulation', `${P}.seed`, 'seed must be a number or a string');
	}
	if (sim.bursts !== undefined) {
		if (!Array.isArray(sim.bursts)) report(w, 'error', 'resilience-simulation', `${P}.bursts`, 'bursts must be a list');
		else
			out.bursts = sim.bursts.flatMap((b, i) => {
				const bp = `${P}.bursts.${i}`;
				if (!isObj(b) || typeof b.atS !== 'number' || !isInt(b.count) || b.count < 0 || b.atS < 0) {
					report(w, 'error', 'resilience-simulation', bp, 'a burst is {atS: seconds ≥ 0, count: integer ≥ 0}');
					return [];
				}
				return [{ atMs: Math.round(b.atS * 1000), count: b.count }];
			});
	}
	if (sim.failures !== undefined) {
		if (!Array.isArray(sim.failures)) report(w, 'error', 'resilience-simulation', `${P}.failures`, 'failures must be a list');
		else
			out.failures = sim.failures.flatMap((f, i) => {
				const fp = `${P}.failures.${i}`;
				const st = isObj(f) ? f.status : undefined;
				const okStatus = st === undefined || st === 'connect-failure' || (isInt(st) && st >= 100 && st <= 599);
				if (!isObj(f) || typeof f.pod !== 'string' || typeof f.startS !== 'number' || typeof f.endS !== 'number' || f.endS < f.startS || !okStatus) {
					report(w, 'error', 'resilience-simulation', fp, 'a failure is {pod, startS, endS ≥ startS, status: HTTP code or connect-failure, percent?}');
					return [];
				}
				const fs: FailureSpec = { pod: f.pod, startS: f.startS, endS: f.endS, status: (st ?? 503) as FailureSpec['status'] };
				if (typeof f.percent === 'number') fs.percent = f.percent;
				return [fs];
			});
	}
	if (sim.retries !== undefined)
		report(w, 'warning', 'resilience-ignored-field', `${P}.retries`, 'retries is ignored: the simulator applies the VirtualService route\'s retries (Istio default: 2 retries on connect-failure, refused-stream, 503)');
	if (isObj(sim.envoy)) {
		const e = sim.envoy;
		unknownKeys(w, e, `${P}.envoy`, ['overflowCountsForOutlier', 'alwaysEjectOneHost', 'tokenBucketMode']);
		out.envoy = {};
		if (typeof e.overflowCountsForOutlier === 'boolean') out.envoy.overflowCountsForOutlier = e.overflowCountsForOutlier;
		if (typeof e.alwaysEjectOneHost === 'boolean') out.envoy.alwaysEjectOneHost = e.alwaysEjectOneHost;
		if (e.tokenBucketMode === 'timer' || e.tokenBucketMode === 'continuous') out.envoy.tokenBucketMode = e.tokenBucketMode;
		else if (e.tokenBucketMode !== undefined) report(w, 'error', 'resilience-simulation', `${P}.envoy.tokenBucketMode`, 'tokenBucketMode must be timer or continuous');
	}
	if (isObj(sim.breaker)) {
		const b = sim.breaker;
		const bp = `${P}.breaker`;
		unknownKeys(w, b, bp, [
			'failureRateThreshold', 'slidingWindowSize', 'minimumNumberOfCalls', 'waitDurationInOpenState', 'permittedNumberOfCallsInHalfOpenState',
			'automaticTransitionFromOpenToHalfOpenEnabled'
		]);
		const cfg: BreakerConfig = { ...RESILIENCE4J_DEFAULTS };
		const fr = b.failureRateThreshold;
		if (fr !== undefined) {
			if (typeof fr === 'number' && fr > 0 && fr <= 100) cfg.failureRateThreshold = fr;
			else report(w, 'error', 'resilience-invalid-value', `${bp}.failureRateThreshold`, 'failureRateThreshold must be a percentage in (0, 100]');
		}
		cfg.slidingWindowSize = intField(w, b, 'slidingWindowSize', bp, 1, 100_000) ?? cfg.slidingWindowSize;
		cfg.minimumNumberOfCalls = intField(w, b, 'minimumNumberOfCalls', bp, 1, 100_000) ?? cfg.minimumNumberOfCalls;
		cfg.permittedNumberOfCallsInHalfOpenState = intField(w, b, 'permittedNumberOfCallsInHalfOpenState', bp, 1, 100_000) ?? cfg.permittedNumberOfCallsInHalfOpenState;
		cfg.waitDurationInOpenStateMs = durationField(w, b, 'waitDurationInOpenState', bp, 1) ?? cfg.waitDurationInOpenStateMs;
		if (typeof b.automaticTransitionFromOpenToHalfOpenEnabled === 'boolean') cfg.automaticTransitionFromOpenToHalfOpen = b.automaticTransitionFromOpenToHalfOpenEnabled;
		out.breaker = cfg;
	}
	if (isObj(sim.localRateLimit)) {
		const tb = readTokenBucket(w, sim.localRateLimit, `${P}.localRateLimit`, 'continuous', true);
		if (tb) out.localRateLimit = { maxTokens: tb.maxTokens, tokensPerFill: tb.tokensPerFill, fillIntervalMs: tb.fillIntervalMs, enabledPercent: 100, enforcedPercent: 100 };
	}
	if (isObj(sim.quota)) {
		const q = readQuotaConfig(w, sim.quota, `${P}.quota`);
		if (q) out.quota = q;
	}
	for (const k of Object.keys(out) as (keyof SimulationSpec)[]) if (out[k] === undefined) delete out[k];
	return out;
}
