// The request composer and the split simulation, as pure data: the choices a
// composer offers (sources, hosts), the request it sends, a scenario flow as a
// starting point, and what the bars and the timeline show after k of N
// simulated requests (the UI reveals a precomputed simulation progressively).
import type { Cluster } from '../../model';
import type { ScenarioFlow } from '../../scenario';
import { parseRef, resolveRef } from '../../model';
import type { MirrorOutcome, PickedDestination, RouteRequest } from '../../mesh';
import type { RequestOutcome } from '../../mesh';
import { serviceFqdn } from '../../mesh';

export interface MeshChoice {
	value: string;
	label: string;
	group: string;
}

export interface HeaderRow {
	key: string;
	value: string;
	/** a header can be toggled off without losing what was typed */
	on: boolean;
}

export interface Composer {
	from: string;
	host: string;
	/** '' = the Service's / Gateway's first port */
	port: string;
	path: string;
	method: string;
	headers: HeaderRow[];
	seed: number;
	n: number;
}

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
export const INGRESS = 'ingress';
export const DEFAULT_N = 1000;
const L7 = /^(HTTP|HTTPS|HTTP2|GRPC)$/i;

/** Who can send: the ingress gateway, then pods with sidecars, then pods without. */
export function meshSources(cluster: Cluster): MeshChoice[] {
	const out: MeshChoice[] = [{ value: INGRESS, label: 'ingress gateway (from the Internet)', group: 'Edge' }];
	const pods = [...cluster.pods].sort((a, b) => a.id.localeCompare(b.id));
	for (const p of pods) if (p.sidecar) out.push({ value: `pod/${p.namespace}/${p.name}`, label: `${p.namespace}/${p.name}`, group: 'Pods with a sidecar' });
	for (const p of pods) if (!p.sidecar && !p.hostNetwork) out.push({ value: `pod/${p.namespace}/${p.name}`, label: `${p.namespace}/${p.name}`, group: 'Pods without a sidecar' });
	out.push({ value: '', label: 'a made-up sidecar client in default', group: 'Other' });
	return out;
}

/** Hosts to send to: VirtualService hosts, Services (FQDN), ServiceEntry hosts. */
export function meshHosts(cluster: Cluster): MeshChoice[] {
	const out: MeshChoice[] = [];
	const seen = new Set<string>();
	const add = (value: string, group: string, label = value) => {
		if (!value || value.includes('*') || seen.has(value)) return;
		seen.add(value);
		out.push({ value, label, group });
	};
	for (const vs of cluster.virtualServices) for (const h of vs.hosts) add(h, 'VirtualService hosts', `${h} (${vs.name})`);
	const domain = cluster.settings.clusterDomain;
	for (const s of [...cluster.services].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))) {
		add(serviceFqdn(s, domain), 'Services');
	}
	for (const se of cluster.serviceEntries) for (const h of se.hosts) add(h, 'ServiceEntry hosts');
	return out;
}

/** Whether a host is only reachable through a Gateway (a VS host bound to gateways, not to `mesh`). */
export function gatewayOnly(cluster: Cluster, host: string): boolean {
	const vss = cluster.virtualServices.filter((v) => v.hosts.includes(host));
	return vss.length > 0 && vss.every((v) => !v.gateways.includes('mesh'));
}

/** A scenario flow with an L7 protocol as composer fields; null for L4 flows. */
export function composerFromFlow(flow: ScenarioFlow): Partial<Composer> | null {
	if (flow.protocol && !L7.test(flow.protocol)) return null;
	if (!flow.protocol && !flow.path && !flow.headers) return null;
	const out: Partial<Composer> = {};
	const from = parseRef(flow.from);
	if (from?.kind === 'external' || from?.kind === 'ingress' || from?.kind === 'gateway') out.from = INGRESS;
	else if (from?.kind === 'pod' || from?.kind === 'deploy' || from?.kind === 'sts' || from?.kind === 'ds') out.from = `${from.kind}/${from.namespace}/${from.name}`;
	const to = parseRef(flow.to);
	let urlPath: string | undefined;
	if (to?.kind === 'url') {
		try {
			const u = new URL(to.name);
			out.host = u.hostname;
			if (u.port) out.port = u.port;
			urlPath = u.pathname + u.search;
		} catch {
			/* not a URL after all: leave the host to the user */
		}
	} else if (to?.kind === 'svc') out.host = `${to.name}.${to.namespace}.svc.cluster.local`;
	else if (to?.kind === 'dns') out.host = to.name;
	if (flow.port) out.port = String(flow.port);
	out.path = flow.path ?? urlPath ?? '/';
	if (flow.method) out.method = flow.method.toUpperCase();
	out.headers = Object.entries(flow.headers ?? {}).map(([key, value]) => ({ key, value, on: true }));
	return out;
}

/** A flow's source as a composer choice: a workload ref becomes its first pod (what the engine would pick). */
export function sourceValue(cluster: Cluster, from: string): string {
	if (from === INGRESS || from === '' || from.startsWith('pod/')) return from;
	const ref = parseRef(from);
	const r = ref ? resolveRef(cluster, ref) : null;
	const pod = r?.kind === 'workload' ? r.pod : null;
	return pod ? `pod/${pod.namespace}/${pod.name}` : from;
}

/** The first L7 flow of the scenario, else the first VS host (via the gateway when it is gateway-only). */
export function defaultComposer(cluster: Cluster, flows: readonly ScenarioFlow[] = []): Composer {
	const base: Composer = { from: INGRESS, host: '', port: '', path: '/', method: 'GET', headers: [], seed: 1, n: DEFAULT_N };
	for (const f of flows) {
		const c = composerFromFlow(f);
		if (c && c.host) return { ...base, ...c, from: sourceValue(cluster, c.from ?? INGRESS) };
	}
	const hosts = meshHosts(cluster);
	const host = hosts[0]?.value ?? '';
	const sidecar = meshSources(cluster).find((s) => s.group === 'Pods with a sidecar');
	const from = host && !gatewayOnly(cluster, host) && sidecar ? sidecar.value : INGRESS;
	return { ...base, host, from };
}

/** The engine's request for the composer (headers that are off or unnamed are left out). */
export function toRouteRequest(c: Composer): RouteRequest {
	const headers: Record<string, string> = {};
	for (const h of c.headers) if (h.on && h.key.trim()) headers[h.key.trim()] = h.value;
	const req: RouteRequest = { host: c.host.trim(), path: c.path || '/', method: c.method || 'GET', headers };
	if (c.from) req.from = c.from;
	const port = Number(c.port);
	if (c.port !== '' && Number.isInteger(port) && port > 0 && port < 65536) req.port = port;
	return req;
}

// ---------------------------------------------------------------- split bars

export interface SplitRow {
	key: string;
	host: string;
	subset: string | null;
	/** short label: `helloworld v1` */
	label: string;
	count: number;
	/** 0..100, one decimal */
	pct: number;
	/** target weight in percent, null when the key was not a destination of the rule */
	target: number | null;
}

export interface Tally {
	done: number;
	rows: SplitRow[];
	/** requests that picked no destination (404 NR, redirects, …) */
	none: number;
	delayed: number;
	aborted: number;
	timedOut: number;
	/** mirrored copies (their responses are dropped) */
	mirrored: number;
	statuses: { status: string; count: number }[];
}

export function destKeyOf(host: string, subset: string | null): string {
	return `${host}|${subset ?? ''}`;
}

/** `reviews.default.svc.cluster.local` + `v2` → `reviews v2`. */
export function shortDest(host: string, subset: string | null): string {
	const short = host.endsWith('.svc.cluster.local') ? host.split('.')[0] : host;
	return subset ? `${short} ${subset}` : short;
}

const pct1 = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : 0);

/** Counts after the first `k` outcomes, with each destination's target weight. */
export function tally(outcomes: readonly RequestOutcome[], k: number, destinations: readonly PickedDestination[] = []): Tally {
	const done = Math.max(0, Math.min(outcomes.length, Math.floor(k)));
	const counts = new Map<string, number>();
	const targets = new Map<string, number>();
	const totalWeight = destinations.reduce((s, d) => s + d.weight, 0);
	for (const d of destinations) {
		const key = destKeyOf(d.host, d.subset);
		targets.set(key, (targets.get(key) ?? 0) + d.weight);
		counts.set(key, 0);
	}
	let none = 0;
	let delayed = 0;
	let aborted = 0;
	let timedOut = 0;
	let mirrored = 0;
	const statuses = new Map<string, number>();
	for (let i = 0; i < done; i++) {
		const o = outcomes[i];
		if (o.key) counts.set(o.key, (counts.get(o.key) ?? 0) + 1);
		else none++;
		if (o.delayed) delayed++;
		if (o.aborted) aborted++;
		if (o.flags.includes('UT')) timedOut++;
		mirrored += o.mirrored;
		const s = o.status === 0 ? 'reset' : String(o.status);
		statuses.set(s, (statuses.get(s) ?? 0) + 1);
	}
	const rows: SplitRow[] = [...counts.entries()].map(([key, count]) => {
		const bar = key.lastIndexOf('|');
		const host = key.slice(0, bar);
		const subset = key.slice(bar + 1) || null;
		const t = targets.get(key);
		return { key, host, subset, label: shortDest(host, subset), count, pct: pct1(count, done), target: t === undefined ? null : totalWeight > 0 ? pct1(t, totalWeight) : 0 };
	});
	return {
		done,
		rows,
		none,
		delayed,
		aborted,
		timedOut,
		mirrored,
		statuses: [...statuses.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([status, count]) => ({ status, count }))
	};
}

/** How many requests are shown at frame time `elapsedMs` of a reveal lasting `totalMs`. */
export function revealed(n: number, elapsedMs: number, totalMs: number): number {
	if (totalMs <= 0 || elapsedMs >= totalMs) return n;
	const f = Math.max(0, elapsedMs / totalMs);
	// ease out: the bars move fast at first, then settle
	return Math.min(n, Math.round(n * (1 - Math.pow(1 - f, 2))));
}

/** Mirror targets of the rule, e.g. `helloworld v2 (100%)`. */
export function mirrorLabels(mirror: readonly MirrorOutcome[]): string[] {
	return mirror.map((m) => `${shortDest(m.host, m.subset)} (${m.percentage}%)`);
}

// ---------------------------------------------------------------- timeline

export type TimelineKind = 'ok' | 'delayed' | 'aborted' | 'timeout' | 'error';

export interface TimelinePoint {
	i: number;
	/** when the request was sent, in simulated ms */
	t: number;
	durationMs: number;
	kind: TimelineKind;
	status: number;
}

export interface Timeline {
	points: TimelinePoint[];
	/** simulated span (ms) and the longest duration, for the axes */
	spanMs: number;
	maxDurationMs: number;
}

/** Requests at a steady rate (`rps`) on a simulated clock; each with its duration and what happened to it. */
export function timeline(outcomes: readonly RequestOutcome[], k: number, rps = 100): Timeline {
	const done = Math.max(0, Math.min(outcomes.length, Math.floor(k)));
	const step = 1000 / rps;
	const points: TimelinePoint[] = [];
	let maxDurationMs = 0;
	for (let i = 0; i < done; i++) {
		const o = outcomes[i];
		const kind: TimelineKind = o.flags.includes('UT') ? 'timeout' : o.aborted ? 'aborted' : o.delayed ? 'delayed' : o.status >= 500 || o.status === 0 ? 'error' : 'ok';
		points.push({ i, t: i * step, durationMs: o.durationMs, kind, status: o.status });
		if (o.durationMs > maxDurationMs) maxDurationMs = o.durationMs;
	}
	return { points, spanMs: Math.max(step, outcomes.length * step), maxDurationMs };
}
