import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { toGraph } from '../../src/lib/view/graph';
import { layoutGraph } from '../../src/lib/view/layout-core';
import { fixtureCluster } from './view-fixture';

describe('layoutGraph', async () => {
	const graph = toGraph(fixtureCluster(), { view: 'architecture', collapseAt: 2 });
	const scene = await layoutGraph(graph, new ELK());
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

	it('keeps children inside their parent', () => {
		for (const n of scene.nodes) {
			if (!n.node.parent) continue;
			const p = box.get(n.node.parent)!;
			expect(n.x).toBeGreaterThanOrEqual(p.x);
			expect(n.y).toBeGreaterThanOrEqual(p.y);
			expect(n.x + n.w).toBeLessThanOrEqual(p.x + p.w + 0.5);
			expect(n.y + n.h).toBeLessThanOrEqual(p.y + p.h + 0.5);
		}
	});

	it('does not overlap siblings', () => {
		for (const a of scene.nodes)
			for (const b of scene.nodes) {
				if (a.id >= b.id || a.node.parent !== b.node.parent) continue;
				const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
				expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
			}
	});

	it('draws every edge with path data, arrowhead end at the target', () => {
		expect(scene.edges.length).toBe(graph.edges.length);
		for (const e of scene.edges) {
			expect(e.d).toMatch(/^M[\d.-]+ [\d.-]+/);
			const t = box.get(e.target)!;
			const end = e.points[e.points.length - 1];
			expect(end.x).toBeGreaterThanOrEqual(t.x - 1);
			expect(end.x).toBeLessThanOrEqual(t.x + t.w + 1);
			expect(end.y).toBeGreaterThanOrEqual(t.y - 1);
			expect(end.y).toBeLessThanOrEqual(t.y + t.h + 1);
		}
	});

	it('is deterministic', async () => {
		const again = await layoutGraph(graph, new ELK());
		expect(again).toEqual(scene);
	});
});

import { sceneNodeIdOf, sceneNodeRef } from '../../src/lib/view/details';

describe('scene ↔ resource refs', async () => {
	const scene = await layoutGraph(toGraph(fixtureCluster(), { view: 'architecture', collapseAt: 2 }), new ELK());
	it('maps a stack to its workload and a stacked pod to its stack', () => {
		expect(sceneNodeRef(scene, 'stack:node-1/Deployment/shop/web')).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web' });
		expect(sceneNodeRef(scene, 'Node/node-1')).toEqual({ kind: 'Node', name: 'node-1' });
		expect(sceneNodeIdOf(scene, { kind: 'Pod', namespace: 'shop', name: 'web-6d9f7-c3' })).toBe('stack:node-1/Deployment/shop/web');
		expect(sceneNodeIdOf(scene, { kind: 'Service', namespace: 'shop', name: 'db' })).toBe('Service/shop/db');
	});
});
