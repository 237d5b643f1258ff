// The network view graph: per node the pods' eth0, their veths, the bridge,
// netfilter and the node NIC, chained by edges; the wire and the cloud edge.
import { describe, expect, it } from 'vitest';
import { toGraph, type Graph, LB_ID, NAT_ID, NETWORK_MAX_PODS, WIRE_ID, moreId, netfilterId, nodeDeviceId, podBoxId, podDeviceId, toNetworkGraph } from '../../src/lib/view';
import { vethName } from '../../src/lib/net/addresses';
import { world } from '../../src/lib/net/world';
import { loadScenario } from '../../src/lib/scenario/load';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';
import { fixtureCluster } from './view-fixture';

const linked = (g: Graph, a: string, b: string) => g.edges.some((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a));

describe('network view graph', () => {
	const cluster = fixtureCluster();
	const g = toNetworkGraph(cluster);
	const byId = new Map(g.nodes.map((n) => [n.id, n]));

	it('is what toGraph returns for view: network', () => {
		expect(toGraph(cluster, { view: 'network' })).toEqual(g);
		expect(g.view).toBe('network');
	});

	it('gives every pod a box with eth0 and a veth on its node, chained to the bridge', () => {
		for (const p of cluster.pods) {
			const pod = byId.get(podBoxId(p.id))!;
			expect(pod.kind).toBe('pod');
			expect(pod.ref).toEqual({ kind: 'Pod', namespace: p.namespace, name: p.name });
			expect(pod.parent).toBe(`Node/${p.node}`);
			const eth0 = byId.get(podDeviceId(p.id, 'eth0'))!;
			expect(eth0.parent).toBe(pod.id);
			expect(eth0.sublabel).toBe(p.ip);
			const veth = byId.get(nodeDeviceId(p.node, vethName(p)))!;
			expect(veth.parent).toBe(`Node/${p.node}`);
			expect(veth.ref).toEqual({ kind: 'Device', namespace: '', name: `${p.node}/${vethName(p)}` });
			expect(linked(g, eth0.id, veth.id)).toBe(true);
			expect(linked(g, veth.id, nodeDeviceId(p.node, 'cni0'))).toBe(true);
		}
	});

	it('gives every node cni0, netfilter and eth0, chained to the wire', () => {
		for (const n of cluster.nodes) {
			const br = byId.get(nodeDeviceId(n.name, 'cni0'))!;
			const nf = byId.get(netfilterId(n.name))!;
			const eth = byId.get(nodeDeviceId(n.name, 'eth0'))!;
			expect(br.ref).toEqual({ kind: 'Bridge', namespace: '', name: `${n.name}/cni0` });
			expect(br.sublabel).toContain(n.bridgeIP);
			expect(nf.ref.kind).toBe('Netfilter');
			expect(eth.sublabel).toBe(n.ip);
			expect(linked(g, br.id, nf.id)).toBe(true);
			expect(linked(g, nf.id, eth.id)).toBe(true);
			expect(linked(g, eth.id, WIRE_ID)).toBe(true);
			expect(byId.has(nodeDeviceId(n.name, 'flannel.1'))).toBe(false);
		}
		expect(byId.get(WIRE_ID)!.sublabel).toBe('192.168.49.0/24');
	});

	it('draws the cloud edge: internet, load balancer (LoadBalancer Service here) and NAT gateway', () => {
		for (const id of ['internet', LB_ID, NAT_ID]) expect(byId.has(id)).toBe(true);
		expect(linked(g, WIRE_ID, LB_ID)).toBe(true);
		expect(linked(g, NAT_ID, 'internet')).toBe(true);
	});

	it('keeps ids unique, parents before children and edges between drawn nodes', () => {
		expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
		const seen = new Set<string>();
		for (const n of g.nodes) {
			if (n.parent) expect(seen.has(n.parent)).toBe(true);
			seen.add(n.id);
		}
		for (const e of g.edges) expect(seen.has(e.source) && seen.has(e.target)).toBe(true);
	});

	it('is deterministic', () => {
		expect(toNetworkGraph(fixtureCluster())).toEqual(toNetworkGraph(fixtureCluster()));
	});

	it('adds flannel.1 between netfilter and eth0 with the overlay CNI', () => {
		const c = fixtureCluster();
		c.settings = { ...c.settings, cni: 'overlay' };
		const o = toNetworkGraph(c);
		for (const n of c.nodes) {
			const tun = o.nodes.find((x) => x.id === nodeDeviceId(n.name, 'flannel.1'))!;
			expect(tun.parent).toBe(`Node/${n.name}`);
			expect(tun.ref.name).toBe(`${n.name}/flannel.1`);
			expect(linked(o, netfilterId(n.name), tun.id)).toBe(true);
			expect(linked(o, tun.id, nodeDeviceId(n.name, 'eth0'))).toBe(true);
		}
	});

	it('shows the pods the trace engine synthesises (CoreDNS, ingress controller)', () => {
		const w = world(cluster);
		// w.synthesized also holds the synthesised Services (kube-dns, ingress-nginx-controller)
		const pods = w.cluster.pods.filter((p) => w.synthesized.has(p.id));
		expect(pods.map((p) => p.id.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''))).toEqual(['kube-system/coredns', 'ingress-nginx/ingress-nginx-controller']);
		for (const pod of pods) {
			const box = byId.get(podBoxId(pod.id))!;
			expect(box.badges).toContain('synthesised');
			expect(byId.has(nodeDeviceId(pod.node, vethName(pod)))).toBe(true);
		}
	});

	it('applies a filter', () => {
		const f = toNetworkGraph(cluster, { filter: { text: 'db-0' } });
		expect(f.nodes.some((n) => n.id === podBoxId('shop/db-0'))).toBe(true);
		expect(f.nodes.some((n) => n.id === podBoxId('shop/web-6d9f7-a1'))).toBe(false);
	});
});

describe('network view of a large cluster', () => {
	const { cluster } = loadScenario([{ name: 'big.yaml', text: syntheticCluster({ pods: 200, seed: 5 }).text }]);
	const all = world(cluster).cluster.pods;
	const focus = [all[all.length - 1].id, all[17].id];
	const g = toNetworkGraph(cluster, { focusPods: focus, podsPerNode: 2 });

	it('draws the focus pods and at most N others per node, the rest as "+k more"', () => {
		expect(all.length).toBeGreaterThan(NETWORK_MAX_PODS);
		const pods = g.nodes.filter((n) => n.kind === 'pod');
		for (const id of focus) expect(pods.some((p) => p.id === podBoxId(id))).toBe(true);
		let hidden = 0;
		for (const n of cluster.nodes) {
			const onNode = pods.filter((p) => p.parent === `Node/${n.name}`);
			const focusHere = onNode.filter((p) => focus.some((f) => podBoxId(f) === p.id)).length;
			expect(onNode.length - focusHere).toBeLessThanOrEqual(2);
			const more = g.nodes.find((x) => x.id === moreId(n.name));
			if (more) hidden += more.count!;
		}
		expect(pods.length + hidden).toBe(all.length);
	});
});
