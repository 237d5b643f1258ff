// The Reachability view's shapes and the shields the diagram draws on pods a
// NetworkPolicy isolates. The matrix itself (reachView), the what-if diff,
// pod isolation and a hovered pod's peers live in ./reachability, loaded
// lazily (and run in the compute worker).
import type { L4Protocol } from '../netpol';
import type { GNode } from './types';

/** Above this many workloads the matrix is per namespace. */
export const REACH_MAX_ROWS = 200;

export const CELL = { denied: 0, allowed: 1, some: 2 } as const;

/** The pod ids a drawn leaf stands for: a pod, or a stack's members. */
export const podsOf = (n: GNode): string[] => (n.kind === 'stack' ? (n.members ?? []) : n.ref.kind === 'Pod' ? [`${n.ref.namespace}/${n.ref.name}`] : []);


export interface ReachRow {
	/** `Deployment/ns/name`, `Pod/ns/name` (bare pod) or `ns` at namespace level */
	key: string;
	label: string;
	namespace: string;
	/** indexes into `pods` */
	pods: number[];
}

export interface ReachView {
	port: number;
	protocol: L4Protocol;
	level: 'workload' | 'namespace';
	rows: ReachRow[];
	/** rows × rows, row-major (from × to): CELL values */
	cells: Uint8Array;
	/** pod ids and the pod-level matrix (from × to, 1 = allowed) */
	pods: string[];
	allowed: Uint8Array;
	/** the number of workloads before aggregation */
	workloads: number;
}

/** Pod id → the policies isolating it per direction (only isolated pods). Runs in the compute worker. */
export type PodIsolation = Record<string, { ingress: string[]; egress: string[] }>;

/**
 * Shields for the diagram: leaf node id → the directions some pod it stands
 * for is isolated in (`ingress`, `egress` or `ingress egress`), with the
 * isolating policies for its tooltip.
 */
export function podShields(iso: PodIsolation, nodes: { id: string; node: GNode }[]): Record<string, { dirs: string; policies: string[] }> {
	const out: Record<string, { dirs: string; policies: string[] }> = {};
	for (const x of nodes) {
		const pods = podsOf(x.node);
		const dirs = new Set<string>();
		const policies = new Set<string>();
		for (const id of pods) {
			const i = iso[id];
			if (!i) continue;
			if (i.ingress.length) dirs.add('ingress');
			if (i.egress.length) dirs.add('egress');
			for (const p of [...i.ingress, ...i.egress]) policies.add(p);
		}
		if (dirs.size) out[x.id] = { dirs: ['ingress', 'egress'].filter((d) => dirs.has(d)).join(' '), policies: [...policies] };
	}
	return out;
}
