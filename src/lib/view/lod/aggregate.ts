// The architecture view of a big cluster, by level of detail (semantic zoom,
// as on a map): namespaces hold their Services and their workloads, workloads
// hold their pods. The Diagram shows a container closed — one aggregate box
// with its counts and health — until it is zoomed in far enough to show what
// is inside (see ./cull.ts). Edges are aggregated: one Service → workload
// edge stands for every pod of the workload the Service selects.
// Pure and deterministic; runs in the layout worker.
import type { Cluster, Pod, Workload } from '../../model';
import type { Graph, GraphFilter } from '../types';
import { graphCollector, nodeId, INTERNET_ID } from '../graph';
import { applyFilter } from '../filter';

/** Above this many pods the architecture view is drawn by level of detail. */
export const LOD_MIN_PODS = 800;

export interface Health {
	ready: number;
	total: number;
}

/** A pod's workload as a kubectl dump names it: its controller, or the workload above it. */
export interface WorkloadRef {
	kind: string;
	name: string;
}

const HEX_HASH = /^[a-z0-9]{5,10}$/;
const MINUTES = /^\d+$/;

/**
 * The workload a pod belongs to. A modelled owner wins; otherwise the pod's
 * controller from its ownerReferences, lifted one level where Kubernetes
 * names the child after the parent: a Deployment's ReplicaSet is
 * `<deployment>-<pod-template-hash>` (the pod carries that label), a
 * CronJob's Job is `<cronjob>-<scheduled time in minutes>`
 * (kubernetes/pkg/controller/deployment/util, cronjob/utils getJobName).
 * A pod without a controller stands alone.
 */
export function workloadOf(p: Pod, workloads: Map<string, Workload>): WorkloadRef | null {
	const w = p.owner ? workloads.get(p.owner) : undefined;
	if (w) return { kind: w.kind, name: w.name };
	const c = p.controller;
	if (!c) return null;
	const dash = c.name.lastIndexOf('-');
	const tail = dash > 0 ? c.name.slice(dash + 1) : '';
	if (c.kind === 'ReplicaSet' && dash > 0 && (p.labels['pod-template-hash'] === tail || HEX_HASH.test(tail))) return { kind: 'Deployment', name: c.name.slice(0, dash) };
	if (c.kind === 'Job' && dash > 0 && MINUTES.test(tail)) return { kind: 'CronJob', name: c.name.slice(0, dash) };
	return { kind: c.kind, name: c.name };
}

export const nsId = (ns: string) => `ns:${ns}`;
const STANDALONE = '(standalone pods)';

function plural(n: number, word: string): string {
	return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

export function healthText(h: Health): string {
	const bad = h.total - h.ready;
	return bad ? `${h.ready.toLocaleString('en')}/${h.total.toLocaleString('en')} ready` : `${h.total.toLocaleString('en')} ready`;
}

export interface LodOptions {
	filter?: GraphFilter;
}

export function toLodGraph(cluster: Cluster, opts: LodOptions = {}): Graph {
	const { nodes, edges, add, link } = graphCollector();

	const workloads = new Map(cluster.workloads.map((w) => [w.id, w]));
	// namespace → workload key → pods, in a stable order
	const byNs = new Map<string, Map<string, { ref: WorkloadRef | null; pods: Pod[] }>>();
	const podGroup = new Map<string, string>(); // pod id → workload node id
	const sorted = [...cluster.pods].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	for (const p of sorted) {
		const ref = workloadOf(p, workloads);
		const key = ref ? `${ref.kind}/${p.namespace}/${ref.name}` : `Pod/${p.namespace}/${STANDALONE}`;
		let groups = byNs.get(p.namespace);
		if (!groups) byNs.set(p.namespace, (groups = new Map()));
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { ref, pods: [] }));
		g.pods.push(p);
		podGroup.set(p.id, key);
	}
	const services = [...cluster.services].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	const ingresses = [...cluster.ingresses].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	const entry = services.filter((s) => s.type === 'NodePort' || s.type === 'LoadBalancer');
	const namespaces = [...new Set([...byNs.keys(), ...services.map((s) => s.namespace), ...ingresses.map((i) => i.namespace)])].sort();

	if (entry.length + ingresses.length) add({ id: INTERNET_ID, parent: null, kind: 'internet', ref: { kind: 'Internet', namespace: '', name: 'internet' }, label: 'Internet / clients' });

	for (const ns of namespaces) {
		const groups = byNs.get(ns) ?? new Map();
		const pods = [...groups.values()].reduce((s, g) => s + g.pods.length, 0);
		const ready = [...groups.values()].reduce((s, g) => s + g.pods.filter((p: Pod) => p.ready).length, 0);
		const svcs = services.filter((s) => s.namespace === ns);
		const health = { ready, total: pods };
		add({
			id: nsId(ns),
			parent: null,
			kind: 'namespace',
			ref: { kind: 'Namespace', namespace: '', name: ns },
			label: ns,
			sublabel: `${plural(pods, 'pod')} · ${plural(groups.size, 'workload')} · ${plural(svcs.length, 'Service')}`,
			container: true,
			count: pods,
			health,
			badges: ready < pods ? [`${(pods - ready).toLocaleString('en')} not ready`] : undefined
		});
		for (const ing of ingresses.filter((i) => i.namespace === ns)) {
			const hosts = [...new Set(ing.rules.map((r) => r.host ?? '*'))];
			add({ id: nodeId('Ingress', ns, ing.name), parent: nsId(ns), kind: 'ingress', ref: { kind: 'Ingress', namespace: ns, name: ing.name }, label: ing.name, sublabel: `Ingress · ${hosts.join(', ') || '*'}` });
		}
		for (const s of svcs) {
			const badges = s.endpoints.length === 0 && s.type !== 'ExternalName' ? ['no endpoints'] : undefined;
			add({ id: nodeId('Service', ns, s.name), parent: nsId(ns), kind: 'service', ref: { kind: 'Service', namespace: ns, name: s.name }, label: s.name, sublabel: `${s.type} ${s.clusterIP ?? s.externalName ?? ''}`.trim(), badges });
		}
		for (const [key, g] of groups) {
			const ready = g.pods.filter((p: Pod) => p.ready).length;
			const kind = g.ref?.kind ?? 'Pod';
			const name = g.ref?.name ?? STANDALONE;
			add({
				id: key,
				parent: nsId(ns),
				kind: 'workload',
				ref: { kind, namespace: ns, name },
				label: name,
				sublabel: `${g.ref ? kind : 'no controller'} · ${healthText({ ready, total: g.pods.length })}`,
				container: true,
				count: g.pods.length,
				health: { ready, total: g.pods.length },
				labels: g.pods[0]?.labels,
				badges: ready < g.pods.length ? [`${g.pods.length - ready} not ready`] : undefined
			});
			for (const p of g.pods as Pod[]) {
				const badges = [...(p.ready ? [] : [p.phase && p.phase !== 'Running' ? p.phase : 'not ready']), ...(p.sidecar ? ['sidecar'] : [])];
				add({
					id: nodeId('Pod', p.namespace, p.name),
					parent: key,
					kind: 'pod',
					ref: { kind: 'Pod', namespace: p.namespace, name: p.name },
					label: p.name,
					sublabel: `${p.ip || 'no IP'} · ${p.node || 'unscheduled'}`,
					labels: p.labels,
					health: { ready: p.ready ? 1 : 0, total: 1 },
					badges: badges.length ? badges : undefined
				});
			}
		}
	}

	// ---- aggregated edges: entry points, then Service → workload with the number of pods selected ----
	for (const s of entry) link(INTERNET_ID, nodeId('Service', s.namespace, s.name), 'routes', s.type === 'NodePort' ? 'NodePort' : 'LoadBalancer');
	for (const ing of ingresses) {
		const id = nodeId('Ingress', ing.namespace, ing.name);
		link(INTERNET_ID, id, 'routes');
		for (const b of [ing.defaultBackend, ...ing.rules.flatMap((r) => r.paths.map((p) => p.backend))]) if (b?.serviceId) link(id, `Service/${b.serviceId}`, 'routes');
	}
	for (const s of services) {
		const counts = new Map<string, number>();
		for (const p of s.pods) {
			const g = podGroup.get(p);
			if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
		}
		for (const [g, n] of counts) link(nodeId('Service', s.namespace, s.name), g, 'selects', plural(n, 'pod'));
	}
	const graph: Graph = { view: 'architecture', nodes, edges };
	return opts.filter ? applyFilter(graph, opts.filter) : graph;
}
