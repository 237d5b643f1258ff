// Journey 9 on the Network view (view/dockernet.ts): the two Docker hosts are
// drawn — each with its containers (eth0 inside), veths, docker0, netfilter and
// eth0 — on their own LAN, and every hop of the Docker walk lands on one of
// those boxes (not on the Kubernetes cluster beside them).
import { readFileSync } from 'node:fs';
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { trace } from '../../src/lib/net/trace';
import { dockerHosts } from '../../src/lib/net';
import { DOCKER_WIRE_ID, NET_INTERNET_ID, WIRE_ID, hopTargets, toNetworkGraph, traceNodes, tracePods } from '../../src/lib/view';
import { layoutGraph } from '../../src/lib/view/layout';

const r = loadScenario([{ name: 'journey-9-docker.yaml', text: readFileSync('scenarios/journey-9-docker.yaml', 'utf8') }]);
const hosts = dockerHosts(r.parse.resources);
const flow = (name: string) => {
	const f = r.header!.flows.find((x) => x.name === name)!;
	return trace(r.cluster, { from: f.from, to: f.to, port: f.port, protocol: f.protocol }, { seed: 1, resources: r.parse.resources });
};

describe('journey 9: the Docker hosts on the Network view', () => {
	const g = toNetworkGraph(r.cluster, { docker: hosts });
	const byId = new Map(g.nodes.map((n) => [n.id, n]));

	it('draws both hosts with docker0, netfilter, eth0, and every container with its eth0 and veth', () => {
		expect(g.nodes.filter((n) => n.ref.kind === 'DockerHost').map((n) => n.ref.name)).toEqual(['host-a', 'host-b']);
		expect(g.nodes.filter((n) => n.ref.kind === 'Container').map((n) => n.ref.name)).toEqual(['host-a/web-server', 'host-a/microservice', 'host-b/web-server', 'host-b/myapp']);
		for (const h of ['host-a', 'host-b']) {
			expect(byId.get(`Device/${h}/docker0`)).toMatchObject({ parent: `Node/${h}`, ref: { kind: 'Bridge' }, sublabel: 'bridge 172.17.3.1 · 172.17.0.0/16' });
			expect(byId.get(`Netfilter/${h}`)?.parent).toBe(`Node/${h}`);
			expect(byId.get(`Device/${h}/eth0`)?.parent).toBe(`Node/${h}`);
		}
		expect(byId.get('Device/host-b/myapp/eth0')).toMatchObject({ parent: 'Container/host-b/myapp', sublabel: '172.17.3.3' });
		expect(byId.get('Container/host-b/myapp')?.sublabel).toBe('-p 7000:80');
		expect(g.edges.some((e) => e.source === 'Device/host-a/eth0' && e.target === DOCKER_WIRE_ID)).toBe(true);
		expect(g.edges.some((e) => e.source === DOCKER_WIRE_ID && e.target === NET_INTERNET_ID)).toBe(true);
		// the Kubernetes half of the slide is still there
		expect(g.nodes.some((n) => n.ref.kind === 'Node' && n.ref.name === 'node-1')).toBe(true);
	});

	it('without Docker hosts nothing Docker is drawn', () => {
		expect(toNetworkGraph(r.cluster).nodes.some((n) => n.ref.kind === 'DockerHost' || n.id === DOCKER_WIRE_ID)).toBe(false);
	});

	it('the packet of container → published port visits host A container, docker0, netfilter, the hosts’ LAN, host B netfilter, docker0 and myapp', async () => {
		const scene = await layoutGraph(g, new ELK());
		const t = flow('container-to-published-port');
		const targets = hopTargets(scene, t.hops, 'network');
		const seen = [...new Set(targets)];
		for (const id of ['Device/host-a/web-server/eth0', 'Device/host-a/docker0', 'Netfilter/host-a', 'Device/host-a/eth0', DOCKER_WIRE_ID, 'Device/host-b/eth0', 'Netfilter/host-b', 'Device/host-b/docker0', 'Device/host-b/myapp/eth0']) expect(seen).toContain(id);
		expect(seen).not.toContain(WIRE_ID);
		// in order: out of host A before into host B
		expect(targets.indexOf('Device/host-a/eth0')).toBeLessThan(targets.indexOf(DOCKER_WIRE_ID));
		expect(targets.indexOf(DOCKER_WIRE_ID)).toBeLessThan(targets.indexOf('Device/host-b/myapp/eth0'));
	});

	it('a client from the internet reaches host B through the internet box', async () => {
		const scene = await layoutGraph(g, new ELK());
		const targets = hopTargets(scene, flow('client-to-published-port').hops, 'network');
		expect(targets[0]).toBe(NET_INTERNET_ID);
		expect(targets).toContain('Device/host-b/myapp/eth0');
		expect(targets.some((id) => id.includes('host-a'))).toBe(false);
	});
});

describe('the Network view while a packet plays: folded for reading its path', () => {
	it('a Docker flow folds the Kubernetes nodes into compact boxes; the hosts stay whole', () => {
		const t = flow('container-to-published-port');
		const g = toNetworkGraph(r.cluster, { docker: hosts, focusPods: tracePods(t.hops), focusNodes: traceNodes(t.hops) });
		expect(traceNodes(t.hops)).toEqual(['host-a', 'host-b']);
		const n1 = g.nodes.find((n) => n.id === 'Node/node-1')!;
		expect(n1).toMatchObject({ badges: ['folded'], sublabel: '10.130.1.101 · 2 pods · not on this path' }); // pod1 and the synthesised CoreDNS
		expect(n1.container).toBeFalsy();
		expect(g.nodes.some((n) => n.parent === 'Node/node-1')).toBe(false);
		expect(g.nodes.filter((n) => n.parent === 'Node/host-a').length).toBeGreaterThan(4);
	});
	it('a pod flow keeps the pods it visits and folds the others on its nodes into "+N more"', () => {
		const t = flow('kubernetes-pod1-to-pod3');
		const g = toNetworkGraph(r.cluster, { docker: hosts, focusPods: tracePods(t.hops), focusNodes: traceNodes(t.hops) });
		const pods = g.nodes.filter((n) => n.kind === 'pod' && n.ref.kind === 'Pod').map((n) => n.ref.name);
		expect(pods.sort()).toEqual(['pod1', 'pod3']);
		// the synthesised CoreDNS on node-1 is off the path
		expect(g.nodes.find((n) => n.id === 'More/node-1')).toMatchObject({ label: '+1 more', sublabel: 'pods off this path' });
		// and the Docker hosts, which the packet never touches, are folded too
		expect(g.nodes.find((n) => n.id === 'Node/host-a')).toMatchObject({ badges: ['folded'], sublabel: 'Docker host · 10.130.1.101 · not on this path' });
		expect(g.nodes.some((n) => n.parent === 'Node/host-a')).toBe(false);
	});
});
