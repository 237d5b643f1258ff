// The laid-out diagram: absolute boxes and edge paths, ready to draw as SVG.
// Plain data (structured-clone safe) so it crosses the worker boundary, and
// small pure helpers the Diagram needs (neighbourhoods for hover highlight).
import type { EdgeType, GEdge, GNode, GraphView } from './graph';

export interface Point {
	x: number;
	y: number;
}

export interface SceneNode {
	id: string;
	/** absolute position and size in diagram px */
	x: number;
	y: number;
	w: number;
	h: number;
	/** nesting depth: 0 at the top level */
	depth: number;
	node: GNode;
	/** label and sublabel, cut to fit the box */
	title: string;
	subtitle?: string;
	/** network view: absolute port anchors by port id */
	ports?: Record<string, Point>;
}

export interface SceneEdge {
	id: string;
	type: EdgeType;
	/** drawn direction (arrowhead at target) */
	source: string;
	target: string;
	/** absolute points, source → target */
	points: Point[];
	/** SVG path data with rounded corners */
	d: string;
	label?: { text: string; x: number; y: number };
	edge: GEdge;
}

export interface Scene {
	view: GraphView;
	width: number;
	height: number;
	/** parents before children: draw in this order */
	nodes: SceneNode[];
	edges: SceneEdge[];
}

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
