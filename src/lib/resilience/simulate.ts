// The resilience simulator: a deterministic discrete-event run of a load
// generator against one upstream Service through the client-side Envoy
// (load balancer, outlier detection, connection pool / circuit breakers,
// retries) and the server-side Envoy (local rate limit), with the optional
// textbook client-library breaker in the caller and the historical Mixer quota.
// Time is simulated (integer ms); every random choice draws from the seeded RNG,
// so the same cluster, options and seed always give the same event list.
import type { Cluster, Resource } from '../model/types';
import { makeRng, type Rng } from '../util';
import { parseRef, refPod } from '../model';
import type { Finding } from '../manifest';
import { ctx, send, track, type MachineDescription, type MachineKind, type Tracked } from './machines';
import { createOutlierDetector, OUTLIER_DETECTOR_DESCRIPTION, OUTLIER_HOST_DESCRIPTION, type OutlierDetector } from './outlier';
import { CONN_POOL_DESCRIPTION, createConnPool, type ConnPool, type ConnPoolStats, type PoolEffect } from './connpool';
import { TEXTBOOK_BREAKER_DESCRIPTION, textbookBreakerMachine, type BreakerConfig, type BreakerContext } from './breaker';
import { TOKEN_BUCKET_DESCRIPTION, tokenBucketMachine, tokensOf, type TokenBucketConfig, type TokenBucketContext } from './ratelimit';
import { MIXER_QUOTA_DESCRIPTION, mixerQuotaMachine, quotaFor, quotaKey, type QuotaConfig, type QuotaContext } from './quota';
import { burstTimes, nextSend, type Burst, type LoadSpec } from './generator';
import {
	readLocalRateLimits,
	readMemquota,
	resolvePolicy,
	resolveService,
	validateDestinationRule,
	findDestinationRule,
	type EnvoyKnobs,
	type FailureSpec,
	type LbPolicy,
	type UpstreamPolicy
} from './config';

export type Outcome = '2xx' | '4xx' | '5xx' | '503' | '429';
/**
 * Envoy response flags: UO overflow, UH no healthy upstream, UF upstream
 * connection failure, RL rate limited. Not Envoy: CB (textbook client breaker
 * open), QUOTA (Mixer RESOURCE_EXHAUSTED, historical).
 */
export type Flag = 'UO' | 'UH' | 'UF' | 'RL' | 'CB' | 'QUOTA';

export interface SimOptions {
	/** the Service to call (name, ns/name, svc/ns/name or FQDN) */
	target: string;
	/** the client (REF such as deploy/default/reviews-v3): quota dimensions, outbound rate limits */
	from?: string;
	subset?: string | null;
	port?: number | null;
	rps: number;
	durationS: number;
	concurrency: number;
	requestDurationMs: number;
	connectMs?: number;
	bursts?: Burst[];
	failures?: FailureSpec[];
	retries?: { attempts: number };
	seed: number | string;
	envoy?: Partial<EnvoyKnobs>;
	/** textbook client-library breaker in the caller (off when absent) */
	breaker?: BreakerConfig | null;
	/** a local rate limit on every target pod, in addition to EnvoyFilters */
	localRateLimit?: Omit<TokenBucketConfig, 'mode'> | null;
	/** HISTORICAL Mixer memquota (overrides any memquota resource) */
	quota?: QuotaConfig | null;
	/** parsed resources, for EnvoyFilter and memquota (LoadedScenario.parse.resources) */
	resources?: Resource[];
}

export interface SimEvent {
	/** request number, in send order */
	id: number;
	/** response time, seconds from the start */
	t: number;
	/** when the client sent it, seconds */
	sentAt: number;
	/** upstream pod name, or null when no host was picked */
	host: string | null;
	outcome: Outcome;
	flag: Flag | null;
	status: number;
	/**
	 * state of the mechanism that decided: pool state for UO, detector state
	 * for UH, bucket state for RL, breaker state for CB, quota state for QUOTA,
	 * otherwise the host's outlier state (healthy/ejected) or `served`
	 */
	state: string;
	/** tries including retries */
	attempts: number;
}

export interface EjectionSummary {
	host: string;
	/** seconds */
	at: number;
	/** seconds; the sweep that returns it (projected when after the run) */
	until: number;
}

export interface SimSummary {
	total: number;
	ok: number;
	/** upstream 5xx plus local 503s other than overflow (UH, UF, CB) */
	errors5xx: number;
	overflow503: number;
	ratelimited429: number;
	ejections: EjectionSummary[];
}

export interface TimelineBucket {
	/** second [s, s+1) */
	s: number;
	ok: number;
	errors5xx: number;
	overflow503: number;
	ratelimited429: number;
	/** hosts ejected at the end of the second */
	ejectedHosts: number;
	/** tokens left in each bucket at the end of the second (machine id → tokens) */
	tokens: Record<string, number>;
	breaker: string | null;
	pool: string;
}

export interface MachineTrace {
	id: string;
	kind: MachineKind;
	/** state changes, t in seconds */
	changes: { t: number; state: string }[];
}

export interface SimSnapshot {
	/** seconds */
	t: number;
	hosts: { host: string; state: 'healthy' | 'ejected'; consecutive5xx: number; consecutiveGateway: number }[];
	pool: { state: string; cx: number; pending: number; rq: number; retries: number; stats: ConnPoolStats };
	buckets: { id: string; state: string; tokens: number }[];
	breaker: { state: string; failureRate: number | null } | null;
	quotas: { id: string; state: string; used: number; max: number }[];
	/** current state of every machine instance */
	machines: { id: string; kind: MachineKind; state: string }[];
}

export interface SimResult {
	events: SimEvent[];
	summary: SimSummary;
	timeline: TimelineBucket[];
	machineStates: MachineTrace[];
	/** static descriptions (states, transitions) of the machine kinds in this run */
	machines: MachineDescription[];
	findings: Finding[];
	hosts: string[];
	policy: UpstreamPolicy | null;
	stats: { pool: ConnPoolStats; outlier: Record<string, number> | null };
}

export interface Simulation {
	/** runs until the next response and returns it, or null when the run is over */
	next(): SimEvent | null;
	snapshot(): SimSnapshot;
	/** runs to the end */
	result(): SimResult;
	findings: Finding[];
	hosts: string[];
	machines: MachineDescription[];
}

// ---- internals ----

type QItem =
	| { kind: 'complete'; t: number; seq: number; req: number }
	| { kind: 'connect'; t: number; seq: number; conn: number }
	| { kind: 'sweep'; t: number; seq: number }
	| { kind: 'send'; t: number; seq: number; worker: number | null; k: number }
	| { kind: 'sample'; t: number; seq: number };

// same instant: the per-second sample closes the previous second first; responses free resources before new sends
const ORDER: Record<QItem['kind'], number> = { sample: -1, complete: 0, connect: 1, sweep: 2, send: 3 };

interface Req {
	id: number;
	worker: number | null;
	k: number;
	sentAt: number;
	host: string | null;
	conn: number | null;
	attempts: number;
	tried: string[];
	status: number;
	retrying: boolean;
	done: boolean;
}

/** Binary heap keyed by (t, kind order, seq). */
function createQueue() {
	const h: QItem[] = [];
	const less = (a: QItem, b: QItem) => a.t - b.t || ORDER[a.kind] - ORDER[b.kind] || a.seq - b.seq;
	return {
		push(x: QItem) {
			h.push(x);
			for (let i = h.length - 1; i > 0; ) {
				const p = (i - 1) >> 1;
				if (less(h[i], h[p]) >= 0) break;
				[h[i], h[p]] = [h[p], h[i]];
				i = p;
			}
		},
		pop(): QItem | undefined {
			if (!h.length) return undefined;
			const top = h[0];
			const last = h.pop()!;
			if (h.length) {
				h[0] = last;
				for (let i = 0; ; ) {
					const l = 2 * i + 1;
					const r = l + 1;
					let m = i;
					if (l < h.length && less(h[l], h[m]) < 0) m = l;
					if (r < h.length && less(h[r], h[m]) < 0) m = r;
					if (m === i) break;
					[h[i], h[m]] = [h[m], h[i]];
					i = m;
				}
			}
			return top;
		},
		get size() {
			return h.length;
		}
	};
}

function pick(policy: LbPolicy, hosts: string[], active: Map<string, number>, rng: Rng, rr: { i: number }): string {
	if (hosts.length === 1) return hosts[0];
	if (policy === 'ROUND_ROBIN') return hosts[rr.i++ % hosts.length];
	if (policy === 'RANDOM') return hosts[rng.int(0, hosts.length - 1)];
	// LEAST_REQUEST (Istio's default): Envoy's power of two choices among equal weights
	const a = hosts[rng.int(0, hosts.length - 1)];
	const b = hosts[rng.int(0, hosts.length - 1)];
	return (active.get(b) ?? 0) < (active.get(a) ?? 0) ? b : a;
}

const sec = (ms: number) => Math.round(ms) / 1000;

/** Pods named by a failure or `--fail` spec: exact name, `ns/name`, or a name prefix. */
export function podMatches(spec: string, pod: { id: string; name: string }): boolean {
	return spec === pod.id || spec === pod.name || pod.name.startsWith(`${spec}-`) || pod.name.startsWith(spec);
}

export function createSimulation(cluster: Cluster, opts: SimOptions): Simulation {
	const findings: Finding[] = [];
	const rng = makeRng(opts.seed);
	const knobs: EnvoyKnobs = {
		overflowCountsForOutlier: opts.envoy?.overflowCountsForOutlier ?? false,
		alwaysEjectOneHost: opts.envoy?.alwaysEjectOneHost ?? false,
		tokenBucketMode: opts.envoy?.tokenBucketMode ?? 'continuous'
	};
	const svc = resolveService(cluster, opts.target);
	if (!svc)
		findings.push({ code: 'resilience-unknown-target', severity: 'error', message: `no Service matches --target '${opts.target}'`, file: '', line: 0 });
	const dr = svc ? findDestinationRule(cluster, svc) : null;
	if (dr) findings.push(...validateDestinationRule(dr));
	const policy = svc ? resolvePolicy(cluster, svc, { subset: opts.subset ?? null, port: opts.port ?? null, knobs }, findings) : null;
	if (policy?.outlier) policy.outlier.alwaysEjectOneHost = knobs.alwaysEjectOneHost;

	// upstream hosts: the Service's pods (ready endpoints), narrowed to the subset's labels
	const subsetLabels = dr && opts.subset ? (dr.subsets.find((s) => s.name === opts.subset)?.labels ?? {}) : {};
	const pods = svc
		? cluster.pods.filter((p) => svc.pods.includes(p.id) && Object.entries(subsetLabels).every(([k, v]) => p.labels[k] === v))
		: [];
	const hosts = pods.map((p) => p.name);
	const podByHost = new Map(pods.map((p) => [p.name, p]));
	if (svc && hosts.length === 0)
		findings.push({ code: 'resilience-no-hosts', severity: 'warning', message: `Service ${svc.id} has no pods to call`, file: svc.source.file, line: svc.source.line });

	const fromRef = opts.from ? parseRef(opts.from) : null;
	const clientPod = fromRef ? refPod(cluster, fromRef) : null;

	const outlier: OutlierDetector | null = policy?.outlier ? createOutlierDetector(policy.outlier, hosts, rng) : null;
	const pool: ConnPool = createConnPool(policy?.limits ?? { maxConnections: 4294967295, maxPendingRequests: 4294967295, maxRequests: 4294967295, maxRetries: 4294967295, maxRequestsPerConnection: 0 }, opts.connectMs ?? 1);
	const breaker: Tracked | null = opts.breaker ? track('breaker', 'textbookBreaker', textbookBreakerMachine, { cfg: opts.breaker }) : null;

	// local rate limit buckets: one per Envoy (pod) the filter is on
	const inbound = new Map<string, Tracked>();
	let outbound: Tracked | null = null;
	const lrls = opts.resources ? readLocalRateLimits(cluster, opts.resources, knobs.tokenBucketMode, findings) : [];
	for (const l of lrls) {
		if (l.context === 'GATEWAY') continue;
		if (l.context !== 'SIDECAR_OUTBOUND')
			for (const h of hosts) if (l.pods.includes(podByHost.get(h)!.id) && !inbound.has(h)) inbound.set(h, track(`bucket:${h}`, 'tokenBucket', tokenBucketMachine, { cfg: l.bucket }));
		if (l.context === 'SIDECAR_OUTBOUND' && clientPod && l.pods.includes(clientPod.id) && !outbound)
			outbound = track(`bucket:${clientPod.name}`, 'tokenBucket', tokenBucketMachine, { cfg: l.bucket });
	}
	if (opts.localRateLimit)
		for (const h of hosts)
			if (!inbound.has(h)) inbound.set(h, track(`bucket:${h}`, 'tokenBucket', tokenBucketMachine, { cfg: { ...opts.localRateLimit, mode: knobs.tokenBucketMode } }));

	const quotaCfg = opts.quota ?? (opts.resources ? readMemquota(opts.resources, findings) : null);
	const quotas = new Map<string, Tracked>();
	const dims: Record<string, string> = {
		destination: svc?.name ?? opts.target,
		source: clientPod?.labels.app ?? clientPod?.name ?? 'unknown',
		sourceVersion: clientPod?.labels.version ?? 'unknown'
	};
	if (clientPod?.ip) dims.sourceIP = clientPod.ip;

	const load: LoadSpec = {
		rps: opts.rps,
		durationMs: Math.round(opts.durationS * 1000),
		concurrency: opts.concurrency,
		bursts: opts.bursts ?? []
	};

	const q = createQueue();
	let seq = 0;
	type Dist<T> = T extends unknown ? Omit<T, 'seq'> : never;
	const push = (x: Dist<QItem>) => q.push({ ...x, seq: seq++ } as QItem);
	for (let w = 0; w < load.concurrency; w++) {
		const t = nextSend(load, 0, 0);
		if (t !== null) push({ kind: 'send', t, worker: w, k: 0 });
	}
	for (const t of burstTimes(load)) push({ kind: 'send', t, worker: null, k: 0 });
	if (outlier) for (let t = outlier.cfg.intervalMs; t <= load.durationMs; t += outlier.cfg.intervalMs) push({ kind: 'sweep', t });
	for (let s = 1; s * 1000 <= load.durationMs; s++) push({ kind: 'sample', t: s * 1000 });

	const reqs = new Map<number, Req>();
	const byConn = new Map<number, number>();
	const active = new Map<string, number>();
	const rr = { i: rng.int(0, Math.max(1, hosts.length) - 1) }; // Envoy starts round robin at a random host
	const events: SimEvent[] = [];
	const samples: { s: number; ejected: number; tokens: Record<string, number>; breaker: string | null; pool: string }[] = [];
	let emitted = 0;
	let now = 0;
	let nextId = 1;

	const stateOfTr = (tr: Tracked) => String(tr.actor.getSnapshot().value);
	const hostState = (h: string) => (outlier ? (outlier.isEjected(h) ? 'ejected' : 'healthy') : 'served');
	const failing = (h: string, t: number): FailureSpec | null => {
		const p = podByHost.get(h);
		if (!p) return null;
		for (const f of opts.failures ?? [])
			if (podMatches(f.pod, p) && t >= f.startS * 1000 && t < f.endS * 1000 && rng.chance(f.percent ?? 100)) return f;
		return null;
	};

	const finish = (r: Req, t: number, outcome: Outcome, flag: Flag | null, status: number, state: string) => {
		r.done = true;
		if (r.host) active.set(r.host, Math.max(0, (active.get(r.host) ?? 1) - 1));
		events.push({ id: r.id, t: sec(t), sentAt: sec(r.sentAt), host: r.host, outcome, flag, status, state, attempts: r.attempts });
		if (breaker && flag !== 'CB') send(breaker, { type: 'RESULT', t, failure: status >= 500 } as never);
		if (r.worker !== null) {
			const nt = nextSend(load, r.k + 1, t);
			if (nt !== null) push({ kind: 'send', t: nt, worker: r.worker, k: r.k + 1 });
		}
	};

	const effects = (list: PoolEffect[]) => {
		for (const e of list) {
			if (e.type === 'connect') push({ kind: 'connect', t: e.at, conn: e.conn });
			else if (e.type === 'start') onStart(reqs.get(e.req)!, e.conn, e.t);
			else onOverflow(reqs.get(e.req)!, e.t);
		}
	};

	// Overflow is a local reply: 503 UO at once. Envoy ≥ 1.26 does not count it for
	// outlier detection (router: "Ignore upstream reset caused by a resource overflow").
	const onOverflow = (r: Req, t: number) => {
		const st = stateOfTr(pool.tracked);
		if (r.retrying) pool.retryDone(t);
		if (knobs.overflowCountsForOutlier && outlier && r.host) outlier.putLocal(r.host, true, t);
		finish(r, t, '503', 'UO', 503, st);
	};

	const dispatch = (r: Req, t: number) => {
		const elig = outlier ? outlier.eligible(hosts) : { hosts, panic: false };
		if (elig.hosts.length === 0) {
			if (r.retrying) pool.retryDone(t);
			r.host = null;
			return finish(r, t, '503', 'UH', 503, outlier ? stateOfTr(outlier.detector) : 'noHosts');
		}
		// Istio's default retry host predicate (previous_hosts): prefer a host not tried yet
		const fresh = elig.hosts.filter((h) => !r.tried.includes(h));
		const h = pick(policy?.loadBalancer ?? 'LEAST_REQUEST', fresh.length ? fresh : elig.hosts, active, rng, rr);
		r.host = h;
		r.tried.push(h);
		active.set(h, (active.get(h) ?? 0) + 1);
		effects(pool.request(r.id, h, t));
	};

	const onSend = (worker: number | null, k: number, t: number) => {
		const r: Req = { id: nextId++, worker, k, sentAt: t, host: null, conn: null, attempts: 1, tried: [], status: 0, retrying: false, done: false };
		reqs.set(r.id, r);
		if (breaker) {
			send(breaker, { type: 'CALL', t } as never);
			if (ctx<BreakerContext>(breaker).lastDecision === 'rejected') return finish(r, t, '503', 'CB', 503, stateOfTr(breaker));
		}
		if (outbound && rng.chance(ctx<TokenBucketContext>(outbound).cfg.enabledPercent)) {
			send(outbound, { type: 'REQUEST', t, enforce: rng.chance(ctx<TokenBucketContext>(outbound).cfg.enforcedPercent) } as never);
			if (ctx<TokenBucketContext>(outbound).lastDecision === 'limited') return finish(r, t, '429', 'RL', 429, stateOfTr(outbound));
		}
		dispatch(r, t);
	};

	const onStart = (r: Req, conn: number, t: number) => {
		r.conn = conn;
		byConn.set(conn, r.id);
		const h = r.host!;
		// server-side sidecar: local rate limit first (it answers 429 without calling the app)
		const b = inbound.get(h);
		if (b && rng.chance(ctx<TokenBucketContext>(b).cfg.enabledPercent)) {
			send(b, { type: 'REQUEST', t, enforce: rng.chance(ctx<TokenBucketContext>(b).cfg.enforcedPercent) } as never);
			if (ctx<TokenBucketContext>(b).lastDecision === 'limited') return respond(r, t, 429, 'RL', stateOfTr(b));
		}
		if (quotaCfg) {
			const lim = quotaFor(quotaCfg, dims);
			const key = quotaKey(quotaCfg, dims);
			let tr = quotas.get(key);
			if (!tr) quotas.set(key, (tr = track(`quota:${key}`, 'mixerQuota', mixerQuotaMachine, { maxAmount: lim.maxAmount, validMs: lim.validMs }, t)));
			send(tr, { type: 'REQUEST', t } as never);
			if (ctx<QuotaContext>(tr).lastDecision === 'exhausted') return respond(r, t, 429, 'QUOTA', stateOfTr(tr));
		}
		const f = failing(h, t);
		if (f?.status === 'connect-failure') {
			// simplified: the failure shows when the request is attached, not at connect time
			if (r.retrying) pool.retryDone(t);
			effects(pool.finished(conn, t, true));
			outlier?.putLocal(h, true, t);
			return maybeRetry(r, t, 503, 'UF');
		}
		r.status = typeof f?.status === 'number' ? f.status : 200;
		push({ kind: 'complete', t: t + opts.requestDurationMs, req: r.id });
	};

	// a local reply from the server-side Envoy: the connection is free again at once
	const respond = (r: Req, t: number, status: number, flag: Flag, state: string) => {
		r.status = status;
		if (r.retrying) pool.retryDone(t);
		effects(pool.finished(r.conn!, t));
		outlier?.putHttp(r.host!, status, t);
		finish(r, t, '429', flag, status, state);
	};

	const maybeRetry = (r: Req, t: number, status: number, flag: Flag | null) => {
		const attempts = opts.retries?.attempts ?? 0;
		if (status >= 500 && r.attempts <= attempts) {
			// max_retries circuit breaker: no room → upstream_rq_retry_overflow, the error stands
			if (pool.tryRetry(t)) {
				r.attempts++;
				r.retrying = true;
				if (r.host) active.set(r.host, Math.max(0, (active.get(r.host) ?? 1) - 1));
				return dispatch(r, t);
			}
		}
		const outcome: Outcome = flag ? '503' : status >= 500 ? '5xx' : status === 429 ? '429' : status >= 400 ? '4xx' : '2xx';
		finish(r, t, outcome, flag, status, flag ? 'connectFailed' : r.host ? hostState(r.host) : 'none');
	};

	const onComplete = (r: Req, t: number) => {
		if (r.retrying) {
			pool.retryDone(t);
			r.retrying = false;
		}
		effects(pool.finished(r.conn!, t));
		outlier?.putHttp(r.host!, r.status, t);
		maybeRetry(r, t, r.status, null);
	};

	const sample = (t: number) => {
		const tokens: Record<string, number> = {};
		for (const b of [...inbound.values(), ...(outbound ? [outbound] : [])]) {
			send(b, { type: 'SYNC', t } as never);
			tokens[b.id] = tokensOf(ctx<TokenBucketContext>(b));
		}
		for (const tr of quotas.values()) send(tr, { type: 'SYNC', t } as never);
		samples.push({
			s: t / 1000 - 1,
			ejected: outlier ? hosts.filter((h) => outlier.isEjected(h)).length : 0,
			tokens,
			breaker: breaker ? stateOfTr(breaker) : null,
			pool: stateOfTr(pool.tracked)
		});
	};

	const step = (): boolean => {
		const it = q.pop();
		if (!it) return false;
		now = it.t;
		switch (it.kind) {
			case 'send':
				onSend(it.worker, it.k, it.t);
				break;
			case 'connect':
				effects(pool.connected(it.conn, it.t));
				break;
			case 'complete':
				onComplete(reqs.get(it.req)!, it.t);
				break;
			case 'sweep':
				outlier?.sweep(it.t);
				break;
			case 'sample':
				sample(it.t);
				break;
		}
		return true;
	};

	const allTracked = (): Tracked[] => [
		...(outlier ? [...outlier.hostMachines, outlier.detector] : []),
		pool.tracked,
		...(breaker ? [breaker] : []),
		...inbound.values(),
		...(outbound ? [outbound] : []),
		...quotas.values()
	];

	const machines: MachineDescription[] = [
		...(outlier ? [OUTLIER_HOST_DESCRIPTION, OUTLIER_DETECTOR_DESCRIPTION] : []),
		CONN_POOL_DESCRIPTION,
		...(breaker ? [TEXTBOOK_BREAKER_DESCRIPTION] : []),
		...(inbound.size || outbound ? [TOKEN_BUCKET_DESCRIPTION] : []),
		...(quotaCfg ? [MIXER_QUOTA_DESCRIPTION] : [])
	];

	const snapshot = (): SimSnapshot => {
		const pc = pool.context();
		return {
			t: sec(now),
			hosts: hosts.map((h) => {
				const tr = outlier?.hostMachines.find((m) => m.id === `outlier:${h}`);
				const c = tr ? (tr.actor.getSnapshot().context as { consecutive5xx: number; consecutiveGateway: number }) : null;
				return { host: h, state: outlier?.isEjected(h) ? ('ejected' as const) : ('healthy' as const), consecutive5xx: c?.consecutive5xx ?? 0, consecutiveGateway: c?.consecutiveGateway ?? 0 };
			}),
			pool: { state: stateOfTr(pool.tracked), cx: pc.cx, pending: pc.pending, rq: pc.rq, retries: pc.retries, stats: { ...pc.stats } },
			buckets: [...inbound.values(), ...(outbound ? [outbound] : [])].map((b) => ({ id: b.id, state: stateOfTr(b), tokens: tokensOf(ctx<TokenBucketContext>(b)) })),
			breaker: breaker
				? (() => {
						const c = ctx<BreakerContext>(breaker);
						const w = c.window;
						return { state: stateOfTr(breaker), failureRate: w.length ? (100 * w.filter(Boolean).length) / w.length : null };
					})()
				: null,
			quotas: [...quotas.values()].map((tr) => {
				const c = ctx<QuotaContext>(tr);
				return { id: tr.id, state: stateOfTr(tr), used: c.grants.length, max: c.maxAmount };
			}),
			machines: allTracked().map((tr) => ({ id: tr.id, kind: tr.kind, state: stateOfTr(tr) }))
		};
	};

	const result = (): SimResult => {
		while (step());
		const sorted = [...events].sort((a, b) => a.t - b.t || a.id - b.id);
		const count = (es: SimEvent[]) => ({
			ok: es.filter((e) => e.outcome === '2xx').length,
			errors5xx: es.filter((e) => e.outcome === '5xx' || (e.outcome === '503' && e.flag !== 'UO')).length,
			overflow503: es.filter((e) => e.flag === 'UO').length,
			ratelimited429: es.filter((e) => e.outcome === '429').length
		});
		const lastS = Math.max(Math.ceil(load.durationMs / 1000), ...sorted.map((e) => Math.floor(e.t) + 1));
		const timeline: TimelineBucket[] = [];
		for (let s = 0; s < lastS; s++) {
			const smp = samples.find((x) => x.s === s) ?? samples[samples.length - 1];
			timeline.push({
				s,
				...count(sorted.filter((e) => Math.floor(e.t) === s)),
				ejectedHosts: smp?.ejected ?? 0,
				tokens: smp?.tokens ?? {},
				breaker: smp?.breaker ?? null,
				pool: smp?.pool ?? 'idle'
			});
		}
		const oc = outlier ? (outlier.detector.actor.getSnapshot().context as { stats: Record<string, number> }).stats : null;
		return {
			events: sorted,
			summary: {
				total: sorted.length,
				...count(sorted),
				ejections: (outlier?.ejections ?? []).map((e) => ({ host: e.host, at: sec(e.at), until: sec(e.until) }))
			},
			timeline,
			machineStates: allTracked().map((tr) => ({ id: tr.id, kind: tr.kind, changes: tr.history.map((h) => ({ t: sec(h.t), state: h.state })) })),
			machines,
			findings,
			hosts,
			policy,
			stats: { pool: { ...pool.context().stats }, outlier: oc ? { ...oc } : null }
		};
	};

	return {
		next() {
			while (emitted >= events.length) if (!step()) return null;
			return events[emitted++];
		},
		snapshot,
		result,
		findings,
		hosts,
		machines
	};
}

/** Runs a whole simulation. */
export function simulate(cluster: Cluster, opts: SimOptions): SimResult {
	return createSimulation(cluster, opts).result();
}
