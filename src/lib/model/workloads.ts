// Workloads → pods, named the way the controllers name them:
//   Deployment  <deploy>-<pod-template-hash>-<5>   (via its implicit ReplicaSet)
//   ReplicaSet / ReplicationController / DaemonSet / Job  <name>-<5>
//   StatefulSet <sts>-0, -1, … (hostname = pod name, subdomain = serviceName)
//   CronJob     <cron>-<scheduled minute>-<5>  (one Job's pods)
// The random parts are derived from names (see hash.ts), so output is stable.
import type { LabelSelector, Node, Resource, Workload } from './types';
import { refAt } from './diag';
import { nameSuffix, podTemplateHash } from './hash';
import { fnv1a } from '../util';
import { podSpecUses } from './podspec';
import { eligibleNodes, makePodDraft, readLabelSelector, type PodDraft } from './pods';
import { at, has, num, obj, str, strMap, type Obj } from './raw';

export type WorkloadKind = Workload['kind'];

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
	'Deployment',
	'ReplicaSet',
	'StatefulSet',
	'DaemonSet',
	'Job',
	'CronJob',
	'ReplicationController'
]);

/** Where the pod template sits in each kind. */
export function templatePath(kind: string): string {
	return kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
}

export interface WorkloadDraft {
	workload: Workload;
	res: Resource;
	template: Obj;
	/** desired pods before HPA adjustment */
	replicas: number;
}

export function readWorkload(res: Resource, namespace: string): WorkloadDraft {
	const kind = res.kind as WorkloadKind;
	const spec = obj(res.raw.spec);
	const tPath = templatePath(kind);
	const template = obj(at(res.raw, tPath));
	const podSpec = obj(template.spec);
	let replicas: number;
	if (kind === 'Job' || kind === 'CronJob') {
		const jobSpec = kind === 'Job' ? spec : obj(obj(spec.jobTemplate).spec);
		const parallelism = num(jobSpec.parallelism) ?? 1;
		const completions = num(jobSpec.completions);
		replicas = Math.max(0, completions !== undefined ? Math.min(parallelism, completions) : parallelism);
		if (kind === 'CronJob' && spec.suspend === true) replicas = 0;
	} else if (kind === 'DaemonSet') {
		replicas = 0; // decided by the eligible nodes
	} else {
		replicas = Math.max(0, num(spec.replicas) ?? 1);
	}
	// ReplicationController's selector is a plain map; the others use LabelSelector
	let selector: LabelSelector | null;
	if (kind === 'ReplicationController') {
		selector = has(spec, 'selector') ? { matchLabels: strMap(spec.selector) } : null;
	} else {
		const sel = kind === 'CronJob' ? at(spec, 'jobTemplate.spec.selector') : spec.selector;
		selector = readLabelSelector(sel);
	}
	const workload: Workload = {
		id: `${kind}/${namespace}/${res.name}`,
		kind,
		namespace,
		name: res.name,
		replicas,
		selector,
		podLabels: strMap(obj(template.metadata).labels),
		pods: [],
		uses: podSpecUses(podSpec, namespace),
		source: refAt(res)
	};
	if (kind === 'StatefulSet') {
		const sn = str(spec.serviceName);
		if (sn) workload.serviceName = sn;
	}
	return { workload, res, template, replicas };
}

export interface ExpandContext {
	nodes: Node[];
	/** pod ids already taken (names must be unique per namespace) */
	taken: Set<string>;
}

/** Make the pod drafts for a workload (replicas already final). */
export function expandWorkload(d: WorkloadDraft, ctx: ExpandContext): PodDraft[] {
	const { workload: w, res, template } = d;
	const ns = w.namespace;
	const meta = obj(template.metadata);
	const spec = obj(template.spec);
	const specPath = `${templatePath(w.kind)}.spec`;
	const out: PodDraft[] = [];
	const source = refAt(res, templatePath(w.kind));
	const make = (name: string, extraLabels: Record<string, string>, patch?: (s: Obj) => Obj) => {
		const draft = makePodDraft({
			res,
			namespace: ns,
			name,
			labels: { ...strMap(meta.labels), ...extraLabels },
			annotations: strMap(meta.annotations),
			spec: patch ? patch(spec) : spec,
			specPath,
			owner: w.id,
			source: { ...source }
		});
		ctx.taken.add(draft.pod.id);
		out.push(draft);
		return draft;
	};
	const unique = (prefix: string, i: number) => {
		for (let salt = 0; ; salt++) {
			const name = `${prefix}-${nameSuffix(`${ns}/${prefix}/${i}/${salt}`)}`;
			if (!ctx.taken.has(`${ns}/${name}`)) return name;
		}
	};
	switch (w.kind) {
		case 'Deployment': {
			const hash = podTemplateHash(`${ns}/${w.name}`);
			const rs = `${w.name}-${hash}`;
			for (let i = 0; i < w.replicas; i++) make(unique(rs, i), { 'pod-template-hash': hash });
			break;
		}
		case 'StatefulSet': {
			for (let i = 0; i < w.replicas; i++) {
				const name = `${w.name}-${i}`;
				const draft = make(
					name,
					{ 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
					(s) => ({ ...s, hostname: name, ...(w.serviceName ? { subdomain: w.serviceName } : {}) })
				);
				for (const t of volumeClaimTemplateNames(res)) {
					draft.pod.uses.push(`PersistentVolumeClaim/${ns}/${t}-${w.name}-${i}`);
				}
			}
			break;
		}
		case 'DaemonSet': {
			const nodes = eligibleNodes(ctx.nodes, strMap(spec.nodeSelector));
			nodes.forEach((node, i) => {
				const draft = make(unique(w.name, i), {});
				// the DaemonSet controller binds each pod to its node (via node affinity)
				draft.nodeName = node.name;
			});
			w.replicas = nodes.length;
			break;
		}
		case 'Job':
			for (let i = 0; i < w.replicas; i++) make(unique(w.name, i), { 'job-name': w.name, 'batch.kubernetes.io/job-name': w.name });
			break;
		case 'CronJob': {
			const job = cronJobName(ns, w.name);
			for (let i = 0; i < w.replicas; i++) make(unique(job, i), { 'job-name': job, 'batch.kubernetes.io/job-name': job });
			break;
		}
		default:
			for (let i = 0; i < w.replicas; i++) make(unique(w.name, i), {});
	}
	w.pods = out.map((p) => p.pod.id);
	return out;
}

/** Jobs made by a CronJob are named after the scheduled time in minutes; we derive a stable one. */
export function cronJobName(ns: string, cron: string): string {
	return `${cron}-${28000000 + (fnv1a(`${ns}/${cron}`) % 1000000)}`;
}

export function volumeClaimTemplateNames(res: Resource): string[] {
	const out: string[] = [];
	const list = obj(res.raw.spec).volumeClaimTemplates;
	if (Array.isArray(list)) for (const t of list) {
		const n = str(obj(obj(t).metadata).name);
		if (n) out.push(n);
	}
	return out;
}
