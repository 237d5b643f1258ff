// Orthogonal edge routes for the packed layout. Boxes sit in columns; an
// edge runs vertically in the gutters between columns and crosses a column
// only through the gap between two of its boxes, so it never hides behind
// one. Into a container it goes through the container's left (or right)
// border at a height that depends only on the other end: every edge from one
// Service into one Node box shares that path and fans out inside the box,
// which reads as one bus instead of hundreds of parallel lines.
import type { Point } from '../types';
import { GAP_Y } from './pack';

export interface RBox {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface RColumn {
	x: number;
	w: number;
	/** absolute, top to bottom */
	items: RBox[];
}

export interface RFrame extends RBox {
	/** header height and bottom padding: where an edge may enter the border */
	top: number;
	pad: number;
	columns: RColumn[];
	/** child id → column index */
	colOf: Map<string, number>;
}

export interface RWorld {
	boxes: Map<string, RBox>;
	frames: Map<string, RFrame>;
	/** the node, its parent, …, the root frame id */
	chain(id: string): string[];
}

const cy = (b: RBox) => b.y + b.h / 2;
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** x of the gutter right of column c (c = -1: the left padding). */
function gutterX(f: RFrame, c: number): number {
	const left = c < 0 ? f.x : f.columns[c].x + f.columns[c].w;
	const right = c + 1 >= f.columns.length ? f.x + f.w : f.columns[c + 1].x;
	return (left + right) / 2;
}

const laneCache = new WeakMap<RColumn, number[]>();

/** Heights at which an edge can cross a column without touching its boxes. */
function lanes(f: RFrame, col: RColumn): number[] {
	let out = laneCache.get(col);
	if (out) return out;
	out = [];
	const its = col.items;
	if (its.length && its[0].y - (f.y + f.top) >= GAP_Y) out.push(its[0].y - GAP_Y / 2);
	for (let i = 1; i < its.length; i++) out.push((its[i - 1].y + its[i - 1].h + its[i].y) / 2);
	const last = its[its.length - 1];
	if (last) out.push(Math.min(last.y + last.h + GAP_Y / 2, f.y + f.h - 2));
	laneCache.set(col, out);
	return out;
}

function nearest(ys: number[], want: number): number {
	let lo = 0;
	let hi = ys.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (ys[mid] < want) lo = mid + 1;
		else hi = mid;
	}
	return lo > 0 && want - ys[lo - 1] < ys[lo] - want ? ys[lo - 1] : ys[lo];
}

/** Where an edge from outside may meet a box's side: anywhere below a container's header. */
function bodyY(w: RWorld, id: string, want: number): number {
	const f = w.frames.get(id);
	const b = w.boxes.get(id)!;
	return f ? clamp(want, f.y + f.top + 4, f.y + f.h - Math.max(4, f.pad / 2)) : cy(b);
}

/**
 * From the left (side 1) or right (side -1) border of frame `fid` at height
 * y0 to the same side of descendant `t`, crossing columns through gaps.
 */
function enter(w: RWorld, fid: string, t: string, y0: number, side: 1 | -1): Point[] {
	const f = w.frames.get(fid)!;
	const ch = w.chain(t);
	const kid = ch[ch.indexOf(fid) - 1];
	const kb = w.boxes.get(kid)!;
	const k = f.colOf.get(kid)!;
	const yt = cy(w.boxes.get(t)!);
	const pts: Point[] = [{ x: side === 1 ? f.x : f.x + f.w, y: y0 }];
	let y = y0;
	const n = f.columns.length;
	// columns between the border and the child's column, outermost first
	const between = side === 1 ? [...Array(k).keys()] : [...Array(n - k - 1).keys()].map((i) => n - 1 - i);
	for (const c of between) {
		const x = gutterX(f, side === 1 ? c - 1 : c);
		const ly = nearest(lanes(f, f.columns[c]), yt);
		pts.push({ x, y }, { x, y: ly });
		y = ly;
	}
	const x = gutterX(f, side === 1 ? k - 1 : k);
	pts.push({ x, y }, { x, y: yt }, { x: side === 1 ? kb.x : kb.x + kb.w, y: yt });
	if (kid !== t) pts.push(...enter(w, kid, t, yt, side));
	return pts;
}

/** The path from the right side of `a` out to the right border of its ancestor `outer` at y. */
function leave(w: RWorld, outer: string, a: string, y: number): Point[] {
	if (outer === a) {
		const b = w.boxes.get(a)!;
		return [{ x: b.x + b.w, y: cy(b) }];
	}
	return enter(w, outer, a, y, -1).reverse();
}

function arrive(w: RWorld, outer: string, b: string, y: number, side: 1 | -1): Point[] {
	if (outer === b) {
		const bx = w.boxes.get(b)!;
		return [{ x: side === 1 ? bx.x : bx.x + bx.w, y: cy(bx) }];
	}
	return enter(w, outer, b, y, side);
}

/** Points from source to target (arrowhead end last). */
export function routeEdge(w: RWorld, source: string, target: string): Point[] {
	const cs = w.chain(source);
	const ct = w.chain(target);
	const inT = new Set(ct);
	const kId = cs.find((id) => inT.has(id))!;
	const sb = w.boxes.get(source)!;
	const tb = w.boxes.get(target)!;
	if (kId === source || kId === target) return simplify([{ x: sb.x + sb.w / 2, y: cy(sb) }, { x: tb.x, y: cy(tb) }]);
	const k = w.frames.get(kId)!;
	const ks = cs[cs.indexOf(kId) - 1];
	const kt = ct[ct.indexOf(kId) - 1];
	const cS = k.colOf.get(ks)!;
	const cT = k.colOf.get(kt)!;
	// the height each end meets its outer box at depends only on the other end's outer box
	const yOf = (outer: string, end: string, other: string) => (outer === end ? cy(w.boxes.get(end)!) : bodyY(w, outer, cy(w.boxes.get(other)!)));
	if (cS === cT) {
		// same column: out of the right sides, along the gutter
		const yS = yOf(ks, source, kt);
		const yT = yOf(kt, target, ks);
		const x = gutterX(k, cS);
		return simplify([...leave(w, ks, source, yS), { x, y: yS }, { x, y: yT }, ...arrive(w, kt, target, yT, -1)]);
	}
	const flip = cS > cT;
	const [a, b, ka, kb, ca, cb] = flip ? [target, source, kt, ks, cT, cS] : [source, target, ks, kt, cS, cT];
	const yL = yOf(ka, a, kb);
	const yR = yOf(kb, b, ka);
	const pts = leave(w, ka, a, yL);
	let y = yL;
	for (let c = ca + 1; c < cb; c++) {
		const x = gutterX(k, c - 1);
		const ly = nearest(lanes(k, k.columns[c]), yR);
		pts.push({ x, y }, { x, y: ly });
		y = ly;
	}
	const x = gutterX(k, cb - 1);
	pts.push({ x, y }, { x, y: yR }, ...arrive(w, kb, b, yR, 1));
	const out = simplify(pts);
	return flip ? out.reverse() : out;
}

/** Drop repeated points and the middle of straight runs. */
export function simplify(pts: Point[]): Point[] {
	const r = pts.map((p) => ({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 }));
	const out: Point[] = [];
	for (const p of r) {
		const last = out[out.length - 1];
		if (last && last.x === p.x && last.y === p.y) continue;
		const prev = out[out.length - 2];
		if (prev && last && ((prev.x === last.x && last.x === p.x) || (prev.y === last.y && last.y === p.y))) out[out.length - 1] = p;
		else out.push(p);
	}
	return out;
}
