// The model's work budget. A 219-character Deployment can ask for a million
// pods; every count the model expands (replicas, parallelism, DaemonSet ×
// nodes, volumeClaimTemplates × pods, endpoints × ports, synthesised nodes) is
// checked against these limits BEFORE the objects are made. Above a limit the
// workload keeps its full count and a marker (`aggregated: {shown, total}`),
// the first `shown` pods are modelled, and one diagnostic at the field that
// asked for the rest says so. The README's "Work budget" table cites these
// numbers: change them here and there together.

/** Pods modelled per workload (Deployment, StatefulSet, Job, DaemonSet…). */
export const MAX_PODS_PER_WORKLOAD = 5_000;

/** Pods modelled in all (workload pods and `kind: Pod` documents). */
export const MAX_PODS_TOTAL = 50_000;

/** Label and annotation entries copied into modelled pods, in all (a pod template with 100k labels × 5,000 replicas). */
export const MAX_POD_LABEL_COPIES = 2_000_000;

/** Nodes synthesised from the `nodeCount` setting. */
export const MAX_SYNTHESIZED_NODES = 1_000;

/** PersistentVolumeClaims made from a StatefulSet's volumeClaimTemplates × pods. */
export const MAX_CLAIMS_PER_WORKLOAD = 5_000;

/** Endpoints (address × port) modelled per Service. */
export const MAX_ENDPOINTS_PER_SERVICE = 5_000;

/** Endpoints modelled in all Services together. */
export const MAX_ENDPOINTS_TOTAL = 200_000;

/** Model diagnostics kept per resource, then one "… and N more". */
export const MAX_MODEL_DIAGNOSTICS_PER_RESOURCE = 20;

/** Model diagnostics kept in all, then one "… and N more". */
export const MAX_MODEL_DIAGNOSTICS = 1_000;

/** What is left of the budget while one cluster is built. */
export interface WorkBudget {
	pods: number;
	labelCopies: number;
	endpoints: number;
}

export function newBudget(): WorkBudget {
	return { pods: MAX_PODS_TOTAL, labelCopies: MAX_POD_LABEL_COPIES, endpoints: MAX_ENDPOINTS_TOTAL };
}

/** Which limit cut a count short. */
export type Cut = 'workload' | 'total' | 'labels' | null;

export interface Allowance {
	shown: number;
	cut: Cut;
}

/**
 * How many of `wanted` pods may be modelled, each copying `perPod` label and
 * annotation entries; takes them from the budget.
 */
export function takePods(budget: WorkBudget, wanted: number, perPod: number): Allowance {
	const want = Math.max(0, Math.floor(wanted));
	let shown = want;
	let cut: Cut = null;
	if (shown > MAX_PODS_PER_WORKLOAD) {
		shown = MAX_PODS_PER_WORKLOAD;
		cut = 'workload';
	}
	if (shown > budget.pods) {
		shown = Math.max(0, budget.pods);
		cut = 'total';
	}
	const cost = Math.max(1, perPod);
	if (shown * cost > budget.labelCopies) {
		shown = Math.max(0, Math.floor(budget.labelCopies / cost));
		cut = 'labels';
	}
	budget.pods -= shown;
	budget.labelCopies -= shown * cost;
	return { shown, cut };
}

/** Why a workload shows fewer pods than it asks for, in words. */
export function cutReason(cut: Exclude<Cut, null>, perPod: number): string {
	switch (cut) {
		case 'workload':
			return `at most ${fmt(MAX_PODS_PER_WORKLOAD)} pods are modelled per workload`;
		case 'total':
			return `at most ${fmt(MAX_PODS_TOTAL)} pods are modelled in all, and the workloads before this one used them up`;
		case 'labels':
			return `its pod template has ${fmt(perPod)} labels and annotations, and at most ${fmt(MAX_POD_LABEL_COPIES)} are copied into pods in all`;
	}
}

/** 100000 → "100,000" (fixed locale: output must not depend on the machine). */
export function fmt(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	return Math.trunc(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
