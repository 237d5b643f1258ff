// Cluster → the mesh view: the ingress gateway at the edge (synthesised when
// the input has none, and labelled so), VirtualServices as route nodes with
// weighted edges to DestinationRule subsets, workloads grouped by Service with
// their sidecar (istio-proxy) drawn as its own box, mirror edges, and
// ServiceEntries / external hosts outside the cluster. Pure and deterministic.
// meshHopTargets maps the engine's MeshHops to the drawn nodes, and
// pathThrough builds a PacketPath through them for the packet player.
// Which host, DestinationRule and subset a route goes to is asked of the mesh
// engine (through ../routing.ts), so an edge is where route() would send it.
import type { Cluster, Pod } from '../../model';
import type { MeshHop, MeshLink, TrafficPolicy } from '../../mesh';
import { route, resolveGatewayRef, serviceFqdn, ROOT_NAMESPACE, parseHttpRoutes } from '../../mesh/index';
import { tlsMode } from '../../mesh';
import { gatewayPod } from '../../mesh';
import { applyFilter } from '../filter';
import type { EdgeType, GEdge, GNode, Graph, GraphFilter, Scene } from '../types';
import { nodeId } from '../graph';
import { proxyNamespaces, serviceDestinationRule, subsetFor, subsetPods, vsTargets, type SubsetChoice, type VsTarget } from '../routing';
import { pathThrough, type PacketPath } from '../packet';
import { ruleBadges, weightLabel } from '../weights';

export const MESH_INTERNET_ID = 'internet';
export const MESH_CLUSTER_ID = 'cluster';
export const PROXY_SUFFIX = ' (istio-proxy)';
/** above this many pods, pods are drawn as single boxes (sidecar as a badge) */
export const SPLIT_POD_LIMIT = 60;

export interface MeshGraphOptions {
	filter?: GraphFilter;
	/** links of a route result to draw (mtls / plaintext / blocked edges between the pods) */
	links?: readonly MeshLink[];
	/** draw the client → Service mTLS matrix (default: only when the input configures TLS) */
	mtlsMatrix?: boolean;
}

/** Edge types of transport security, and their labels (colour never alone: the label says it). */
export const LINK_EDGE = { mtls: 'mtls', plaintext: 'plaintext', blocked: 'blocked' } as const;
export const LINK_LABEL = { mtls: '✓ mTLS', plaintext: 'plaintext', blocked: '✗ blocked' } as const;
/** at most this many client → Service pairs in the matrix */
export const MTLS_MATRIX_LIMIT = 24;

export const proxyId = (podId: string) => `Pod/${podId}#proxy`;
export const appId = (podId: string) => `Pod/${podId}#app`;
/** a subset box; `dr` (`ns/name`) only for a DestinationRule other than the one the Service's own namespace uses */
export const subsetId = (svcId: string, subset: string, dr?: string) => `subset:${svcId}/${subset}${dr ? `@${dr}` : ''}`;
export const gatewayBoxId = (name: string) => `gwproxy:${name}`;
export const externalId = (host: string) => `external:${host}`;

const byName = <T extends { name: string; namespace: string }>(a: T, b: T) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

export function toMeshGraph(cluster: Cluster, opts: MeshGraphOptions = {}): Graph {
	const domain = cluster.settings.clusterDomain;
	const nodes: GNode[] = [];
	const edges: GEdge[] = [];
	const known = new Set<string>();
	const edgeIds = new Set<string>();
	const add = (n: GNode) => {
		if (known.has(n.id)) return false;
		known.add(n.id);
		nodes.push(n);
		return true;
	};
	const link = (source: string, target: string, type: EdgeType, label?: string, extra?: Pick<GEdge, 'weight' | 'badges'>) => {
		if (!known.has(source) || !known.has(target) || source === target) return;
		let id = `${type}:${source}->${target}`;
		for (let k = 2; edgeIds.has(id); k++) id = `${type}:${source}->${target}#${k}`;
		edgeIds.add(id);
		edges.push({ id, source, target, type, ...(label ? { label } : {}), ...(extra?.weight ? { weight: extra.weight } : {}), ...(extra?.badges?.length ? { badges: extra.badges } : {}) });
	};

	const gateways = [...cluster.gateways].sort(byName);
	const vss = [...cluster.virtualServices].sort(byName);
	const edgeBound = vss.some((v) => v.gateways.some((g) => g !== 'mesh'));
	if (gateways.length || edgeBound) add({ id: MESH_INTERNET_ID, parent: null, kind: 'internet', ref: { kind: 'Internet', namespace: '', name: 'internet' }, label: 'Internet / clients' });
	add({ id: MESH_CLUSTER_ID, parent: null, kind: 'cluster', ref: { kind: 'Cluster', namespace: '', name: 'cluster' }, label: 'Mesh', sublabel: `${cluster.pods.filter((p) => p.sidecar).length} of ${cluster.pods.length} pods with a sidecar`, container: true });

	// ---- gateways at the edge: one box per gateway Envoy, its Gateway configs inside
	const placed = new Set<string>(); // pod ids drawn already
	const gwNode = new Map<string, string>(); // Gateway id → its config node
	let egressNode: string | undefined; // the first egress Gateway's config node
	for (const gw of gateways) {
		const gp = gatewayPod(cluster, gw);
		const box = gatewayBoxId(gp.name);
		const [ns, name] = splitId(gp.name);
		add({
			id: box,
			parent: MESH_CLUSTER_ID,
			kind: 'gateway-proxy',
			ref: gp.pod ? { kind: 'Pod', namespace: gp.pod.namespace, name: gp.pod.name } : { kind: 'Gateway', namespace: gw.namespace, name: gw.name },
			label: gp.pod ? name : `${name.replace(/-synthetic$/, '')}`,
			sublabel: gp.synthesized ? `${ns} · synthesised: not in your manifests` : `${ns} · gateway Envoy`,
			badges: gp.synthesized ? ['synthesised'] : ['gateway'],
			container: true,
			members: [gp.name]
		});
		if (gp.pod) placed.add(gp.pod.id);
		const id = nodeId('Gateway', gw.namespace, gw.name);
		const ports = [...new Set(gw.servers.map((s) => `${s.port.protocol} ${s.port.number}`))];
		const hosts = [...new Set(gw.servers.flatMap((s) => s.hosts))];
		add({ id, parent: box, kind: 'gateway', ref: { kind: 'Gateway', namespace: gw.namespace, name: gw.name }, label: gw.name, sublabel: `${ports.join(', ')} · ${hosts.join(', ') || '(no hosts)'}` });
		gwNode.set(gw.id, id);
		if (isEgress(gw)) egressNode ??= id;
		else link(MESH_INTERNET_ID, id, 'routes', ports.join(', ') || undefined);
	}

	// ---- VirtualServices: route nodes
	for (const vs of vss) {
		const gws = vs.gateways.filter((g) => g !== 'mesh');
		const badges = vs.gateways.includes('mesh') ? ['mesh'] : [];
		add({
			id: nodeId('VirtualService', vs.namespace, vs.name),
			parent: MESH_CLUSTER_ID,
			kind: 'virtualservice',
			ref: { kind: 'VirtualService', namespace: vs.namespace, name: vs.name },
			label: vs.name,
			sublabel: `${vs.hosts.join(', ') || '(no hosts)'}${gws.length ? ` · via ${gws.join(', ')}` : ''}`,
			badges: badges.length ? badges : undefined
		});
	}

	// ---- Services with their subsets and workloads
	const services = [...cluster.services].sort(byName);
	const podById = new Map(cluster.pods.map((p) => [p.id, p]));
	const splitPods = cluster.pods.length <= SPLIT_POD_LIMIT;
	const addPod = (p: Pod, parent: string) => {
		if (placed.has(p.id)) return;
		placed.add(p.id);
		const id = nodeId('Pod', p.namespace, p.name);
		const ref = { kind: 'Pod', namespace: p.namespace, name: p.name };
		const version = p.labels.version ? `version ${p.labels.version}` : '';
		if (p.sidecar && splitPods) {
			add({ id, parent, kind: 'pod', ref, label: p.name, sublabel: [p.ip, version].filter(Boolean).join(' · '), labels: p.labels, container: true });
			add({ id: proxyId(p.id), parent: id, kind: 'sidecar', ref, label: 'istio-proxy', sublabel: 'Envoy sidecar', badges: ['sidecar'] });
			const c = p.containers.find((x) => x.name !== 'istio-proxy') ?? p.containers[0];
			const ports = (c?.ports ?? []).map((x) => x.containerPort).join(',');
			add({ id: appId(p.id), parent: id, kind: 'app', ref, label: c?.name ?? 'app', sublabel: ports ? `app :${ports}` : 'app' });
			link(proxyId(p.id), appId(p.id), 'routes');
		} else {
			const badges = [p.sidecar ? 'sidecar' : 'no sidecar', ...(p.ready ? [] : ['not ready'])];
			add({ id, parent, kind: 'pod', ref, label: p.name, sublabel: [p.ip, version].filter(Boolean).join(' · '), labels: p.labels, badges });
		}
	};
	const primaryDr = new Map<string, string>(); // Service id → the DestinationRule its subset boxes come from
	for (const s of services) {
		const id = nodeId('Service', s.namespace, s.name);
		const ports = s.ports.map((p) => p.port).join(',');
		add({ id, parent: MESH_CLUSTER_ID, kind: 'service', ref: { kind: 'Service', namespace: s.namespace, name: s.name }, label: s.name, sublabel: `Service ${s.clusterIP ?? 'None'}${ports ? ` :${ports}` : ''}`, container: true, badges: s.pods.length ? undefined : ['no endpoints'] });
		const pods = s.pods.map((p) => podById.get(p)).filter((p): p is Pod => !!p);
		// the subsets of the DestinationRule the Service's own namespace uses (mesh findDestinationRule)
		const dr = serviceDestinationRule(cluster, s, s.namespace);
		for (const subset of dr?.subsets ?? []) {
			if (!subset.name) continue;
			const sid = subsetId(s.id, subset.name);
			if (!add({ id: sid, parent: id, kind: 'subset', ref: { kind: 'DestinationRule', namespace: dr!.namespace, name: dr!.name }, label: `subset ${subset.name}`, sublabel: selectorText(subset.labels), container: true })) continue;
			primaryDr.set(s.id, dr!.id);
			for (const p of subsetPods(cluster, s, subset)) addPod(p, sid);
		}
		for (const p of pods) addPod(p, id);
	}
	// clients with a sidecar that no Service selects (sleep, curl, …)
	for (const p of [...cluster.pods].sort(byName)) if (p.sidecar && !placed.has(p.id) && !p.hostNetwork) addPod(p, MESH_CLUSTER_ID);

	// ---- ServiceEntries and external hosts at the edge
	for (const se of [...cluster.serviceEntries].sort(byName)) {
		add({
			id: nodeId('ServiceEntry', se.namespace, se.name),
			parent: null,
			kind: 'serviceentry',
			ref: { kind: 'ServiceEntry', namespace: se.namespace, name: se.name },
			label: se.name,
			sublabel: `${se.hosts.join(', ')} · ${se.location === 'MESH_INTERNAL' ? 'mesh internal' : 'external'}`,
			members: [...se.hosts]
		});
	}

	// ---- routes: gateway → VS, VS → subsets/services with weights, mirrors dashed
	const egressFqdn = `istio-egressgateway.${ROOT_NAMESPACE}.svc.${domain}`;
	// The node a destination is drawn to, for proxies in clientNs: the subset box of the
	// DestinationRule route() would use (added when it is not the Service's own), else the host.
	const targetOf = (t: VsTarget, clientNs: string): { id: string; note?: string } => {
		const host = t.target;
		// the synthesised istio-egressgateway Service: its Gateway box stands for it
		if (!host && t.fqdn === egressFqdn && egressNode) return { id: egressNode };
		if (host?.kind === 'service') {
			const svc = host.service;
			const sid = nodeId('Service', svc.namespace, svc.name);
			if (!t.subset) return { id: sid };
			const choice = subsetFor(cluster, svc, t.subset, clientNs);
			if (!choice) return { id: sid, note: `no subset ${t.subset}` };
			return { id: subsetBox(svc.id, sid, choice) };
		}
		if (host?.kind === 'serviceEntry') return { id: nodeId('ServiceEntry', host.entry.namespace, host.entry.name) };
		const ext = externalId(t.fqdn);
		add({ id: ext, parent: null, kind: 'external', ref: { kind: 'External', namespace: '', name: t.fqdn }, label: t.fqdn, sublabel: 'not in the mesh registry', members: [t.fqdn] });
		return { id: ext };
	};
	const subsetBox = (svcId: string, svcNodeId: string, c: SubsetChoice): string => {
		if (primaryDr.get(svcId) === c.dr.id) return subsetId(svcId, c.subset.name);
		// another namespace's DestinationRule: its pods are drawn in the Service's own subsets, so name them here
		const id = subsetId(svcId, c.subset.name, c.dr.id);
		const pods = c.pods.length ? `${c.pods.length === 1 ? 'pod' : 'pods'} ${c.pods.map((p) => p.name).join(', ')}` : 'no pods';
		add({ id, parent: svcNodeId, kind: 'subset', ref: { kind: 'DestinationRule', namespace: c.dr.namespace, name: c.dr.name }, label: `subset ${c.subset.name} (${c.dr.id})`, sublabel: `${selectorText(c.subset.labels)} · ${pods}` });
		return id;
	};
	for (const vs of vss) {
		const vid = nodeId('VirtualService', vs.namespace, vs.name);
		for (const g of vs.gateways) {
			const ref = resolveGatewayRef(g, vs.namespace);
			if (ref === 'mesh') continue;
			const gid = gwNode.get(ref);
			if (gid) link(gid, vid, 'routes', vs.hosts.join(', '));
		}
		const targets = vsTargets(cluster, vs);
		const labels = new Map<string, string[]>();
		const mirrors = new Map<string, string[]>();
		const badges = new Map<string, string[]>();
		const push = (m: Map<string, string[]>, k: string, l: string) => {
			if (!(m.get(k) ?? []).includes(l)) m.set(k, [...(m.get(k) ?? []), l]);
		};
		const rules = parseHttpRoutes(vs, domain);
		for (const ns of proxyNamespaces(cluster, vs)) {
			for (const t of targets) {
				const { id, note } = targetOf(t, ns);
				const text = t.kind === 'mirror' ? `mirror ${t.percent}%` : `${weightLabel(vs, t.rule, t.percent)}${note ? ` (${note})` : ''}`;
				const label = t.protocol === 'http' ? text : `${t.protocol} ${text}`;
				push(t.kind === 'mirror' ? mirrors : labels, id, label);
				// a route's fault, timeout and mirror ride on its edges as badges
				if (t.kind === 'route' && t.protocol === 'http') for (const b of ruleBadges(rules[t.rule] ?? { timeoutMs: null, mirrors: [] })) push(badges, id, b);
			}
		}
		for (const [t, ls] of labels) link(vid, t, 'routes', ls.join(' · '), { weight: ls.join(' · '), badges: badges.get(t) });
		for (const [t, ls] of mirrors) link(vid, t, 'mirror', ls.join(' · '), { weight: ls.join(' · ') });
	}
	// a Service no VirtualService routes to is reached directly by the sidecars (default route): no edge needed

	// ---- transport security: client → Service (matrix) and the links of a route result
	const linkEdge = (source: string, target: string, l: Pick<MeshLink, 'state' | 'reason'>) => link(source, target, LINK_EDGE[l.state], LINK_LABEL[l.state]);
	const podNode = (podId: string): string | null => {
		const p = podById.get(podId);
		if (!p) return null;
		const split = proxyId(p.id);
		return known.has(split) ? split : nodeId('Pod', p.namespace, p.name);
	};
	if (opts.mtlsMatrix ?? configuresTls(cluster)) {
		const clients = [...cluster.pods].sort(byName).filter((p) => !p.hostNetwork && !cluster.services.some((s) => s.pods.includes(p.id)) && !cluster.gateways.some((g) => g.pods.includes(p.id)));
		const servers = services.filter((s) => s.endpoints.some((e) => e.ready && e.pod));
		if (clients.length * servers.length <= MTLS_MATRIX_LIMIT) {
			for (const c of clients) {
				if (!placed.has(c.id)) addPod(c, MESH_CLUSTER_ID);
				for (const s of servers) {
					let l: MeshLink | undefined;
					try {
						l = route(cluster, { from: c.id, host: serviceFqdn(s, domain), port: s.ports[0]?.port }, { seed: 1 }).links[0];
					} catch {
						l = undefined;
					}
					const from = podNode(c.id);
					if (l && from) linkEdge(from, nodeId('Service', s.namespace, s.name), l);
				}
			}
		}
	}
	for (const l of opts.links ?? []) {
		for (const id of [l.from, l.to]) {
			const p = podById.get(id);
			if (p && !placed.has(p.id)) addPod(p, MESH_CLUSTER_ID);
		}
		const from = podNode(l.from) ?? memberNode(nodes, l.from);
		const to = podNode(l.to) ?? memberNode(nodes, l.to) ?? (known.has(externalId(l.to)) ? externalId(l.to) : null);
		if (from && to) linkEdge(from, to, l);
	}

	const graph: Graph = { view: 'mesh', nodes, edges };
	return opts.filter ? applyFilter(graph, opts.filter) : graph;
}

function isEgress(gw: Cluster['gateways'][number]): boolean {
	return gw.selector.istio === 'egressgateway';
}

/** The node whose members include `name` (gateway boxes, ServiceEntries, external hosts). */
function memberNode(nodes: GNode[], name: string): string | null {
	return nodes.find((n) => n.members?.includes(name))?.id ?? null;
}

/** The input configures transport security: a PeerAuthentication, or a DestinationRule tls mode. */
export function configuresTls(cluster: Cluster): boolean {
	if ((cluster.peerAuthentications ?? []).length) return true;
	const has = (p: Record<string, unknown> | undefined) => !!p && (tlsMode(p as TrafficPolicy) !== null || (Array.isArray(p.portLevelSettings) && p.portLevelSettings.some((x) => !!x && typeof x === 'object' && 'tls' in x)));
	return cluster.destinationRules.some((d) => has(d.trafficPolicy) || d.subsets.some((s) => has(s.trafficPolicy)));
}

function splitId(id: string): [string, string] {
	const i = id.indexOf('/');
	return i < 0 ? ['', id] : [id.slice(0, i), id.slice(i + 1)];
}

/** `version=v1,app=web`, or what an empty selector means. */
function selectorText(labels: Record<string, string>): string {
	return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') || 'all endpoints';
}

// ---------------------------------------------------------------- hops → nodes

/** `outbound|5000|v1|helloworld.default.svc.cluster.local` → host and subset. */
export function parseClusterName(name: string | undefined): { host: string; subset: string | null } | null {
	if (!name || !name.startsWith('outbound|')) return null;
	const parts = name.split('|');
	if (parts.length < 4) return null;
	return { host: parts.slice(3).join('|'), subset: parts[2] || null };
}

/** The scene node id each mesh hop happens at (ids not drawn fall back to the previous hop's). */
export function meshHopTargets(scene: Scene, hops: readonly MeshHop[]): string[] {
	const byId = new Map(scene.nodes.map((n) => [n.id, n]));
	const has = new Set(byId.keys());
	const memberOf = new Map<string, string>();
	for (const n of scene.nodes) for (const m of n.node.members ?? []) if (!memberOf.has(m)) memberOf.set(m, n.id);
	const fallback = has.has(MESH_CLUSTER_ID) ? MESH_CLUSTER_ID : (scene.nodes[0]?.id ?? '');
	const nodeOfHost = (host: string): string[] => {
		const out: string[] = [];
		const m = memberOf.get(host);
		if (m) out.push(m);
		out.push(externalId(host));
		const parts = host.split('.');
		if (parts.length >= 3 && parts[2] === 'svc') out.push(nodeId('Service', parts[1], parts[0]));
		return out;
	};
	// the subset box of the DestinationRule the engine used (the hop's DestinationRule ref)
	const subsetCandidates = (svc: string, subset: string, refs: MeshHop['refs']): string[] => {
		const dr = refs.find((r) => r.kind === 'DestinationRule');
		if (!dr) return [subsetId(svc, subset)];
		const drId = `${dr.namespace ?? ''}/${dr.name}`;
		const own = byId.get(subsetId(svc, subset))?.node.ref;
		return own && `${own.namespace}/${own.name}` === drId ? [subsetId(svc, subset)] : [subsetId(svc, subset, drId)];
	};
	const out: string[] = [];
	let prev = '';
	for (const h of hops) {
		const cands: string[] = [];
		const isProxy = h.at.endsWith(PROXY_SUFFIX);
		const pod = isProxy ? h.at.slice(0, -PROXY_SUFFIX.length) : h.at;
		const podBox = memberOf.get(pod);
		if (h.at === 'internet') cands.push(MESH_INTERNET_ID);
		else if ((h.kind === 'tls' || h.kind === 'network') && prev) cands.push(prev);
		else if (h.kind === 'route') {
			for (const r of h.refs) if (r.kind === 'VirtualService' && r.namespace) cands.push(nodeId('VirtualService', r.namespace, r.name));
		} else if (h.kind === 'listener' && podBox) {
			for (const r of h.refs) if (r.kind === 'Gateway' && r.namespace) cands.push(nodeId('Gateway', r.namespace, r.name));
		} else if (h.kind === 'cluster' || h.kind === 'mirror') {
			const c = parseClusterName(h.rule);
			if (c) {
				const parts = c.host.split('.');
				if (parts.length >= 3 && parts[2] === 'svc' && c.subset) cands.push(...subsetCandidates(`${parts[1]}/${parts[0]}`, c.subset, h.refs));
				cands.push(...nodeOfHost(c.host));
			}
		} else if (h.kind === 'external') {
			const host = h.dst.replace(/:\d+$/, '');
			cands.push(...nodeOfHost(host));
		}
		if (isProxy) cands.push(proxyId(pod));
		else if (h.kind === 'app') cands.push(appId(pod));
		cands.push(nodeId('Pod', ...splitId(pod)));
		if (podBox) cands.push(podBox);
		const id = cands.find((c) => has.has(c)) ?? (prev || fallback);
		out.push(id);
		prev = id;
	}
	return out;
}


/** meshHopTargets + pathThrough: the path a request takes on the mesh view. */
export function meshPath(scene: Scene, hops: readonly MeshHop[], dwell = 1): PacketPath {
	return pathThrough(scene, meshHopTargets(scene, hops), { dwell });
}
