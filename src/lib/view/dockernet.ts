// The network view of plain Docker hosts (journey 9, `kind: DockerHost`): each
// host a box holding its containers (their eth0 inside), the host ends of
// their veth pairs, docker0, the host's netfilter (dockerd's DOCKER chains,
// MASQUERADE, conntrack) and its eth0; the hosts' eth0 on one LAN, and the
// internet beyond. Ids follow network.ts's scheme with the host as the node
// (Node/<host>, Device/<host>/<dev>, Netfilter/<host>), and a container's eth0
// is Device/<host>/<container>/eth0 — exactly the anchors the Docker walk
// (net/dockerwalk.ts) gives its hops, so packet.ts finds every box unchanged.
import type { DockerHost } from '../net';
import { dockerVeth } from '../net';
import type { EdgeType, GNode } from './types';

/** the LAN between the Docker hosts (their eth0 subnets) */
export const DOCKER_WIRE_ID = 'docker-wire';
export const dockerHostId = (host: string) => `Node/${host}`;
export const containerId = (host: string, container: string) => `Container/${host}/${container}`;

export interface GraphSink {
	add(n: GNode): void;
	link(source: string, target: string, type: EdgeType): void;
}

/**
 * Adds the hosts to the graph; `internet` is the id of the internet box they
 * reach (added by the caller). With `onPath` (a packet plays), hosts off the
 * path fold into one compact box each, as network.ts folds nodes.
 */
export function addDockerHosts(
	hosts: readonly DockerHost[],
	g: GraphSink,
	ids: { device: (node: string, dev: string) => string; netfilter: (node: string) => string; internet: string },
	onPath?: ReadonlySet<string>
): void {
	if (!hosts.length) return;
	const subnets = [...new Set(hosts.map((h) => h.subnet))].join(', ');
	g.add({ id: DOCKER_WIRE_ID, parent: null, kind: 'wire', ref: { kind: 'Network', namespace: '', name: 'docker-hosts-lan' }, label: 'hosts’ network', sublabel: subnets });
	for (const h of [...hosts].sort((a, b) => a.name.localeCompare(b.name))) {
		const box = dockerHostId(h.name);
		const br = h.bridge;
		const ref = { kind: 'DockerHost', namespace: '', name: h.name };
		if (onPath?.size && !onPath.has(h.name)) {
			g.add({ id: box, parent: null, kind: 'node', ref, label: h.name, sublabel: `Docker host · ${h.address} · not on this path`, badges: ['folded'] });
			g.link(box, DOCKER_WIRE_ID, 'wire');
			continue;
		}
		g.add({ id: box, parent: null, kind: 'node', ref, label: h.name, sublabel: `Docker host · ${h.address}`, container: true });
		const bridge = ids.device(h.name, br.name);
		const nf = ids.netfilter(h.name);
		const eth = ids.device(h.name, 'eth0');
		for (const c of h.containers) {
			const cid = containerId(h.name, c.name);
			const published = c.publish.map((p) => `-p ${p.text}`).join(' ');
			g.add({ id: cid, parent: box, kind: 'pod', ref: { kind: 'Container', namespace: '', name: `${h.name}/${c.name}` }, label: c.name, sublabel: published || 'container', container: true });
			g.add({ id: ids.device(h.name, `${c.name}/eth0`), parent: cid, kind: 'device', ref: { kind: 'Device', namespace: '', name: `${h.name}/${c.name}/eth0` }, label: 'eth0', sublabel: c.ip });
			const veth = dockerVeth(h.name, c.name);
			g.add({ id: ids.device(h.name, veth), parent: box, kind: 'veth', ref: { kind: 'Device', namespace: '', name: `${h.name}/${veth}` }, label: veth, sublabel: `↔ eth0 ${c.ip}` });
		}
		g.add({ id: bridge, parent: box, kind: 'bridge', ref: { kind: 'Bridge', namespace: '', name: `${h.name}/${br.name}` }, label: br.name, sublabel: `bridge ${br.gateway} · ${br.cidr}` });
		g.add({ id: nf, parent: box, kind: 'netfilter', ref: { kind: 'Netfilter', namespace: '', name: `${h.name}/netfilter` }, label: 'netfilter · dockerd', sublabel: 'DOCKER · MASQUERADE · conntrack' });
		g.add({ id: eth, parent: box, kind: 'device', ref: { kind: 'Device', namespace: '', name: `${h.name}/eth0` }, label: 'eth0', sublabel: h.address });
		for (const c of h.containers) {
			const veth = ids.device(h.name, dockerVeth(h.name, c.name));
			g.link(ids.device(h.name, `${c.name}/eth0`), veth, 'veth');
			g.link(veth, bridge, 'link');
		}
		g.link(bridge, nf, 'link');
		g.link(nf, eth, 'link');
		g.link(eth, DOCKER_WIRE_ID, 'wire');
	}
	g.link(DOCKER_WIRE_ID, ids.internet, 'link');
}
