// Packet geometry: where on a laid-out Scene each hop of a trace happens, and
// a polyline through those places that a UI can move a dot along at constant
// speed. Built once per (scene, trace); positionAt is a binary search, so
// hundreds of packets in flight cost O(log n) each per frame.
import type { Cluster } from '../model';
import type { Hop } from '../net';
import type { GraphView, Point, Scene, SceneNode } from './types';
import { HEADER, HEADER_DEFAULT } from './layout/metrics';
import { DOCKER_WIRE_ID } from './dockernet';
import { LB_ID, NAT_ID, NET_CLUSTER_ID, NET_INTERNET_ID, WIRE_ID, moreId, netfilterId, nodeBoxId, nodeDeviceId, podBoxId, podDeviceId } from './network';

export interface PathSegment {
	/** indices into points; from === to for a pause at a hop */
	from: number;
	to: number;
	/** the hop the packet has last reached while on this segment */
	hop: number;
	length: number;
}

export interface PacketPath {
	points: [number, number][];
	segments: PathSegment[];
	/** distance along the path where each segment starts */
	starts: number[];
	total: number;
	/** scene node id per hop (what hopTargets returned) */
	targets: string[];
}

export interface PacketPathOptions {
	/** path length spent standing at each hop, so hops at one box still take time (default 0) */
	dwell?: number;
	/** lets DNAT hops pass through the Service they translate (architecture view) */
	cluster?: Cluster;
}

export interface PacketPosition {
	x: number;
	y: number;
	/** index of the hop last reached */
	hop: number;
}

/** Pod ids (`ns/name`) a trace touches: the focus pods of a large network view. */
export function tracePods(hops: Hop[]): string[] {
	const out: string[] = [];
	for (const h of hops) if (h.anchor.pod && !out.includes(h.anchor.pod)) out.push(h.anchor.pod);
	return out;
}

/** Node (or Docker host) names a trace's hops happen on: the network view folds the others away. */
export function traceNodes(hops: Hop[]): string[] {
	const out: string[] = [];
	for (const h of hops) if (h.anchor.node && !out.includes(h.anchor.node)) out.push(h.anchor.node);
	return out;
}

/** Where a dot rests on a box: the centre of a leaf, the header band of a container. */
export function anchorPoint(n: SceneNode): Point {
	if (!n.node.container) return { x: n.x + n.w / 2, y: n.y + n.h / 2 };
	const header = HEADER[n.node.kind] ?? HEADER_DEFAULT;
	return { x: n.x + n.w / 2, y: n.y + Math.min(n.h / 2, header / 2) };
}

/** The scene node id each hop happens at (every id exists in the scene unless the scene is empty). */
export function hopTargets(scene: Scene, hops: Hop[], view: GraphView = scene.view, cluster?: Cluster): string[] {
	const has = new Set(scene.nodes.map((n) => n.id));
	const fallback = has.has(NET_CLUSTER_ID) ? NET_CLUSTER_ID : (scene.nodes[0]?.id ?? '');
	const pick = view === 'network' ? networkCandidates : architectureCandidates(scene, hops, cluster);
	// a wire hop between two Docker hosts crosses their LAN, not the cluster's node network
	const dockerHosts = new Set(scene.nodes.filter((n) => n.node.ref.kind === 'DockerHost').map((n) => n.node.ref.name));
	const onDockerHost = (id: string) => dockerHosts.size > 0 && dockerHosts.has(id.split('/')[1] ?? '');
	const out: string[] = [];
	let prev = '';
	for (const h of hops) {
		const wire = view === 'network' && h.kind === 'wire' && onDockerHost(prev) && has.has(DOCKER_WIRE_ID);
		const id = (wire ? DOCKER_WIRE_ID : pick(h).find((c) => has.has(c))) ?? (prev || fallback);
		out.push(id);
		prev = id;
	}
	return out;
}

// ---------------------------------------------------------------- network view

const EDGE_ACTORS: Record<string, string[]> = {
	'load-balancer': [LB_ID, NET_INTERNET_ID],
	'nat-gateway': [NAT_ID, NET_INTERNET_ID]
};
const NODE_KERNEL = new Set(['netfilter', 'conntrack', 'routing']);

function networkCandidates(h: Hop): string[] {
	const a = h.anchor;
	if (h.kind === 'wire') return [WIRE_ID];
	if (a.actor) return EDGE_ACTORS[a.actor] ?? [NET_INTERNET_ID];
	const out: string[] = [];
	const around = (node?: string) => (node ? [moreId(node), nodeBoxId(node)] : []);
	if (a.pod && (a.device === 'eth0' || !a.device || a.device === 'lo')) {
		if (a.device === 'eth0') out.push(podDeviceId(a.pod, 'eth0'));
		out.push(podBoxId(a.pod), ...around(a.node));
		return out;
	}
	if (a.node && a.device) return [nodeDeviceId(a.node, a.device), ...around(a.node)];
	if (a.node && (NODE_KERNEL.has(h.kind) || a.hook)) return [netfilterId(a.node), nodeBoxId(a.node)];
	return a.node ? [nodeBoxId(a.node)] : [];
}

// ---------------------------------------------------------------- architecture view

const DNS_SERVICE = 'Service/kube-system/kube-dns';

function architectureCandidates(scene: Scene, hops: Hop[], cluster?: Cluster): (h: Hop) => string[] {
	// a pod drawn inside a stack is found through the stack's members
	const stackOf = new Map<string, string>();
	let ingress: string | undefined;
	for (const n of scene.nodes) {
		if (n.node.kind === 'stack') for (const m of n.node.members ?? []) stackOf.set(m, n.id);
		if (n.node.kind === 'ingress' && !ingress) ingress = n.id;
	}
	// CoreDNS and the ingress controller are often synthesised, so not drawn:
	// every hop at such a pod stands in at the DNS Service or the Ingress
	// (the first pod a 'dns' hop names is the resolver's; a later, different one is CoreDNS)
	const standIn = new Map<string, string>();
	let resolver: string | undefined;
	for (const h of hops) {
		const pod = h.anchor.pod;
		if (!pod || standIn.has(pod)) continue;
		if (h.kind === 'ingress-controller' && ingress) standIn.set(pod, ingress);
		else if (h.kind === 'dns') {
			if (resolver === undefined) resolver = pod;
			else if (pod !== resolver) standIn.set(pod, DNS_SERVICE);
		}
	}
	// Service addresses a DNAT rewrites away from: the packet is shown passing the Service
	const svcByIP = new Map<string, string>();
	for (const s of cluster?.services ?? []) {
		const id = `Service/${s.namespace}/${s.name}`;
		for (const ip of [s.clusterIP, ...s.loadBalancerIPs, ...s.externalIPs]) if (ip && !svcByIP.has(ip)) svcByIP.set(ip, id);
	}
	return (h) => {
		const a = h.anchor;
		if (a.actor) return [NET_INTERNET_ID];
		const node = a.node ? [nodeBoxId(a.node)] : [];
		if (a.pod) {
			const out = [podBoxId(a.pod)];
			const stack = stackOf.get(a.pod);
			if (stack) out.push(stack);
			const alias = standIn.get(a.pod);
			if (alias) out.push(alias);
			return [...out, ...node];
		}
		if (h.kind === 'netfilter' && h.changed.includes('dst') && h.before?.dst) {
			const svc = svcByIP.get(ipOf(h.before.dst));
			if (svc) return [svc, ...node];
		}
		return node;
	};
}

function ipOf(address: string): string {
	const i = address.lastIndexOf(':');
	return i < 0 ? address : address.slice(0, i);
}

// ---------------------------------------------------------------- the path

/** A polyline through the hop targets, following drawn edges where they link two targets. */
export function packetPath(scene: Scene, hops: Hop[], view: GraphView = scene.view, opts: PacketPathOptions = {}): PacketPath {
	return pathThrough(scene, hopTargets(scene, hops, view, opts.cluster), opts);
}

/**
 * A polyline through `targets` (scene node ids, one per hop), following a
 * drawn edge between consecutive targets when there is one (walked backwards
 * for a reverse edge). Shared by packet traces and Istio requests.
 */
export function pathThrough(scene: Scene, targets: readonly string[], opts: { dwell?: number } = {}): PacketPath {
	const dwell = Math.max(0, opts.dwell ?? 0);
	const byId = new Map(scene.nodes.map((n) => [n.id, n]));
	// first edge per ordered pair; a reverse edge is walked backwards
	const edgeBetween = new Map<string, Point[]>();
	for (const e of scene.edges) {
		const fwd = `${e.source}\n${e.target}`;
		const rev = `${e.target}\n${e.source}`;
		if (!edgeBetween.has(fwd)) edgeBetween.set(fwd, e.points);
		if (!edgeBetween.has(rev)) edgeBetween.set(rev, [...e.points].reverse());
	}
	const points: [number, number][] = [];
	const segments: PathSegment[] = [];
	const starts: number[] = [];
	let total = 0;
	const segment = (from: number, to: number, hop: number, length: number) => {
		segments.push({ from, to, hop, length });
		starts.push(total);
		total += length;
	};
	const lineTo = (p: Point, hop: number) => {
		const last = points[points.length - 1];
		const length = Math.hypot(p.x - last[0], p.y - last[1]);
		if (length < 1e-6) return;
		points.push([p.x, p.y]);
		segment(points.length - 2, points.length - 1, hop, length);
	};
	for (let i = 0; i < targets.length; i++) {
		const box = byId.get(targets[i]);
		const last = points[points.length - 1];
		const at = box ? anchorPoint(box) : { x: last?.[0] ?? 0, y: last?.[1] ?? 0 };
		if (i === 0 || !points.length) points.push([at.x, at.y]);
		else if (targets[i] !== targets[i - 1]) {
			// travelling towards hop i: the packet has last reached hop i - 1
			for (const p of edgeBetween.get(`${targets[i - 1]}\n${targets[i]}`) ?? []) lineTo(p, i - 1);
			lineTo(at, i - 1);
		}
		if (dwell > 0) segment(points.length - 1, points.length - 1, i, dwell);
	}
	return { points, segments, starts, total, targets: [...targets] };
}

/** Where the packet is at fraction t (0..1) of the path, and which hop it has last reached. */
export function positionAt(path: PacketPath, t: number): PacketPosition {
	const { points, segments, starts, total } = path;
	const lastHop = path.targets.length - 1;
	if (!points.length) return { x: 0, y: 0, hop: Math.max(0, lastHop) };
	const d = (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0) * total;
	if (d <= 0) return { x: points[0][0], y: points[0][1], hop: 0 };
	if (!segments.length || d >= total) {
		const [x, y] = points[points.length - 1];
		return { x, y, hop: lastHop };
	}
	// the last segment starting at or before d (zero-length ones are passed over)
	let lo = 0;
	let hi = segments.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (starts[mid] <= d) lo = mid;
		else hi = mid - 1;
	}
	const s = segments[lo];
	const f = s.length > 0 ? (d - starts[lo]) / s.length : 1;
	const [ax, ay] = points[s.from];
	const [bx, by] = points[s.to];
	return { x: ax + (bx - ax) * f, y: ay + (by - ay) * f, hop: s.hop };
}

/**
 * Distance along the path at which the packet arrives at each hop (needs
 * `dwell` > 0, so every hop owns a segment). The player animates between
 * consecutive arrivals.
 */
export function hopArrivals(path: PacketPath): number[] {
	const out: number[] = new Array(path.targets.length).fill(-1);
	path.segments.forEach((s, i) => {
		if (s.from === s.to && out[s.hop] < 0) out[s.hop] = path.starts[i];
	});
	// hops without a dwell segment arrive where the previous one did
	for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = i > 0 ? out[i - 1] : 0;
	return out;
}

/** The polyline of the path up to distance d, for drawing the route travelled so far. */
export function pathUpTo(path: PacketPath, d: number): [number, number][] {
	if (!path.points.length) return [];
	const out: [number, number][] = [path.points[0]];
	for (let i = 0; i < path.segments.length; i++) {
		const s = path.segments[i];
		if (s.from === s.to) continue;
		const start = path.starts[i];
		if (start >= d) break;
		const [ax, ay] = path.points[s.from];
		const [bx, by] = path.points[s.to];
		const f = Math.min(1, (d - start) / s.length);
		out.push([ax + (bx - ax) * f, ay + (by - ay) * f]);
	}
	return out;
}

/** positionAt by distance instead of fraction. */
export function positionAtDistance(path: PacketPath, d: number): PacketPosition {
	return positionAt(path, path.total > 0 ? d / path.total : 0);
}
