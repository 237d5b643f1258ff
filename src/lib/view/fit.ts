// The opening zoom: where a view opens so its text can be read. Pure, so the
// Diagram, embeds and semantic zoom (a coarser level when the whole graph
// cannot be legible) all call the same arithmetic:
//   (graph bounds, boxes of interest, viewport, legible scale) → transform.
// Rule: show the whole graph when it is legible at that zoom; otherwise frame
// the boxes of interest (the flow's hops, a VirtualService's routes, the
// entry points) at the smallest legible zoom, never an unreadable overview.
import type { Scene, SceneNode } from './types';
import { FONT_SUB } from './layout/metrics';

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Screen space kept clear around the diagram (toolbars floating over it). */
export interface Insets {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export interface FitInput {
	/** the whole graph, in scene units */
	bounds: Rect;
	/** what must be on screen when the whole cannot be; empty or absent: the graph's first corner */
	interest?: readonly Rect[];
	viewport: { width: number; height: number };
	insets?: Partial<Insets>;
	/** the smallest zoom at which the diagram's text is legible (min px ÷ body font px) */
	minScale: number;
	/** never zoom in further than this to fit something small (default 1.25) */
	maxScale?: number;
}

export interface Transform {
	x: number;
	y: number;
	k: number;
}

export interface FitResult extends Transform {
	/** the whole graph is on screen */
	whole: boolean;
	/** the text is legible at k (false only when even the interest cannot be, e.g. a tiny viewport is asked for more) */
	legible: boolean;
}

const MARGIN = 12;
/** height of a <text>'s box per px of font size, measured in Chromium (DejaVu Sans / system-ui) */
const TEXT_BOX = 1.15;

/** Diagram text must be at least this high on screen (issue 9: 12 px at 1440×900). */
export const MIN_TEXT_PX = 12;
/**
 * The zoom at which the body text (FONT_SUB, the subtitles and edge labels)
 * measures MIN_TEXT_PX on screen. A <text>'s box is about 1.15 × its font
 * size high (ascent + descent), so titles and subtitles measure ≥ 12 px.
 */
export const MIN_SCALE = legibleScaleFor(MIN_TEXT_PX, FONT_SUB);

function legibleScaleFor(minPx: number, fontPx: number): number {
	return Math.round((minPx / (fontPx * TEXT_BOX)) * 100) / 100;
}

/** Smallest rectangle holding all of `rects` (null when none). */
export function union(rects: readonly Rect[]): Rect | null {
	if (!rects.length) return null;
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const r of rects) {
		x0 = Math.min(x0, r.x);
		y0 = Math.min(y0, r.y);
		x1 = Math.max(x1, r.x + r.w);
		y1 = Math.max(y1, r.y + r.h);
	}
	return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}


export function fitView(input: FitInput): FitResult {
	const { bounds, viewport } = input;
	const ins: Insets = { top: 0, right: 0, bottom: 0, left: 0, ...input.insets };
	const maxScale = input.maxScale ?? 1.25;
	const minScale = Math.min(input.minScale, maxScale);
	const aw = Math.max(1, viewport.width - ins.left - ins.right - 2 * MARGIN);
	const ah = Math.max(1, viewport.height - ins.top - ins.bottom - 2 * MARGIN);
	const left = ins.left + MARGIN;
	const top = ins.top + MARGIN;
	const scaleFor = (r: Rect) => Math.min(aw / Math.max(1, r.w), ah / Math.max(1, r.h), maxScale);
	// centre r in the available area at k
	const centre = (r: Rect, k: number): Transform => ({ k, x: left + (aw - r.w * k) / 2 - r.x * k, y: top + (ah - r.h * k) / 2 - r.y * k });

	const kWhole = scaleFor(bounds);
	if (kWhole >= minScale) return { ...centre(bounds, kWhole), whole: true, legible: true };

	const target = union(input.interest ?? []) ?? { x: bounds.x, y: bounds.y, w: 0, h: 0 };
	const kTarget = scaleFor(target);
	if (kTarget >= minScale && target.w > 0) {
		// the interest fits legibly: centre it at the smallest legible zoom, so the most context shows around it
		return { ...clampTo(bounds, centre(target, minScale), aw, ah, left, top), whole: false, legible: true };
	}
	// even the interest is too big: legible zoom, starting at its first corner (flows read left to right, top to bottom)
	const k = minScale;
	// start at the graph's own corner when the interest is near it (its titles, e.g. "Cluster", then show too)
	const x0 = (target.x - bounds.x) * k < aw / 4 ? bounds.x : target.x;
	const y0 = (target.y - bounds.y) * k < ah / 4 ? bounds.y : target.y;
	const t: Transform = { k, x: left - x0 * k, y: top - y0 * k };
	// a short interest is centred vertically
	if (target.h * k < ah) t.y = top + (ah - target.h * k) / 2 - target.y * k;
	return { ...clampTo(bounds, t, aw, ah, left, top), whole: false, legible: true };
}

/** Keep the graph covering the available area where it can: no empty band on a side while graph lies beyond the other. */
function clampTo(b: Rect, t: Transform, aw: number, ah: number, left: number, top: number): Transform {
	const { k } = t;
	const clampAxis = (pos: number, start: number, size: number, avail: number, origin: number) => {
		const span = size * k;
		if (span <= avail) return origin + (avail - span) / 2 - start * k; // fits: centre it
		const min = origin + avail - (start + size) * k; // right/bottom edge at the view's edge
		const max = origin - start * k; // left/top edge at the view's edge
		return Math.min(max, Math.max(min, pos));
	};
	return { k, x: clampAxis(t.x, b.x, b.w, aw, left), y: clampAxis(t.y, b.y, b.h, ah, top) };
}

// ---------------------------------------------------------------- what to frame

const rectOf = (n: SceneNode): Rect => ({ x: n.x, y: n.y, w: n.w, h: n.h });

/**
 * The boxes a view opens on when it cannot show everything legibly:
 * `ids` when given (a flow's hops), else per view — the mesh view's
 * VirtualServices with what they route to (so the weights are read first),
 * the architecture view's entry points (Internet, Ingresses, Gateways,
 * Services), the network view's Docker hosts or else its first node.
 */
export function interestOf(scene: Scene, ids?: readonly string[]): Rect[] {
	const byId = new Map(scene.nodes.map((n) => [n.id, n]));
	if (ids?.length) return ids.flatMap((id) => (byId.has(id) ? [rectOf(byId.get(id)!)] : []));
	const pick = (ok: (n: SceneNode) => boolean) => scene.nodes.filter(ok).map(rectOf);
	if (scene.view === 'mesh') {
		const vs = new Set(scene.nodes.filter((n) => n.node.kind === 'virtualservice').map((n) => n.id));
		const near = new Set(vs);
		for (const e of scene.edges) if (vs.has(e.source) && (e.type === 'routes' || e.type === 'mirror')) near.add(e.target);
		if (vs.size) return [...near].flatMap((id) => (byId.has(id) ? [rectOf(byId.get(id)!)] : []));
	}
	if (scene.view === 'architecture') {
		const entry = new Set(['internet', 'ingress', 'gateway', 'service']);
		const r = pick((n) => entry.has(n.node.kind));
		if (r.length) return r;
	}
	if (scene.view === 'network') {
		// the Docker hosts when there are any (journey 9's subject), else the first node: its devices read left to right
		const docker = pick((n) => n.node.ref.kind === 'DockerHost');
		if (docker.length) return docker;
		const node = pick((n) => n.node.kind === 'node').slice(0, 1);
		if (node.length) return node;
	}
	return pick((n) => !n.node.container).slice(0, 1);
}

/** Scene bounds as a Rect. */
export const sceneBounds = (scene: Scene): Rect => ({ x: 0, y: 0, w: scene.width, h: scene.height });
