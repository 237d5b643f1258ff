// The opening zoom (view/fit.ts): the whole graph when its text is legible at
// that zoom, else the boxes of interest at the smallest legible zoom — never an
// unreadable overview — and what each view counts as interesting.
import { describe, expect, it } from 'vitest';
import { MIN_SCALE, fitView, interestOf, union, type Rect } from '../../src/lib/view/fit';
import type { Scene, SceneNode } from '../../src/lib/view';

const vp = { width: 800, height: 600 };
/** on-screen rect of a scene rect under a transform */
const onScreen = (t: { x: number; y: number; k: number }, r: Rect) => ({ x: t.x + r.x * t.k, y: t.y + r.y * t.k, w: r.w * t.k, h: r.h * t.k });
const inside = (r: Rect, v = vp) => r.x >= -0.01 && r.y >= -0.01 && r.x + r.w <= v.width + 0.01 && r.y + r.h <= v.height + 0.01;

describe('fitView', () => {
	it('a small graph is shown whole and centred, zoomed in no further than maxScale', () => {
		const r = fitView({ bounds: { x: 0, y: 0, w: 200, h: 100 }, viewport: vp, minScale: 0.87 });
		expect(r.whole).toBe(true);
		expect(r.k).toBe(1.25);
		const s = onScreen(r, { x: 0, y: 0, w: 200, h: 100 });
		expect(s.x + s.w / 2).toBeCloseTo(400, 5);
		expect(s.y + s.h / 2).toBeCloseTo(300, 5);
	});

	it('a graph legible when fitted is fitted whole at the fitting zoom', () => {
		const r = fitView({ bounds: { x: 0, y: 0, w: 850, h: 300 }, viewport: vp, minScale: 0.87 });
		expect(r.whole).toBe(true);
		expect(r.k).toBeCloseTo((800 - 24) / 850, 5);
		expect(r.k).toBeGreaterThanOrEqual(0.87);
	});

	it('a graph too big to be legible whole opens at legible zoom on its interest, which is fully on screen', () => {
		const bounds = { x: 0, y: 0, w: 3000, h: 2000 };
		const interest = [
			{ x: 1200, y: 900, w: 150, h: 50 },
			{ x: 1500, y: 1000, w: 150, h: 50 }
		];
		const r = fitView({ bounds, interest, viewport: vp, minScale: 0.87 });
		expect(r.whole).toBe(false);
		expect(r.legible).toBe(true);
		expect(r.k).toBe(0.87);
		for (const b of interest) expect(inside(onScreen(r, b))).toBe(true);
	});

	it('an interest larger than the view starts at its first corner at exactly the legible zoom', () => {
		const bounds = { x: 0, y: 0, w: 3000, h: 2000 };
		const interest = [{ x: 400, y: 400, w: 2500, h: 300 }];
		const r = fitView({ bounds, interest, viewport: vp, insets: { top: 44 }, minScale: 0.87 });
		expect(r.k).toBe(0.87);
		const s = onScreen(r, interest[0]);
		expect(s.x).toBeCloseTo(12, 5); // margin
		expect(s.y).toBeGreaterThanOrEqual(44);
	});

	it('without interest it starts at the top-left corner of the graph, never showing empty space before it', () => {
		const r = fitView({ bounds: { x: 0, y: 0, w: 3000, h: 2000 }, viewport: vp, insets: { top: 44 }, minScale: 1 });
		expect(r.k).toBe(1);
		expect(r.x).toBeCloseTo(12, 5);
		expect(r.y).toBeCloseTo(44 + 12, 5);
	});

	it('an interest near the graph’s corner starts at the corner, so the outer titles show', () => {
		const bounds = { x: 0, y: 0, w: 3000, h: 2000 };
		const r = fitView({ bounds, interest: [{ x: 20, y: 40, w: 200, h: 1500 }], viewport: vp, insets: { top: 44 }, minScale: 1 });
		expect(r.x).toBeCloseTo(12, 5);
		expect(r.y).toBeCloseTo(56, 5);
	});

	it('is clamped so the graph covers the view: an interest at the far edge does not leave a blank band', () => {
		const bounds = { x: 0, y: 0, w: 2000, h: 500 };
		const r = fitView({ bounds, interest: [{ x: 1950, y: 10, w: 40, h: 40 }], viewport: vp, minScale: 1 });
		const g = onScreen(r, bounds);
		expect(g.x + g.w).toBeCloseTo(800 - 12, 5);
	});

	it('MIN_SCALE makes 12 px body text measure at least 12 px on screen (box ≈ 1.15 × font size)', () => {
		expect(MIN_SCALE * 12 * 1.15).toBeGreaterThanOrEqual(11.9);
		expect(MIN_SCALE).toBeLessThan(1);
	});

	it('union of rects', () => {
		expect(union([])).toBeNull();
		expect(union([{ x: 1, y: 2, w: 3, h: 4 }, { x: -1, y: 5, w: 1, h: 10 }])).toEqual({ x: -1, y: 2, w: 5, h: 13 });
	});
});

const node = (id: string, kind: string, x: number, container = false): SceneNode =>
	({ id, x, y: 0, w: 100, h: 40, title: id, node: { id, parent: null, kind, ref: { kind, namespace: '', name: id }, label: id, container } }) as SceneNode;

describe('interestOf', () => {
	const edge = (source: string, target: string, type: string) => ({ id: `${type}:${source}->${target}`, type, source, target, points: [], d: '', edge: { id: '', source, target, type } });
	it('mesh: the VirtualServices and what they route or mirror to', () => {
		const scene: Scene = {
			view: 'mesh',
			width: 1000,
			height: 100,
			nodes: [node('vs', 'virtualservice', 0), node('v1', 'subset', 200), node('v2', 'subset', 400), node('other', 'pod', 600)],
			edges: [edge('vs', 'v1', 'routes'), edge('vs', 'v2', 'mirror')]
		};
		expect(interestOf(scene).map((r) => r.x)).toEqual([0, 200, 400]);
	});
	it('architecture: the entry points; explicit ids win', () => {
		const scene: Scene = { view: 'architecture', width: 1000, height: 100, nodes: [node('internet', 'internet', 0), node('svc', 'service', 150), node('pod', 'pod', 700)], edges: [] };
		expect(interestOf(scene).map((r) => r.x)).toEqual([0, 150]);
		expect(interestOf(scene, ['pod', 'missing']).map((r) => r.x)).toEqual([700]);
	});
});
