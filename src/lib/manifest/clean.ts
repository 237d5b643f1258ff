// Removes the bookkeeping that live dumps (`kubectl get -o yaml/json`) carry
// and that says nothing about traffic. `status` is kept on purpose: node
// addresses, load-balancer IPs, pod IPs and EndpointSlice conditions matter.
import { isPlainObject, own } from './paths';

/** metadata fields dropped from every object (and from pod templates). */
export const NOISE_METADATA_FIELDS = [
	'managedFields',
	'uid',
	'resourceVersion',
	'generation',
	'creationTimestamp',
	'selfLink'
] as const;

/** Annotation that repeats the whole object as JSON; dropped. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Where pod templates keep their own metadata (kubectl prints `creationTimestamp: null` there). */
const TEMPLATE_METADATA = [
	['spec', 'template', 'metadata'],
	['spec', 'jobTemplate', 'metadata'],
	['spec', 'jobTemplate', 'spec', 'template', 'metadata']
];

/**
 * Deletes the noise in place and returns the dotted paths removed, so their
 * recorded lines can be dropped too.
 */
export function stripNoise(raw: Record<string, unknown>): string[] {
	const removed: string[] = [];
	const dropFrom = (meta: unknown, prefix: string) => {
		if (!isPlainObject(meta)) return;
		for (const field of NOISE_METADATA_FIELDS) {
			if (Object.prototype.hasOwnProperty.call(meta, field)) {
				delete meta[field];
				removed.push(`${prefix}.${field}`);
			}
		}
	};
	const meta = own(raw, 'metadata');
	dropFrom(meta, 'metadata');
	const annotations = own(meta, 'annotations');
	if (isPlainObject(annotations) && Object.prototype.hasOwnProperty.call(annotations, LAST_APPLIED_ANNOTATION)) {
		delete annotations[LAST_APPLIED_ANNOTATION];
		removed.push(`metadata.annotations.${LAST_APPLIED_ANNOTATION}`);
	}
	for (const path of TEMPLATE_METADATA) {
		let node: unknown = raw;
		for (const key of path) node = own(node, key);
		dropFrom(node, path.join('.'));
	}
	return removed;
}

/** Drops recorded lines at or below the removed paths. */
export function dropLines(lines: Record<string, number>, removed: readonly string[]): void {
	if (removed.length === 0) return;
	for (const path of Object.keys(lines)) {
		if (removed.some((r) => path === r || path.startsWith(`${r}.`))) delete lines[path];
	}
}
