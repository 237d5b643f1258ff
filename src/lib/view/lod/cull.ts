// What the Diagram draws for a viewport and zoom: only what intersects the
// viewport (d3-quadtree per nesting depth, so a big namespace box does not
// widen the search for small pods), and, in a level-of-detail scene, only
// the insides of containers zoomed in far enough that the boxes one level
// down are wide enough on screen (OPEN_AGGREGATE_PX when they are
// aggregates themselves, OPEN_LEAF_PX for pods and Services); the others are
// drawn closed, as aggregates. One zoom per level (the median width of
// that level), so all workloads open together, as a map's streets appear
// together. Pure; the Diagram calls it on a settled pan or zoom.
import { quadtree, type Quadtree } from 'd3';
import type { Scene, SceneEdge, SceneNode } from '../types';

/** A container whose children are containers (a namespace's workloads) opens when they are this wide on screen. */
export const OPEN_AGGREGATE_PX = 48;
/** A container of leaves (a workload's pods) opens when they are this wide: a tile with a readable name. */
export const OPEN_LEAF_PX = 80;
/** Pods and Services get their full card (icon, subtitle, chips) from this zoom up; below it a tile. */
export const FULL_DETAIL_K = 0.7;

export interface Rect {
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

interface Level {
	tree: Quadtree<SceneNode>;
	/** the largest half width / height at this depth: how far a box reaches from its centre */
	hw: number;
	hh: number;
}

interface EdgeBox {
	e: SceneEdge;
	x0: number;
	y0: number;
	x1: number;
	y1: number;
}

export interface CullIndex {
	levels: Level[];
	edges: EdgeBox[];
	byId: Map<string, SceneNode>;
	/** container id → the zoom from which it shows its children */
	openAt: Map<string, number>;
	lod: boolean;
}

export interface Visible {
	/** drawn containers, parents first: open ones frame their children, closed ones are aggregates */
	containers: SceneNode[];
	open: Set<string>;
	leaves: SceneNode[];
	edges: SceneEdge[];
	/** ids of everything drawn */
	drawn: Set<string>;
	/** how many boxes were drawn before (at the front of `containers` and of `leaves`): see `keepFirst` */
	kept: number;
}

export function buildCullIndex(scene: Scene): CullIndex {
	const byId = new Map(scene.nodes.map((n) => [n.id, n]));
	const depths: SceneNode[][] = [];
	for (const n of scene.nodes) (depths[n.depth] ??= []).push(n);
	const levels = depths.map((list = []) => ({
		tree: quadtree<SceneNode>()
			.x((n) => n.x + n.w / 2)
			.y((n) => n.y + n.h / 2)
			.addAll(list),
		hw: Math.max(0, ...list.map((n) => n.w / 2)),
		hh: Math.max(0, ...list.map((n) => n.h / 2))
	}));
	// per depth: the zoom at which the level below is wide enough
	const levelOpen = depths.map((_, d) => {
		const below = depths[d + 1] ?? [];
		if (!below.length) return 0;
		const ws = below.map((n) => n.w).sort((a, b) => a - b);
		const boxes = below.filter((n) => n.node.container).length;
		return (boxes * 2 > below.length ? OPEN_AGGREGATE_PX : OPEN_LEAF_PX) / ws[ws.length >> 1];
	});
	const openAt = new Map<string, number>();
	for (const n of scene.nodes) if (n.node.container) openAt.set(n.id, levelOpen[n.depth] ?? 0);
	const edges = scene.edges.map((e) => {
		let x0 = Infinity;
		let y0 = Infinity;
		let x1 = -Infinity;
		let y1 = -Infinity;
		for (const p of e.points) {
			x0 = Math.min(x0, p.x);
			y0 = Math.min(y0, p.y);
			x1 = Math.max(x1, p.x);
			y1 = Math.max(y1, p.y);
		}
		return { e, x0, y0, x1, y1 };
	});
	return { levels, edges, byId, openAt, lod: !!scene.lod };
}

/** Whether a container shows its children at zoom k (always, outside level-of-detail scenes). */
export function isOpen(index: CullIndex, n: SceneNode, k: number): boolean {
	if (!index.lod || !n.node.container) return true;
	return k >= (index.openAt.get(n.id) ?? 0);
}

/** The nodes of one depth whose boxes intersect `r`. */
function inRect(level: Level, r: Rect): SceneNode[] {
	const out: SceneNode[] = [];
	const { hw, hh } = level;
	level.tree.visit((node, x0, y0, x1, y1) => {
		if (x0 > r.x1 + hw || x1 < r.x0 - hw || y0 > r.y1 + hh || y1 < r.y0 - hh) return true;
		if (!node.length) {
			for (let q: typeof node | undefined = node; q; q = (q as { next?: typeof node }).next) {
				const n = (q as { data: SceneNode }).data;
				if (n.x <= r.x1 && n.x + n.w >= r.x0 && n.y <= r.y1 && n.y + n.h >= r.y0) out.push(n);
			}
		}
		return false;
	});
	return out;
}

/** What to draw for the scene-coordinate rectangle `r` at zoom `k`, in scene order. */
export function cull(index: CullIndex, r: Rect, k: number): Visible {
	const drawn = new Set<string>();
	const open = new Set<string>();
	const found: SceneNode[] = [];
	for (let d = 0; d < index.levels.length; d++) {
		for (const n of inRect(index.levels[d], r)) {
			const p = n.node.parent;
			if (p && index.byId.has(p) && !open.has(p)) continue;
			drawn.add(n.id);
			found.push(n);
			if (n.node.container && isOpen(index, n, k)) open.add(n.id);
		}
	}
	// scene order (parents before children, graph order within) keeps the drawing stable
	const order = (a: SceneNode, b: SceneNode) => a.depth - b.depth || a.y - b.y || a.x - b.x;
	found.sort(order);
	const containers = found.filter((n) => n.node.container);
	const leaves = found.filter((n) => !n.node.container);
	const edges: SceneEdge[] = [];
	for (const b of index.edges) {
		if (b.x0 > r.x1 || b.x1 < r.x0 || b.y0 > r.y1 || b.y1 < r.y0) continue;
		// level of detail: an edge is drawn between two things on screen, never into a closed box
		if (index.lod && !(drawn.has(b.e.source) && drawn.has(b.e.target))) continue;
		edges.push(b.e);
	}
	return { containers, open, leaves, edges, drawn, kept: 0 };
}

/**
 * The same visible set with the containers and leaves drawn before
 * (`previous`) first, in their order: a renderer that adds new boxes a slice
 * at a time then keeps what is already on screen.
 */
export function keepFirst(v: Visible, previous: Set<string> | null): Visible {
	if (!previous) return v;
	const front = (list: SceneNode[]) => {
		const old = list.filter((n) => previous.has(n.id));
		return { list: old.length ? [...old, ...list.filter((n) => !previous.has(n.id))] : list, kept: old.length };
	};
	const c = front(v.containers);
	const l = front(v.leaves);
	return { ...v, containers: c.list, leaves: l.list, kept: c.kept + l.kept };
}
/** The node itself when drawn, else its nearest drawn container: where a selection or a packet shows. */
export function drawnAncestor(index: CullIndex, drawn: Set<string>, id: string): string | null {
	for (let cur: string | null | undefined = id; cur; cur = index.byId.get(cur)?.node.parent) if (drawn.has(cur)) return cur;
	return null;
}

/** The viewport of an element `w`×`h` px under transform (x, y, k), in scene coordinates, grown by `margin` of its size on each side. */
export function viewRect(w: number, h: number, t: { x: number; y: number; k: number }, margin = 0.25): Rect {
	const x0 = -t.x / t.k;
	const y0 = -t.y / t.k;
	const sw = w / t.k;
	const sh = h / t.k;
	return { x0: x0 - sw * margin, y0: y0 - sh * margin, x1: x0 + sw * (1 + margin), y1: y0 + sh * (1 + margin) };
}

/** Whether rectangle `inner` lies inside `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
	return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}
