// Level of detail: the aggregated graph of a kubectl-style dump (counts,
// health, Service → workload edges) and the culling the Diagram draws from.
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/lib/manifest/index';
import { buildCluster } from '../../src/lib/model/index';
import { syntheticDump } from '../../src/lib/scenario/synthetic-dump';
import { buildCullIndex, cull, drawnAncestor, graphForView, keepFirst, nsId, toLodGraph, workloadOf, OPEN_LEAF_PX } from '../../src/lib/view/lod';
import { layoutPacked } from '../../src/lib/view/layout';
import type { Pod } from '../../src/lib/model';

const load = (text: string) => buildCluster(parseText('dump.yaml', text).resources);

const LIVE = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: { name: web, namespace: shop }
  spec: { clusterIP: 10.96.0.50, selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d8f7c9b6d-abcde
    namespace: shop
    labels: { app: web, pod-template-hash: 5d8f7c9b6d }
    ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f7c9b6d, controller: true }]
  spec: { nodeName: node-1, containers: [{ name: app, image: nginx }] }
  status: { phase: Running, podIP: 10.244.0.5, conditions: [{ type: Ready, status: "True" }] }
- apiVersion: v1
  kind: Pod
  metadata:
    name: web-5d8f7c9b6d-fghij
    namespace: shop
    labels: { app: web, pod-template-hash: 5d8f7c9b6d }
    ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f7c9b6d, controller: true }]
  spec: { nodeName: node-1, containers: [{ name: app, image: nginx }] }
  status: { phase: Running, podIP: 10.244.0.6, conditions: [{ type: Ready, status: "False" }] }
- apiVersion: v1
  kind: Pod
  metadata:
    name: db-0
    namespace: shop
    labels: { app: db }
    ownerReferences: [{ apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true }]
  spec: { nodeName: node-1, containers: [{ name: db, image: postgres }] }
  status: { phase: Pending }
- apiVersion: v1
  kind: Pod
  metadata:
    name: report-28391040-xk2p9
    namespace: ops
    ownerReferences: [{ apiVersion: batch/v1, kind: Job, name: report-28391040, controller: true }]
  spec: { containers: [{ name: r, image: busybox }] }
  status: { phase: Running, conditions: [{ type: Ready, status: "True" }] }
- apiVersion: v1
  kind: Pod
  metadata: { name: debug, namespace: ops }
  spec: { containers: [{ name: sh, image: busybox }] }
`;

describe('toLodGraph', () => {
	const cluster = load(LIVE);
	const g = toLodGraph(cluster);
	const node = (id: string) => g.nodes.find((n) => n.id === id)!;

	it('names a pod’s workload from its ownerReferences, a level up where Kubernetes names the child after the parent', () => {
		const pod = (name: string) => cluster.pods.find((p) => p.name === name) as Pod;
		const none = new Map();
		expect(workloadOf(pod('web-5d8f7c9b6d-abcde'), none)).toEqual({ kind: 'Deployment', name: 'web' });
		expect(workloadOf(pod('db-0'), none)).toEqual({ kind: 'StatefulSet', name: 'db' });
		expect(workloadOf(pod('report-28391040-xk2p9'), none)).toEqual({ kind: 'CronJob', name: 'report' });
		expect(workloadOf(pod('debug'), none)).toBeNull();
	});

	it('nests namespaces → workloads → pods with counts and health', () => {
		expect(node(nsId('shop'))).toMatchObject({ kind: 'namespace', container: true, count: 3, health: { ready: 1, total: 3 }, badges: ['2 not ready'] });
		expect(node(nsId('shop')).sublabel).toBe('3 pods · 2 workloads · 1 Service');
		expect(node('Deployment/shop/web')).toMatchObject({ parent: nsId('shop'), ref: { kind: 'Deployment', namespace: 'shop', name: 'web' }, count: 2, health: { ready: 1, total: 2 } });
		expect(node('StatefulSet/shop/db')).toMatchObject({ count: 1, health: { ready: 0, total: 1 } });
		expect(node('Pod/shop/db-0')).toMatchObject({ parent: 'StatefulSet/shop/db', badges: ['Pending'] });
		expect(node('Pod/shop/web-5d8f7c9b6d-fghij').badges).toEqual(['not ready']);
		expect(node('Pod/ops/(standalone pods)')).toMatchObject({ count: 1, ref: { kind: 'Pod', name: '(standalone pods)' } });
		expect(node('Service/shop/web').parent).toBe(nsId('shop'));
	});

	it('aggregates Service → pod selection into one edge per workload, labelled with the pods it selects', () => {
		expect(g.edges).toEqual([{ id: 'selects:Service/shop/web->Deployment/shop/web', source: 'Service/shop/web', target: 'Deployment/shop/web', type: 'selects', label: '2 pods' }]);
	});

	it('a filter keeps the match and the boxes that hold it', () => {
		const f = toLodGraph(cluster, { filter: { text: 'web-5d8f7c9b6d-fghij' } });
		expect(f.nodes.map((n) => n.id)).toEqual([nsId('shop'), 'Deployment/shop/web', 'Pod/shop/web-5d8f7c9b6d-fghij']);
	});

	it('graphForView draws a big cluster by level of detail and a small one in full', () => {
		const big = load(syntheticDump({ pods: 2000 }).text);
		const made = graphForView(big, { view: 'architecture' });
		expect(made.lod).toBe(true);
		expect(made.graph.nodes.filter((n) => n.kind === 'namespace').map((n) => n.count).reduce((a, b) => a! + b!, 0)).toBe(2000);
		expect(graphForView(cluster, { view: 'architecture' }).lod).toBe(false);
	}, 30_000);
});

describe('cull', () => {
	const dump = syntheticDump({ pods: 1000, seed: 3 });
	const cluster = load(dump.text);
	const scene = { ...layoutPacked(toLodGraph(cluster)), lod: true };
	const index = buildCullIndex(scene);
	const all = { x0: -1e9, y0: -1e9, x1: 1e9, y1: 1e9 };

	it('zoomed out: only the namespace aggregates, none open', () => {
		const v = cull(index, all, 0.02);
		expect(v.containers.map((n) => n.node.kind)).toEqual(Array(dump.counts.namespaces).fill('namespace'));
		expect(v.open.size).toBe(0);
		expect(v.leaves).toEqual([]);
		expect(v.edges).toEqual([]);
	});

	it('zoomed in: containers open once the level below is wide enough on screen, and only what meets the viewport is drawn', () => {
		const v = cull(index, all, 5);
		expect(v.leaves.filter((n) => n.node.kind === 'pod')).toHaveLength(1000);
		const pod = scene.nodes.find((n) => n.node.kind === 'pod')!;
		const r = { x0: pod.x, y0: pod.y, x1: pod.x + 1, y1: pod.y + 1 };
		const near = cull(index, r, 5);
		expect(near.drawn.has(pod.id)).toBe(true);
		expect(near.leaves.length).toBeLessThan(5);
		// the pod's workload opens exactly at the zoom where the median pod is OPEN_LEAF_PX wide
		const parent = scene.nodes.find((n) => n.id === pod.node.parent)!;
		const pods = scene.nodes.filter((n) => n.depth === pod.depth).map((n) => n.w).sort((a, b) => a - b);
		const kOpen = OPEN_LEAF_PX / pods[pods.length >> 1];
		expect(index.openAt.get(parent.id)).toBeCloseTo(kOpen, 9);
		expect(cull(index, r, kOpen * 1.01).open.has(parent.id)).toBe(true);
		expect(cull(index, r, kOpen * 0.99).open.has(parent.id)).toBe(false);
		expect(drawnAncestor(index, cull(index, r, kOpen * 0.99).drawn, pod.id)).toBe(parent.id);
	});

	it('an aggregated edge is drawn only when both of its ends are', () => {
		const v = cull(index, all, 5);
		expect(v.edges.length).toBe(scene.edges.length);
		for (const e of v.edges) expect(v.drawn.has(e.source) && v.drawn.has(e.target)).toBe(true);
	});

	it('keepFirst puts the boxes already on screen first, so a growing view only adds', () => {
		const pod = scene.nodes.find((n) => n.node.kind === 'pod')!;
		const small = cull(index, { x0: pod.x, y0: pod.y, x1: pod.x + 1, y1: pod.y + 1 }, 5);
		const big = keepFirst(cull(index, all, 5), small.drawn);
		expect(big.kept).toBe(small.leaves.length + small.containers.length);
		expect(big.containers.slice(0, small.containers.length).map((n) => n.id)).toEqual(small.containers.map((n) => n.id));
		expect(big.leaves.slice(0, small.leaves.length).map((n) => n.id)).toEqual(small.leaves.map((n) => n.id));
		expect(new Set(big.leaves.map((n) => n.id)).size).toBe(cull(index, all, 5).leaves.length);
	});
});
