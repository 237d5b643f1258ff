// Pods indexed by namespace and by `key=value` label, so selecting pods for
// hundreds of Services stays linear-ish instead of Services × all pods.
import type { LabelSelector, Pod } from './types';
import { matchesLabels, matchesSelector } from './selectors';

export interface PodIndex {
	byNamespace: Map<string, Pod[]>;
	/** `ns\u0000key=value` → pods (input order) */
	byLabel: Map<string, Pod[]>;
	all: Pod[];
}

export function indexPods(pods: Pod[]): PodIndex {
	const byNamespace = new Map<string, Pod[]>();
	const byLabel = new Map<string, Pod[]>();
	for (const p of pods) {
		let list = byNamespace.get(p.namespace);
		if (!list) byNamespace.set(p.namespace, (list = []));
		list.push(p);
		for (const k in p.labels) {
			const key = `${p.namespace}\u0000${k}=${p.labels[k]}`;
			let l = byLabel.get(key);
			if (!l) byLabel.set(key, (l = []));
			l.push(p);
		}
	}
	return { byNamespace, byLabel, all: pods };
}

/** Pods of a namespace matching an equality selector (null → none; {} → all). */
export function selectByLabels(idx: PodIndex, ns: string, sel: Record<string, string> | null | undefined): Pod[] {
	if (!sel) return [];
	let candidates: Pod[] | undefined = idx.byNamespace.get(ns) ?? [];
	for (const k in sel) {
		const l = idx.byLabel.get(`${ns}\u0000${k}=${sel[k]}`);
		if (!l) return [];
		if (l.length < candidates.length) candidates = l;
	}
	return candidates.filter((p) => matchesLabels(sel, p.labels));
}

/** Pods of a namespace matching a LabelSelector (null → none; {} → all). */
export function selectBySelector(idx: PodIndex, ns: string, sel: LabelSelector | null | undefined): Pod[] {
	if (!sel) return [];
	const base = sel.matchLabels ? selectByLabels(idx, ns, sel.matchLabels) : (idx.byNamespace.get(ns) ?? []);
	return base.filter((p) => matchesSelector(sel, p.labels));
}
