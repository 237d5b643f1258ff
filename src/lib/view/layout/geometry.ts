// Edge geometry: SVG path data from polyline points, label anchors.
import type { GEdge, Point, SceneEdge } from '../types';
import { textWidth } from './text';

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Orthogonal polyline → path with corners rounded by up to `radius`. */
export function roundedPath(points: Point[], radius = 8): string {
	if (points.length === 0) return '';
	const parts = [`M${r1(points[0].x)} ${r1(points[0].y)}`];
	for (let i = 1; i < points.length - 1; i++) {
		const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
		const d1 = Math.hypot(b.x - a.x, b.y - a.y);
		const d2 = Math.hypot(c.x - b.x, c.y - b.y);
		const r = Math.min(radius, d1 / 2, d2 / 2);
		if (r < 0.5) {
			parts.push(`L${r1(b.x)} ${r1(b.y)}`);
			continue;
		}
		const p1 = { x: b.x + ((a.x - b.x) / d1) * r, y: b.y + ((a.y - b.y) / d1) * r };
		const p2 = { x: b.x + ((c.x - b.x) / d2) * r, y: b.y + ((c.y - b.y) / d2) * r };
		parts.push(`L${r1(p1.x)} ${r1(p1.y)}`, `Q${r1(b.x)} ${r1(b.y)} ${r1(p2.x)} ${r1(p2.y)}`);
	}
	const last = points[points.length - 1];
	parts.push(`L${r1(last.x)} ${r1(last.y)}`);
	return parts.join(' ');
}

/** Middle of the longest segment: a calm place for an edge label. */
export function labelAnchor(points: Point[]): Point & { room: number } {
	let best = { x: points[0]?.x ?? 0, y: points[0]?.y ?? 0 };
	let len = -1;
	for (let i = 1; i < points.length; i++) {
		const [a, b] = [points[i - 1], points[i]];
		const l = Math.hypot(b.x - a.x, b.y - a.y);
		if (l > len) {
			len = l;
			best = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
		}
	}
	return { ...best, room: Math.max(0, len) };
}

/** A drawn edge from its polyline (both layout paths share this). */
export function sceneEdge(e: GEdge, points: Point[]): SceneEdge {
	const out: SceneEdge = { id: e.id, type: e.type, source: e.source, target: e.target, points, d: roundedPath(points), edge: e };
	if (e.label || e.weight || e.badges?.length) {
		// the full label only where the longest straight run has room for it (the
		// Inspector says it anyway); a weight and badges always
		const { x, y, room } = labelAnchor(points);
		const text = e.label && room >= textWidth(e.label, 12) + 16 ? e.label : (e.weight ?? '');
		if (text || e.badges?.length) out.label = e.badges?.length ? { text, x, y, badges: e.badges } : { text, x, y };
	}
	return out;
}
