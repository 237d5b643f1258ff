// Packet geometry on real layouts: a real trace (client pod → Service, with
// DNS, DNAT, a node crossing and the reply) mapped onto both views.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { loadScenario } from '../../src/lib/scenario/load';
import { trace } from '../../src/lib/net/trace';
import { toGraph, anchorPoint, hopTargets, packetPath, positionAt, tracePods, LB_ID, netfilterId, nodeDeviceId, podDeviceId } from '../../src/lib/view';
import { layoutGraph } from '../../src/lib/view/layout';
import type { Scene } from '../../src/lib/view';

const { cluster } = loadScenario([{ name: 'k8s-demo.yaml', text: readFileSync('scenarios/k8s-demo.yaml', 'utf8') }]);
const flows = {
	service: trace(cluster, { from: 'pod/default/client', to: 'svc/default/k8s-demo-service', port: 8000 }, { seed: 1 }),
	byName: trace(cluster, { from: 'pod/default/client', to: 'dns/k8s-demo-service', port: 8000 }, { seed: 2 }),
	egress: trace(cluster, { from: 'pod/default/client', to: 'external/93.184.216.34', port: 443 }, { seed: 3 })
};

describe.each(['network', 'architecture'] as const)('packet geometry, %s view', (view) => {
	let scene: Scene;
	const ready = (async () => {
		scene = await layoutGraph(toGraph(cluster, { view }), new ELK());
	})();

	it.each(Object.entries(flows))('maps every hop of %s to a scene node', async (_name, t) => {
		await ready;
		expect(t.verdict).toBe('delivered');
		const ids = new Set(scene.nodes.map((n) => n.id));
		const targets = hopTargets(scene, t.hops, view, cluster);
		expect(targets).toHaveLength(t.hops.length);
		for (const id of targets) expect(ids.has(id)).toBe(true);
	});

	it.each(Object.entries(flows))('moves along %s from the first target to the last, hops never going back', async (_name, t) => {
		await ready;
		for (const dwell of [0, 12]) {
			const path = packetPath(scene, t.hops, view, { dwell, cluster });
			const box = new Map(scene.nodes.map((n) => [n.id, n]));
			const first = anchorPoint(box.get(path.targets[0])!);
			const last = anchorPoint(box.get(path.targets[path.targets.length - 1])!);
			expect(positionAt(path, 0)).toMatchObject({ x: first.x, y: first.y, hop: 0 });
			expect(positionAt(path, 1)).toMatchObject({ x: last.x, y: last.y, hop: t.hops.length - 1 });
			expect(path.total).toBeGreaterThan(0);
			let hop = 0;
			let prev = positionAt(path, 0);
			for (let i = 1; i <= 2000; i++) {
				const p = positionAt(path, i / 2000);
				expect(p.hop).toBeGreaterThanOrEqual(hop);
				// constant speed: no jumps longer than one step of the path
				expect(Math.hypot(p.x - prev.x, p.y - prev.y)).toBeLessThanOrEqual(path.total / 2000 + 1e-6);
				hop = p.hop;
				prev = p;
			}
		}
	});
});

describe('hop targets', () => {
	const t = flows.service;

	it('land on the exact device boxes in the network view', async () => {
		const scene = await layoutGraph(toGraph(cluster, { view: 'network' }), new ELK());
		const targets = hopTargets(scene, t.hops, 'network');
		const client = cluster.pods.find((p) => p.name === 'client')!;
		expect(targets[0]).toBe(podDeviceId(client.id, 'eth0'));
		// the trace crosses every kind checked below (so none of the checks is skipped)
		expect(t.hops.map((h) => h.kind)).toEqual(expect.arrayContaining(['bridge', 'veth', 'netfilter', 'node-eth0', 'wire']));
		t.hops.forEach((h, i) => {
			if (h.kind === 'bridge') expect(targets[i]).toBe(nodeDeviceId(h.anchor.node!, 'cni0'));
			if (h.kind === 'veth') expect(targets[i]).toBe(nodeDeviceId(h.anchor.node!, h.anchor.device!));
			if (h.kind === 'netfilter') expect(targets[i]).toBe(netfilterId(h.anchor.node!));
			if (h.kind === 'node-eth0') expect(targets[i]).toBe(nodeDeviceId(h.anchor.node!, 'eth0'));
			if (h.kind === 'wire') expect(targets[i]).toBe('wire');
		});
	});

	it('pass the Service where kube-proxy DNATs, in the architecture view', async () => {
		const scene = await layoutGraph(toGraph(cluster, { view: 'architecture' }), new ELK());
		const targets = hopTargets(scene, t.hops, 'architecture', cluster);
		expect(targets).toContain('Service/default/k8s-demo-service');
		expect(targets[0]).toBe('Pod/default/client');
	});

	it('follow edges the scene draws between consecutive targets', async () => {
		const scene = await layoutGraph(toGraph(cluster, { view: 'network' }), new ELK());
		const path = packetPath(scene, t.hops, 'network');
		// eth0 → veth is a drawn edge: its bend points are on the path
		const client = cluster.pods.find((p) => p.name === 'client')!;
		const edge = scene.edges.find((e) => e.source === podDeviceId(client.id, 'eth0'))!;
		const onPath = (q: { x: number; y: number }) => path.points.some(([x, y]) => x === q.x && y === q.y);
		expect(edge.points.every(onPath)).toBe(true);
	});

	it('use flannel.1 with the overlay CNI', async () => {
		const overlay = { ...cluster, settings: { ...cluster.settings, cni: 'overlay' as const } };
		const o = trace(overlay, { from: 'pod/default/client', to: 'svc/default/k8s-demo-service', port: 8000 }, { seed: 1 });
		const scene = await layoutGraph(toGraph(overlay, { view: 'network' }), new ELK());
		const targets = hopTargets(scene, o.hops, 'network');
		const tunnels = o.hops.flatMap((h, i) => (h.kind === 'tunnel' ? [targets[i]] : []));
		expect(tunnels.length).toBeGreaterThan(0);
		for (const id of tunnels) expect(id).toMatch(/^Device\/node-\d\/flannel\.1$/);
	});

	it('put the cloud edge on its own boxes: client, load balancer, ingress controller pod', async () => {
		const lb = loadScenario([{ name: 'lb.yaml', text: readFileSync('scenarios/ingress-path.yaml', 'utf8') }]).cluster;
		const tr = trace(lb, { from: 'external/203.0.113.7', to: 'url/http://example.com/testpath', port: 80 }, { seed: 1 });
		expect(tr.verdict).toBe('delivered');
		const scene = await layoutGraph(toGraph(lb, { view: 'network' }), new ELK());
		const targets = hopTargets(scene, tr.hops, 'network');
		expect(tr.hops.map((h) => h.anchor.actor)).toEqual(expect.arrayContaining(['client', 'load-balancer']));
		expect(tr.hops.map((h) => h.kind)).toContain('ingress-controller');
		tr.hops.forEach((h, i) => {
			if (h.anchor.actor === 'client') expect(targets[i]).toBe('internet');
			if (h.anchor.actor === 'load-balancer') expect(targets[i]).toBe(LB_ID);
			if (h.kind === 'ingress-controller') expect(targets[i]).toBe(`Pod/${h.anchor.pod}`);
		});
		expect(targets).toContain(LB_ID);
		const arch = await layoutGraph(toGraph(lb, { view: 'architecture' }), new ELK());
		const ids = new Set(arch.nodes.map((n) => n.id));
		const archTargets = hopTargets(arch, tr.hops, 'architecture', lb);
		for (const id of archTargets) expect(ids.has(id)).toBe(true);
		// the synthesised controller pod is not drawn there: its hops stand in at the Ingress
		expect(archTargets.filter((id) => id.startsWith('Ingress/')).length).toBeGreaterThan(2);
	});

	it('lists the pods a trace touches', () => {
		const pods = tracePods(t.hops);
		expect(pods[0]).toBe('default/client');
		expect(pods.length).toBe(2);
	});
});
