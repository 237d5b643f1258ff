import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { toGraph, sceneNodeIdOf, sceneNodeRef } from '../../src/lib/view';
import { layoutGraph, layoutPacked, usesElk } from '../../src/lib/view/layout';
import { fixtureCluster } from './view-fixture';

import type { Graph, Scene } from '../../src/lib/view';
import { parseText } from '../../src/lib/manifest/index';
import { buildCluster } from '../../src/lib/model/index';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';

/** The geometry every layout path must satisfy. */
function checkScene(graph: Graph, scene: Scene) {
	const box = new Map(scene.nodes.map((n) => [n.id, n]));

	it('gives every graph node a box', () => {
		expect(scene.nodes.map((n) => n.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
		for (const n of scene.nodes) {
			expect(n.w).toBeGreaterThan(0);
			expect(n.h).toBeGreaterThan(0);
		}
		expect(scene.width).toBeGreaterThan(0);
		expect(scene.height).toBeGreaterThan(0);
	});

	it('keeps children inside their parent, parents listed first', () => {
		const seen = new Set<string>();
		for (const n of scene.nodes) {
			seen.add(n.id);
			if (!n.node.parent) continue;
			expect(seen.has(n.node.parent)).toBe(true);
			const p = box.get(n.node.parent)!;
			expect(n.x).toBeGreaterThanOrEqual(p.x);
			expect(n.y).toBeGreaterThanOrEqual(p.y);
			expect(n.x + n.w).toBeLessThanOrEqual(p.x + p.w + 0.5);
			expect(n.y + n.h).toBeLessThanOrEqual(p.y + p.h + 0.5);
		}
	});

	it('does not overlap siblings', () => {
		const byParent = new Map<string | null, typeof scene.nodes>();
		for (const n of scene.nodes) byParent.set(n.node.parent, [...(byParent.get(n.node.parent) ?? []), n]);
		for (const sibs of byParent.values())
			for (const [i, a] of sibs.entries())
				for (const b of sibs.slice(i + 1)) {
					const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
					expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
				}
	});

	it('draws every edge with path data, arrowhead end at the target', () => {
		expect(scene.edges.length).toBe(graph.edges.length);
		for (const e of scene.edges) {
			expect(e.d).toMatch(/^M[\d.-]+ [\d.-]+/);
			expect(e.points.length).toBeGreaterThanOrEqual(2);
			const t = box.get(e.target)!;
			const end = e.points[e.points.length - 1];
			expect(end.x).toBeGreaterThanOrEqual(t.x - 1);
			expect(end.x).toBeLessThanOrEqual(t.x + t.w + 1);
			expect(end.y).toBeGreaterThanOrEqual(t.y - 1);
			expect(end.y).toBeLessThanOrEqual(t.y + t.h + 1);
		}
	});
}

describe('layoutGraph (ELK, small graphs)', async () => {
	const graph = toGraph(fixtureCluster(), { view: 'architecture', collapseAt: 2 });
	const scene = await layoutGraph(graph, new ELK());
	checkScene(graph, scene);

	it('uses ELK for small graphs', () => expect(usesElk(graph)).toBe(true));

	it('is deterministic', async () => {
		const again = await layoutGraph(graph, new ELK());
		expect(again).toEqual(scene);
	});
});

describe('layoutPacked (big graphs) on the small fixture', () => {
	const graph = toGraph(fixtureCluster(), { view: 'architecture', collapseAt: 2 });
	const scene = layoutPacked(graph);
	checkScene(graph, scene);

	it('is deterministic', () => expect(layoutPacked(graph)).toEqual(scene));

	it('edges are orthogonal', () => {
		for (const e of scene.edges)
			for (let i = 1; i < e.points.length; i++) {
				const [a, b] = [e.points[i - 1], e.points[i]];
				expect(a.x === b.x || a.y === b.y, `${e.id} segment ${i}`).toBe(true);
			}
	});
});

describe('a 1,000-pod synthetic cluster', async () => {
	const cluster = buildCluster(parseText('big.yaml', syntheticCluster({ pods: 1000, seed: 1 }).text).resources);
	const graph = toGraph(cluster, { view: 'architecture', collapseAt: 4 });
	// layoutGraph picks the packed path by itself: ELK would take seconds here
	const scene = await layoutGraph(graph, () => Promise.reject(new Error('ELK must not be loaded')));
	checkScene(graph, scene);

	it('is not a tall strip: sane aspect ratio and bounded area', () => {
		const aspect = scene.width / scene.height;
		expect(aspect).toBeGreaterThan(0.5);
		expect(aspect).toBeLessThan(4);
		// the ELK layout was 9,400 × 41,000 px
		expect(scene.width * scene.height).toBeLessThan(60e6);
	});

	it('is deterministic', async () => {
		expect(layoutPacked(graph)).toEqual(scene);
	});
});


describe('scene ↔ resource refs', async () => {
	const scene = await layoutGraph(toGraph(fixtureCluster(), { view: 'architecture', collapseAt: 2 }), new ELK());
	it('maps a stack to its workload and a stacked pod to its stack', () => {
		expect(sceneNodeRef(scene, 'stack:node-1/Deployment/shop/web')).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web' });
		expect(sceneNodeRef(scene, 'Node/node-1')).toEqual({ kind: 'Node', name: 'node-1' });
		expect(sceneNodeIdOf(scene, { kind: 'Pod', namespace: 'shop', name: 'web-6d9f7-c3' })).toBe('stack:node-1/Deployment/shop/web');
		expect(sceneNodeIdOf(scene, { kind: 'Service', namespace: 'shop', name: 'db' })).toBe('Service/shop/db');
	});
});
