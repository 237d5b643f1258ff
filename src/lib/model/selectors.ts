// Label selector semantics, shared with the NetworkPolicy engine.
// Kubernetes: a null LabelSelector matches nothing, an empty one ({}) matches
// everything; matchLabels and matchExpressions are ANDed.
import type { LabelSelector, LabelSelectorRequirement } from './types';

type Labels = Record<string, string> | null | undefined;

/**
 * Equality-based selector (Service.spec.selector, Gateway.selector).
 * null/undefined → false (a Service without selector selects no pods);
 * {} → true (vacuous; callers treat an empty Service selector as "none").
 */
export function matchesLabels(sel: Record<string, string> | null | undefined, labels: Labels): boolean {
	if (!sel) return false;
	const l = labels ?? {};
	for (const k in sel) {
		if (!Object.prototype.hasOwnProperty.call(l, k) || l[k] !== sel[k]) return false;
	}
	return true;
}

/** Set-based LabelSelector: null/undefined matches nothing, {} matches everything. */
export function matchesSelector(sel: LabelSelector | null | undefined, labels: Labels): boolean {
	if (!sel) return false;
	const l = labels ?? {};
	if (sel.matchLabels && !matchesLabels(sel.matchLabels, l)) return false;
	for (const req of sel.matchExpressions ?? []) {
		if (!matchesRequirement(req, l)) return false;
	}
	return true;
}

export function matchesRequirement(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
	const has = Object.prototype.hasOwnProperty.call(labels, req.key);
	const values = req.values ?? [];
	switch (req.operator) {
		case 'In':
			return has && values.includes(labels[req.key]);
		case 'NotIn':
			// NotIn also matches objects that do not carry the key at all.
			return !has || !values.includes(labels[req.key]);
		case 'Exists':
			return has;
		case 'DoesNotExist':
			return !has;
		default:
			return false;
	}
}

/** True when the selector has no terms at all (selects every pod). */
export function isEmptySelector(sel: LabelSelector | null | undefined): boolean {
	return (
		!!sel &&
		Object.keys(sel.matchLabels ?? {}).length === 0 &&
		(sel.matchExpressions ?? []).length === 0
	);
}

/** Human-readable form: `app=web,tier in (a,b),!debug`. */
export function formatSelector(sel: LabelSelector | null | undefined): string {
	if (!sel) return '<none>';
	const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
	for (const r of sel.matchExpressions ?? []) {
		const vs = (r.values ?? []).join(',');
		if (r.operator === 'In') parts.push(`${r.key} in (${vs})`);
		else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vs})`);
		else if (r.operator === 'Exists') parts.push(r.key);
		else parts.push(`!${r.key}`);
	}
	return parts.length ? parts.join(',') : '<all>';
}
