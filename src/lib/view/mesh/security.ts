// The Security layer: for each client workload → Service pair, the three
// verdicts a request meets in order, and the layer that decides:
//   1. L3-4 NetworkPolicy, enforced on the node (netpol engine; the source's
//      egress on its node, the destination's ingress on its node);
//   2. mTLS, negotiated by the two Envoys (mesh/peerauth.ts, via route());
//   3. L7 authorization, in the server's sidecar (mesh/authz.ts, via route()).
// The first that refuses decides. Pure; the edges go on the architecture or
// mesh graph as edge types sec-ok / sec-l34 / sec-tls / sec-l7 with a label
// that says all three (colour never alone).
import type { Cluster, Pod, Service } from '../../model';
import type { MeshLinkState, RouteAuthz } from '../../mesh';
import { route, serviceFqdn } from '../../mesh';
import { netpolVerdict, type NetpolVerdict } from '../../netpol';
import type { Graph } from '../types';
import { nodeId } from '../graph';
import { proxyId } from './mesh';

export type SecurityLayer = 'L3-4' | 'mTLS' | 'L7';

export interface SecurityPair {
	/** the client pod (one per workload) and the Service it calls */
	from: string;
	service: string;
	port: number;
	/** the endpoint pod the request reached (route()'s seeded pick) */
	endpoint: string | null;
	l34: { allowed: boolean; text: string; policy: string | null } | null;
	mtls: MeshLinkState | null;
	l7: RouteAuthz | null;
	status: number;
	/** the layer that refused, null when the request gets through */
	decidedBy: SecurityLayer | null;
	/** short, for the edge: the verdicts in order, the deciding one marked */
	label: string;
	/** the whole sentence: every layer's verdict and the deciding policy */
	detail: string;
}

export interface SecurityPicture {
	pairs: SecurityPair[];
	/** pairs left out above the limit */
	omitted: number;
}

export const SECURITY_PAIR_LIMIT = 60;
export const SECURITY_EDGE = { ok: 'sec-ok', 'L3-4': 'sec-l34', mTLS: 'sec-tls', L7: 'sec-l7' } as const;

/** One pod per workload (bare pods stand for themselves); never gateway or hostNetwork pods. */
function clients(cluster: Cluster): Pod[] {
	const seen = new Set<string>();
	const gw = new Set(cluster.gateways.flatMap((g) => g.pods));
	const out: Pod[] = [];
	for (const p of cluster.pods) {
		if (p.hostNetwork || gw.has(p.id) || p.namespace === 'kube-system') continue;
		const key = p.owner ?? p.id;
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(p);
	}
	return out;
}

function l34Of(v: NetpolVerdict): SecurityPair['l34'] {
	const s = v.deniedAt === 'egress' ? v.egress : v.deniedAt === 'ingress' ? v.ingress : (v.ingress?.allowedBy ? v.ingress : v.egress);
	const policy = v.allowed ? (s?.allowedBy?.policy ?? null) : (s?.isolatedBy[0]?.policy ?? null);
	return { allowed: v.allowed, text: v.text, policy };
}

type Judged = Omit<SecurityPair, 'label' | 'detail'>;

/** Short edge label: a long one finds no room on a drawn edge. */
function shortLabel(p: Judged): string {
	if (p.decidedBy === 'L3-4') return '✗ L3-4 (node)';
	if (p.decidedBy === 'mTLS') return '✗ mTLS';
	if (p.decidedBy === 'L7') return '✗ L7 403 (sidecar)';
	return `✓ L3-4 · ${p.mtls === 'mtls' ? 'mTLS' : 'plain'} · L7`;
}

function labelOf(p: Judged): string {
	const l34 = p.l34 ? (p.l34.allowed ? 'L3-4 ✓' : `✗ L3-4 on the node${p.l34.policy ? ` (${p.l34.policy})` : ''}`) : 'L3-4 —';
	if (p.decidedBy === 'L3-4') return l34;
	const tls = p.mtls === 'mtls' ? 'mTLS ✓' : p.mtls === 'blocked' ? '✗ mTLS refused' : 'plaintext';
	if (p.decidedBy === 'mTLS') return `${l34} · ${tls}`;
	const l7 = p.l7 ? (p.l7.verdict === 'deny' ? `✗ L7 403 in the sidecar${p.l7.policy ? ` (${p.l7.policy})` : ''}` : 'L7 ✓') : 'L7 —';
	return `${l34} · ${tls} · ${l7}`;
}

function judge(cluster: Cluster, c: Pod, s: Service): Judged {
	const port = s.ports[0]?.port ?? 80;
	let r: ReturnType<typeof route> | null = null;
	try {
		r = route(cluster, { from: c.id, host: serviceFqdn(s, cluster.settings.clusterDomain), port }, { seed: 1 });
	} catch {
		r = null;
	}
	const ep = r?.endpoint ?? null;
	const epPod = ep?.pod ? cluster.pods.find((p) => p.id === ep.pod) : undefined;
	const l34 = epPod ? l34Of(netpolVerdict(cluster, { pod: c }, { pod: epPod }, ep!.port, 'TCP')) : null;
	const mtls = r?.links[0]?.state ?? null;
	const l7 = r?.authz ?? null;
	const decidedBy: SecurityLayer | null = l34 && !l34.allowed ? 'L3-4' : mtls === 'blocked' ? 'mTLS' : l7?.verdict === 'deny' ? 'L7' : null;
	return { from: c.id, service: s.id, port, endpoint: epPod?.id ?? null, l34, mtls, l7, status: r?.response.status ?? 0, decidedBy };
}

/** Every client workload × Service pair (a Service is not its own client), up to SECURITY_PAIR_LIMIT. */
export function securityPicture(cluster: Cluster, limit = SECURITY_PAIR_LIMIT): SecurityPicture {
	const services = cluster.services.filter((s) => s.ports.length && s.endpoints.some((e) => e.ready && e.pod));
	const pairs: SecurityPair[] = [];
	let omitted = 0;
	for (const c of clients(cluster)) {
		for (const s of services) {
			if (s.pods.includes(c.id)) continue;
			if (pairs.length >= limit) {
				omitted++;
				continue;
			}
			const j = judge(cluster, c, s);
			pairs.push({ ...j, label: shortLabel(j), detail: labelOf(j) });
		}
	}
	return { pairs, omitted };
}

/** The graph with one security edge per pair, from the client's drawn node to the Service's. */
export function withSecurityLayer(graph: Graph, picture: SecurityPicture): Graph {
	const known = new Set(graph.nodes.map((n) => n.id));
	const memberOf = new Map<string, string>();
	for (const n of graph.nodes) for (const m of n.members ?? []) if (!memberOf.has(m)) memberOf.set(m, n.id);
	const podNode = (id: string): string | null => {
		const [ns, name] = id.split('/');
		for (const c of [proxyId(id), nodeId('Pod', ns, name), memberOf.get(id)]) if (c && known.has(c)) return c;
		return null;
	};
	const edges = [...graph.edges];
	const ids = new Set(edges.map((e) => e.id));
	for (const p of picture.pairs) {
		const [sns, sname] = p.service.split('/');
		const source = podNode(p.from);
		const target = nodeId('Service', sns, sname);
		if (!source || !known.has(target)) continue;
		const type = p.decidedBy ? SECURITY_EDGE[p.decidedBy] : SECURITY_EDGE.ok;
		let id = `${type}:${source}->${target}`;
		for (let k = 2; ids.has(id); k++) id = `${type}:${source}->${target}#${k}`;
		ids.add(id);
		edges.push({ id, source, target, type, label: p.label });
	}
	return { ...graph, edges };
}
