// The Reachability matrix (a compute worker job, loaded lazily on the main
// thread): the NetworkPolicy matrix of every pod pair (netpol.reachMatrix)
// folded into workloads × workloads — a cell is allowed when every pod pair
// is, denied when none is, "some" otherwise — or into namespaces ×
// namespaces above REACH_MAX_ROWS workloads, so the grid stays small enough
// to draw; the cells an edit changed (the what-if); the pod pair a cell
// stands for; the pods a policy isolates (for the shields).
import type { Cluster } from '../../model';
import { isolation, netpolVerdict, reachMatrix, type L4Protocol } from '../../netpol';
import type { GNode } from '../types';
import { CELL, REACH_MAX_ROWS, podsOf, type PodIsolation, type ReachRow, type ReachView } from '../reach';

export function reachView(cluster: Cluster, port: number, protocol: L4Protocol): ReachView {
	const m = reachMatrix(cluster, [{ port, protocol }]);
	const n = m.pods.length;
	const allowed = m.allowed[0];
	const byKey = new Map<string, ReachRow>();
	cluster.pods.forEach((p, i) => {
		const key = p.owner ?? `Pod/${p.id}`;
		let r = byKey.get(key);
		if (!r) byKey.set(key, (r = { key, label: `${p.namespace}/${p.owner ? p.owner.split('/').pop() : p.name}`, namespace: p.namespace, pods: [] }));
		r.pods.push(i);
	});
	let rows = [...byKey.values()];
	const workloads = rows.length;
	let level: ReachView['level'] = 'workload';
	if (rows.length > REACH_MAX_ROWS) {
		level = 'namespace';
		const byNs = new Map<string, ReachRow>();
		for (const r of rows) {
			let x = byNs.get(r.namespace);
			if (!x) byNs.set(r.namespace, (x = { key: r.namespace, label: r.namespace, namespace: r.namespace, pods: [] }));
			x.pods.push(...r.pods);
		}
		rows = [...byNs.values()];
	}
	const k = rows.length;
	const cells = new Uint8Array(k * k);
	for (let a = 0; a < k; a++)
		for (let b = 0; b < k; b++) {
			let yes = 0;
			let no = 0;
			for (const i of rows[a].pods)
				for (const j of rows[b].pods) {
					if (i === j) continue;
					if (allowed[i * n + j]) yes++;
					else no++;
				}
			cells[a * k + b] = no === 0 ? CELL.allowed : yes === 0 ? CELL.denied : CELL.some;
		}
	return { port, protocol, level, rows, cells, pods: m.pods, allowed, workloads };
}

/** Cell keys (`fromKey>toKey`) whose value differs from the previous matrix of the same port and protocol. */
export function reachChanges(prev: ReachView | null, next: ReachView): Set<string> {
	const out = new Set<string>();
	if (!prev || prev.port !== next.port || prev.protocol !== next.protocol || prev.level !== next.level) return out;
	const before = new Map<string, number>();
	const pk = prev.rows.length;
	prev.rows.forEach((a, i) => prev.rows.forEach((b, j) => before.set(`${a.key}>${b.key}`, prev.cells[i * pk + j])));
	const k = next.rows.length;
	next.rows.forEach((a, i) =>
		next.rows.forEach((b, j) => {
			const key = `${a.key}>${b.key}`;
			const was = before.get(key);
			if (was !== undefined && was !== next.cells[i * k + j]) out.add(key);
		})
	);
	return out;
}

/** The pod pair a cell stands for: its first denied pair when it has one, else its first pair. */
export function reachPair(v: ReachView, a: number, b: number): { from: string; to: string } | null {
	const n = v.pods.length;
	let first: { from: string; to: string } | null = null;
	for (const i of v.rows[a].pods)
		for (const j of v.rows[b].pods) {
			if (i === j) continue;
			const pair = { from: v.pods[i], to: v.pods[j] };
			if (!v.allowed[i * n + j]) return pair;
			first ??= pair;
		}
	if (first) return first;
	const only = v.rows[a].pods[0];
	return only !== undefined && v.rows[b].pods.includes(only) ? { from: v.pods[only], to: v.pods[only] } : null;
}

export function podIsolation(cluster: Cluster): PodIsolation {
	const out: PodIsolation = {};
	if (!cluster.networkPolicies.length) return out;
	for (const p of cluster.pods) {
		const iso = isolation(cluster, p.id);
		if (iso.ingress.length || iso.egress.length) out[p.id] = { ingress: iso.ingress.map((x) => x.policy), egress: iso.egress.map((x) => x.policy) };
	}
	return out;
}

/**
 * For hovering a shielded pod: the drawn pods (leaf node ids) that may open a
 * connection to it on its first declared container port (80 when it declares
 * none), and those it may connect to — the edges its policies leave open.
 */
export function allowedPeers(cluster: Cluster, nodes: { id: string; node: GNode }[], id: string): Set<string> {
	const out = new Set<string>();
	const me = nodes.find((x) => x.id === id);
	if (!me) return out;
	const mine = podsOf(me.node);
	const byId = new Map(cluster.pods.map((p) => [p.id, p]));
	const portOf = (pid: string) => {
		const cp = byId.get(pid)?.containers.flatMap((c) => c.ports)[0];
		return { port: cp?.containerPort ?? 80, protocol: cp?.protocol ?? 'TCP' };
	};
	for (const x of nodes) {
		if (x.id === id) continue;
		const theirs = podsOf(x.node);
		const ok = theirs.some((q) =>
			mine.some((p) => {
				const inP = portOf(p);
				const outP = portOf(q);
				return netpolVerdict(cluster, { pod: q }, { pod: p }, inP.port, inP.protocol).allowed || netpolVerdict(cluster, { pod: p }, { pod: q }, outP.port, outP.protocol).allowed;
			})
		);
		if (ok) out.add(x.id);
	}
	return out;
}
