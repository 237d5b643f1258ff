// NetworkPolicy reachability cells that change: the policy engine's matrix
// (netpol/reachMatrix: every pod pair on a port, as the NetworkPolicy spec
// decides it) in both versions, compared cell by cell for the pods present
// in both, on the container ports the pods declare. Without a NetworkPolicy
// in either version every pair is allowed in both, and nothing is computed.
import type { Cluster } from '../model';
import { portKey, reachMatrix, type PortProto, type ReachMatrix } from '../netpol';
import type { ReachCell } from './types';
import { byText } from './keys';

/** ports compared (the lowest declared container ports); each costs a pods² matrix per version */
export const MAX_REACH_PORTS = 16;
/** changed cells listed; the summary counts them all */
export const MAX_REACH_CELLS = 1_000;

export function diffReach(before: Cluster, after: Cluster): { cells: ReachCell[]; changed: number } {
	if (!before.networkPolicies.length && !after.networkPolicies.length) return { cells: [], changed: 0 };
	const ports = declaredPorts(before, after);
	const a = reachMatrix(before, ports);
	const b = reachMatrix(after, ports);
	const ib = new Map(b.pods.map((id, i) => [id, i]));
	// pods in both, in id order, with their index in each matrix
	const both = a.pods
		.map((id, i) => ({ id, i, j: ib.get(id) }))
		.filter((x): x is { id: string; i: number; j: number } => x.j !== undefined)
		.sort((x, y) => byText(x.id, y.id));
	const cells: ReachCell[] = [];
	let changed = 0;
	for (const from of both)
		for (const to of both)
			ports.forEach((p, k) => {
				const va = allowed(a, k, from.i, to.i);
				const vb = allowed(b, k, from.j, to.j);
				if (va === vb) return;
				changed++;
				if (cells.length < MAX_REACH_CELLS) cells.push({ from: from.id, to: to.id, port: portKey(p), before: va ? 'allowed' : 'denied', after: vb ? 'allowed' : 'denied' });
			});
	return { cells, changed };
}

const allowed = (m: ReachMatrix, port: number, from: number, to: number): boolean => m.allowed[port][from * m.pods.length + to] === 1;

/** The container ports the pods of either version declare, lowest first, capped. */
function declaredPorts(a: Cluster, b: Cluster): PortProto[] {
	const seen = new Map<string, PortProto>();
	for (const c of [a, b])
		for (const p of c.pods)
			for (const ct of p.containers)
				for (const cp of ct.ports) {
					const pp: PortProto = { port: cp.containerPort, protocol: cp.protocol };
					seen.set(portKey(pp), pp);
				}
	return [...seen.values()].sort((x, y) => x.port - y.port || byText(x.protocol, y.protocol)).slice(0, MAX_REACH_PORTS);
}
