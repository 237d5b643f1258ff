import { describe, expect, it } from 'vitest';
import { toGraph, selectionOf } from '../../src/lib/view';
import { fixtureCluster } from './view-fixture';

const cluster = fixtureCluster();
const parentOf = (g: ReturnType<typeof toGraph>, id: string) => g.nodes.find((n) => n.id === id)?.parent;
const edgeIds = (g: ReturnType<typeof toGraph>) => g.edges.map((e) => e.id);

describe('toGraph (architecture)', () => {
	const g = toGraph(cluster, { view: 'architecture', collapseAt: 4 });

	it('builds the compound structure', () => {
		expect(g.nodes.map((n) => n.id)).toEqual([
			'internet',
			'cluster',
			'Ingress/shop/web-ing',
			'Gateway/istio-system/public-gw',
			'Service/istio-system/istio-ingressgateway',
			'Service/shop/db',
			'Service/shop/web',
			'Service/shop/web-nodeport',
			'Node/node-1',
			'group:node-1/istio-system',
			'Pod/istio-system/istio-ingressgateway-5c7f-z9',
			'group:node-1/shop',
			'Pod/shop/db-1',
			'Pod/shop/web-6d9f7-a1',
			'Pod/shop/web-6d9f7-c3',
			'Node/node-2',
			'Pod/shop/db-0',
			'Pod/shop/web-6d9f7-b2',
			'Deployment/istio-system/istio-ingressgateway',
			'StatefulSet/shop/db',
			'Deployment/shop/web',
			'ConfigMap/shop/web-config',
			'Secret/shop/db-secret',
			'Unknown/Widget'
		]);
		expect(parentOf(g, 'internet')).toBeNull();
		expect(parentOf(g, 'Node/node-1')).toBe('cluster');
		expect(parentOf(g, 'Service/shop/web')).toBe('cluster');
		// node-1 runs two namespaces → grouped; node-2 only one → pods directly inside
		expect(parentOf(g, 'Pod/shop/web-6d9f7-a1')).toBe('group:node-1/shop');
		expect(parentOf(g, 'group:node-1/shop')).toBe('Node/node-1');
		expect(parentOf(g, 'Pod/shop/web-6d9f7-b2')).toBe('Node/node-2');
		expect(g.nodes.find((n) => n.id === 'Pod/shop/web-6d9f7-b2')?.sublabel).toContain('shop');
	});

	it('every node names the resource it draws', () => {
		for (const n of g.nodes) {
			expect(typeof n.ref.kind).toBe('string');
			expect(typeof n.ref.namespace).toBe('string');
			expect(n.ref.name.length).toBeGreaterThan(0);
		}
		expect(g.nodes.find((n) => n.id === 'Pod/shop/db-0')?.ref).toEqual({ kind: 'Pod', namespace: 'shop', name: 'db-0' });
		expect(g.nodes.find((n) => n.id === 'Node/node-2')?.ref).toEqual({ kind: 'Node', namespace: '', name: 'node-2' });
	});

	it('has typed edges between the right ends', () => {
		const ids = edgeIds(g);
		expect(ids).toContain('routes:internet->Ingress/shop/web-ing');
		expect(ids).toContain('routes:internet->Gateway/istio-system/public-gw');
		expect(ids).toContain('routes:internet->Service/shop/web-nodeport');
		expect(ids).toContain('routes:internet->Service/istio-system/istio-ingressgateway');
		expect(ids).not.toContain('routes:internet->Service/shop/web');
		expect(ids).toContain('routes:Ingress/shop/web-ing->Service/shop/web');
		expect(ids).toContain('routes:Gateway/istio-system/public-gw->Service/shop/web');
		for (const p of ['a1', 'b2', 'c3']) {
			expect(ids).toContain(`selects:Service/shop/web->Pod/shop/web-6d9f7-${p}`);
			expect(ids).toContain(`owns:Deployment/shop/web->Pod/shop/web-6d9f7-${p}`);
		}
		expect(ids).toContain('uses:Deployment/shop/web->ConfigMap/shop/web-config');
		expect(ids).toContain('uses:StatefulSet/shop/db->Secret/shop/db-secret');
		// workload → attachment is preferred: no pod → attachment edges
		expect(g.edges.filter((e) => e.type === 'uses' && e.source.startsWith('Pod/'))).toEqual([]);
		const ends = new Set(g.nodes.map((n) => n.id));
		for (const e of g.edges) expect(ends.has(e.source) && ends.has(e.target)).toBe(true);
	});

	it('stacks replicas at or above collapseAt', () => {
		const s = toGraph(cluster, { view: 'architecture', collapseAt: 2 });
		const stack = s.nodes.find((n) => n.id === 'stack:node-1/Deployment/shop/web');
		expect(stack).toBeDefined();
		expect(stack!.kind).toBe('stack');
		expect(stack!.count).toBe(2);
		expect(stack!.parent).toBe('group:node-1/shop');
		expect(stack!.members).toEqual(['shop/web-6d9f7-a1', 'shop/web-6d9f7-c3']);
		expect(selectionOf(stack!)).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'web' });
		expect(s.nodes.find((n) => n.id === 'Pod/shop/web-6d9f7-a1')).toBeUndefined();
		// single pod on node-2 stays a pod
		expect(s.nodes.find((n) => n.id === 'Pod/shop/web-6d9f7-b2')).toBeDefined();
		const ids = edgeIds(s);
		expect(ids.filter((id) => id === 'selects:Service/shop/web->stack:node-1/Deployment/shop/web')).toHaveLength(1);
		expect(ids).toContain('owns:Deployment/shop/web->stack:node-1/Deployment/shop/web');
		// 3 replicas < 4: no stacks by default
		expect(toGraph(cluster, { view: 'architecture', collapseAt: 4 }).nodes.some((n) => n.kind === 'stack')).toBe(false);
	});
});

describe('toGraph filters', () => {
	const ids = (filter: object) => toGraph(cluster, { view: 'architecture', collapseAt: 4, filter }).nodes.map((n) => n.id);

	it('text keeps matches, neighbours and their boxes', () => {
		const got = ids({ text: 'db-0' });
		expect(got).toContain('Pod/shop/db-0');
		expect(got).toContain('Service/shop/db');
		expect(got).toContain('StatefulSet/shop/db');
		expect(got).toContain('Node/node-2');
		expect(got).toContain('cluster');
		expect(got).not.toContain('Pod/shop/db-1');
		expect(got).not.toContain('Ingress/shop/web-ing');
		expect(got).not.toContain('Node/node-1');
	});

	it('namespace filter', () => {
		const got = ids({ namespaces: ['istio-system'] });
		expect(got).toContain('Pod/istio-system/istio-ingressgateway-5c7f-z9');
		expect(got).toContain('Gateway/istio-system/public-gw');
		expect(got).toContain('internet');
		expect(got).toContain('group:node-1/istio-system');
		expect(got).not.toContain('group:node-1/shop');
		expect(got).not.toContain('Node/node-2');
		expect(got).not.toContain('Secret/shop/db-secret');
	});

	it('kind filter', () => {
		const got = ids({ kinds: ['Secret'] });
		expect(got).toContain('Secret/shop/db-secret');
		expect(got).toContain('StatefulSet/shop/db');
		expect(got).not.toContain('ConfigMap/shop/web-config');
		expect(got).not.toContain('Pod/shop/db-0');
	});

	it('label filter', () => {
		const got = ids({ label: 'tier=front' });
		expect(got).toEqual(expect.arrayContaining(['Pod/shop/web-6d9f7-a1', 'Pod/shop/web-6d9f7-b2', 'Deployment/shop/web', 'Service/shop/web']));
		expect(got).not.toContain('Pod/shop/db-0');
		const g = toGraph(cluster, { view: 'architecture', collapseAt: 4, filter: { label: 'tier=front' } });
		const kept = new Set(g.nodes.map((n) => n.id));
		for (const e of g.edges) expect(kept.has(e.source) && kept.has(e.target)).toBe(true);
		for (const n of g.nodes) if (n.parent) expect(kept.has(n.parent)).toBe(true);
	});

	it('an empty filter keeps everything', () => {
		expect(ids({ text: ' ' })).toEqual(toGraph(cluster).nodes.map((n) => n.id));
	});
});
