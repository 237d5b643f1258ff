// Each flow's verdict and path in both versions. The flows are the ones the
// caller gives (`diff --flow`), else the scenario header's, else every
// pod → Service-port pair present in both versions, within a budget. Each is
// traced with the packet engine (net/trace) in both versions with the same
// seed, so a difference is a difference of the manifests, not of the dice.
import type { Cluster, Pod, Resource } from '../model';
import { parseRef } from '../model';
import { trace, type KubeProxyOptions, type Trace } from '../net';
import type { DiffVersion, FlowChange, FlowResult, FlowSelection, NamedFlow } from './types';
import { byText } from './keys';
import { endpointsOf } from './endpoints';

/**
 * Auto-chosen flows traced per version. Each costs two traces (a few ms warm
 * in a 1,000-Service cluster, see `npm run bench`); 200 keeps a diff of two
 * 1,000-pod versions near a second. Given and declared flows are not capped
 * beyond MAX_GIVEN_FLOWS.
 */
export const MAX_AUTO_FLOWS = 200;
export const MAX_GIVEN_FLOWS = 1_000;
/** the seed every flow is traced with in both versions */
export const DIFF_SEED = 1;
/** hops listed per side in a path difference */
const MAX_HOPS_LISTED = 6;

export interface FlowOptions {
	/** flows to compare instead of the declared or auto-chosen ones */
	flows?: NamedFlow[];
	/** budget for auto-chosen flows (default MAX_AUTO_FLOWS) */
	maxAuto?: number;
}

/** The flows to compare and where they came from. */
export function chooseFlows(before: DiffVersion, after: DiffVersion, opts: FlowOptions = {}): { flows: NamedFlow[]; selection: Omit<FlowSelection, 'compared'> } {
	if (opts.flows?.length) {
		const flows = opts.flows.slice(0, MAX_GIVEN_FLOWS);
		return { flows, selection: { source: 'given', candidates: opts.flows.length, truncated: flows.length < opts.flows.length } };
	}
	const declared = new Map<string, NamedFlow>();
	for (const f of [...before.flows, ...after.flows]) if (!declared.has(f.name)) declared.set(f.name, f);
	if (declared.size) {
		const flows = [...declared.values()].slice(0, MAX_GIVEN_FLOWS);
		return { flows, selection: { source: 'declared', candidates: declared.size, truncated: flows.length < declared.size } };
	}
	return autoFlows(before.cluster, after.cluster, opts.maxAuto ?? MAX_AUTO_FLOWS);
}

/**
 * Pod → Service-port pairs for pods and Services present in both versions
 * (on the ports of either version),
 * taken round-robin: every Service port gets one client before any gets a
 * second, and the clients rotate, so a small budget still covers every Service.
 */
function autoFlows(a: Cluster, b: Cluster, budget: number): { flows: NamedFlow[]; selection: Omit<FlowSelection, 'compared'> } {
	const podsB = new Set(b.pods.filter(isClient).map((p) => p.id));
	const clients = a.pods.filter((p) => isClient(p) && podsB.has(p.id)).sort((x, y) => byText(x.id, y.id));
	const svcB = new Map(b.services.map((s) => [s.id, s]));
	const targets: { svc: string; port: number; protocol: string }[] = [];
	for (const s of [...a.services].sort((x, y) => byText(x.id, y.id))) {
		const other = svcB.get(s.id);
		if (!other || s.type === 'ExternalName') continue;
		// the ports of either version: a port taken away is a flow that now fails
		const ports = new Map([...s.ports, ...other.ports].filter((p) => p.protocol !== 'SCTP').map((p) => [`${p.port}/${p.protocol}`, p]));
		for (const p of [...ports.values()].sort((x, y) => x.port - y.port || byText(x.protocol, y.protocol))) targets.push({ svc: s.id, port: p.port, protocol: p.protocol });
	}
	const candidates = clients.length * targets.length;
	const flows: NamedFlow[] = [];
	const want = Math.min(budget, candidates);
	for (let round = 0; flows.length < want; round++)
		for (let i = 0; i < targets.length && flows.length < want; i++) {
			const t = targets[i];
			const c = clients[(i + round) % clients.length];
			flows.push({ name: `${c.id} → ${t.svc}:${t.port}`, from: `pod/${c.id}`, to: `svc/${t.svc}`, port: t.port, protocol: t.protocol });
		}
	return { flows, selection: { source: 'auto', candidates, truncated: flows.length < candidates } };
}

const isClient = (p: Pod): boolean => !!p.ip && !p.hostNetwork && p.phase === 'Running';

export function diffFlows(before: DiffVersion, after: DiffVersion, flows: NamedFlow[]): FlowChange[] {
	const out: FlowChange[] = [];
	for (const f of flows) {
		const ta = traceIn(before, f);
		const tb = traceIn(after, f);
		const c = compareTraces(f, ta, tb, endpointPods(before.cluster, f), endpointPods(after.cluster, f), before.cluster, after.cluster);
		if (c.verdictChanged || c.pathChanged) out.push(c);
	}
	// verdict changes first, then by name: what a reviewer must read comes first
	return out.sort((x, y) => Number(y.verdictChanged) - Number(x.verdictChanged) || byText(x.name, y.name));
}

function traceIn(v: DiffVersion, f: NamedFlow): Trace {
	const { name: _name, ...flow } = f;
	return trace(v.cluster, flow, { seed: DIFF_SEED, resources: v.resources as Resource[], ...(v.kubeProxy ? { kubeProxy: v.kubeProxy as KubeProxyOptions } : {}) });
}

/** Ready endpoint pods of the Service a flow targets (svc/NS/NAME), on the flow's port; null for other targets. */
function endpointPods(c: Cluster, f: NamedFlow): string[] | null {
	const ref = parseRef(f.to);
	if (!ref || ref.kind !== 'svc') return null;
	const svc = c.services.find((s) => s.namespace === (ref.namespace ?? 'default') && s.name === ref.name);
	if (!svc) return [];
	const port = f.port === undefined ? svc.ports[0] : svc.ports.find((p) => p.port === f.port);
	if (!port) return [];
	const forPort = { ...svc, endpoints: svc.endpoints.filter((e) => e.portName === port.name && e.protocol === port.protocol && e.ready) };
	return [...endpointsOf(forPort).keys()];
}

export function compareTraces(f: NamedFlow, a: Trace, b: Trace, epA: string[] | null, epB: string[] | null, ca?: Cluster, cb?: Cluster): FlowChange {
	const ra = result(a, ca);
	const rb = result(b, cb);
	// a Service flow is compared up to kube-proxy's DNAT, and by its endpoint set
	// beyond it: which endpoint the seeded pick lands on (and where it runs) is
	// no change of the Service when the set is the same
	const toService = epA !== null && epB !== null;
	const { removed, added } = lcsDiff(placesOf(a, toService), placesOf(b, toService));
	const endpointsDiffer = toService && epA.join(' ') !== epB.join(' ');
	const verdictChanged = ra.verdict !== rb.verdict;
	// a Service flow's pick among the endpoints is no change, but reaching something else than a pod is
	const reachedKind = (r: FlowResult) => r.deliveredTo?.split('/')[0];
	const pathChanged = (toService ? reachedKind(ra) !== reachedKind(rb) : ra.deliveredTo !== rb.deliveredTo) || removed.length > 0 || added.length > 0 || endpointsDiffer || !!ra.undeclaredPort !== !!rb.undeclaredPort;
	const c: FlowChange = {
		name: f.name,
		from: f.from,
		to: f.to,
		...(f.port !== undefined ? { port: f.port } : {}),
		...(f.protocol ? { protocol: f.protocol } : {}),
		before: ra,
		after: rb,
		verdictChanged,
		pathChanged,
		hopsRemoved: removed.slice(0, MAX_HOPS_LISTED),
		hopsAdded: added.slice(0, MAX_HOPS_LISTED),
		summary: ''
	};
	if (endpointsDiffer) c.endpoints = { before: epA, after: epB };
	c.summary = summarize(c, removed.length, added.length);
	return c;
}

function result(t: Trace, c?: Cluster): FlowResult {
	const r: FlowResult = { verdict: t.verdict, hops: t.hops.length };
	if (t.deliveredTo) r.deliveredTo = t.deliveredTo;
	if (t.endpoint) r.endpoint = t.endpoint;
	const undeclared = c && t.verdict === 'delivered' ? undeclaredPort(c, t) : null;
	if (undeclared) r.undeclaredPort = undeclared;
	if (t.verdict !== 'delivered') {
		const last = [...t.hops].reverse().find((h) => h.leg === 'request') ?? t.hops[t.hops.length - 1];
		if (last) r.reason = last.note.length > 240 ? `${last.note.slice(0, 239)}…` : last.note;
	}
	return r;
}

/** `9090/TCP on default/web-…, which declares 8080/TCP` when the delivered-to pod declares ports but not this one. */
function undeclaredPort(c: Cluster, t: Trace): string | null {
	const id = t.deliveredTo?.startsWith('pod/') ? t.deliveredTo.slice(4) : null;
	const port = Number(t.endpoint?.split(':')[1]);
	const pod = id ? c.pods.find((p) => p.id === id) : undefined;
	if (!pod || !Number.isInteger(port)) return null;
	const declared = pod.containers.flatMap((ct) => ct.ports.map((p) => `${p.containerPort}/${p.protocol}`));
	const proto = t.hops.find((h) => h.leg === 'request')?.packet.proto ?? 'TCP';
	if (!declared.length || declared.includes(`${port}/${proto}`)) return null;
	return `${port}/${proto} on ${id}, which declares ${[...new Set(declared)].join(', ')}`;
}

/**
 * The request leg's places. kube-proxy's hashed chain names are folded
 * (KUBE-SEP-… is named after the endpoint's address, which shifts when pods
 * are added elsewhere) and so are veth names. A Service flow stops at the
 * DNAT and leaves out the node: the endpoint set is compared on its own.
 */
function placesOf(t: Trace, toService: boolean): string[] {
	const req = t.hops.filter((h) => h.leg === 'request');
	const dnat = toService ? req.findIndex((h) => h.changed.includes('dst')) : -1;
	// the hairpin mark (KUBE-MARK-MASQ in a KUBE-SEP chain) depends on the pick too
	const upTo = (dnat >= 0 ? req.slice(0, dnat + 1) : req).filter((h) => !toService || !h.at.endsWith('KUBE-MARK-MASQ'));
	return upTo.map((h) => {
		const at = h.at.replace(/\b(KUBE-(?:SEP|SVC|SVL|EXT|FW))-[A-Z0-9]{16}\b/g, '$1-…').replace(/\bveth[0-9a-f]{8}\b/g, 'veth…');
		return toService ? at.replace(/^[^·]*· /, '') : at;
	});
}

/** Items only in a (removed) and only in b (added), by longest common subsequence, in order. */
export function lcsDiff(a: string[], b: string[]): { removed: string[]; added: string[] } {
	const n = a.length;
	const m = b.length;
	const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
	for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
	const removed: string[] = [];
	const added: string[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (a[i] === b[j]) (i++, j++);
		else if (L[i + 1][j] >= L[i][j + 1]) removed.push(a[i++]);
		else added.push(b[j++]);
	}
	while (i < n) removed.push(a[i++]);
	while (j < m) added.push(b[j++]);
	return { removed, added };
}

function summarize(c: FlowChange, removed: number, added: number): string {
	const { before: a, after: b } = c;
	if (c.verdictChanged) return `${a.verdict} → ${b.verdict}${b.reason ? `: ${b.reason}` : a.verdict !== 'delivered' && b.verdict === 'delivered' ? ` (to ${b.deliveredTo ?? b.endpoint ?? '?'})` : ''}`;
	const parts: string[] = [];
	if (b.undeclaredPort && !a.undeclaredPort) parts.push(`now delivered to ${b.undeclaredPort}: unless something listens there undeclared, the connection is refused (TCP reset)`);
	if (a.undeclaredPort && !b.undeclaredPort) parts.push(`no longer delivered to an undeclared port (was ${a.undeclaredPort})`);
	if (c.endpoints) {
		const gone = c.endpoints.before.filter((e) => !c.endpoints!.after.includes(e));
		const come = c.endpoints.after.filter((e) => !c.endpoints!.before.includes(e));
		parts.push(`endpoints ${c.endpoints.before.length} → ${c.endpoints.after.length}${gone.length ? ` (−${gone.join(', −')})` : ''}${come.length ? ` (+${come.join(', +')})` : ''}`);
	}
	if (a.deliveredTo !== b.deliveredTo) parts.push(`reaches ${b.deliveredTo ?? 'nothing'} instead of ${a.deliveredTo ?? 'nothing'}`);
	if (removed || added) parts.push(`${removed} hop${removed === 1 ? '' : 's'} left, ${added} new (${a.hops} → ${b.hops} hops)`);
	return parts.join('; ');
}
