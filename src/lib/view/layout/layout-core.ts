// Graph → ELK JSON → Scene. Pure: the ELK instance is injected so the same
// code runs in the browser worker and in Node (CLI, bench, tests):
//   import ELK from 'elkjs/lib/elk.bundled.js'; await layoutGraph(g, new ELK())
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { GEdge, GNode, Graph, Point, Scene, SceneEdge, SceneNode } from '../types';
import { sceneEdge } from './geometry';
import { layoutPacked } from './layout-packed';
import { CONTAINER_PAD, boxText, containerHeader, leafSize } from './metrics';

/** The part of an ELK instance we use. */
export interface ElkLike {
	layout(graph: ElkNode, args?: { layoutOptions?: LayoutOptions }): Promise<ElkNode>;
}

export const ROOT_OPTIONS: LayoutOptions = {
	'elk.algorithm': 'layered',
	'elk.direction': 'RIGHT',
	'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
	'elk.edgeRouting': 'ORTHOGONAL',
	'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
	'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
	'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
	'elk.spacing.nodeNode': '18',
	'elk.layered.spacing.nodeNodeBetweenLayers': '56',
	'elk.spacing.edgeNode': '14',
	'elk.spacing.edgeEdge': '8',
	'elk.layered.spacing.edgeNodeBetweenLayers': '16',
	'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
	'elk.spacing.componentComponent': '40',
	'elk.padding': '[top=20,left=20,bottom=20,right=20]',
	// coordinates of edge sections relative to the root: no per-container offsets
	'elk.json.edgeCoords': 'ROOT'
};

/**
 * Edges drawn against the flow (owner → pods sits right of its pods) are given
 * to ELK reversed so they do not pull workloads to the left; points are flipped
 * back afterwards so arrowheads still point at the pods.
 */
export const REVERSED_TYPES = new Set(['owns']);

const LAST_KINDS = new Set(['attachment', 'unknown']);

export function toElk(graph: Graph): ElkNode {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const elkById = new Map<string, ElkNode>();
	const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
	const hasChildren = new Set(graph.nodes.map((n) => n.parent).filter((p): p is string => !!p));

	for (const n of graph.nodes) {
		const container = n.container || hasChildren.has(n.id);
		let el: ElkNode;
		if (container) {
			const { top, minW } = containerHeader(n);
			el = {
				id: n.id,
				children: [],
				edges: [],
				layoutOptions: {
					'elk.padding': `[top=${top},left=${CONTAINER_PAD},bottom=${CONTAINER_PAD},right=${CONTAINER_PAD}]`,
					'elk.nodeSize.constraints': 'MINIMUM_SIZE',
					'elk.nodeSize.minimum': `(${minW},${top + 30})`
				}
			};
		} else {
			const { w, h } = leafSize(n);
			el = { id: n.id, width: w, height: h };
			// things without traffic (attachments, unknown kinds) belong at the right edge
			if (LAST_KINDS.has(n.kind)) el.layoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST' };
		}
		elkById.set(n.id, el);
	}
	for (const n of graph.nodes) {
		const el = elkById.get(n.id)!;
		const parent = n.parent && elkById.has(n.parent) ? elkById.get(n.parent)! : root;
		parent.children!.push(el);
	}
	for (const e of graph.edges) {
		if (!byId.has(e.source) || !byId.has(e.target)) continue;
		const [s, t] = REVERSED_TYPES.has(e.type) ? [e.target, e.source] : [e.source, e.target];
		const container = lowestCommonContainer(byId, s, t);
		const edge: ElkExtendedEdge = { id: e.id, sources: [s], targets: [t] };
		(container ? elkById.get(container)! : root).edges!.push(edge);
	}
	return root;
}

/** The deepest node containing both ends (an end itself counts when it contains the other). */
function lowestCommonContainer(byId: Map<string, GNode>, a: string, b: string): string | null {
	const chain = (id: string) => {
		const out: string[] = [];
		let p: string | null = id;
		while (p) {
			out.push(p);
			p = byId.get(p)?.parent ?? null;
		}
		return out;
	};
	const ca = chain(a);
	const cb = new Set(chain(b));
	for (const id of ca) {
		if (!cb.has(id)) continue;
		// an edge between a node and its own ancestor lives in that ancestor;
		// otherwise it lives in the first shared ancestor above both
		if (id === a || id === b) return id;
		return id;
	}
	return null;
}

export function fromElk(graph: Graph, laid: ElkNode): Scene {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const nodes: SceneNode[] = [];
	const walk = (el: ElkNode, ox: number, oy: number, depth: number) => {
		for (const c of el.children ?? []) {
			const x = ox + (c.x ?? 0);
			const y = oy + (c.y ?? 0);
			const n = byId.get(c.id);
			if (n) {
				const { title, subtitle } = boxText(n);
				nodes.push({ id: c.id, x: r(x), y: r(y), w: r(c.width ?? 0), h: r(c.height ?? 0), depth, node: n, title, subtitle });
			}
			walk(c, x, y, depth + 1);
		}
	};
	walk(laid, 0, 0, 0);

	const elkEdges = new Map<string, ElkExtendedEdge>();
	const collect = (el: ElkNode) => {
		for (const e of el.edges ?? []) elkEdges.set(e.id, e);
		for (const c of el.children ?? []) collect(c);
	};
	collect(laid);

	const edges: SceneEdge[] = [];
	for (const e of graph.edges) {
		const le = elkEdges.get(e.id);
		if (!le?.sections?.length) continue;
		let points: Point[] = [];
		for (const s of le.sections) {
			const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: r(p.x), y: r(p.y) }));
			points.push(...(points.length ? pts.slice(1) : pts));
		}
		if (REVERSED_TYPES.has(e.type)) points = points.reverse();
		edges.push(sceneEdge(e, points));
	}
	return { view: graph.view, width: r(laid.width ?? 0), height: r(laid.height ?? 0), nodes, edges };
}

const r = (n: number) => Math.round(n * 10) / 10;

/**
 * ELK's layered layout is the prettiest for small graphs but grows
 * superlinearly (a 1,000-pod cluster: seconds, 9,400 × 41,000 px); above
 * these sizes the packed layout (no ELK) is used.
 */
export const ELK_MAX_PODS = 150;
export const ELK_MAX_NODES = 400;

export function usesElk(graph: Graph): boolean {
	const pods = graph.nodes.filter((n) => n.kind === 'pod' || n.kind === 'stack').length;
	return pods <= ELK_MAX_PODS && graph.nodes.length <= ELK_MAX_NODES;
}

/** `elk` may be a thunk so callers can load ELK only when it is needed. */
export async function layoutGraph(graph: Graph, elk: ElkLike | (() => Promise<ElkLike>)): Promise<Scene> {
	if (graph.nodes.length === 0) return { view: graph.view, width: 0, height: 0, nodes: [], edges: [] };
	if (!usesElk(graph)) return layoutPacked(graph);
	if (typeof elk === 'function') elk = await elk();
	const laid = await elk.layout(toElk(graph));
	return fromElk(graph, laid);
}
