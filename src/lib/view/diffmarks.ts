// Compare: which drawn resources a change touched, per side — added (after
// only, green), removed (before only, red), changed (amber). The diagram puts
// the mark on the box as data-diff="added|removed|changed" and a sign (+ − ~),
// so colour never stands alone. Pods come and go with their workloads, so
// they are compared by id between the two clusters; a stack of pods is
// changed when any of its members is.
import type { Cluster } from '../model';
import type { DiffReport } from '../diff';
import type { Scene } from './types';

export type DiffMark = 'added' | 'removed' | 'changed';
export type DiffSide = 'before' | 'after';

const key = (kind: string, namespace: string | null | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

/** Scene node id → mark, for one side of a comparison. */
export function diffMarks(scene: Scene, report: DiffReport, side: DiffSide, clusters: { before: Cluster; after: Cluster }): Record<string, DiffMark> {
	const byKey = new Map<string, DiffMark>();
	for (const r of report.resources) {
		if (r.change === 'changed' || (r.change === 'added') === (side === 'after')) {
			byKey.set(key(r.kind, r.namespace, r.name), r.change);
			// cluster-scoped kinds are drawn without a namespace
			if (r.namespace === null) byKey.set(key(r.kind, '', r.name), r.change);
		}
	}
	for (const e of report.endpoints) {
		const [ns, name] = e.service.split('/');
		const k = key('Service', ns, name);
		if (!byKey.has(k) && e.change === 'changed') byKey.set(k, 'changed');
	}
	// a split changed: the architecture view draws no VirtualService, so the Services it routes to carry the mark
	for (const r of report.routes)
		for (const host of [r.host, ...r.splits.map((d) => d.destination.split(/[: ]/)[0])]) {
			const m = /^([^.]+)\.([^.]+)\.svc\./.exec(host);
			const k = m ? key('Service', m[2], m[1]) : '';
			if (m && !byKey.has(k)) byKey.set(k, 'changed');
		}
	const here = new Set((side === 'after' ? clusters.after : clusters.before).pods.map((p) => p.id));
	const there = new Set((side === 'after' ? clusters.before : clusters.after).pods.map((p) => p.id));
	const podMark: DiffMark = side === 'after' ? 'added' : 'removed';
	const out: Record<string, DiffMark> = {};
	for (const n of scene.nodes) {
		if (n.node.container) continue;
		const ref = n.node.ref;
		if (n.node.kind === 'stack') {
			if (n.node.members?.some((m) => here.has(m) && !there.has(m))) out[n.id] = 'changed';
			continue;
		}
		if (ref.kind === 'Pod') {
			const id = `${ref.namespace}/${ref.name}`;
			const m = byKey.get(key('Pod', ref.namespace, ref.name));
			if (m) out[n.id] = m;
			else if (here.has(id) && !there.has(id)) out[n.id] = podMark;
			continue;
		}
		const m = byKey.get(key(ref.kind, ref.namespace, ref.name));
		if (m) out[n.id] = m;
	}
	return out;
}
