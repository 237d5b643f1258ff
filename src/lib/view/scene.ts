// Small pure helpers over a laid-out Scene that the Diagram needs
// (neighbourhoods for hover highlight, ancestors). The Scene types are in types.ts.
import type { Scene } from './types';

export interface Neighbourhood {
	nodes: Set<string>;
	edges: Set<string>;
}

/** A node, the nodes it is directly linked to, and those links. */
export function neighbourhood(scene: Scene, id: string): Neighbourhood {
	const nodes = new Set([id]);
	const edges = new Set<string>();
	for (const e of scene.edges) {
		if (e.source === id || e.target === id) {
			edges.add(e.id);
			nodes.add(e.source);
			nodes.add(e.target);
		}
	}
	return { nodes, edges };
}

/** Ancestors of a node (its containing boxes), nearest first. */
export function ancestors(scene: Scene, id: string): string[] {
	const byId = new Map(scene.nodes.map((n) => [n.id, n]));
	const out: string[] = [];
	let p = byId.get(id)?.node.parent;
	while (p) {
		out.push(p);
		p = byId.get(p)?.node.parent ?? null;
	}
	return out;
}
