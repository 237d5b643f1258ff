// One connection's first packet from a source to an address, and its reply:
// the building block every flow uses (pod→pod, pod→Service, external→NodePort
// or LoadBalancer, pod→internet).
import type { Node, Pod, Service } from '../../model';
import { cidrContains } from '../../model';
import { addr, type Proto } from '../packet';
import { fromHost, fromInternet, fromOutsideToNode, fromPod, push, type End, type Pkt, type Walk } from '../walk';

export type Source = { kind: 'pod'; pod: Pod } | { kind: 'host'; node: Node } | { kind: 'external'; ip: string };

/** An ephemeral source port (net.ipv4.ip_local_port_range 32768–60999). */
export function ephemeral(walk: Walk): number {
	return walk.rng.int(32768, 60999);
}

export function sourceIP(src: Source): string {
	return src.kind === 'pod' ? (src.pod.hostNetwork ? '' : src.pod.ip) : src.kind === 'host' ? src.node.ip : src.ip;
}

export interface ConnectOpts {
	viaNode?: string;
}

/** Send the first packet of a connection from `src` to dst:dport. */
export function connect(walk: Walk, src: Source, dst: string, dport: number | undefined, proto: Proto, o: ConnectOpts = {}): End {
	const sport = proto === 'ICMP' ? undefined : ephemeral(walk);
	if (src.kind === 'pod' && !src.pod.hostNetwork) return fromPod(walk, src.pod, { src: src.pod.ip, sport, dst, dport, proto, ttl: 64, mark: 0 });
	if (src.kind === 'pod' || src.kind === 'host') {
		const node = src.kind === 'host' ? src.node : walk.w.nodesByName.get(src.pod.node);
		if (!node) return { status: 'no-route', pkt: { src: '0.0.0.0', dst, dport, proto, ttl: 64, mark: 0 } };
		const who = src.kind === 'pod' ? `hostNetwork pod ${src.pod.id}` : 'a host process';
		return fromHost(walk, node, { src: node.ip, sport, dst, dport, proto, ttl: 64, mark: 0 }, who);
	}
	return fromOutside(walk, src.ip, { src: src.ip, sport, dst, dport, proto, ttl: 64, mark: 0 }, o);
}

function fromOutside(walk: Walk, client: string, p: Pkt, o: ConnectOpts): End {
	const w = walk.w;
	push(walk, p, { at: `internet · client ${client}`, kind: 'internet', anchor: { actor: 'client' }, note: `The client ${client} sends to ${addr(p.dst, p.dport)} over the internet.` });
	const node = w.nodesByIp.get(p.dst) ?? w.cluster.nodes.find((n) => n.externalIP === p.dst);
	if (node) {
		const q = node.externalIP === p.dst ? { ...p, dst: node.ip } : p;
		if (q !== p) push(walk, q, { at: `cloud 1:1 NAT (${node.name} public IP)`, kind: 'nat-gateway', anchor: { actor: 'nat-gateway' }, changed: ['dst'], before: { dst: addr(p.dst, p.dport) }, note: `The cloud maps ${node.name}'s public address to its private ${node.ip}.` });
		push(walk, q, { at: `wire · router → ${node.name} eth0`, kind: 'wire', anchor: { node: node.name, device: 'eth0' }, note: `The cloud network delivers the packet to ${node.name}.` });
		return fromOutsideToNode(walk, node, q);
	}
	const lbSvc = w.cluster.services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIPs.includes(p.dst));
	if (lbSvc) {
		const target = pickNode(walk, lbSvc, o.viaNode);
		walk.lbVip = p.dst;
		const local = lbSvc.externalTrafficPolicy === 'Local';
		push(walk, p, {
			at: `cloud load balancer ${p.dst}`,
			kind: 'load-balancer',
			anchor: { actor: 'load-balancer', node: target.name },
			note: local
				? `The cloud load balancer health-checks every node on port ${lbSvc.healthCheckNodePort ?? '(healthCheckNodePort)'} (externalTrafficPolicy Local): only nodes running an endpoint answer 200, and it sends the packet to ${target.name}.`
				: `The cloud load balancer for Service ${lbSvc.id} picks a node — any node will do with externalTrafficPolicy Cluster — and sends the packet to ${target.name}.`,
			refs: [lbSvc.source],
			simplified: 'The cloud load balancer is modelled as a pass-through (GCE/Azure/MetalLB style): the destination stays the VIP and the client IP is kept; AWS-style balancers target nodeIP:nodePort instead.'
		});
		push(walk, p, { at: `wire · load balancer → ${target.name} eth0`, kind: 'wire', anchor: { node: target.name, device: 'eth0' }, note: `The packet reaches ${target.name} with the VIP ${p.dst} still as destination.` });
		return fromOutsideToNode(walk, target, p);
	}
	const extSvc = w.cluster.services.find((s) => s.externalIPs.includes(p.dst));
	if (extSvc) {
		const target = o.viaNode ? (w.nodesByName.get(o.viaNode) ?? w.cluster.nodes[0]) : w.cluster.nodes[0];
		push(walk, p, {
			at: `wire · router → ${target.name} eth0`,
			kind: 'wire',
			anchor: { node: target.name, device: 'eth0' },
			note: `${p.dst} is an externalIP of Service ${extSvc.id}; the network routes it to ${target.name}, where kube-proxy catches it.`,
			refs: [extSvc.source],
			simplified: 'Kubernetes does not route externalIPs; the cluster admin must. Hopscope sends them to the first node (or --via-node).'
		});
		return fromOutsideToNode(walk, target, p);
	}
	const why = cidrContains(w.cluster.settings.serviceCIDR, p.dst)
		? `${p.dst} is a ClusterIP: a virtual address that exists only in the nodes' iptables rules. Nothing on the internet routes to it — expose the Service as NodePort, LoadBalancer or through an Ingress.`
		: cidrContains(w.cluster.settings.podCIDR, p.dst)
			? `${p.dst} is a pod address, private to the cluster network: the internet has no route to it.`
			: `${p.dst} is not an address of this cluster.`;
	push(walk, p, { at: `internet · no route to ${p.dst}`, kind: 'routing', anchor: { actor: 'internet' }, note: why });
	return { status: 'no-route', pkt: p };
}

/** The node a cloud LB sends to: --via-node, else a seeded pick among healthy nodes. */
function pickNode(walk: Walk, svc: Service, via?: string): Node {
	const nodes = walk.w.cluster.nodes;
	if (via) {
		const n = walk.w.nodesByName.get(via);
		if (n) return n;
	}
	const healthy = svc.externalTrafficPolicy === 'Local' ? nodes.filter((n) => svc.endpoints.some((e) => e.ready && e.node === n.name)) : nodes;
	const pool = healthy.length ? healthy : nodes;
	return pool[walk.rng.int(0, pool.length - 1)];
}

/** The reply to a delivered first packet, walked back with conntrack doing the translations. */
export function replyTo(walk: Walk, end: End): End | null {
	if (end.status !== 'delivered') return null;
	const p = end.pkt;
	const r: Pkt = { src: p.dst, sport: p.sport === undefined ? undefined : p.dport, dst: p.src, dport: p.sport, proto: p.proto, ttl: 64, mark: 0 };
	if (p.sport === undefined) r.sport = undefined;
	const to = end.to;
	if (to.kind === 'pod') {
		if (to.pod.hostNetwork) {
			const node = walk.w.nodesByName.get(to.pod.node);
			return node ? fromHost(walk, node, r, `hostNetwork pod ${to.pod.id}`) : null;
		}
		return fromPod(walk, to.pod, r);
	}
	if (to.kind === 'host') return fromHost(walk, to.node, r, 'the host process');
	return fromInternet(walk, r);
}
