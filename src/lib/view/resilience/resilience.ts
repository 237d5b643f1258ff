// View helpers for resilience simulations: the request-generator form, state
// machine graphs (laid out by ELK like the rest of the app), what every machine
// shows at the playhead, the timeline chart's series, and the cluster
// diagram's ejected pods. Pure: the Svelte components only render and dispatch.
//
// Playback steps are the simulation's responses (`result.events`, sorted by
// time): step i puts the playhead at events[i].t; machine states, counters and
// the timeline are read at that time.
import type { Cluster, Resource } from '../../model';
import {
	createSimulation,
	resolveService,
	simulationOptions,
	SIM_DEFAULTS,
	type FailureSpec,
	type MachineDescription,
	type MachineKind,
	type SimEvent,
	type SimOptions,
	type SimResult,
	type SimSnapshot,
	type TimelineBucket
} from '../../resilience/index';
import type { GEdge, GNode, Graph, Point, Scene, SceneEdge, SceneNode } from '../types';
import { INTERNET_ID } from '../graph';
import { parseRef, refPod } from '../../model';

// ---- the request generator form ----

export interface FailureRow {
	pod: string;
	startS: number;
	endS: number;
	/** an HTTP status, or 'connect-failure' */
	status: string;
	percent: number;
}

export interface SimForm {
	target: string;
	rps: number;
	durationS: number;
	concurrency: number;
	requestDurationMs: number;
	seed: number;
	/** bursts: `count` requests sent together at `atS` */
	bursts: { atS: number; count: number }[];
	failures: FailureRow[];
}

export const FAILURE_STATUSES = ['500', '502', '503', '504', 'connect-failure'] as const;

/** Services to call, as `namespace/name` (a value `resolveService` accepts). */
export function serviceChoices(cluster: Cluster): string[] {
	return cluster.services.map((s) => `${s.namespace}/${s.name}`).sort();
}

/** Pod names a failure row can name (the target's pods first, then the others). */
export function podChoices(cluster: Cluster, target: string): string[] {
	const svc = target ? resolveService(cluster, target) : null;
	const mine = svc ? cluster.pods.filter((p) => svc.pods.includes(p.id)).map((p) => p.name) : [];
	const rest = cluster.pods.map((p) => p.name).filter((n) => !mine.includes(n));
	return [...mine.sort(), ...rest.sort()];
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback);

/** The form prefilled from the scenario header's `spec.simulation` (or defaults and the first Service). */
export function initialForm(cluster: Cluster, resources: Resource[]): SimForm {
	const { options } = simulationOptions(resources, {});
	const choices = serviceChoices(cluster);
	let target = choices[0] ?? '';
	if (options?.target) {
		const svc = resolveService(cluster, options.target);
		target = svc ? `${svc.namespace}/${svc.name}` : options.target;
	}
	return {
		target,
		rps: options?.rps ?? SIM_DEFAULTS.rps,
		durationS: options?.durationS ?? SIM_DEFAULTS.durationS,
		concurrency: options?.concurrency ?? SIM_DEFAULTS.concurrency,
		requestDurationMs: options?.requestDurationMs ?? SIM_DEFAULTS.requestDurationMs,
		seed: num(options?.seed, SIM_DEFAULTS.seed),
		bursts: (options?.bursts ?? []).map((b) => ({ atS: b.atMs / 1000, count: b.count })),
		failures: (options?.failures ?? []).map((f) => ({ pod: f.pod, startS: f.startS, endS: f.endS, status: String(f.status), percent: f.percent ?? 100 }))
	};
}

export function failureSpec(r: FailureRow): FailureSpec | null {
	if (!r.pod.trim()) return null;
	const status = r.status === 'connect-failure' ? ('connect-failure' as const) : num(r.status, 503);
	return { pod: r.pod.trim(), startS: Math.max(0, num(r.startS, 0)), endS: Math.max(0, num(r.endS, 0)), status, percent: Math.min(100, Math.max(0, num(r.percent, 100))) };
}

/** SimOptions for the form: the header's other settings (breaker, rate limit, envoy knobs…) kept; the form wins. */
export function formOptions(form: SimForm, resources: Resource[]): SimOptions | null {
	const clampInt = (v: unknown, lo: number, hi: number, d: number) => Math.min(hi, Math.max(lo, Math.round(num(v, d))));
	const durationS = Math.min(600, Math.max(1, num(form.durationS, SIM_DEFAULTS.durationS)));
	const { options } = simulationOptions(resources, {
		target: form.target,
		rps: Math.min(1000, Math.max(0, num(form.rps, SIM_DEFAULTS.rps))),
		durationS,
		concurrency: clampInt(form.concurrency, 0, 100, 1),
		requestDurationMs: Math.min(60_000, Math.max(0, num(form.requestDurationMs, SIM_DEFAULTS.requestDurationMs))),
		seed: clampInt(form.seed, 0, 2 ** 31 - 1, 1),
		bursts: form.bursts
			.map((b) => ({ atMs: Math.round(1000 * Math.min(durationS, Math.max(0, num(b.atS, 0)))), count: clampInt(b.count, 0, 1000, 0) }))
			.filter((b) => b.count > 0)
	});
	if (!options) return null;
	// the form shows the header's failures, so they replace (not add to) them
	return { ...options, failures: form.failures.map(failureSpec).filter((f): f is FailureSpec => !!f) };
}

// ---- running ----

export interface SimRun {
	result: SimResult;
	/** machine snapshot (counters) right after each event, by event id */
	snapshots: Map<number, SimSnapshot>;
	/** target shown in titles */
	target: string;
	/** the client (REF such as deploy/default/productpage-v1), when the options name one */
	from?: string;
}

/** Runs the whole simulation step by step, keeping a snapshot after every response. */
export function runSimulation(cluster: Cluster, opts: SimOptions): SimRun {
	const sim = createSimulation(cluster, opts);
	const snapshots = new Map<number, SimSnapshot>();
	for (let e = sim.next(); e; e = sim.next()) snapshots.set(e.id, sim.snapshot());
	return { result: sim.result(), snapshots, target: opts.target, ...(opts.from ? { from: opts.from } : {}) };
}

/** The playhead (seconds) at player step `index`. */
export function timeAt(result: SimResult, index: number): number {
	if (index < 0 || result.events.length === 0) return 0;
	return result.events[Math.min(index, result.events.length - 1)].t;
}

/** The counters right after the event at player step `index` (null before the first). */
export function snapshotAt(run: SimRun, index: number): SimSnapshot | null {
	const e = index >= 0 ? run.result.events[Math.min(index, run.result.events.length - 1)] : undefined;
	return e ? (run.snapshots.get(e.id) ?? null) : null;
}

// ---- machines ----

export const KIND_TITLES: Record<MachineKind, string> = {
	outlierHost: 'Outlier detection (per host)',
	outlierDetector: 'Outlier detector',
	connectionPool: 'Connection pool',
	textbookBreaker: 'Textbook circuit breaker',
	tokenBucket: 'Local rate limit token bucket',
	mixerQuota: 'Mixer quota (historical)'
};

/** The machine kind a description draws (descriptions are keyed by their machine id, which is the kind). */
export function descriptionKind(d: MachineDescription): MachineKind {
	return d.id as MachineKind;
}

export const stateNodeId = (state: string) => `state:${state}`;

const MAX_LABEL = 38;
function joinLabel(parts: string[]): string {
	const s = parts.join(', ');
	return s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s;
}

// an eventless transition guarded by its own target's name (`[pendingFull]` → pendingFull) says nothing more than the arrow: no label
const eventLabel = (t: { event: string; guard?: string; to?: string }) =>
	t.event === 'always' ? (t.guard && t.guard === t.to ? '' : `[${t.guard ?? 'always'}]`) : t.guard ? `${t.event} [${t.guard}]` : t.event;

/**
 * States → nodes, transitions between two states → edges labelled with their
 * event (eventless transitions with their guard). Self-transitions (counters
 * updated in place) are not edges (the layout has no self-loops): they are
 * listed on their state's box (`↻ EVENT, …`) and in `loops`. `merge` (the
 * default for drawing) folds transitions between the same two states into one
 * edge whose label lists the events; with `merge: false` there is exactly one
 * edge per state-changing transition.
 */
export function machineGraph(d: MachineDescription, opts: { merge?: boolean } = {}): Graph & { loops: Record<string, string[]> } {
	const merge = opts.merge ?? true;
	const loops: Record<string, string[]> = {};
	for (const t of d.transitions) {
		if (t.from !== t.to) continue;
		const l = (loops[t.from] ??= []);
		const e = eventLabel(t);
		if (!l.includes(e)) l.push(e);
	}
	const nodes: GNode[] = d.states.map((s) => ({
		id: stateNodeId(s),
		parent: null,
		kind: 'state',
		ref: { kind: 'State', namespace: '', name: s },
		label: s,
		sublabel: [s === d.initial ? 'initial' : '', loops[s]?.length ? `↻ ${joinLabel(loops[s])}` : ''].filter(Boolean).join(' · ') || undefined
	}));
	const edges: GEdge[] = [];
	const moves = d.transitions.filter((t) => t.from !== t.to);
	if (!merge) {
		moves.forEach((t, i) => edges.push({ id: `tr:${i}`, source: stateNodeId(t.from), target: stateNodeId(t.to), type: 'routes', label: eventLabel(t) || undefined }));
	} else {
		const groups = new Map<string, { from: string; to: string; labels: string[] }>();
		for (const t of moves) {
			const key = `${t.from}\u0000${t.to}`;
			let g = groups.get(key);
			if (!g) groups.set(key, (g = { from: t.from, to: t.to, labels: [] }));
			const l = eventLabel(t);
			if (l && !g.labels.includes(l)) g.labels.push(l);
		}
		let i = 0;
		for (const g of groups.values()) edges.push({ id: `tr:${i++}`, source: stateNodeId(g.from), target: stateNodeId(g.to), type: 'routes', label: g.labels.length ? joinLabel(g.labels) : undefined });
	}
	return { view: 'architecture', nodes, edges, loops };
}

/**
 * The state change of instance `id` the playhead passed on reaching step
 * `index`: the last one in (t(index − 1), t(index)] (the first step takes
 * everything up to its time). Null when the step changed nothing.
 */
export function firedChange(result: SimResult, id: string, index: number): { t: number; from: string; to: string } | null {
	if (index < 0 || result.events.length === 0) return null;
	const t = timeAt(result, index);
	const prev = index === 0 ? -Infinity : timeAt(result, index - 1);
	const c = lastChange(result.machineStates, id, t);
	return c && c.t > prev ? c : null;
}

/** The drawn edge of a machine diagram for the transition from → to (merged edges: the one edge of that pair). */
export function transitionEdge(scene: Scene | null, from: string, to: string): SceneEdge | null {
	if (!scene) return null;
	const s = stateNodeId(from);
	const d = stateNodeId(to);
	return scene.edges.find((e) => e.edge.source === s && e.edge.target === d) ?? null;
}

/** State of machine instance `id` at time t (seconds): the last change at or before t. */
export function stateAt(machineStates: SimResult['machineStates'], id: string, t: number): string | null {
	const m = machineStates.find((x) => x.id === id);
	if (!m || m.changes.length === 0) return null;
	let s = m.changes[0].state;
	for (const c of m.changes) {
		if (c.t > t) break;
		s = c.state;
	}
	return s;
}

/** The last state change of instance `id` at or before t, with the state it left. */
export function lastChange(machineStates: SimResult['machineStates'], id: string, t: number): { t: number; from: string; to: string } | null {
	const m = machineStates.find((x) => x.id === id);
	if (!m) return null;
	let found: { t: number; from: string; to: string } | null = null;
	for (let i = 1; i < m.changes.length && m.changes[i].t <= t; i++) found = { t: m.changes[i].t, from: m.changes[i - 1].state, to: m.changes[i].state };
	return found;
}

/** The per-second bucket containing t (clamped to the timeline). */
export function bucketAt(timeline: TimelineBucket[], t: number): TimelineBucket | null {
	if (timeline.length === 0) return null;
	const s = Math.max(0, Math.min(timeline.length - 1, Math.floor(t)));
	return timeline[s];
}

/** Machine instances of one kind, in run order. */
export function instancesOf(result: SimResult, kind: MachineKind): string[] {
	return result.machineStates.filter((m) => m.kind === kind).map((m) => m.id);
}

/** Short instance name for pickers: `outlier:reviews-v1-…` → `reviews-v1-…`. */
export const instanceName = (id: string) => id.replace(/^(outlier|bucket|quota):/, '');

/** Counters and timers shown next to a machine's diagram, at the playhead. */
export function machineCounters(run: SimRun, kind: MachineKind, instance: string | null, index: number): string[] {
	const snap = snapshotAt(run, index);
	const t = timeAt(run.result, index);
	const out: string[] = [];
	if (kind === 'outlierHost') {
		const host = instance ? instanceName(instance) : null;
		const h = snap?.hosts.find((x) => x.host === host);
		out.push(`consecutive 5xx: ${h?.consecutive5xx ?? 0}`, `consecutive gateway errors: ${h?.consecutiveGateway ?? 0}`);
		const ej = run.result.summary.ejections.find((e) => e.host === host && e.at <= t && t < e.until);
		if (ej) out.push(`ejected until ${fmtS(ej.until)} (${fmtS(ej.until - t)} left)`);
		const od = run.result.policy?.outlier;
		if (od)
			out.push(
				`thresholds: 5xx ${od.consecutive5xx} (enforcing ${od.enforcingConsecutive5xx}%), gateway ${od.consecutiveGatewayFailure} (enforcing ${od.enforcingConsecutiveGatewayFailure}%)`,
				`sweep every ${fmtS(od.intervalMs / 1000)}, base ejection ${fmtS(od.baseEjectionMs / 1000)}`
			);
	} else if (kind === 'outlierDetector') {
		const ejected = snap ? snap.hosts.filter((h) => h.state === 'ejected').length : 0;
		out.push(`hosts ejected: ${ejected} of ${run.result.hosts.length}`);
	} else if (kind === 'connectionPool') {
		const p = snap?.pool;
		const l = run.result.policy?.limits;
		const lim = (v: number | undefined) => (v === undefined || v >= 4294967295 ? '∞' : String(v));
		out.push(
			`connections: ${p?.cx ?? 0} / ${lim(l?.maxConnections)}`,
			`pending: ${p?.pending ?? 0} / ${lim(l?.maxPendingRequests)}`,
			`active requests: ${p?.rq ?? 0} / ${lim(l?.maxRequests)}`,
			`retries: ${p?.retries ?? 0} / ${lim(l?.maxRetries)}`
		);
		if (p) out.push(`overflows so far: pending ${p.stats.upstream_rq_pending_overflow}, connections ${p.stats.upstream_cx_overflow}, retries ${p.stats.upstream_rq_retry_overflow}`);
	} else if (kind === 'textbookBreaker') {
		const b = snap?.breaker;
		out.push(`failure rate: ${b?.failureRate == null ? '—' : `${Math.round(b.failureRate)}%`}`);
	} else if (kind === 'tokenBucket') {
		const b = snap?.buckets.find((x) => x.id === instance);
		out.push(`tokens: ${b ? fmtTokens(b.tokens) : '—'}`);
	} else if (kind === 'mixerQuota') {
		const q = snap?.quotas.find((x) => x.id === instance);
		out.push(`used: ${q ? `${q.used} / ${q.max}` : '—'}`);
	}
	return out;
}

export const fmtS = (s: number) => `${Math.round(s * 1000) / 1000} s`;
const fmtTokens = (n: number) => String(Math.round(n * 100) / 100);

// ---- timeline chart ----

export const OUTCOMES = [
	{ key: '2xx', field: 'ok', label: '2xx OK' },
	{ key: '5xx', field: 'errors5xx', label: '5xx / 503 UH' },
	{ key: '503', field: 'overflow503', label: '503 UO overflow' },
	{ key: '429', field: 'ratelimited429', label: '429 rate limited' }
] as const;
export type OutcomeKey = (typeof OUTCOMES)[number]['key'];

export interface StackSeg {
	s: number;
	outcome: OutcomeKey;
	y0: number;
	y1: number;
	count: number;
}

/** Stacked bar segments per second (count > 0 only), bottom to top in OUTCOMES order. */
export function stackedBars(timeline: TimelineBucket[]): StackSeg[] {
	const out: StackSeg[] = [];
	for (const b of timeline) {
		let y = 0;
		for (const o of OUTCOMES) {
			const c = b[o.field];
			if (c > 0) out.push({ s: b.s, outcome: o.key, y0: y, y1: y + c, count: c });
			y += c;
		}
	}
	return out;
}

/** Periods (seconds) a machine instance spends in any of `states`, clipped to [0, end]. */
export function periods(machineStates: SimResult['machineStates'], id: string, states: string[], end: number): { state: string; from: number; to: number }[] {
	const m = machineStates.find((x) => x.id === id);
	if (!m) return [];
	const out: { state: string; from: number; to: number }[] = [];
	m.changes.forEach((c, i) => {
		if (!states.includes(c.state)) return;
		const to = Math.min(end, m.changes[i + 1]?.t ?? end);
		if (to > c.t || (to === c.t && i === m.changes.length - 1)) out.push({ state: c.state, from: c.t, to: Math.max(to, c.t) });
	});
	return out.filter((p) => p.to > p.from || p.from < end);
}

/** Ejection bars per host: the engine's ejections, clipped to the chart. */
export function ejectionBars(result: SimResult, end: number): { host: string; at: number; until: number; to: number }[] {
	return result.summary.ejections.map((e) => ({ host: e.host, at: e.at, until: e.until, to: Math.min(end, e.until) }));
}

/** Token series per bucket: (second end, tokens). */
export function tokenSeries(timeline: TimelineBucket[]): { id: string; points: { t: number; tokens: number }[] }[] {
	const ids = [...new Set(timeline.flatMap((b) => Object.keys(b.tokens)))];
	return ids.map((id) => ({ id, points: timeline.filter((b) => id in b.tokens).map((b) => ({ t: b.s + 1, tokens: b.tokens[id] })) }));
}

/** Events around step `index` (a window for the event list). */
export function eventWindow(events: SimEvent[], index: number, before = 6, after = 6): { i: number; e: SimEvent }[] {
	const from = Math.max(0, index - before);
	const to = Math.min(events.length, Math.max(index, 0) + after + 1);
	const out: { i: number; e: SimEvent }[] = [];
	for (let i = from; i < to; i++) out.push({ i, e: events[i] });
	return out;
}

/** One line for the player caption. */
export function describeEvent(e: SimEvent | undefined): string {
	if (!e) return '';
	const code = `${e.status}${e.flag ? ` ${e.flag}` : ''}`;
	return `t=${fmtS(e.t)} · request #${e.id} → ${e.host ?? 'no host'} · ${code} · ${e.state}${e.attempts > 1 ? ` · ${e.attempts} tries` : ''}`;
}

// ---- the cluster diagram ----

/** Pods ejected at time t: pod id (`ns/name`) → seconds until they return. */
export function ejectedAt(result: SimResult, t: number, cluster?: Cluster | null): Map<string, number> {
	const out = new Map<string, number>();
	for (const e of result.summary.ejections) {
		if (!(e.at <= t && t < e.until)) continue;
		const pod = cluster?.pods.find((p) => p.name === e.host);
		const id = pod ? pod.id : e.host;
		out.set(id, Math.max(out.get(id) ?? 0, e.until));
	}
	return out;
}

/** Scene node id → label for the diagram's greyed-out (ejected) pods and stacks. */
export function dimmedNodes(scene: Scene | null, ejected: Map<string, number>, t: number): Record<string, string> {
	const out: Record<string, string> = {};
	if (!scene || ejected.size === 0) return out;
	const left = (until: number) => `ejected · ${Math.max(0, Math.round(until - t))} s left`;
	for (const n of scene.nodes) {
		const g = n.node;
		if (g.kind === 'pod') {
			const until = ejected.get(`${g.ref.namespace}/${g.ref.name}`);
			if (until !== undefined) out[n.id] = left(until);
		} else if (g.kind === 'stack' && g.members) {
			const hit = g.members.filter((m) => ejected.has(m));
			if (hit.length) out[n.id] = `${hit.length} ejected · ${Math.max(0, Math.round(Math.max(...hit.map((m) => ejected.get(m)!)) - t))} s left`;
		}
	}
	return out;
}

// ---- requests on the cluster diagram ----

/**
 * How a response is drawn on the cluster diagram: `through` reaches the pod;
 * `client` bounces at the caller's sidecar (503 UO overflow, UH no healthy
 * host, CB the client library's breaker); `server` bounces at the target
 * pod's sidecar (429 RL local rate limit, 429 QUOTA); `upstream` reaches the
 * pod and comes back with its error (5xx, UF).
 */
export type ShotKind = 'through' | 'client' | 'server' | 'upstream';

export interface RequestShot {
	kind: ShotKind;
	/** polyline in scene coordinates, travelled start → end at constant speed */
	points: [number, number][];
	/** where it turns (bounces) or stops: the label's anchor */
	turn: Point;
	/** unit vector of the last leg before the turn (the label sits behind it, off the box it hits) */
	approach: Point;
	/** `200`, `503 UO`, `429 RL`, … */
	label: string;
	tone: 'ok' | 'limited' | 'bad';
	/** scene node ids: the caller (pod, stack or the internet; null: a point beside the Service), the Service, the pod (null when none was picked or drawn) */
	client: string | null;
	service: string;
	pod: string | null;
}

const CLIENT_FLAGS = new Set(['UO', 'UH', 'CB']);
const SERVER_FLAGS = new Set(['RL', 'QUOTA']);
/** how far towards the Service a request refused by the caller's sidecar gets before bouncing */
export const CLIENT_BOUNCE = 0.45;
const GAP = 4;

const centre = (n: SceneNode): Point => ({ x: n.x + n.w / 2, y: n.y + n.h / 2 });

/** Where the segment from the centre of `n` towards `p` leaves the box (plus a small gap); `p` itself when inside. */
export function boxExit(n: SceneNode, p: Point, gap = GAP): Point {
	const c = centre(n);
	const dx = p.x - c.x;
	const dy = p.y - c.y;
	if (dx === 0 && dy === 0) return c;
	const s = Math.min(dx ? n.w / 2 / Math.abs(dx) : Infinity, dy ? n.h / 2 / Math.abs(dy) : Infinity);
	if (s >= 1) return p;
	const len = Math.hypot(dx, dy);
	const g = Math.min(gap / len, 1 - s);
	return { x: c.x + dx * (s + g), y: c.y + dy * (s + g) };
}

/** The scene node drawing pod `ns/name` (its own box, or the stack it is folded into). */
function podNode(scene: Scene, podId: string): SceneNode | null {
	const [ns, name] = [podId.slice(0, podId.indexOf('/')), podId.slice(podId.indexOf('/') + 1)];
	return (
		scene.nodes.find((n) => n.node.kind === 'pod' && n.node.ref.namespace === ns && n.node.ref.name === name) ??
		scene.nodes.find((n) => n.node.kind === 'stack' && (n.node.members ?? []).includes(podId)) ??
		null
	);
}

/** The caller's pod for a client REF (`deploy/ns/name`, `pod/ns/name`), as the engine picks it. */
function clientPodId(cluster: Cluster, from: string | undefined): string | null {
	const ref = from ? parseRef(from) : null;
	return (ref && refPod(cluster, ref)?.id) ?? null;
}

/**
 * The response at a simulation step drawn on the (architecture) cluster
 * diagram: a path from the caller towards the target Service, through to the
 * pod or bouncing back where the response was decided, and its status label.
 * Null when the scene is not the architecture view or does not draw the Service.
 */
export function requestShot(scene: Scene | null, cluster: Cluster | null, run: Pick<SimRun, 'target' | 'from'>, event: SimEvent | undefined): RequestShot | null {
	if (!scene || !cluster || !event || scene.view !== 'architecture') return null;
	const svc = resolveService(cluster, run.target);
	const svcNode = svc ? scene.nodes.find((n) => n.node.kind === 'service' && n.node.ref.namespace === svc.namespace && n.node.ref.name === svc.name) : undefined;
	if (!svcNode) return null;
	const clientPod = clientPodId(cluster, run.from);
	const clientNode = (clientPod ? podNode(scene, clientPod) : null) ?? scene.nodes.find((n) => n.id === INTERNET_ID) ?? null;
	const named = event.host ? cluster.pods.filter((p) => p.name === event.host) : [];
	const hostPod = named.find((p) => svc!.pods.includes(p.id)) ?? named[0];
	const podBox = hostPod ? podNode(scene, hostPod.id) : null;

	const sc = centre(svcNode);
	// the caller: its box's edge facing the Service, or a point left of the Service
	const start = clientNode ? boxExit(clientNode, sc) : { x: svcNode.x - 90, y: sc.y };
	const svcIn = boxExit(svcNode, start);
	const kind: ShotKind = event.outcome === '2xx' ? 'through' : event.flag && CLIENT_FLAGS.has(event.flag) ? 'client' : event.flag && SERVER_FLAGS.has(event.flag) ? 'server' : 'upstream';
	const pt = (p: Point): [number, number] => [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
	let out: Point[];
	let turn: Point;
	if (kind === 'client') {
		turn = { x: start.x + (svcIn.x - start.x) * CLIENT_BOUNCE, y: start.y + (svcIn.y - start.y) * CLIENT_BOUNCE };
		out = [start, turn];
	} else {
		// to the pod's edge (or, with no pod drawn, the Service's)
		turn = podBox ? boxExit(podBox, sc) : svcIn;
		out = podBox ? [start, sc, turn] : [start, svcIn];
	}
	const back = kind === 'through' ? [] : out.slice(0, -1).reverse();
	const prev = out[out.length - 2];
	const len = Math.hypot(turn.x - prev.x, turn.y - prev.y) || 1;
	const approach = { x: Math.round(((turn.x - prev.x) / len) * 1000) / 1000, y: Math.round(((turn.y - prev.y) / len) * 1000) / 1000 };
	const label = `${event.status}${event.flag ? ` ${event.flag}` : ''}`;
	const tone = event.outcome === '2xx' ? 'ok' : event.outcome === '429' ? 'limited' : 'bad';
	return {
		kind,
		points: [...out, ...back].map(pt),
		turn: { x: pt(turn)[0], y: pt(turn)[1] },
		approach,
		label,
		tone,
		client: clientNode?.id ?? null,
		service: svcNode.id,
		pod: podBox?.id ?? null
	};
}

/** The point at fraction f (0…1) of a polyline's length. */
export function pointAlong(points: [number, number][], f: number): Point {
	if (points.length === 0) return { x: 0, y: 0 };
	const lens: number[] = [];
	let total = 0;
	for (let i = 1; i < points.length; i++) {
		const l = Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
		lens.push(l);
		total += l;
	}
	let d = Math.min(1, Math.max(0, f)) * total;
	for (let i = 1; i < points.length; i++) {
		const l = lens[i - 1];
		if (d <= l || i === points.length - 1) {
			const k = l ? Math.min(1, d / l) : 1;
			return { x: points[i - 1][0] + (points[i][0] - points[i - 1][0]) * k, y: points[i - 1][1] + (points[i][1] - points[i - 1][1]) * k };
		}
		d -= l;
	}
	return { x: points[0][0], y: points[0][1] };
}
