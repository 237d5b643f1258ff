// "What is this resource and what is it connected to?" — the Inspector's
// content as plain data, so the component only renders. Secret values never
// reach the model; this module shows Secret key names only.
import type { Cluster, ObjRef, Pod, SourceRef } from '../model';
import type { GNode } from './types';
import { selectionOf } from './graph';
import { boundTo, routedServiceIds } from './routing';

export interface DetailField {
	label: string;
	value: string;
	/** addresses, ports, CIDRs: draw in a monospace face */
	mono?: boolean;
}

export interface DetailTable {
	title: string;
	columns: string[];
	rows: string[][];
}

export type RelationType =
	| 'selects'
	| 'selected by'
	| 'owns'
	| 'owned by'
	| 'uses'
	| 'used by'
	| 'routes to'
	| 'routed from'
	| 'runs on'
	| 'runs';

export interface Relation {
	type: RelationType;
	ref: ObjRef;
	/** e.g. the VirtualService or port that makes the link */
	note?: string;
}

export interface Details {
	ref: { kind: string; namespace: string; name: string };
	/** headline: the resource name */
	title: string;
	/** kind and namespace, e.g. `Service · shop` */
	subtitle: string;
	fields: DetailField[];
	tables: DetailTable[];
	labels: Record<string, string>;
	relations: Relation[];
	source?: SourceRef;
	/** simplifications or hints worth saying out loud */
	notes: string[];
	/** legacy Istio RBAC: the AuthorizationPolicy YAML it translates to, shown beside it */
	twin?: { title: string; yaml: string };
	/** view/authz (loaded lazily) completes these details: a policy, a legacy RBAC resource, a pod's policies */
	more?: 'authz';
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);
const ATTACHMENT_KINDS = new Set(['ConfigMap', 'Secret', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler', 'ServiceAccount']);

const podRef = (id: string): ObjRef => {
	const [namespace, name] = id.split('/');
	return { kind: 'Pod', namespace, name };
};
const kindRef = (id: string): ObjRef => {
	// `Kind/ns/name`
	const [kind, namespace, ...rest] = id.split('/');
	return { kind, namespace, name: rest.join('/') };
};
const nsRef = (kind: string, id: string): ObjRef => {
	const [namespace, name] = id.split('/');
	return { kind, namespace, name };
};
const kv = (m: Record<string, string> | null | undefined) =>
	m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ') : '—';

function base(kind: string, namespace: string, name: string, source?: SourceRef): Details {
	return { ref: { kind, namespace, name }, title: name, subtitle: namespace ? `${kind} · ${namespace}` : kind, fields: [], tables: [], labels: {}, relations: [], source, notes: [] };
}

/** Details and relations of one resource, or null when the cluster has no such thing. */
export function describe(cluster: Cluster, ref: { kind: string; namespace?: string; name: string }): Details | null {
	const ns = ref.namespace ?? '';
	const same = (x: { namespace: string; name: string }) => x.name === ref.name && (x.namespace === ns || !ref.namespace);
	switch (ref.kind) {
		case 'Pod': {
			const p = cluster.pods.find(same);
			return p ? describePod(cluster, p) : null;
		}
		case 'Service':
			return describeService(cluster, ref.name, ns);
		case 'Node':
			return describeNode(cluster, ref.name);
		case 'Ingress':
			return describeIngress(cluster, ref.name, ns);
		case 'Gateway':
			return describeGateway(cluster, ref.name, ns);
		case 'VirtualService':
			return describeVirtualService(cluster, ref.name, ns);
		case 'Namespace': {
			const n = cluster.namespaces.find((x) => x.name === ref.name);
			if (!n) return null;
			const d = base('Namespace', '', n.name, n.source);
			d.labels = n.labels;
			const pods = cluster.pods.filter((p) => p.namespace === n.name);
			d.fields.push({ label: 'Pods', value: String(pods.length) }, { label: 'Declared', value: n.declared ? 'yes' : 'no (inferred from use)' });
			return d;
		}
		case 'Internet': {
			const d = base('Internet', '', 'Internet / clients');
			d.notes.push('Clients outside the cluster. Traffic enters through Ingresses, Istio Gateways, NodePort and LoadBalancer Services.');
			for (const s of cluster.services) if (s.type === 'NodePort' || s.type === 'LoadBalancer') d.relations.push({ type: 'routes to', ref: nsRef('Service', s.id), note: s.type });
			for (const i of cluster.ingresses) d.relations.push({ type: 'routes to', ref: nsRef('Ingress', i.id) });
			for (const g of cluster.gateways) d.relations.push({ type: 'routes to', ref: nsRef('Gateway', g.id) });
			return d;
		}
		case 'AuthorizationPolicy':
		case 'RbacConfig':
		case 'ClusterRbacConfig':
		case 'ServiceRole':
		case 'ServiceRoleBinding':
			return authzStub(cluster, ref.kind, ns, ref.name);
		case 'Cluster': {
			const s = cluster.settings;
			const d = base('Cluster', '', 'Cluster');
			d.fields.push(
				{ label: 'Pod CIDR', value: s.podCIDR, mono: true },
				{ label: 'Service CIDR', value: s.serviceCIDR, mono: true },
				{ label: 'Cluster DNS', value: s.clusterDNS, mono: true },
				{ label: 'CNI', value: `${s.cni} (${s.bridgeName})` },
				{ label: 'kube-proxy', value: s.kubeProxyMode }
			);
			return d;
		}
	}
	if (WORKLOAD_KINDS.has(ref.kind)) return describeWorkload(cluster, ref.kind, ref.name, ns);
	if (ATTACHMENT_KINDS.has(ref.kind)) return describeAttachment(cluster, ref.kind, ref.name, ns);
	const u = cluster.unknown.find((x) => x.kind === ref.kind);
	if (u) {
		const d = base(u.kind, '', `${u.kind} ×${u.count}`);
		d.fields.push({ label: 'apiVersion', value: u.apiVersion }, { label: 'Names', value: u.names.join(', ') });
		d.notes.push('Hopscope keeps this kind but does not model or draw it.');
		return d;
	}
	return null;
}

/** Name and source of an authorization resource; view/authz fills in the rest (its evaluator loads lazily). */
function authzStub(cluster: Cluster, kind: string, ns: string, name: string): Details | null {
	const same = (x: { namespace: string; name: string }) => x.name === name && (!ns || x.namespace === ns || x.namespace === '');
	const r = cluster.legacyRbac;
	const found =
		kind === 'AuthorizationPolicy'
			? cluster.authorizationPolicies?.find(same)
			: kind === 'ServiceRole'
				? r?.roles.find(same)
				: kind === 'ServiceRoleBinding'
					? r?.bindings.find(same)
					: r?.configs.find(same);
	if (!found) return null;
	const d = base(kind, found.namespace, found.name, found.source);
	d.more = 'authz';
	return d;
}

function describePod(cluster: Cluster, p: Pod): Details {
	const d = base('Pod', p.namespace, p.name, p.source);
	d.labels = p.labels;
	d.fields.push(
		{ label: 'Node', value: p.node || '—' },
		{ label: 'IP', value: p.ip || '—', mono: true },
		{ label: 'Phase', value: `${p.phase}${p.ready ? ', ready' : ', not ready'}` }
	);
	if (p.owner) d.fields.push({ label: 'Owner', value: p.owner });
	d.fields.push({ label: 'Istio sidecar', value: p.sidecar ? 'injected (istio-proxy)' : 'no' });
	if (p.hostNetwork) d.fields.push({ label: 'hostNetwork', value: 'true (uses the node IP)' });
	if (p.hostname) d.fields.push({ label: 'Hostname', value: `${p.hostname}${p.subdomain ? `.${p.subdomain}` : ''}`, mono: true });
	if (p.serviceAccount) d.fields.push({ label: 'ServiceAccount', value: p.serviceAccount });
	d.tables.push({
		title: 'Containers',
		columns: ['name', 'image', 'ports'],
		rows: p.containers.map((c) => [
			c.init ? `${c.name} (init)` : c.name,
			c.image,
			c.ports.map((cp) => `${cp.name ? `${cp.name} ` : ''}${cp.containerPort}/${cp.protocol}${cp.hostPort ? ` host:${cp.hostPort}` : ''}`).join(', ') || '—'
		])
	});
	if (p.owner) d.relations.push({ type: 'owned by', ref: kindRef(p.owner) });
	if (p.node) d.relations.push({ type: 'runs on', ref: { kind: 'Node', name: p.node } });
	for (const s of cluster.services) if (s.pods.includes(p.id)) d.relations.push({ type: 'selected by', ref: nsRef('Service', s.id) });
	for (const g of cluster.gateways) if (g.pods.includes(p.id)) d.relations.push({ type: 'selected by', ref: nsRef('Gateway', g.id) });
	for (const np of cluster.networkPolicies) if (np.pods.includes(p.id)) d.relations.push({ type: 'selected by', ref: nsRef('NetworkPolicy', np.id) });
	if (p.sidecar && (cluster.authorizationPolicies?.length || cluster.legacyRbac)) d.more = 'authz';
	for (const u of p.uses) d.relations.push({ type: 'uses', ref: kindRef(u) });
	return d;
}

function describeService(cluster: Cluster, name: string, ns: string): Details | null {
	const s = cluster.services.find((x) => x.name === name && (!ns || x.namespace === ns));
	if (!s) return null;
	const d = base('Service', s.namespace, s.name, s.source);
	d.fields.push({ label: 'Type', value: s.type + (s.headless ? ' (headless)' : '') });
	if (s.type === 'ExternalName') d.fields.push({ label: 'External name', value: s.externalName ?? '—', mono: true });
	else d.fields.push({ label: 'Cluster IP', value: s.clusterIP ?? 'None', mono: true });
	d.fields.push({ label: 'DNS name', value: `${s.name}.${s.namespace}.svc.${cluster.settings.clusterDomain}`, mono: true });
	if (s.loadBalancerIPs.length) d.fields.push({ label: 'Load balancer', value: s.loadBalancerIPs.join(', '), mono: true });
	if (s.externalIPs.length) d.fields.push({ label: 'External IPs', value: s.externalIPs.join(', '), mono: true });
	d.fields.push({ label: 'Selector', value: s.selector ? kv(s.selector) : 'none (endpoints set by hand)' });
	if (s.type === 'NodePort' || s.type === 'LoadBalancer') d.fields.push({ label: 'externalTrafficPolicy', value: s.externalTrafficPolicy });
	if (s.sessionAffinity !== 'None') d.fields.push({ label: 'Session affinity', value: `${s.sessionAffinity} (${s.sessionAffinityTimeoutSeconds}s)` });
	d.tables.push({
		title: 'Ports',
		columns: ['name', 'port', 'targetPort', 'nodePort', 'protocol'],
		rows: s.ports.map((p) => [p.name || '—', String(p.port), String(p.targetPort), p.nodePort ? String(p.nodePort) : '—', p.protocol])
	});
	d.tables.push({
		title: `Endpoints (${s.endpointsFrom})`,
		columns: ['address', 'pod', 'node', 'ready'],
		rows: s.endpoints.map((e) => [`${e.ip}:${e.port}`, e.pod ?? '—', e.node ?? '—', e.ready ? 'ready' : e.terminating ? 'terminating' : 'not ready'])
	});
	if (!s.endpoints.length && s.type !== 'ExternalName') d.notes.push('No endpoints: traffic to this Service is rejected (no healthy backend).');
	for (const p of s.pods) d.relations.push({ type: 'selects', ref: podRef(p) });
	for (const i of cluster.ingresses) {
		const backs = [i.defaultBackend, ...i.rules.flatMap((r) => r.paths.map((p) => p.backend))];
		if (backs.some((b) => b?.serviceId === s.id)) d.relations.push({ type: 'routed from', ref: nsRef('Ingress', i.id) });
	}
	for (const vs of cluster.virtualServices) if (routedServiceIds(cluster, vs).includes(s.id)) d.relations.push({ type: 'routed from', ref: nsRef('VirtualService', vs.id) });
	return d;
}

function describeNode(cluster: Cluster, name: string): Details | null {
	const n = cluster.nodes.find((x) => x.name === name);
	if (!n) return null;
	const d = base('Node', '', n.name, n.source);
	d.labels = n.labels;
	d.fields.push({ label: 'InternalIP', value: n.ip, mono: true });
	if (n.externalIP) d.fields.push({ label: 'ExternalIP', value: n.externalIP, mono: true });
	d.fields.push({ label: 'Pod CIDR', value: n.podCIDR, mono: true }, { label: 'Bridge', value: `${cluster.settings.bridgeName} ${n.bridgeIP}`, mono: true });
	if (n.synthesized) d.notes.push('Synthesised from the cluster settings (no kind: Node in the input).');
	for (const p of cluster.pods) if (p.node === n.name) d.relations.push({ type: 'runs', ref: podRef(p.id) });
	return d;
}

function describeIngress(cluster: Cluster, name: string, ns: string): Details | null {
	const i = cluster.ingresses.find((x) => x.name === name && (!ns || x.namespace === ns));
	if (!i) return null;
	const d = base('Ingress', i.namespace, i.name, i.source);
	if (i.className) d.fields.push({ label: 'Class', value: i.className });
	if (i.loadBalancerIPs.length) d.fields.push({ label: 'Address', value: i.loadBalancerIPs.join(', '), mono: true });
	if (i.tls.length) d.fields.push({ label: 'TLS', value: i.tls.map((t) => `${t.hosts.join(', ') || '*'}${t.secretName ? ` (${t.secretName})` : ''}`).join('; ') });
	const backend = (b: (typeof i.rules)[number]['paths'][number]['backend'] | undefined) =>
		b?.service ? `${b.service.name}:${b.service.port}${b.serviceId ? '' : ' (missing)'}` : b?.resource ? `${b.resource.kind}/${b.resource.name}` : '—';
	const rows = i.rules.flatMap((r) => r.paths.map((p) => [r.host ?? '*', `${p.path} (${p.pathType})`, backend(p.backend)]));
	if (i.defaultBackend) rows.push(['*', '(default backend)', backend(i.defaultBackend)]);
	d.tables.push({ title: 'Rules', columns: ['host', 'path', 'service:port'], rows });
	if (i.legacy) d.notes.push(`Written in the pre-v1 shape (${i.apiVersion}).`);
	const seen = new Set<string>();
	for (const b of [i.defaultBackend, ...i.rules.flatMap((r) => r.paths.map((p) => p.backend))]) {
		if (!b?.serviceId || seen.has(b.serviceId)) continue;
		seen.add(b.serviceId);
		d.relations.push({ type: 'routes to', ref: nsRef('Service', b.serviceId), note: b.service ? `port ${b.service.port}` : undefined });
	}
	return d;
}

function describeGateway(cluster: Cluster, name: string, ns: string): Details | null {
	const g = cluster.gateways.find((x) => x.name === name && (!ns || x.namespace === ns));
	if (!g) return null;
	const d = base('Gateway', g.namespace, g.name, g.source);
	d.fields.push({ label: 'Selector', value: kv(g.selector) });
	d.tables.push({ title: 'Servers', columns: ['port', 'protocol', 'hosts', 'tls'], rows: g.servers.map((s) => [String(s.port.number), s.port.protocol, s.hosts.join(', '), s.tls ? String(s.tls.mode ?? 'yes') : '—']) });
	for (const p of g.pods) d.relations.push({ type: 'selects', ref: podRef(p) });
	for (const vs of cluster.virtualServices)
		if (boundTo(vs, g.id)) d.relations.push({ type: 'routes to', ref: nsRef('VirtualService', vs.id) });
	return d;
}

function describeVirtualService(cluster: Cluster, name: string, ns: string): Details | null {
	const vs = cluster.virtualServices.find((x) => x.name === name && (!ns || x.namespace === ns));
	if (!vs) return null;
	const d = base('VirtualService', vs.namespace, vs.name, vs.source);
	d.fields.push({ label: 'Hosts', value: vs.hosts.join(', ') || '—' }, { label: 'Gateways', value: vs.gateways.join(', ') || 'mesh' });
	for (const id of routedServiceIds(cluster, vs)) d.relations.push({ type: 'routes to', ref: nsRef('Service', id) });
	return d;
}

function describeWorkload(cluster: Cluster, kind: string, name: string, ns: string): Details | null {
	const w = cluster.workloads.find((x) => x.kind === kind && x.name === name && (!ns || x.namespace === ns));
	if (!w) return null;
	const d = base(w.kind, w.namespace, w.name, w.source);
	d.labels = w.podLabels;
	const ready = cluster.pods.filter((p) => w.pods.includes(p.id) && p.ready).length;
	d.fields.push({ label: 'Replicas', value: `${w.replicas} (${ready} ready)` });
	d.fields.push({ label: 'Selector', value: w.selector ? kv(w.selector.matchLabels) + (w.selector.matchExpressions?.length ? ` + ${w.selector.matchExpressions.length} expression(s)` : '') : '—' });
	if (w.serviceName) d.fields.push({ label: 'serviceName', value: w.serviceName });
	for (const p of w.pods) d.relations.push({ type: 'owns', ref: podRef(p) });
	for (const s of cluster.services) if (s.pods.some((p) => w.pods.includes(p))) d.relations.push({ type: 'selected by', ref: nsRef('Service', s.id) });
	for (const u of w.uses) d.relations.push({ type: 'uses', ref: kindRef(u) });
	return d;
}

function describeAttachment(cluster: Cluster, kind: string, name: string, ns: string): Details | null {
	const a = cluster.attachments.find((x) => x.kind === kind && x.name === name && (!ns || x.namespace === ns));
	if (!a) return null;
	const d = base(a.kind, a.namespace, a.name, a.source);
	if (a.summary) d.fields.push({ label: 'Summary', value: a.summary });
	if (a.kind === 'ConfigMap' || a.kind === 'Secret') {
		d.tables.push({ title: a.kind === 'Secret' ? 'Keys (values hidden)' : 'Keys', columns: ['key'], rows: a.keys.map((k) => [k]) });
	}
	for (const u of a.usedBy) {
		const pod = cluster.pods.find((p) => p.id === u);
		d.relations.push({ type: 'used by', ref: pod ? podRef(u) : kindRef(u) });
	}
	return d;
}

/** A resource reference as the Inspector takes it. */
export type ResourceRef = { kind: string; namespace?: string; name: string };

/** The resource to inspect for a drawn node (a stack inspects its workload). */
export function sceneNodeRef(scene: { nodes: { id: string; node: GNode }[] }, id: string): ResourceRef | null {
	const n = scene.nodes.find((x) => x.id === id);
	if (!n) return null;
	const r = selectionOf(n.node);
	return r.namespace ? { kind: r.kind, namespace: r.namespace, name: r.name } : { kind: r.kind, name: r.name };
}

/** The drawn node for a resource (a pod hidden in a stack maps to the stack). */
export function sceneNodeIdOf(scene: { nodes: { id: string; node: GNode }[] }, ref: ResourceRef): string | null {
	const ns = ref.namespace ?? '';
	const direct = scene.nodes.find((x) => x.node.kind !== 'stack' && x.node.ref.kind === ref.kind && x.node.ref.name === ref.name && x.node.ref.namespace === ns);
	if (direct) return direct.id;
	if (ref.kind === 'Pod') {
		const stack = scene.nodes.find((x) => x.node.members?.includes(`${ns}/${ref.name}`));
		if (stack) return stack.id;
	}
	return null;
}
