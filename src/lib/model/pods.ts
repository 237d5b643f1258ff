// Pods: one draft per pod, from a bare/live `kind: Pod` or from a workload's
// pod template. Drafts carry what scheduling and addressing still need.
import type { LabelSelector, LabelSelectorRequirement, Node, Pod, Resource, SourceRef } from './types';
import { refAt } from './diag';
import { readContainers, podSpecUses, serviceAccountOf } from './podspec';
import { has, isObj, obj, objs, str, strMap, type Obj } from './raw';

export interface PodDraft {
	pod: Pod;
	/** the resource it came from, for diagnostics */
	res: Resource;
	/** path of the pod spec inside res (`spec`, `spec.template.spec`, …) */
	specPath: string;
	/** spec.nodeName as written */
	nodeName?: string;
	nodeSelector: Record<string, string>;
	/** status.podIP / status.hostIP from a live dump */
	podIP?: string;
	hostIP?: string;
	/** status.phase was given: keep phase and readiness as they are */
	hasStatus: boolean;
}

export interface PodInit {
	res: Resource;
	namespace: string;
	name: string;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	spec: Obj;
	specPath: string;
	owner?: string;
	source: SourceRef;
	status?: Obj;
}

export function makePodDraft(p: PodInit): PodDraft {
	const spec = p.spec;
	const hostNetwork = spec.hostNetwork === true;
	const pod: Pod = {
		id: `${p.namespace}/${p.name}`,
		namespace: p.namespace,
		name: p.name,
		labels: p.labels,
		annotations: p.annotations,
		node: '',
		ip: '',
		hostNetwork,
		containers: readContainers(spec),
		phase: 'Pending',
		ready: false,
		uses: podSpecUses(spec, p.namespace),
		sidecar: false,
		serviceAccount: serviceAccountOf(spec),
		source: p.source
	};
	if (p.owner) pod.owner = p.owner;
	const hostname = str(spec.hostname);
	const subdomain = str(spec.subdomain);
	if (hostname) pod.hostname = hostname;
	if (subdomain) pod.subdomain = subdomain;
	const status = p.status ?? {};
	const phase = str(status.phase);
	const draft: PodDraft = {
		pod,
		res: p.res,
		specPath: p.specPath,
		nodeSelector: strMap(spec.nodeSelector),
		hasStatus: phase !== undefined
	};
	const nodeName = str(spec.nodeName);
	if (nodeName) draft.nodeName = nodeName;
	const podIP = str(status.podIP) ?? str(objs(status.podIPs)[0]?.ip);
	if (podIP) draft.podIP = podIP;
	const hostIP = str(status.hostIP);
	if (hostIP) draft.hostIP = hostIP;
	if (phase !== undefined) {
		pod.phase = phase;
		const readyCond = objs(status.conditions).find((c) => c.type === 'Ready');
		pod.ready = readyCond ? str(readyCond.status) === 'True' : phase === 'Running';
	}
	return draft;
}

/** A `kind: Pod` document (hand-written or from a live dump). */
export function podDraftFromResource(res: Resource, namespace: string, owner?: string): PodDraft {
	return makePodDraft({
		res,
		namespace,
		name: res.name,
		labels: { ...res.labels },
		annotations: { ...res.annotations },
		spec: obj(res.raw.spec),
		specPath: 'spec',
		owner,
		source: refAt(res),
		status: isObj(res.raw.status) ? res.raw.status : undefined
	});
}

/** Nodes a pod may run on by nodeSelector (tolerations/affinity are not modelled). */
export function eligibleNodes(nodes: Node[], nodeSelector: Record<string, string>): Node[] {
	const keys = Object.keys(nodeSelector);
	if (keys.length === 0) return nodes;
	return nodes.filter((n) => keys.every((k) => n.labels[k] === nodeSelector[k]));
}

/** Read a LabelSelector object; `matchLabels:` left empty (null) means {}. */
export function readLabelSelector(v: unknown): LabelSelector | null {
	if (!isObj(v)) return null;
	const sel: LabelSelector = {};
	if (has(v, 'matchLabels')) sel.matchLabels = strMap(v.matchLabels);
	// an unknown operator is kept as written: it then matches nothing (fail closed)
	const exprs: LabelSelectorRequirement[] = objs(v.matchExpressions).map((e) => {
		const req: LabelSelectorRequirement = {
			key: str(e.key) ?? '',
			operator: (str(e.operator) ?? '') as LabelSelectorRequirement['operator']
		};
		if (Array.isArray(e.values)) req.values = e.values.map((x) => String(x));
		return req;
	});
	if (exprs.length || has(v, 'matchExpressions')) sel.matchExpressions = exprs;
	return sel;
}
