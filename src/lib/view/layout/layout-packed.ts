// Layout for big clusters, without ELK: ELK's layered layout of a
// 1,000-pod graph takes seconds and puts each Node's pods in one column
// (9,400 × 41,000 px). Here every container is packed bottom-up: its children
// go into columns of one height, grouped in left-to-right bands by kind
// (Internet | Ingress | Service | Nodes | Workloads | config), and the height
// is the one whose box comes closest to a target aspect ratio. Outer bands
// are sorted by the average height of what they link to (a barycentre pass),
// so a Service sits near its pods. Edges are routed by ./route. O(n) per try.
import type { GNode, Graph, Scene, SceneEdge, SceneNode } from '../types';
import { sceneEdge } from './geometry';
import { CONTAINER_PAD, boxText, containerHeader, leafSize } from './metrics';
import { balanced, columnMajor, heightCandidates, placeBands, CHANNEL, GAP_Y, GUTTER, type PackItem, type Placed } from './pack';
import { routeEdge, type RBox, type RFrame, type RWorld } from './route';

const ROOT = '__root';
const ROOT_PAD = 20;

/** Left-to-right order of kinds inside a container. */
const RANK: Record<string, number> = { internet: 0, ingress: 1, gateway: 1, virtualservice: 1, service: 2, node: 3, namespace: 3, pod: 3, stack: 3, workload: 4, attachment: 5, unknown: 5 };
const rankOf = (n: GNode) => RANK[n.kind] ?? (n.container ? 3 : 5);

/** Wanted width / height of a container's box. */
const ASPECT: Record<string, number> = { [ROOT]: 1.6, cluster: 1.6, node: 1.2, namespace: 1.4 };

interface Frame {
	w: number;
	h: number;
	top: number;
	pad: number;
	/** children relative to the content origin (pad, top) */
	placed: Placed[];
	columns: { x: number; w: number; items: Placed[] }[];
}

export function layoutPacked(graph: Graph): Scene {
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const parentOf = (n: GNode) => (n.parent && byId.has(n.parent) ? n.parent : ROOT);
	const kids = new Map<string, GNode[]>([[ROOT, []]]);
	for (const n of graph.nodes) if (n.container) kids.set(n.id, []);
	for (const n of graph.nodes) {
		const p = parentOf(n);
		if (!kids.has(p)) kids.set(p, []);
		kids.get(p)!.push(n);
	}
		const chainCache = new Map<string, string[]>();
	const chain = (id: string): string[] => {
		let c = chainCache.get(id);
		if (!c) {
			c = id === ROOT ? [ROOT] : [id, ...chain(parentOf(byId.get(id)!))];
			chainCache.set(id, c);
		}
		return c;
	};

	// ---- sizes, bottom-up ----
	const size = new Map<string, { w: number; h: number }>();
	const frames = new Map<string, Frame>();
	const rel = new Map<string, Placed>(); // child → position in its parent's content
	const order = [...kids.keys()].sort((a, b) => chain(b).length - chain(a).length);
	for (const id of order) {
		const f = packContainer(id);
		frames.set(id, f);
		size.set(id, { w: f.w, h: f.h });
		for (const p of f.placed) rel.set(p.id, p);
	}
	for (const n of graph.nodes) if (!size.has(n.id)) size.set(n.id, leafSize(n));

	function packContainer(id: string): Frame {
		const n = byId.get(id);
		const head = n ? containerHeader(n) : { top: ROOT_PAD, minW: 0 };
		const pad = n ? CONTAINER_PAD : ROOT_PAD;
		const top = head.top;
		const children = kids.get(id) ?? [];
		for (const c of children) if (!size.has(c.id)) size.set(c.id, leafSize(c));
		if (!children.length) return { w: Math.max(head.minW, 2 * pad), h: top + 30, top, pad, placed: [], columns: [] };
		const items = children.map((c) => ({ id: c.id, ...size.get(c.id)! }));
		const ranks = [...new Set(children.map(rankOf))].sort((a, b) => a - b);
		const bandItems = ranks.map((r) => items.filter((_, i) => rankOf(children[i]) === r));
		const target = ASPECT[id] ?? ASPECT[n?.kind ?? ''] ?? 1.4;
		const links = bandItems.length > 1 ? linksWithin(id) : null;

		const itemArea = items.reduce((s, i) => s + (i.w + GUTTER) * (i.h + GAP_Y), 0);
		let best: { score: number; bands: Placed[][][] } | null = null;
		for (const maxH of heightCandidates(items)) {
			const bands = links ? layered(bandItems, maxH, links) : [columnMajor(bandItems[0], maxH)];
			const { w, h } = measure(bands);
			const bw = Math.max(head.minW, w + 2 * pad);
			const bh = top + h + pad;
			// near the wanted shape, and without much empty space
			const score = Math.abs(Math.log(bw / bh / target)) + Math.log(Math.max(1, (bw * bh) / itemArea));
			if (!best || score < best.score - 1e-9) best = { score, bands };
		}
		const { columns, w, h } = placeBands(best!.bands);
		return { w: Math.max(head.minW, w + 2 * pad), h: top + h + pad, top, pad, placed: columns.flatMap((c) => c.items), columns };
	}

	/** For each child of container k: the heights (within the child) of the far ends of its edges, keyed by the far child. */
	function linksWithin(k: string): Map<string, { other: string; dy: number }[]> {
		const out = new Map<string, { other: string; dy: number }[]>();
		const within = (child: string, id: string) => {
			let y = size.get(id)!.h / 2;
			for (let p = id; p !== child; p = parentOf(byId.get(p)!)) y += rel.get(p)!.y;
			return y;
		};
		for (const e of graph.edges) {
			if (!byId.has(e.source) || !byId.has(e.target)) continue;
			const cs = chain(e.source);
			const ct = chain(e.target);
			const is = cs.indexOf(k);
			const it = ct.indexOf(k);
			if (is < 1 || it < 1) continue;
			const a = cs[is - 1];
			const b = ct[it - 1];
			if (a === b) continue;
			if (!out.has(a)) out.set(a, []);
			if (!out.has(b)) out.set(b, []);
			out.get(a)!.push({ other: b, dy: within(b, e.target) });
			out.get(b)!.push({ other: a, dy: within(a, e.source) });
		}
		return out;
	}

	// ---- absolute positions, top-down ----
	const abs = new Map<string, RBox>();
	const scene: SceneNode[] = [];
	const rframes = new Map<string, RFrame>();
	const root = frames.get(ROOT)!;
	abs.set(ROOT, { x: 0, y: 0, w: root.w, h: root.h });
	const visit = (id: string, depth: number) => {
		const f = frames.get(id)!;
		const o = abs.get(id)!;
		const ox = o.x + f.pad;
		const oy = o.y + f.top;
		const colOf = new Map<string, number>();
		const columns = f.columns.map((c, i) => {
			for (const it of c.items) colOf.set(it.id, i);
			return { x: ox + c.x, w: c.w, items: c.items.map((it) => ({ x: ox + it.x, y: oy + it.y, w: it.w, h: it.h })) };
		});
		rframes.set(id, { ...o, top: f.top, pad: f.pad, columns, colOf });
		for (const c of kids.get(id) ?? []) {
			const p = rel.get(c.id)!;
			const b = { x: r(ox + p.x), y: r(oy + p.y), w: r(p.w), h: r(p.h) };
			abs.set(c.id, b);
			const { title, subtitle } = boxText(c);
			scene.push({ id: c.id, ...b, depth, node: c, title, subtitle });
			if (frames.has(c.id)) visit(c.id, depth + 1);
		}
	};
	visit(ROOT, 0);

	const world: RWorld = { boxes: abs, frames: rframes, chain };
	const edges: SceneEdge[] = [];
	for (const e of graph.edges) {
		if (!byId.has(e.source) || !byId.has(e.target) || e.source === e.target) continue;
		edges.push(sceneEdge(e, routeEdge(world, e.source, e.target)));
	}
	return { view: graph.view, width: r(root.w), height: r(root.h), nodes: scene, edges };
}

/**
 * Bands of a container with links between them: the biggest band (the Node
 * boxes) keeps graph order, the others are sorted by the mean height of
 * what they link to in bands already placed, nearest bands first.
 */
function layered(bands: PackItem[][], maxH: number, links: Map<string, { other: string; dy: number }[]>): Placed[][][] {
	const area = (b: PackItem[]) => b.reduce((s, i) => s + i.w * i.h, 0);
	let anchor = 0;
	for (let i = 1; i < bands.length; i++) if (area(bands[i]) > area(bands[anchor])) anchor = i;
	const out: Placed[][][] = bands.map(() => []);
	const y = new Map<string, number>();
	const place = (i: number, items: PackItem[]) => {
		const k = Math.ceil(items.reduce((s, it) => s + it.h + GAP_Y, 0) / Math.max(1, maxH));
		out[i] = balanced(items, k);
		for (const col of out[i]) for (const p of col) y.set(p.id, p.y);
	};
	place(anchor, bands[anchor]);
	const rest = bands.map((_, i) => i).filter((i) => i !== anchor);
	rest.sort((a, b) => Math.abs(a - anchor) - Math.abs(b - anchor) || a - b);
	for (const i of rest) {
		const keyed = bands[i].map((it, idx) => {
			let sum = 0;
			let count = 0;
			for (const l of links.get(it.id) ?? []) {
				const oy = y.get(l.other);
				if (oy === undefined) continue;
				sum += oy + l.dy;
				count++;
			}
			return { it, idx, key: count ? sum / count - it.h / 2 : Infinity };
		});
		keyed.sort((a, b) => a.key - b.key || a.idx - b.idx);
		place(i, keyed.map((k) => k.it));
	}
	return out;
}

function measure(bands: Placed[][][]): { w: number; h: number } {
	let w = 0;
	let h = 0;
	let cols = 0;
	for (const band of bands) {
		for (const col of band) {
			w += Math.max(...col.map((i) => i.w));
			const last = col[col.length - 1];
			h = Math.max(h, last.y + last.h);
			cols++;
		}
	}
	const gaps = bands.filter((b) => b.length).length - 1;
	return { w: w + Math.max(0, cols - 1) * GUTTER + Math.max(0, gaps) * (CHANNEL - GUTTER), h };
}

const r = (n: number) => Math.round(n * 10) / 10;
