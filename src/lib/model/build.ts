// buildCluster: parsed resources → the cluster model. Pure, deterministic and
// total: malformed input becomes diagnostics, never an exception.
import type { Attachment, Cluster, ClusterSettings, Diagnostic, Namespace, Resource, Service, UnknownKind } from './types';
import { ATTACHMENT_KINDS, readAttachment, readHpa, pvcSummary, type HpaInfo } from './attachments';
import { resolveSettings } from './defaults';
import { capModelDiagnostics, makeDiag, refAt } from './diag';
import { groupSlices, legacyEndpoints, selectorEndpoints, sliceEndpoints } from './endpoints';
import { readIngress } from './ingress';
import { isIstioNetworking, isPeerAuthentication, readDestinationRule, readGateway, readPeerAuthentication, readServiceEntry, readVirtualService } from './istio';
import { readNetworkPolicy } from './netpol';
import { isAuthorizationPolicy, isLegacyRbac, readAuthorizationPolicy, readRbacConfig, readServiceRole, readServiceRoleBinding } from './authz';
import { buildNodes } from './nodes';
import { indexPods } from './podindex';
import { podDraftFromResource, type PodDraft } from './pods';
import { arr, obj, objs, str } from './raw';
import { assignPodIPs, schedulePods } from './schedule';
import { matchesSelector } from './selectors';
import { allocateServices, readService, type ServiceDraft } from './services';
import { sidecarInjected } from './sidecar';
import { WORKLOAD_KINDS, claimsPerPod, expandWorkload, readWorkload, volumeClaimTemplateNames, type WorkloadDraft } from './workloads';
import { newBudget } from './budget';

/** Kinds read for cluster topology or endpoints rather than drawn themselves. */
const CONSUMED_KINDS = new Set(['Namespace', 'Node', 'EndpointSlice', 'Endpoints', 'Scenario']);
/** Cluster-scoped kinds: no namespace, none inferred from them. */
const CLUSTER_SCOPED = new Set([
	'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
	'CustomResourceDefinition', 'IngressClass', 'PriorityClass', 'MutatingWebhookConfiguration',
	'ValidatingWebhookConfiguration', 'APIService', 'RuntimeClass', 'CSIDriver', 'GatewayClass', 'Scenario'
]);

function isModelled(res: Resource): boolean {
	return (
		WORKLOAD_KINDS.has(res.kind) ||
		ATTACHMENT_KINDS.has(res.kind) ||
		isIstioNetworking(res) ||
		isPeerAuthentication(res) ||
		isAuthorizationPolicy(res) ||
		isLegacyRbac(res) ||
		['Pod', 'Service', 'Ingress', 'NetworkPolicy', 'EndpointSlice', 'Endpoints'].includes(res.kind)
	);
}

function nsOf(res: Resource): string {
	return res.namespace || 'default';
}

/** Later definitions of the same kind/namespace/name replace earlier ones (kubectl apply). */
function dedupe(resources: Resource[], diags: Diagnostic[]): Resource[] {
	const out: (Resource | null)[] = [];
	const seen = new Map<string, number>();
	for (const res of resources) {
		if (!res || typeof res !== 'object' || typeof res.kind !== 'string' || !res.kind) continue;
		const ns = CLUSTER_SCOPED.has(res.kind) ? '' : isModelled(res) ? nsOf(res) : (res.namespace ?? '');
		const key = `${res.kind}\u0000${ns}\u0000${res.name}`;
		const prev = seen.get(key);
		if (prev !== undefined) {
			const old = out[prev]!;
			diags.push(
				makeDiag(res, 'warning', 'duplicate', `${res.kind} ${ns ? `${ns}/` : ''}${res.name} is defined more than once (previous definition at ${old.source?.file}:${old.source?.line}); the later one wins`)
			);
			out[prev] = res;
		} else {
			seen.set(key, out.length);
			out.push(res);
		}
	}
	return out.filter((r): r is Resource => r !== null);
}

function controllerRef(res: Resource): { kind: string; name: string } | undefined {
	const refs = objs(obj(res.raw.metadata).ownerReferences);
	const ref = refs.find((r) => r.controller === true) ?? refs[0];
	const kind = str(ref?.kind);
	const name = str(ref?.name);
	return kind && name ? { kind, name } : undefined;
}

export function buildCluster(resources: Resource[], settings?: Partial<ClusterSettings>): Cluster {
	const s = resolveSettings(settings);
	const diags: Diagnostic[] = [];
	const input = dedupe(Array.isArray(resources) ? resources : [], diags);

	// ---- namespaces (declared first; used ones are added as we go) ----
	const namespaces = new Map<string, Namespace>();
	for (const res of input) {
		if (res.kind === 'Namespace') namespaces.set(res.name, { name: res.name, labels: { ...res.labels }, declared: true, source: refAt(res) });
	}
	const useNs = (name: string) => {
		if (!namespaces.has(name)) namespaces.set(name, { name, labels: { 'kubernetes.io/metadata.name': name }, declared: false });
	};
	for (const ns of namespaces.values()) ns.labels['kubernetes.io/metadata.name'] ??= ns.name;

	// ---- nodes ----
	const nodes = buildNodes(input.filter((r) => r.kind === 'Node'), s, diags, input.find((r) => r.kind === 'Scenario'));

	// ---- attachments (HPA first: it can change replica counts) ----
	const attachments = new Map<string, Attachment>();
	const hpaByTarget = new Map<string, HpaInfo>();
	const hpaRes = new Map<string, Resource>();
	for (const res of input) {
		if (!ATTACHMENT_KINDS.has(res.kind)) continue;
		const a = readAttachment(res, nsOf(res));
		attachments.set(a.id, a);
		if (res.kind === 'HorizontalPodAutoscaler') {
			hpaByTarget.set(readHpa(res, nsOf(res)).target, readHpa(res, nsOf(res)));
			hpaRes.set(readHpa(res, nsOf(res)).target, res);
		}
	}

	// ---- workloads; ReplicaSets/Jobs owned by a Deployment/CronJob of the input are folded into it ----
	const byId = new Map<string, Resource>();
	for (const res of input) if (WORKLOAD_KINDS.has(res.kind)) byId.set(`${res.kind}/${nsOf(res)}/${res.name}`, res);
	const folded = new Map<string, string>(); // RS/Job id → owning Deployment/CronJob id
	for (const res of input) {
		if (res.kind !== 'ReplicaSet' && res.kind !== 'Job') continue;
		const ref = controllerRef(res);
		const want = res.kind === 'ReplicaSet' ? 'Deployment' : 'CronJob';
		if (ref?.kind === want && byId.has(`${want}/${nsOf(res)}/${ref.name}`)) {
			folded.set(`${res.kind}/${nsOf(res)}/${res.name}`, `${want}/${nsOf(res)}/${ref.name}`);
		}
	}
	const workloads = new Map<string, WorkloadDraft>();
	for (const res of input) {
		if (!WORKLOAD_KINDS.has(res.kind) || folded.has(`${res.kind}/${nsOf(res)}/${res.name}`)) continue;
		useNs(nsOf(res));
		const d = readWorkload(res, nsOf(res));
		const w = d.workload;
		const tPath = res.kind === 'CronJob' ? 'spec.jobTemplate.spec' : 'spec';
		if (w.selector && !matchesSelector(w.selector, w.podLabels)) {
			diags.push(makeDiag(res, 'error', 'selector-mismatch', `${res.kind} ${w.namespace}/${w.name}: selector does not match the pod template labels; the API server would reject it`, `${tPath}.selector`));
		} else if (!w.selector && ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(res.kind) && res.apiVersion === 'apps/v1') {
			diags.push(makeDiag(res, 'warning', 'selector-missing', `${res.kind} ${w.namespace}/${w.name}: spec.selector is required in apps/v1`, 'spec'));
		}
		const hpa = hpaByTarget.get(w.id);
		if (hpa && ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(w.kind)) {
			const scaled = Math.min(Math.max(w.replicas, hpa.min), hpa.max);
			if (scaled !== w.replicas) {
				diags.push(makeDiag(res, 'info', 'hpa-scaled', `${w.kind} ${w.namespace}/${w.name}: HorizontalPodAutoscaler keeps replicas within ${hpa.min}-${hpa.max}, so ${scaled} pods instead of ${w.replicas}`, 'spec.replicas'));
				// a budget diagnostic then points at the HPA bound that set the count
				d.countAt = { res: hpaRes.get(w.id) ?? res, path: scaled === hpa.max ? 'spec.maxReplicas' : 'spec.minReplicas' };
				w.replicas = scaled;
			}
		}
		workloads.set(w.id, d);
	}

	// ---- live pods: find their owning workload ----
	const ownerOf = (res: Resource): string | undefined => {
		const ref = controllerRef(res);
		if (!ref) return undefined;
		const ns = nsOf(res);
		const direct = `${ref.kind}/${ns}/${ref.name}`;
		if (folded.has(direct)) return folded.get(direct);
		if (workloads.has(direct)) return direct;
		// a ReplicaSet/Job not in the input: <deployment>-<hash> / <cronjob>-<time>
		const parentKind = ref.kind === 'ReplicaSet' ? 'Deployment' : ref.kind === 'Job' ? 'CronJob' : undefined;
		if (!parentKind) return undefined;
		let best: WorkloadDraft | undefined;
		for (const w of workloads.values()) {
			const { kind, namespace, name } = w.workload;
			if (kind !== parentKind || namespace !== ns || !ref.name.startsWith(`${name}-`)) continue;
			if (ref.name.slice(name.length + 1).includes('-')) continue;
			if (w.workload.selector && !matchesSelector(w.workload.selector, res.labels)) continue;
			if (!best || name.length > best.workload.name.length) best = w;
		}
		return best?.workload.id;
	};
	const liveOwner = new Map<Resource, string | undefined>();
	const adopted = new Set<string>();
	const taken = new Set<string>();
	for (const res of input) {
		if (res.kind !== 'Pod') continue;
		const owner = ownerOf(res);
		liveOwner.set(res, owner);
		if (owner) adopted.add(owner);
		taken.add(`${nsOf(res)}/${res.name}`);
	}

	// ---- pods, in input order; `kind: Pod` documents (at most MAX_RESOURCES) are always kept but count ----
	const drafts: PodDraft[] = [];
	const budget = newBudget();
	budget.pods -= taken.size;
	for (const res of input) {
		if (res.kind === 'Pod') {
			useNs(nsOf(res));
			const d = podDraftFromResource(res, nsOf(res), liveOwner.get(res));
			const ctl = controllerRef(res);
			if (ctl) d.pod.controller = ctl;
			drafts.push(d);
			const owner = d.pod.owner && workloads.get(d.pod.owner);
			if (owner) owner.workload.pods.push(d.pod.id);
		} else if (WORKLOAD_KINDS.has(res.kind)) {
			const w = workloads.get(`${res.kind}/${nsOf(res)}/${res.name}`);
			// no spread: a call's argument count is limited (a RangeError at ~100k)
			if (w && !adopted.has(w.workload.id)) for (const d of expandWorkload(w, { nodes, taken, budget, diags })) drafts.push(d);
		}
	}
	schedulePods(drafts, nodes, diags);
	assignPodIPs(drafts, nodes, diags);
	for (const d of drafts) {
		const p = d.pod;
		p.sidecar = sidecarInjected({
			namespace: p.namespace,
			namespaceLabels: namespaces.get(p.namespace)?.labels ?? {},
			podLabels: p.labels,
			podAnnotations: p.annotations,
			containerNames: p.containers.map((c) => c.name),
			hostNetwork: p.hostNetwork
		});
	}
	const pods = drafts.map((d) => d.pod);
	const idx = indexPods(pods);

	// ---- StatefulSet volumeClaimTemplates → one PVC per pod ----
	for (const w of workloads.values()) {
		if (w.workload.kind !== 'StatefulSet') continue;
		const templates = arr(obj(w.res.raw.spec).volumeClaimTemplates);
		const names = volumeClaimTemplateNames(w.res);
		names.slice(0, claimsPerPod(names.length, w.workload.pods.length)).forEach((t, ti) => {
			w.workload.pods.forEach((podId) => {
				const podName = podId.slice(w.workload.namespace.length + 1);
				const ordinal = podName.slice(w.workload.name.length + 1);
				const id = `PersistentVolumeClaim/${w.workload.namespace}/${t}-${w.workload.name}-${ordinal}`;
				if (!attachments.has(id)) {
					attachments.set(id, {
						id,
						kind: 'PersistentVolumeClaim',
						namespace: w.workload.namespace,
						name: `${t}-${w.workload.name}-${ordinal}`,
						keys: [],
						summary: pvcSummary(obj(obj(templates[ti]).spec)),
						usedBy: [],
						source: refAt(w.res, `spec.volumeClaimTemplates.${ti}`)
					});
				}
			});
		});
	}

	// ---- who uses what ----
	const missingReported = new Set<string>();
	// membership in a Set: 20,000 bare Pods using one ConfigMap must not be quadratic
	const usedBy = new Map<string, Set<string>>();
	const link = (ref: string, user: string, res: Resource) => {
		const a = attachments.get(ref);
		if (a) {
			let users = usedBy.get(ref);
			if (!users) usedBy.set(ref, (users = new Set(a.usedBy)));
			if (!users.has(user)) {
				users.add(user);
				a.usedBy.push(user);
			}
		} else if (!missingReported.has(ref)) {
			// often lives elsewhere (created by hand, by a chart, by the cloud): info only
			missingReported.add(ref);
			diags.push(makeDiag(res, 'info', 'missing-reference', `${user} references ${ref.split('/')[0]} ${ref.split('/').slice(1).join('/')}, which is not in the input`));
		}
	};
	for (const w of workloads.values()) for (const ref of w.workload.uses) link(ref, w.workload.id, w.res);
	for (const d of drafts) {
		const owner = d.pod.owner ? workloads.get(d.pod.owner) : undefined;
		for (const ref of d.pod.uses) if (!owner?.workload.uses.includes(ref)) link(ref, d.pod.id, d.res);
	}
	for (const a of attachments.values()) {
		if (a.kind !== 'HorizontalPodAutoscaler') continue;
		const target = a.usedBy[0];
		if (target && !workloads.has(target)) {
			const res = input.find((r) => r.kind === 'HorizontalPodAutoscaler' && r.name === a.name && nsOf(r) === a.namespace)!;
			diags.push(makeDiag(res, 'warning', 'hpa-target-missing', `HorizontalPodAutoscaler ${a.namespace}/${a.name}: scale target ${target.split('/')[0]} ${target.split('/')[2]} is not in the input`, 'spec.scaleTargetRef'));
		}
	}
	for (const a of attachments.values()) useNs(a.namespace);

	// ---- services and endpoints ----
	const svcDrafts: ServiceDraft[] = [];
	for (const res of input) if (res.kind === 'Service') {
		useNs(nsOf(res));
		svcDrafts.push(readService(res, nsOf(res), diags));
	}
	allocateServices(svcDrafts, s, diags);
	const services = new Map<string, Service>(svcDrafts.map((d) => [d.svc.id, d.svc]));
	const slices = groupSlices(
		input.filter((r) => r.kind === 'EndpointSlice').map((res) => ({ res, namespace: nsOf(res) })),
		diags
	);
	const legacy = new Map<string, Resource>();
	for (const res of input) if (res.kind === 'Endpoints') legacy.set(`${nsOf(res)}/${res.name}`, res);
	for (const d of svcDrafts) {
		const id = d.svc.id;
		const sl = slices.get(id);
		if (sl) sliceEndpoints(d.svc, sl, diags, budget);
		else if (legacy.has(id)) legacyEndpoints(d.svc, legacy.get(id)!, budget, diags);
		else selectorEndpoints(d, idx, budget, diags);
	}
	for (const [id, sl] of slices) if (!services.has(id)) {
		diags.push(makeDiag(sl[0], 'info', 'endpoints-orphan', `EndpointSlice ${sl[0].name} belongs to Service ${id}, which is not in the input`, 'metadata.labels'));
	}
	for (const [id, res] of legacy) if (!services.has(id)) {
		diags.push(makeDiag(res, 'info', 'endpoints-orphan', `Endpoints ${id} has no Service of that name in the input`));
	}

	// ---- ingress, Istio, NetworkPolicy ----
	const cluster: Cluster = {
		settings: s,
		namespaces: [],
		nodes,
		workloads: [...workloads.values()].map((w) => w.workload),
		pods,
		services: svcDrafts.map((d) => d.svc),
		ingresses: [],
		gateways: [],
		virtualServices: [],
		destinationRules: [],
		serviceEntries: [],
		networkPolicies: [],
		attachments: [...attachments.values()],
		unknown: [],
		diagnostics: diags
	};
	const unknown = new Map<string, UnknownKind>();
	for (const res of input) {
		const ns = nsOf(res);
		if (res.kind === 'Ingress') {
			useNs(ns);
			cluster.ingresses.push(readIngress(res, ns, services, diags));
		} else if (isIstioNetworking(res)) {
			useNs(ns);
			if (res.kind === 'Gateway') cluster.gateways.push(readGateway(res, ns, idx));
			else if (res.kind === 'VirtualService') cluster.virtualServices.push(readVirtualService(res, ns));
			else if (res.kind === 'DestinationRule') cluster.destinationRules.push(readDestinationRule(res, ns));
			else cluster.serviceEntries.push(readServiceEntry(res, ns));
		} else if (res.kind === 'NetworkPolicy') {
			useNs(ns);
			cluster.networkPolicies.push(readNetworkPolicy(res, ns, idx, diags));
		} else if (isPeerAuthentication(res)) {
			useNs(ns);
			(cluster.peerAuthentications ??= []).push(readPeerAuthentication(res, ns));
		} else if (isAuthorizationPolicy(res)) {
			useNs(ns);
			(cluster.authorizationPolicies ??= []).push(readAuthorizationPolicy(res, ns, diags));
		} else if (isLegacyRbac(res)) {
			const rbac = (cluster.legacyRbac ??= { configs: [], roles: [], bindings: [] });
			if (res.kind === 'ServiceRole') rbac.roles.push(readServiceRole(res, ns));
			else if (res.kind === 'ServiceRoleBinding') rbac.bindings.push(readServiceRoleBinding(res, ns));
			else rbac.configs.push(readRbacConfig(res, diags));
			if (res.kind === 'ServiceRole' || res.kind === 'ServiceRoleBinding') useNs(ns);
		} else if (!isModelled(res) && !CONSUMED_KINDS.has(res.kind) && res.apiVersion !== 'hopscope/v1') {
			if (res.namespace && !CLUSTER_SCOPED.has(res.kind)) useNs(res.namespace);
			let u = unknown.get(res.kind);
			if (!u) unknown.set(res.kind, (u = { kind: res.kind, apiVersion: res.apiVersion, count: 0, names: [] }));
			u.count++;
			u.names.push(res.namespace ? `${res.namespace}/${res.name}` : res.name);
		} else if (res.kind === 'EndpointSlice' || res.kind === 'Endpoints') useNs(ns);
	}
	cluster.unknown = [...unknown.values()];
	cluster.diagnostics = capModelDiagnostics(diags);
	cluster.namespaces = [...namespaces.values()];
	return cluster;
}
