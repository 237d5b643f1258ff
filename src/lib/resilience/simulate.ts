// The resilience simulator: a deterministic discrete-event run of a load
// generator against one upstream Envoy cluster through the client-side Envoy
// (route retries and timeout, load balancer, outlier detection, connection
// pool / circuit breakers) and the server-side Envoy (local rate limit), with
// the optional textbook client-library breaker in the caller and the
// historical Mixer quota. Which route, DestinationRule, subset, traffic policy,
// retry policy and timeout apply is decided by mesh/ (decideUpstream), the
// same code route() uses. Time is simulated (integer ms); every random choice
// draws from the seeded RNG, so the same cluster, options and seed always give
// the same event list. Every loop advances simulated time or stops, and a run
// stops at a budget of requests and events (findings say so).
import type { ActorRefFrom } from 'xstate';
import type { Cluster, Resource } from '../model';
import { makeRng, type Rng } from '../util';
import type { Finding } from '../manifest';
import { send, track, type MachineDescription, type MachineKind, type Tracked } from './machines';
import { createOutlierDetector, OUTLIER_DETECTOR_DESCRIPTION, OUTLIER_HOST_DESCRIPTION, type OutlierDetector } from './outlier';
import { CONN_POOL_DESCRIPTION, createConnPool, ISTIO_POOL_DEFAULTS, type ConnPool, type ConnPoolStats, type PoolEffect } from './connpool';
import { TEXTBOOK_BREAKER_DESCRIPTION, textbookBreakerMachine, type BreakerConfig } from './breaker';
import { TOKEN_BUCKET_DESCRIPTION, tokenBucketMachine, tokensOf, type TokenBucketConfig } from './ratelimit';
import { MIXER_QUOTA_DESCRIPTION, mixerQuotaMachine, quotaFor, quotaKey, type QuotaConfig } from './quota';
import { burstTimes, nextSend, type Burst, type LoadSpec } from './generator';
import { readLocalRateLimits, readMemquota, subsetFindings, upstreamPolicy, validateDestinationRule, type EnvoyKnobs, type FailureSpec, type LbPolicy, type UpstreamPolicy } from './config';
import { chooseSimRoute, type SimRoute } from './route';
import { authorizeCall, isRetriable, retryBackoffMs, type AttemptOutcome } from '../mesh';

export type Outcome = '2xx' | '4xx' | '5xx' | '503' | '429';
/**
 * Envoy response flags: UO overflow, UH no healthy upstream, UF upstream
 * connection failure, UT upstream request timeout, RL rate limited, NR no
 * route, NC no cluster. Not Envoy: CB (textbook client breaker open), QUOTA
 * (Mixer RESOURCE_EXHAUSTED, historical).
 */
export type Flag = 'UO' | 'UH' | 'UF' | 'UT' | 'RL' | 'NR' | 'NC' | 'CB' | 'QUOTA';

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
	/** 403 RBAC: access denied by the server sidecar's AuthorizationPolicy */
	denied403: number;
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
	/** the route mesh/ chose (VirtualService rule, destination, retries, timeout) */
	route: SimRoute | null;
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

// ---- budget ----

/** Longest run the simulator accepts (simulated time). */
export const MAX_SIM_DURATION_S = 86_400;
/** Most requests one run may send; a run that gets there stops with a finding. */
export const MAX_SIM_REQUESTS = 200_000;
/** Most queue events one run may process (sends, connects, completions, sweeps, samples, timers). */
export const MAX_SIM_EVENTS = 5_000_000;

/** Why these options cannot run within the budget, or null. */
export function budgetProblem(opts: Pick<SimOptions, 'rps' | 'durationS' | 'concurrency' | 'bursts'>): string | null {
	if (!Number.isFinite(opts.durationS) || opts.durationS <= 0) return `duration must be a positive time, got ${opts.durationS}s`;
	if (opts.durationS > MAX_SIM_DURATION_S) return `duration ${opts.durationS}s is longer than the simulator's limit of ${MAX_SIM_DURATION_S}s (24h)`;
	if (!Number.isFinite(opts.rps) || opts.rps < 0) return `rps must be a number ≥ 0, got ${opts.rps}`;
	const burst = (opts.bursts ?? []).reduce((n, b) => n + Math.max(0, b.count), 0);
	const planned = (opts.rps > 0 ? Math.ceil(opts.rps * opts.durationS) : 0) + burst;
	if (planned > MAX_SIM_REQUESTS)
		return `${planned} requests (${opts.rps} rps × ${opts.durationS}s${burst ? ` + ${burst} in bursts` : ''}) exceed the simulator's budget of ${MAX_SIM_REQUESTS}; lower --rps or shorten --duration`;
	return null;
}

// ---- internals ----

type QItem =
	| { kind: 'complete'; t: number; seq: number; req: number; attempt: number }
	| { kind: 'perTry'; t: number; seq: number; req: number; attempt: number }
	| { kind: 'timeout'; t: number; seq: number; req: number }
	| { kind: 'connect'; t: number; seq: number; conn: number }
	| { kind: 'sweep'; t: number; seq: number }
	| { kind: 'retry'; t: number; seq: number; req: number; attempt: number }
	| { kind: 'send'; t: number; seq: number; worker: number | null; k: number }
	| { kind: 'sample'; t: number; seq: number };

// same instant: the per-second sample closes the previous second first; responses free resources before timers and new sends
const ORDER: Record<QItem['kind'], number> = { sample: -1, complete: 0, perTry: 1, timeout: 2, connect: 3, sweep: 4, retry: 5, send: 6 };

interface Req {
	id: number;
	worker: number | null;
	k: number;
	sentAt: number;
	host: string | null;
	conn: number | null;
	/** tries so far, including retries */
	attempts: number;
	/** bumped whenever an attempt ends, so its stale timers are ignored */
	attempt: number;
	phase: 'none' | 'pending' | 'active' | 'backoff';
	tried: string[];
	status: number;
	/** holds a max_retries slot */
	retrying: boolean;
	/** counted in the LEAST_REQUEST active-request map */
	counted: boolean;
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

function pick(policy: LbPolicy, hosts: string[], active: Map<string, number>, rng: Rng, rr: { i: number }, hashSlot: number): string {
	if (hosts.length === 1) return hosts[0];
	if (policy === 'ROUND_ROBIN') return hosts[rr.i++ % hosts.length];
	if (policy === 'RANDOM') return hosts[rng.int(0, hosts.length - 1)];
	// simplified: every simulated request carries the same hash key, so the ring maps them to one host
	if (policy === 'CONSISTENT_HASH') return hosts[hashSlot % hosts.length];
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

type BucketTracked = Tracked<ActorRefFrom<typeof tokenBucketMachine>>;
type QuotaTracked = Tracked<ActorRefFrom<typeof mixerQuotaMachine>>;
type BreakerTracked = Tracked<ActorRefFrom<typeof textbookBreakerMachine>>;

export function createSimulation(cluster: Cluster, opts: SimOptions): Simulation {
	const findings: Finding[] = [];
	const rng = makeRng(opts.seed);
	const knobs: EnvoyKnobs = {
		overflowCountsForOutlier: opts.envoy?.overflowCountsForOutlier ?? false,
		alwaysEjectOneHost: opts.envoy?.alwaysEjectOneHost ?? false,
		tokenBucketMode: opts.envoy?.tokenBucketMode ?? 'continuous'
	};
	const over = budgetProblem(opts);
	if (over) findings.push({ code: 'resilience-budget', severity: 'error', message: `not run: ${over}`, file: '', line: 0 });

	// route, DestinationRule, subset, policy, retries and timeout: all from mesh/
	const sel = chooseSimRoute(cluster, opts, findings);
	const svc = sel.service;
	const up = sel.upstream;
	const dr = up?.destinationRule ?? null;
	if (dr) findings.push(...validateDestinationRule(dr));
	if (up) findings.push(...subsetFindings(up, up.missingSubset ? (sel.route.destination?.subset ?? null) : null));
	const policy = up && svc ? upstreamPolicy(up, knobs) : null;
	if (policy?.outlier) policy.outlier.alwaysEjectOneHost = knobs.alwaysEjectOneHost;
	const retryPolicy = sel.route.retryPolicy;
	const timeoutMs = sel.route.timeoutMs !== null && sel.route.timeoutMs > 0 ? sel.route.timeoutMs : null;
	// a request every route answers locally: no route (404 NR), undefined subset or all weights 0 (503 NC)
	const localAnswer: { status: number; flag: Flag } | null =
		sel.route.kind === 'noMatch' ? { status: 404, flag: 'NR' } : svc && (!up || up.missingSubset) ? { status: 503, flag: 'NC' } : null;

	// upstream hosts: the Service's pods (ready endpoints), narrowed to the subset's labels
	const subsetLabels = up?.subset?.labels ?? {};
	const pods = svc && !localAnswer ? cluster.pods.filter((p) => svc.pods.includes(p.id) && Object.entries(subsetLabels).every(([k, v]) => p.labels[k] === v)) : [];
	const hosts = pods.map((p) => p.name);
	const podByHost = new Map(pods.map((p) => [p.name, p]));
	if (svc && !localAnswer && hosts.length === 0)
		findings.push({ code: 'resilience-no-hosts', severity: 'warning', message: `Service ${svc.id} has no pods to call`, file: svc.source.file, line: svc.source.line });
	const clientPod = sel.clientPod;
	// the server sidecar's authorization, decided once per host as route() decides it (mesh/enforce.ts)
	const denied = new Map<string, string>();
	if (svc && up) {
		for (const p of pods) {
			const port = svc.endpoints.find((e) => e.pod === p.id)?.port ?? up.port ?? 80;
			const a = authorizeCall(cluster, {
				client: clientPod,
				clientNamespace: sel.route.client.namespace,
				clientSidecar: clientPod ? clientPod.sidecar : true,
				clientIp: clientPod?.ip ?? '10.244.255.254',
				server: p,
				port,
				policy: up.policy,
				drId: up.destinationRule?.id ?? null,
				host: `${svc.name}.${svc.namespace}.svc.${cluster.settings.clusterDomain}:${up.port ?? port}`
			});
			if (a?.fail) denied.set(p.name, a.summary.reason);
		}
		if (denied.size)
			findings.push({ code: 'resilience-authz-denied', severity: 'warning', message: `the server sidecar answers 403 RBAC: access denied on ${[...denied.keys()].join(', ')}: ${[...denied.values()][0]}`, file: svc.source.file, line: svc.source.line });
	}

	const outlier: OutlierDetector | null = policy?.outlier ? createOutlierDetector(policy.outlier, hosts, rng) : null;
	const pool: ConnPool = createConnPool(policy?.limits ?? { ...ISTIO_POOL_DEFAULTS }, opts.connectMs ?? 1);
	const breaker: BreakerTracked | null = opts.breaker ? track('breaker', 'textbookBreaker', textbookBreakerMachine, { cfg: opts.breaker }) : null;

	// local rate limit buckets: one per Envoy (pod) the filter is on
	const inbound = new Map<string, BucketTracked>();
	let outbound: BucketTracked | null = null;
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
	const quotas = new Map<string, QuotaTracked>();
	const dims: Record<string, string> = {
		destination: svc?.name ?? opts.target,
		source: clientPod?.labels.app ?? clientPod?.name ?? 'unknown',
		sourceVersion: clientPod?.labels.version ?? 'unknown'
	};
	if (clientPod?.ip) dims.sourceIP = clientPod.ip;

	const load: LoadSpec = {
		rps: opts.rps,
		durationMs: over ? 0 : Math.round(opts.durationS * 1000),
		concurrency: opts.concurrency,
		bursts: over ? [] : (opts.bursts ?? [])
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
	const active = new Map<string, number>();
	const rr = { i: rng.int(0, Math.max(1, hosts.length) - 1) }; // Envoy starts round robin at a random host
	const hashSlot = rng.int(0, Math.max(1, hosts.length) - 1);
	const events: SimEvent[] = [];
	const samples: { s: number; ejected: number; tokens: Record<string, number>; breaker: string | null; pool: string }[] = [];
	let emitted = 0;
	let now = 0;
	let nextId = 1;
	let steps = 0;
	let stopped = false;

	const stateOfTr = (tr: Tracked) => String(tr.actor.getSnapshot().value);
	const hostState = (h: string) => (outlier ? (outlier.isEjected(h) ? 'ejected' : 'healthy') : 'served');
	const failing = (h: string, t: number): FailureSpec | null => {
		const p = podByHost.get(h);
		if (!p) return null;
		for (const f of opts.failures ?? [])
			if (podMatches(f.pod, p) && t >= f.startS * 1000 && t < f.endS * 1000 && rng.chance(f.percent ?? 100)) return f;
		return null;
	};

	// an attempt is over (any way): release its max_retries slot and its LEAST_REQUEST count; stale timers die
	const endAttempt = (r: Req, t: number) => {
		if (r.retrying) {
			pool.retryDone(t);
			r.retrying = false;
		}
		if (r.counted && r.host) active.set(r.host, Math.max(0, (active.get(r.host) ?? 1) - 1));
		r.counted = false;
		r.phase = 'none';
		r.attempt++;
	};

	const finish = (r: Req, t: number, outcome: Outcome, flag: Flag | null, status: number, state: string) => {
		if (r.done) return;
		r.done = true;
		events.push({ id: r.id, t: sec(t), sentAt: sec(r.sentAt), host: r.host, outcome, flag, status, state, attempts: r.attempts });
		if (breaker && flag !== 'CB') send(breaker, { type: 'RESULT', t, failure: status >= 500 });
		if (r.worker !== null) {
			const nt = nextSend(load, r.k + 1, t, r.sentAt);
			if (nt !== null) push({ kind: 'send', t: nt, worker: r.worker, k: r.k + 1 });
		}
	};

	// Pool effects are handled from a work list, never by recursion: a freed
	// connection may start a pending request that is answered at once, which
	// frees the connection again, and so on.
	const work: PoolEffect[] = [];
	let draining = false;
	const effects = (list: PoolEffect[]) => {
		work.push(...list);
		if (draining) return;
		draining = true;
		for (let i = 0; i < work.length; i++) {
			const e = work[i];
			if (e.type === 'connect') push({ kind: 'connect', t: e.at, conn: e.conn });
			else if (e.type === 'start') onStart(reqs.get(e.req)!, e.conn, e.t);
			else onOverflow(reqs.get(e.req)!, e.t);
		}
		work.length = 0;
		draining = false;
	};

	// Overflow is a local reply: 503 UO at once, never retried. Envoy ≥ 1.26 does not
	// count it for outlier detection (router: "Ignore upstream reset caused by a resource overflow").
	const onOverflow = (r: Req, t: number) => {
		if (r.done) return;
		const st = stateOfTr(pool.tracked);
		endAttempt(r, t);
		if (knobs.overflowCountsForOutlier && outlier && r.host) outlier.putLocal(r.host, true, t);
		finish(r, t, '503', 'UO', 503, st);
	};

	const dispatch = (r: Req, t: number) => {
		const elig = outlier ? outlier.eligible(hosts) : { hosts, panic: false };
		if (elig.hosts.length === 0) {
			endAttempt(r, t);
			r.host = null;
			return finish(r, t, '503', 'UH', 503, outlier ? stateOfTr(outlier.detector) : 'noHosts');
		}
		// previous_hosts retry predicate (Istio's default unless consistent hash): prefer a host not tried yet
		const fresh = retryPolicy?.previousHosts ? elig.hosts.filter((h) => !r.tried.includes(h)) : elig.hosts;
		const h = pick(policy?.loadBalancer ?? 'LEAST_REQUEST', fresh.length ? fresh : elig.hosts, active, rng, rr, hashSlot);
		r.host = h;
		r.tried.push(h);
		active.set(h, (active.get(h) ?? 0) + 1);
		r.counted = true;
		r.phase = 'pending';
		effects(pool.request(r.id, h, t));
	};

	const onSend = (worker: number | null, k: number, t: number) => {
		const r: Req = { id: nextId++, worker, k, sentAt: t, host: null, conn: null, attempts: 1, attempt: 0, phase: 'none', tried: [], status: 0, retrying: false, counted: false, done: false };
		reqs.set(r.id, r);
		if (breaker) {
			send(breaker, { type: 'CALL', t });
			if (breaker.actor.getSnapshot().context.lastDecision === 'rejected') return finish(r, t, '503', 'CB', 503, stateOfTr(breaker));
		}
		if (outbound && rng.chance(outbound.actor.getSnapshot().context.cfg.enabledPercent)) {
			send(outbound, { type: 'REQUEST', t, enforce: rng.chance(outbound.actor.getSnapshot().context.cfg.enforcedPercent) });
			if (outbound.actor.getSnapshot().context.lastDecision === 'limited') return finish(r, t, '429', 'RL', 429, stateOfTr(outbound));
		}
		if (localAnswer) return finish(r, t, localAnswer.status >= 500 ? '503' : '4xx', localAnswer.flag, localAnswer.status, 'noRoute');
		// the router's global timeout runs from here, across all tries
		if (timeoutMs !== null) push({ kind: 'timeout', t: t + timeoutMs, req: r.id });
		dispatch(r, t);
	};

	const onStart = (r: Req, conn: number, t: number) => {
		if (r.done) return effects(pool.finished(conn, t));
		r.conn = conn;
		r.phase = 'active';
		const h = r.host!;
		// server-side sidecar: local rate limit first (it answers 429 without calling the app)
		// its RBAC filter comes before a local rate limit (EnvoyFilters insert that before the router)
		if (denied.has(h)) {
			r.status = 403;
			effects(pool.finished(conn, t));
			outlier?.putHttp(h, 403, t);
			return maybeRetry(r, t, { kind: 'response', status: 403 }, 403, null, 'rbacDenied');
		}
		const b = inbound.get(h);
		if (b && rng.chance(b.actor.getSnapshot().context.cfg.enabledPercent)) {
			send(b, { type: 'REQUEST', t, enforce: rng.chance(b.actor.getSnapshot().context.cfg.enforcedPercent) });
			if (b.actor.getSnapshot().context.lastDecision === 'limited') return respond(r, t, 429, 'RL', stateOfTr(b));
		}
		if (quotaCfg) {
			const lim = quotaFor(quotaCfg, dims);
			const key = quotaKey(quotaCfg, dims);
			let tr = quotas.get(key);
			if (!tr) quotas.set(key, (tr = track(`quota:${key}`, 'mixerQuota', mixerQuotaMachine, { maxAmount: lim.maxAmount, validMs: lim.validMs }, t)));
			send(tr, { type: 'REQUEST', t });
			if (tr.actor.getSnapshot().context.lastDecision === 'exhausted') return respond(r, t, 429, 'QUOTA', stateOfTr(tr));
		}
		const f = failing(h, t);
		if (f?.status === 'connect-failure') {
			// simplified: the failure shows when the request is attached, not at connect time
			effects(pool.finished(conn, t, true));
			outlier?.putLocal(h, true, t);
			return maybeRetry(r, t, { kind: 'connect-failure' }, 503, 'UF');
		}
		r.status = typeof f?.status === 'number' ? f.status : 200;
		// per_try_timeout: the attempt is cut when the app needs longer
		const perTry = retryPolicy?.perTryTimeoutMs ?? null;
		if (perTry !== null && perTry > 0 && perTry < opts.requestDurationMs) push({ kind: 'perTry', t: t + perTry, req: r.id, attempt: r.attempt });
		else push({ kind: 'complete', t: t + opts.requestDurationMs, req: r.id, attempt: r.attempt });
	};

	// a local reply from the server-side Envoy: the connection is free again at once
	const respond = (r: Req, t: number, status: number, flag: Flag, state: string) => {
		r.status = status;
		effects(pool.finished(r.conn!, t));
		outlier?.putHttp(r.host!, status, t);
		maybeRetry(r, t, { kind: 'response', status }, status, flag, state);
	};

	// Envoy's router: retry while tries remain, the condition is in retry_on and max_retries has room
	const maybeRetry = (r: Req, t: number, o: AttemptOutcome, status: number, flag: Flag | null, state?: string) => {
		endAttempt(r, t);
		if (retryPolicy && r.attempts <= retryPolicy.numRetries && isRetriable(retryPolicy, o)) {
			// max_retries circuit breaker: no room → upstream_rq_retry_overflow, the error stands
			if (pool.tryRetry(t)) {
				r.attempts++;
				r.retrying = true;
				r.phase = 'backoff';
				push({ kind: 'retry', t: t + retryBackoffMs(r.attempts - 1, rng.next), req: r.id, attempt: r.attempt });
				return;
			}
		}
		const outcome: Outcome = flag === 'UF' ? '503' : status >= 500 ? '5xx' : status === 429 ? '429' : status >= 400 ? '4xx' : '2xx';
		finish(r, t, outcome, flag, status, state ?? (flag === 'UF' ? 'connectFailed' : flag === 'UT' ? 'perTryTimeout' : r.host ? hostState(r.host) : 'none'));
	};

	const onComplete = (r: Req, t: number) => {
		effects(pool.finished(r.conn!, t));
		outlier?.putHttp(r.host!, r.status, t);
		maybeRetry(r, t, { kind: 'response', status: r.status }, r.status, null);
	};

	// per-try timeout: Envoy resets the stream (HTTP/1.1 closes the connection), reports a local-origin timeout
	const onPerTry = (r: Req, t: number) => {
		effects(pool.finished(r.conn!, t, true));
		outlier?.putTimeout(r.host!, t);
		maybeRetry(r, t, { kind: 'per-try-timeout' }, 504, 'UT');
	};

	// the route timeout: whatever the current try is doing stops; 504 UT
	const onTimeout = (r: Req, t: number) => {
		if (r.done) return;
		if (r.phase === 'pending') pool.cancel(r.id, t);
		else if (r.phase === 'active') {
			effects(pool.finished(r.conn!, t, true));
			outlier?.putTimeout(r.host!, t);
		}
		endAttempt(r, t);
		finish(r, t, '5xx', 'UT', 504, 'routeTimeout');
	};

	const sample = (t: number) => {
		const tokens: Record<string, number> = {};
		for (const b of [...inbound.values(), ...(outbound ? [outbound] : [])]) {
			send(b, { type: 'SYNC', t });
			tokens[b.id] = tokensOf(b.actor.getSnapshot().context);
		}
		for (const tr of quotas.values()) send(tr, { type: 'SYNC', t });
		samples.push({
			s: t / 1000 - 1,
			ejected: outlier ? hosts.filter((h) => outlier.isEjected(h)).length : 0,
			tokens,
			breaker: breaker ? stateOfTr(breaker) : null,
			pool: stateOfTr(pool.tracked)
		});
	};

	const live = (req: number, attempt?: number): Req | null => {
		const r = reqs.get(req);
		return r && !r.done && (attempt === undefined || r.attempt === attempt) ? r : null;
	};

	const stop = (why: string) => {
		stopped = true;
		findings.push({ code: 'resilience-budget', severity: 'error', message: `stopped at ${sec(now)}s: ${why}; lower --rps or --concurrency, or shorten --duration`, file: '', line: 0 });
	};

	const step = (): boolean => {
		if (stopped) return false;
		const it = q.pop();
		if (!it) return false;
		if (++steps > MAX_SIM_EVENTS) {
			stop(`more than ${MAX_SIM_EVENTS} events`);
			return false;
		}
		now = it.t;
		switch (it.kind) {
			case 'send':
				if (nextId > MAX_SIM_REQUESTS) {
					stop(`more than ${MAX_SIM_REQUESTS} requests`);
					return false;
				}
				onSend(it.worker, it.k, it.t);
				break;
			case 'connect':
				effects(pool.connected(it.conn, it.t));
				break;
			case 'complete': {
				const r = live(it.req, it.attempt);
				if (r) onComplete(r, it.t);
				break;
			}
			case 'perTry': {
				const r = live(it.req, it.attempt);
				if (r) onPerTry(r, it.t);
				break;
			}
			case 'retry': {
				const r = live(it.req, it.attempt);
				if (r) dispatch(r, it.t);
				break;
			}
			case 'timeout': {
				const r = live(it.req);
				if (r) onTimeout(r, it.t);
				break;
			}
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
				const c = tr ? tr.actor.getSnapshot().context : null;
				return { host: h, state: outlier?.isEjected(h) ? ('ejected' as const) : ('healthy' as const), consecutive5xx: c?.consecutive5xx ?? 0, consecutiveGateway: c?.consecutiveGateway ?? 0 };
			}),
			pool: { state: stateOfTr(pool.tracked), cx: pc.cx, pending: pc.pending, rq: pc.rq, retries: pc.retries, stats: { ...pc.stats } },
			buckets: [...inbound.values(), ...(outbound ? [outbound] : [])].map((b) => ({ id: b.id, state: stateOfTr(b), tokens: tokensOf(b.actor.getSnapshot().context) })),
			breaker: breaker
				? (() => {
						const w = breaker.actor.getSnapshot().context.window;
						return { state: stateOfTr(breaker), failureRate: w.length ? (100 * w.filter(Boolean).length) / w.length : null };
					})()
				: null,
			quotas: [...quotas.values()].map((tr) => {
				const c = tr.actor.getSnapshot().context;
				return { id: tr.id, state: stateOfTr(tr), used: c.grants.length, max: c.maxAmount };
			}),
			machines: allTracked().map((tr) => ({ id: tr.id, kind: tr.kind, state: stateOfTr(tr) }))
		};
	};

	const result = (): SimResult => {
		while (step());
		const sorted = [...events].sort((a, b) => a.t - b.t || a.id - b.id);
		type Counts = { ok: number; errors5xx: number; overflow503: number; ratelimited429: number; denied403: number };
		const zero = (): Counts => ({ ok: 0, errors5xx: 0, overflow503: 0, ratelimited429: 0, denied403: 0 });
		const add = (c: Counts, e: SimEvent) => {
			if (e.outcome === '2xx') c.ok++;
			if (e.outcome === '5xx' || (e.outcome === '503' && e.flag !== 'UO')) c.errors5xx++;
			if (e.flag === 'UO') c.overflow503++;
			if (e.outcome === '429') c.ratelimited429++;
			if (e.status === 403) c.denied403++;
		};
		// one pass over events and samples (long runs have many seconds and many events)
		let lastS = Math.ceil(load.durationMs / 1000);
		for (const e of sorted) lastS = Math.max(lastS, Math.floor(e.t) + 1);
		const perSecond: Counts[] = Array.from({ length: lastS }, zero);
		const total = zero();
		for (const e of sorted) {
			add(perSecond[Math.floor(e.t)], e);
			add(total, e);
		}
		const bySecond = new Map(samples.map((x) => [x.s, x]));
		const timeline: TimelineBucket[] = [];
		for (let s = 0; s < lastS; s++) {
			const smp = bySecond.get(s) ?? samples[samples.length - 1];
			const { denied403: _, ...counts } = perSecond[s];
			timeline.push({ s, ...counts, ejectedHosts: smp?.ejected ?? 0, tokens: smp?.tokens ?? {}, breaker: smp?.breaker ?? null, pool: smp?.pool ?? 'idle' });
		}
		const oc = outlier ? outlier.detector.actor.getSnapshot().context.stats : null;
		return {
			events: sorted,
			summary: {
				total: sorted.length,
				...total,
				ejections: (outlier?.ejections ?? []).map((e) => ({ host: e.host, at: sec(e.at), until: sec(e.until) }))
			},
			timeline,
			machineStates: allTracked().map((tr) => ({ id: tr.id, kind: tr.kind, changes: tr.history.map((h) => ({ t: sec(h.t), state: h.state })) })),
			machines,
			findings,
			hosts,
			policy,
			route: sel.route,
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
