// NetworkPolicy reachability cells that change. The policy engine is given by
// the caller as a function from a cluster to its cells (from, to, verdict),
// so this folder does not depend on it; without one the section is null
// ("not compared"), never an empty "nothing changed".
import type { Cluster } from '../model';
import type { ReachCell } from './types';
import { byText } from './keys';

/** One cell of a reachability matrix: `from` may reach `to` (verdict text, e.g. `allowed`/`denied`). */
export interface ReachEntry {
	from: string;
	to: string;
	verdict: string;
}

export type ReachFn = (cluster: Cluster) => ReachEntry[];

export function diffReach(before: Cluster, after: Cluster, reach: ReachFn | undefined): ReachCell[] | null {
	if (!reach) return null;
	const key = (e: ReachEntry) => `${e.from}\u0000${e.to}`;
	const a = new Map(reach(before).map((e) => [key(e), e]));
	const b = new Map(reach(after).map((e) => [key(e), e]));
	const out: ReachCell[] = [];
	for (const k of new Set([...a.keys(), ...b.keys()])) {
		const ea = a.get(k);
		const eb = b.get(k);
		if (ea?.verdict === eb?.verdict) continue;
		const e = (eb ?? ea)!;
		out.push({ from: e.from, to: e.to, before: ea?.verdict ?? null, after: eb?.verdict ?? null });
	}
	return out.sort((x, y) => byText(x.from, y.from) || byText(x.to, y.to));
}
