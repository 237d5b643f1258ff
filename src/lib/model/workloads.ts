// Workloads → pods, named the way the controllers name them:
//   Deployment  <deploy>-<pod-template-hash>-<5>   (via its implicit ReplicaSet)
//   ReplicaSet / ReplicationController / DaemonSet / Job  <name>-<5>
//   StatefulSet <sts>-0, -1, … (hostname = pod name, subdomain = serviceName)
//   CronJob     <cron>-<scheduled minute>-<5>  (one Job's pods)
// The random parts are derived from names (see hash.ts), so output is stable.
import type { Diagnostic, LabelSelector, Node, Resource, Workload } from './types';
import { cutReason, fmt, MAX_CLAIMS_PER_WORKLOAD, takePods, type WorkBudget } from './budget';
import { makeDiag, refAt } from './diag';
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
	/** the field that decides the pod count (where a budget diagnostic points) */
	countAt: { res: Resource; path: string };
}

/** A count as the controllers read it: a whole number ≥ 0 (schema diagnostics already flag the rest). */
function count(v: unknown, fallback: number): number {
	const n = num(v);
	return n === undefined || n < 0 ? fallback : Math.floor(n);
}

export function readWorkload(res: Resource, namespace: string): WorkloadDraft {
	const kind = res.kind as WorkloadKind;
	const spec = obj(res.raw.spec);
	const tPath = templatePath(kind);
	const template = obj(at(res.raw, tPath));
	const podSpec = obj(template.spec);
	let replicas: number;
	let countPath = 'spec.replicas';
	if (kind === 'Job' || kind === 'CronJob') {
		const jobSpec = kind === 'Job' ? spec : obj(obj(spec.jobTemplate).spec);
		const jobPath = kind === 'Job' ? 'spec' : 'spec.jobTemplate.spec';
		// the Job controller runs min(parallelism, completions) pods at once
		const parallelism = count(jobSpec.parallelism, 1);
		const completions = num(jobSpec.completions) === undefined ? undefined : count(jobSpec.completions, 1);
		replicas = completions !== undefined ? Math.min(parallelism, completions) : parallelism;
		countPath = `${jobPath}.${completions !== undefined && completions < parallelism ? 'completions' : 'parallelism'}`;
		if (kind === 'CronJob' && spec.suspend === true) replicas = 0;
	} else if (kind === 'DaemonSet') {
		replicas = 0; // decided by the eligible nodes
		countPath = `${tPath}.spec.nodeSelector`;
	} else {
		replicas = count(spec.replicas, 1);
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
	return { workload, res, template, replicas, countAt: { res, path: countPath } };
}

export interface ExpandContext {
	nodes: Node[];
	/** pod ids already taken (names must be unique per namespace) */
	taken: Set<string>;
	budget: WorkBudget;
	diags: Diagnostic[];
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
	// the budget is taken before any pod is made
	const daemonNodes = w.kind === 'DaemonSet' ? eligibleNodes(ctx.nodes, strMap(spec.nodeSelector)) : [];
	if (w.kind === 'DaemonSet') w.replicas = daemonNodes.length;
	const perPod = Object.keys(obj(meta.labels)).length + Object.keys(obj(meta.annotations)).length;
	const { shown, cut } = takePods(ctx.budget, w.replicas, perPod);
	if (cut) {
		w.aggregated = { shown, total: w.replicas };
		const asked = w.kind === 'DaemonSet' ? `runs on ${fmt(w.replicas)} nodes` : `asks for ${fmt(w.replicas)} pods`;
		ctx.diags.push(
			makeDiag(d.countAt.res, 'warning', 'pods-aggregated',
				`${w.kind} ${ns}/${w.name} ${asked}; ${cutReason(cut, perPod)}, so ${fmt(shown)} are modelled and the diagram shows the rest as ×${fmt(w.replicas)}`,
				d.countAt.path)
		);
	}
	switch (w.kind) {
		case 'Deployment': {
			const hash = podTemplateHash(`${ns}/${w.name}`);
			const rs = `${w.name}-${hash}`;
			for (let i = 0; i < shown; i++) make(unique(rs, i), { 'pod-template-hash': hash });
			break;
		}
		case 'StatefulSet': {
			const claims = volumeClaimTemplateNames(res);
			for (let i = 0; i < shown; i++) {
				const name = `${w.name}-${i}`;
				const draft = make(
					name,
					{ 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) },
					(s) => ({ ...s, hostname: name, ...(w.serviceName ? { subdomain: w.serviceName } : {}) })
				);
				// claims × pods is bounded too (see claimsPerPod)
				for (let t = 0; t < claimsPerPod(claims.length, shown); t++) {
					draft.pod.uses.push(`PersistentVolumeClaim/${ns}/${claims[t]}-${w.name}-${i}`);
				}
			}
			break;
		}
		case 'DaemonSet': {
			for (let i = 0; i < shown; i++) {
				const draft = make(unique(w.name, i), {});
				// the DaemonSet controller binds each pod to its node (via node affinity)
				draft.nodeName = daemonNodes[i].name;
			}
			break;
		}
		case 'Job':
			for (let i = 0; i < shown; i++) make(unique(w.name, i), { 'job-name': w.name, 'batch.kubernetes.io/job-name': w.name });
			break;
		case 'CronJob': {
			const job = cronJobName(ns, w.name);
			for (let i = 0; i < shown; i++) make(unique(job, i), { 'job-name': job, 'batch.kubernetes.io/job-name': job });
			break;
		}
		default:
			for (let i = 0; i < shown; i++) make(unique(w.name, i), {});
	}
	w.pods = out.map((p) => p.pod.id);
	return out;
}

/** How many of a StatefulSet's claim templates each of its `pods` pods gets, so claims in all stay within MAX_CLAIMS_PER_WORKLOAD. */
export function claimsPerPod(templates: number, pods: number): number {
	return pods === 0 ? templates : Math.min(templates, Math.floor(MAX_CLAIMS_PER_WORKLOAD / pods));
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
