// Cluster → compound graph for the diagram. Pure and deterministic: the same
// cluster and options always give the same nodes and edges in the same order
// (ELK keeps model order, so stable order means stable layouts).
import type { Cluster, Pod } from '../model';
import type { EdgeType, GEdge, GNode, GRef, Graph, GraphFilter, GraphView } from './types';
import { applyFilter } from './filter';
import { toNetworkGraph, type NetworkOptions } from './network';
import { boundTo, routedServiceIds } from './routing';
import { labelsOf, splitLabels } from './weights';

export interface GraphOptions {
	view: GraphView;
	/** replicas of one workload on one node at or above which pods become a stack */
	collapseAt: number;
	filter?: GraphFilter;
}

export const defaultGraphOptions: GraphOptions = { view: 'architecture', collapseAt: 4 };

/** Graph node id of a resource: `Kind/ns/name`, or `Kind/name` when cluster-scoped. */
export function nodeId(kind: string, namespace: string | undefined, name: string): string {
	return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** What the inspector should show for a graph node (a stack shows its workload). */
export function selectionOf(node: GNode): GRef {
	return node.kind === 'stack' && node.owner ? node.owner : node.ref;
}

/**
 * Nodes and edges of a graph being built, without repeats: ids come from
 * manifest names, and a hostile or odd name (one with a "/") could collide
 * with another id, while the renderer keys on ids. An edge needs both ends
 * and is kept once per type and direction.
 */
export function graphCollector() {
	const nodes: GNode[] = [];
	const edges: GEdge[] = [];
	const known = new Set<string>();
	const seenEdges = new Set<string>();
	const add = (n: GNode) => {
		if (known.has(n.id)) return;
		nodes.push(n);
		known.add(n.id);
	};
	const link = (source: string, target: string, type: EdgeType, label?: string, weight?: string) => {
		if (!known.has(source) || !known.has(target) || source === target) return;
		const id = `${type}:${source}->${target}`;
		if (seenEdges.has(id)) return;
		seenEdges.add(id);
		edges.push({ id, source, target, type, ...(label ? { label } : {}), ...(weight ? { weight } : {}) });
	};
	return { nodes, edges, known, add, link };
}

export const INTERNET_ID = 'internet';
export const CLUSTER_ID = 'cluster';

export function toGraph(cluster: Cluster, options: Partial<GraphOptions> = {}): Graph {
	if (options.view === 'network') return toNetworkGraph(cluster, options as NetworkOptions);
	const opts = { ...defaultGraphOptions, ...options };
	// Only the architecture view exists so far; 'network' adds per-node interfaces later.
	const graph = architecture(cluster, opts);
	return opts.filter ? applyFilter(graph, opts.filter) : graph;
}

const byName = <T extends { name: string; namespace?: string }>(a: T, b: T) =>
	(a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function architecture(cluster: Cluster, opts: GraphOptions): Graph {
	const { nodes, edges, known, add, link } = graphCollector();

	const services = [...cluster.services].sort(byName);
	const ingresses = [...cluster.ingresses].sort(byName);
	const gateways = [...cluster.gateways].sort(byName);
	const entrySvcs = services.filter((s) => s.type === 'NodePort' || s.type === 'LoadBalancer');
	const hasEntry = ingresses.length + gateways.length + entrySvcs.length > 0;

	if (hasEntry) add({ id: INTERNET_ID, parent: null, kind: 'internet', ref: { kind: 'Internet', namespace: '', name: 'internet' }, label: 'Internet / clients' });
	add({ id: CLUSTER_ID, parent: null, kind: 'cluster', ref: { kind: 'Cluster', namespace: '', name: 'cluster' }, label: 'Cluster', sublabel: `pods ${cluster.settings.podCIDR} · services ${cluster.settings.serviceCIDR}`, container: true });

	// Entry points first: model order puts them at the top of their layer.
	for (const ing of ingresses) {
		const hosts = [...new Set(ing.rules.map((r) => r.host ?? '*'))];
		add({ id: nodeId('Ingress', ing.namespace, ing.name), parent: CLUSTER_ID, kind: 'ingress', ref: { kind: 'Ingress', namespace: ing.namespace, name: ing.name }, label: ing.name, sublabel: `Ingress · ${hosts.join(', ') || '*'}` });
	}
	for (const gw of gateways) {
		const ports = gw.servers.map((s) => `${s.port.protocol} ${s.port.number}`);
		add({ id: nodeId('Gateway', gw.namespace, gw.name), parent: CLUSTER_ID, kind: 'gateway', ref: { kind: 'Gateway', namespace: gw.namespace, name: gw.name }, label: gw.name, sublabel: `Istio Gateway · ${ports.join(', ')}` });
	}
	for (const s of services) {
		const badges: string[] = [];
		if (s.headless) badges.push('headless');
		if (s.endpoints.length === 0 && s.type !== 'ExternalName') badges.push('no endpoints');
		const ports = s.ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}` : `${p.port}`)).join(',');
		const addr = s.type === 'ExternalName' ? (s.externalName ?? '') : (s.clusterIP ?? 'None');
		add({ id: nodeId('Service', s.namespace, s.name), parent: CLUSTER_ID, kind: 'service', ref: { kind: 'Service', namespace: s.namespace, name: s.name }, label: s.name, sublabel: `${s.type} ${addr}${ports ? ` :${ports}` : ''}`, badges: badges.length ? badges : undefined });
	}

	// Nodes and their pods. Pods on an unknown node go to an "unscheduled" box.
	const podsByNode = new Map<string, Pod[]>();
	const nodeNames = new Set(cluster.nodes.map((n) => n.name));
	for (const p of cluster.pods) {
		const key = nodeNames.has(p.node) ? p.node : '';
		const list = podsByNode.get(key) ?? [];
		list.push(p);
		podsByNode.set(key, list);
	}
	const podTarget = new Map<string, string>(); // pod id → graph node (pod or stack)
	const boxes = [...cluster.nodes].sort((a, b) => a.name.localeCompare(b.name)).map((n) => ({
		id: nodeId('Node', undefined, n.name),
		name: n.name,
		node: {
			id: nodeId('Node', undefined, n.name),
			parent: CLUSTER_ID,
			kind: 'node',
			ref: { kind: 'Node', namespace: '', name: n.name },
			label: n.name,
			sublabel: `${n.ip} · pods ${n.podCIDR}`,
			container: true,
			labels: n.labels
		} as GNode
	}));
	if (podsByNode.has('')) {
		boxes.push({ id: 'Node/(unscheduled)', name: '', node: { id: 'Node/(unscheduled)', parent: CLUSTER_ID, kind: 'node', ref: { kind: 'Node', namespace: '', name: '(unscheduled)' }, label: 'Not scheduled', sublabel: 'no matching node', container: true } });
	}
	const workloadById = new Map(cluster.workloads.map((w) => [w.id, w]));
	for (const box of boxes) {
		add(box.node);
		const pods = [...(podsByNode.get(box.name) ?? [])].sort(byName);
		const namespaces = [...new Set(pods.map((p) => p.namespace))].sort();
		const grouped = namespaces.length > 1;
		for (const ns of namespaces) {
			let parent = box.id;
			if (grouped) {
				parent = `group:${box.name}/${ns}`;
				add({ id: parent, parent: box.id, kind: 'namespace', ref: { kind: 'Namespace', namespace: '', name: ns }, label: ns, container: true });
			}
			const inNs = pods.filter((p) => p.namespace === ns);
			const perOwner = new Map<string, Pod[]>();
			for (const p of inNs) if (p.owner) perOwner.set(p.owner, [...(perOwner.get(p.owner) ?? []), p]);
			const stacked = new Set<string>();
			for (const p of inNs) {
				const group = p.owner ? perOwner.get(p.owner)! : [p];
				if (p.owner && group.length >= Math.max(2, opts.collapseAt)) {
					if (stacked.has(p.owner)) continue;
					stacked.add(p.owner);
					const w = workloadById.get(p.owner);
					const ownerName = w?.name ?? p.owner.split('/').pop()!;
					const id = `stack:${box.name}/${p.owner}`;
					const notReady = group.filter((g) => !g.ready).length;
					add({
						id,
						parent,
						kind: 'stack',
						ref: { kind: 'Pod', namespace: ns, name: ownerName },
						owner: w ? { kind: w.kind, namespace: w.namespace, name: w.name } : undefined,
						label: `${ownerName} ×${group.length}`,
						sublabel: `${plural(group.length, 'pod')} of ${w?.kind ?? 'workload'}${grouped ? '' : ` · ${ns}`}`,
						count: group.length,
						members: group.map((g) => g.id),
						labels: w?.podLabels ?? p.labels,
						badges: [...(notReady ? [`${notReady} not ready`] : []), ...(group.some((g) => g.sidecar) ? ['sidecar'] : [])]
					});
					for (const g of group) podTarget.set(g.id, id);
					continue;
				}
				const id = nodeId('Pod', p.namespace, p.name);
				const badges = [...(p.ready ? [] : ['not ready']), ...(p.sidecar ? ['sidecar'] : []), ...(p.hostNetwork ? ['hostNetwork'] : [])];
				add({ id, parent, kind: 'pod', ref: { kind: 'Pod', namespace: p.namespace, name: p.name }, label: p.name, sublabel: grouped ? p.ip : `${p.ip} · ${p.namespace}`, labels: p.labels, badges: badges.length ? badges : undefined });
				podTarget.set(p.id, id);
			}
		}
	}

	for (const w of [...cluster.workloads].sort(byName)) {
		add({ id: w.id, parent: CLUSTER_ID, kind: 'workload', ref: { kind: w.kind, namespace: w.namespace, name: w.name }, label: w.name, sublabel: `${w.kind} · ${plural(w.replicas, 'replica')}`, labels: w.podLabels });
	}
	for (const a of [...cluster.attachments].sort((x, y) => x.kind.localeCompare(y.kind) || byName(x, y))) {
		add({ id: a.id, parent: CLUSTER_ID, kind: 'attachment', ref: { kind: a.kind, namespace: a.namespace, name: a.name }, label: a.name, sublabel: `${a.kind}${a.summary ? ` · ${a.summary}` : ''}` });
	}
	for (const u of [...cluster.unknown].sort((a, b) => a.kind.localeCompare(b.kind))) {
		add({ id: `Unknown/${u.kind}`, parent: CLUSTER_ID, kind: 'unknown', ref: { kind: u.kind, namespace: '', name: u.names[0] ?? u.kind }, label: `${u.kind} ×${u.count}`, sublabel: `${u.apiVersion} · not drawn` });
	}

	// ---- edges: traffic first (routes, selects), then ownership, then uses ----
	const split = splitLabels(cluster);
	for (const s of entrySvcs) link(INTERNET_ID, nodeId('Service', s.namespace, s.name), 'routes', s.type === 'NodePort' ? 'NodePort' : 'LoadBalancer');
	for (const ing of ingresses) {
		const id = nodeId('Ingress', ing.namespace, ing.name);
		link(INTERNET_ID, id, 'routes');
		const backends = [ing.defaultBackend, ...ing.rules.flatMap((r) => r.paths.map((p) => p.backend))];
		for (const b of backends) if (b?.serviceId) link(id, `Service/${b.serviceId}`, 'routes', b.service ? `:${b.service.port}` : undefined);
	}
	for (const gw of gateways) {
		const id = nodeId('Gateway', gw.namespace, gw.name);
		link(INTERNET_ID, id, 'routes');
		// one edge per Service, labelled with every VirtualService that routes there
		const viaVs = new Map<string, string[]>();
		for (const vs of cluster.virtualServices) {
			if (!boundTo(vs, gw.id)) continue;
			for (const svcId of routedServiceIds(cluster, vs)) viaVs.set(svcId, [...(viaVs.get(svcId) ?? []), vs.name]);
		}
		for (const [svcId, names] of viaVs) {
			const w = (split.services.get(svcId) ?? []).join(' · ');
			link(id, `Service/${svcId}`, 'routes', `${names.join(', ')}${w ? ` ${w}` : ''}`, w || undefined);
		}
		for (const p of gw.pods) if (podTarget.has(p)) link(id, podTarget.get(p)!, 'selects');
	}
	// a VirtualService's split puts each share's weight on the Service → pods edges it lands on
	for (const s of services) {
		const byTarget = new Map<string, string[]>();
		for (const p of s.pods) if (podTarget.has(p)) byTarget.set(podTarget.get(p)!, [...(byTarget.get(podTarget.get(p)!) ?? []), p]);
		for (const [t, pods] of byTarget) {
			const w = labelsOf(split.pods.get(s.id), pods).join(' · ');
			link(nodeId('Service', s.namespace, s.name), t, 'selects', w || undefined, w || undefined);
		}
	}
	for (const w of [...cluster.workloads].sort(byName)) for (const p of w.pods) if (podTarget.has(p)) link(w.id, podTarget.get(p)!, 'owns');
	// uses: prefer workload → attachment; bare pods link themselves
	for (const a of cluster.attachments) {
		for (const user of a.usedBy) {
			if (known.has(user)) link(user, a.id, 'uses');
			else if (podTarget.has(user)) {
				const pod = cluster.pods.find((p) => p.id === user);
				link(pod?.owner && known.has(pod.owner) ? pod.owner : podTarget.get(user)!, a.id, 'uses');
			}
		}
	}
	return { view: opts.view, nodes, edges };
}
