// The packet walker: moves one packet through pod namespaces, veths, the
// bridge, each node's netfilter hooks and routing table, the wire, VXLAN and
// the cloud edge, appending a Hop at every place a diagram can point to.
// Flows (flows/*.ts) start a walk from the right place; the reply leg walks
// back with `reply: true`, translated by conntrack instead of the nat table.
// A node is a NetHost (host.ts); the order of the kernel steps through it is
// stack.ts's, shared with Docker hosts (dockerwalk.ts): this module gives a
// node's steps (NODE) and what lies between nodes (wire, VXLAN, cloud edge).
import type { Node, Pod } from '../model';
import { addr } from './packet';
import type { Rng } from '../util';
import type { OuterHeader } from './packet';
import { FLANNEL_DEVICE, FLANNEL_VNI, FLANNEL_VXLAN_PORT } from './cni';
import { nodeGateway, podMac, synthMac, vethName, NAT_GATEWAY_IP } from './addresses';
import { push, reply, type End, type Pkt, type Walk } from './hop';
import { deviceAddress, endpointRoute, localRoute, type Route } from './host';
import { arrive, fromEndpoint, routeOut, type Site } from './stack';
import { nf } from './hooks';
import { conntrackReply, established, track } from './tracking';
import { egressGate, ingressGate } from './policy';

export { push, reply, view, type End, type HopInit, type Pkt, type Walk } from './hop';

// ---------------------------------------------------------------- pods

/** A packet leaves pod `pod` through its eth0. */
export function fromPod(walk: Walk, pod: Pod, p: Pkt): End {
	const node = walk.w.nodesByName.get(pod.node);
	if (!node) {
		push(walk, p, { at: `pod ${pod.id} · eth0`, kind: 'pod-eth0', anchor: { pod: pod.id, device: 'eth0' }, note: `Pod ${pod.id} is not scheduled on a known node, so it has no network.`, refs: [pod.source] });
		return { status: 'no-route', pkt: p };
	}
	if (!reply(walk)) walk.origin = pod;
	return fromEndpoint(NODE, walk, node, pod, p);
}

/** The pod's eth0 and its veth. */
function leavePod(walk: Walk, node: Node, pod: Pod, p: Pkt, onLink: boolean): void {
	const toBridge = p.dst === node.bridgeIP;
	const route = endpointRoute(walk.w.host(node), pod.ip, p.dst, onLink || toBridge, walk.w.cluster.settings.podCIDR);
	push(walk, p, {
		at: `pod ${pod.id} · eth0`,
		kind: 'pod-eth0',
		anchor: { node: node.name, pod: pod.id, device: 'eth0' },
		rule: route,
		note: onLink
			? `${pod.name} sends to ${addr(p.dst, p.dport)}. The pod's routing table says ${p.dst} is on its own subnet, so it goes straight out of eth0 to the bridge.`
			: `${pod.name} sends to ${addr(p.dst, p.dport)}. That address is not on the pod's subnet, so the pod's route sends it to its gateway ${node.bridgeIP}, the bridge ${walk.w.cluster.settings.bridgeName} on ${node.name}.`,
		refs: [pod.source]
	});
	const bridge = walk.w.cluster.settings.bridgeName;
	push(walk, p, {
		at: `${node.name} · ${vethName(pod)} (veth of ${pod.name})`,
		kind: 'veth',
		anchor: { node: node.name, pod: pod.id, device: vethName(pod) },
		note: `The pod's eth0 is one end of a veth pair; the other end, ${vethName(pod)}, sits in ${node.name}'s root network namespace, plugged into ${bridge}.`
	});
}

/** ARP on the bridge: for the neighbour `peer` (on-link), or for the gateway, the bridge itself. */
function bridgeArp(walk: Walk, node: Node, pod: Pod, p: Pkt, onLink: boolean, peer?: Pod): void {
	const bridge = walk.w.cluster.settings.bridgeName;
	const arpFor = onLink ? p.dst : node.bridgeIP;
	const mac = onLink ? (peer ? podMac(p.dst) : undefined) : synthMac(`${node.name}/${bridge}`);
	push(walk, p, {
		at: `${node.name} · bridge ${bridge}`,
		kind: 'bridge',
		anchor: { node: node.name, device: bridge },
		rule: mac ? `ARP: ${arpFor} is at ${mac}` : `ARP: who-has ${arpFor} tell ${pod.ip} (no answer)`,
		note: onLink
			? mac
				? `ARP on the bridge finds ${arpFor}; the bridge switches the frame to that pod's port — layer 2, no routing.`
				: `Nobody on ${bridge} answers ARP for ${arpFor}: no pod has that address.`
			: `The pod ARPs for its gateway ${node.bridgeIP}; ${bridge} answers with its own MAC, so the frame goes up into ${node.name}'s IP stack.`
	});
}

/** Pod-to-pod on one bridge: switched at layer 2, but br_netfilter still runs iptables and conntrack. */
function bridged(walk: Walk, node: Node, to: Pod, p: Pkt): End {
	const simplified = 'br_netfilter (net.bridge.bridge-nf-call-iptables=1, which Kubernetes requires) passes bridged frames through iptables PREROUTING, FORWARD and POSTROUTING.';
	let q = p;
	// the bridge hop fromPod just pushed: on the reply it explains the fast path
	const bridgeHop = walk.hops[walk.hops.length - 1];
	if (reply(walk)) {
		q = conntrackReply(walk, node, q, 'PREROUTING');
	} else {
		const r = nf(walk, node, 'nat', 'PREROUTING', q, { simplified });
		if (r.end) return r.end;
		q = r.pkt;
		const g = egressGate(walk, node, q);
		if (g) return g;
	}
	const f = nf(walk, node, 'filter', 'FORWARD', q, { quietOnAccept: reply(walk) });
	if (f.end) return f.end;
	if (reply(walk) && bridgeHop?.kind === 'bridge') established(walk, node, bridgeHop, q, f.res);
	if (reply(walk)) q = conntrackReply(walk, node, q, 'POSTROUTING');
	else {
		const r = nf(walk, node, 'nat', 'POSTROUTING', q, { outAddr: node.bridgeIP });
		if (r.end) return r.end;
		q = r.pkt;
		track(walk, node, p, q);
	}
	return intoPod(walk, node, to, q);
}

/**
 * Reply on a bridge: br_netfilter runs the same hooks as for the request, but
 * conntrack knows the connection (ESTABLISHED), so the nat table is skipped;
 * only the filter table is walked. Explained on the reply's bridge hop.
 */function intoPod(walk: Walk, node: Node, pod: Pod, p: Pkt): End {
	const g = ingressGate(walk, node, pod, p);
	if (g) return g;
	push(walk, p, {
		at: `${node.name} · ${vethName(pod)} (veth of ${pod.name})`,
		kind: 'veth',
		anchor: { node: node.name, pod: pod.id, device: vethName(pod) },
		note: `The bridge sends the frame out of the port ${vethName(pod)}; it comes out of the other end of the veth pair inside ${pod.name}.`
	});
	push(walk, p, {
		at: `pod ${pod.id} · eth0`,
		kind: 'pod-eth0',
		anchor: { node: node.name, pod: pod.id, device: 'eth0' },
		note: reply(walk) ? `${pod.name} receives the reply from ${addr(p.src, p.sport)}.` : `${pod.name} receives the packet on eth0 (${pod.ip}); its process listening on port ${p.dport ?? '—'} gets it.`,
		refs: [pod.source]
	});
	return { status: 'delivered', to: { kind: 'pod', pod }, pkt: p };
}

// ---------------------------------------------------------------- node root namespace

/** A process on the node itself (or a hostNetwork pod) sends: routing, then nat/filter OUTPUT. */
export function fromHost(walk: Walk, node: Node, p: Pkt, who: string): End {
	push(walk, p, {
		at: `${node.name} · ${who}`,
		kind: 'process',
		anchor: { node: node.name },
		note: `${who} on ${node.name} opens a socket to ${addr(p.dst, p.dport)}; the packet starts in the node's root network namespace.`
	});
	let q = p;
	if (reply(walk)) {
		q = conntrackReply(walk, node, q, 'PREROUTING');
	} else {
		const r = nf(walk, node, 'nat', 'OUTPUT', q, {});
		if (r.end) return r.end;
		q = r.pkt;
		const f = nf(walk, node, 'filter', 'OUTPUT', q, {});
		if (f.end) return f.end;
	}
	return routeOut(NODE, walk, node, q, p, null);
}

/** A packet arrives in node's root namespace from `dev` (cni0, eth0 or flannel.1). */
export function rootNs(walk: Walk, node: Node, p: Pkt, dev: string): End {
	return arrive(NODE, walk, node, p, dev);
}

/** A Kubernetes node's steps of the shared kernel path (stack.ts). */
const NODE: Site<Walk, Node, Pkt, End, Pod> = {
	net: (walk, node) => walk.w.host(node),
	leave: leavePod,
	switched(walk, node, pod, p) {
		const peer = walk.w.podsByIp.get(p.dst);
		bridgeArp(walk, node, pod, p, true, peer);
		if (!peer) return { status: 'no-route', pkt: p };
		return bridged(walk, node, peer, p);
	},
	up: (walk, node, pod, p) => bridgeArp(walk, node, pod, p, false),
	prerouting(walk, node, p) {
		if (reply(walk)) return { pkt: conntrackReply(walk, node, p, 'PREROUTING') };
		return nf(walk, node, 'nat', 'PREROUTING', p, {});
	},
	input(walk, node, q, dev) {
		push(walk, q, {
			at: `${node.name} · routing`,
			kind: 'routing',
			anchor: { node: node.name },
			rule: localRoute(q.dst, q.dst === node.ip ? 'eth0' : dev),
			note: `${q.dst} is one of ${node.name}'s own addresses, so the packet is delivered locally (INPUT), not forwarded.`
		});
		const g = egressGate(walk, node, q);
		if (g) return g;
		const f = nf(walk, node, 'filter', 'INPUT', q, { quietOnAccept: reply(walk) });
		if (f.end) return f.end;
		push(walk, q, { at: `${node.name} · host process`, kind: 'process', anchor: { node: node.name }, note: `A process on ${node.name} listening on ${addr(q.dst, q.dport)} receives it (if none listens, the kernel answers with a TCP RST).` });
		return { status: 'delivered', to: { kind: 'host', node }, pkt: q };
	},
	route(walk, node, p, rt, forwarded) {
		const q: Pkt = forwarded ? { ...p, ttl: p.ttl - 1 } : p;
		push(walk, q, { at: `${node.name} · routing`, kind: 'routing', anchor: { node: node.name }, rule: rt.text, changed: forwarded ? ['ttl'] : [], note: routeNote(walk, rt, q) });
		return q;
	},
	forward: (walk, node, q) => egressGate(walk, node, q) ?? nf(walk, node, 'filter', 'FORWARD', q, { quietOnAccept: reply(walk) }).end,
	postrouting(walk, node, q, original, rt) {
		if (reply(walk)) return { pkt: conntrackReply(walk, node, q, 'POSTROUTING') };
		const r = nf(walk, node, 'nat', 'POSTROUTING', q, { outAddr: deviceAddress(walk.w.host(node), rt.dev, node.podCIDR.split('/')[0]) });
		if (!r.end) track(walk, node, original, r.pkt);
		return r;
	},
	out(walk, node, p, rt, original) {
		const q: Pkt = { ...p, mark: 0 };
		if (rt.kind === 'bridge') {
			const pod = walk.w.podsByIp.get(q.dst);
			const bridge = walk.w.cluster.settings.bridgeName;
			push(walk, q, {
				at: `${node.name} · bridge ${bridge}`,
				kind: 'bridge',
				anchor: { node: node.name, device: bridge },
				rule: pod ? `ARP: ${q.dst} is at ${podMac(q.dst)}` : `ARP: who-has ${q.dst} tell ${node.bridgeIP} (no answer)`,
				note: pod
					? `${bridge} resolves ${q.dst} with ARP and switches the frame to ${pod.name}'s veth.` + (pod.ip === original.src ? ' It goes back out of the port it came in on: the bridge port needs hairpin mode.' : '')
					: `No pod on ${node.name} has ${q.dst}: ARP gets no answer and the packet is lost.`
			});
			if (!pod) return { status: 'no-route', pkt: q };
			return intoPod(walk, node, pod, q);
		}
		const peer = rt.peer ? walk.w.nodesByName.get(rt.peer) : rt.kind === 'link' ? walk.w.nodesByIp.get(q.dst) : undefined;
		if (rt.kind === 'overlay' && peer) return overlay(walk, node, peer, q);
		const ethMac = synthMac(`${node.name}/eth0`);
		push(walk, q, { at: `${node.name} · eth0`, kind: 'node-eth0', anchor: { node: node.name, device: 'eth0' }, note: `The packet leaves ${node.name} through eth0 (${node.ip}, MAC ${ethMac}).` });
		if ((rt.kind === 'node' || rt.kind === 'link') && peer) {
			push(walk, q, {
				at: `wire · ${node.name} eth0 → ${peer.name} eth0`,
				kind: 'wire',
				anchor: { node: node.name, device: 'eth0' },
				rule: `ARP: ${peer.ip} is at ${synthMac(`${peer.name}/eth0`)}`,
				note: `On the node network the frame is addressed to ${peer.name}'s MAC; the IP header still says ${addr(q.src, q.sport)} → ${addr(q.dst, q.dport)}.`
			});
			push(walk, q, { at: `${peer.name} · eth0`, kind: 'node-eth0', anchor: { node: peer.name, device: 'eth0' }, note: `${peer.name} receives the frame on eth0 and hands the packet to its IP stack.` });
			return rootNs(walk, peer, q, 'eth0');
		}
		if (rt.kind === 'link') {
			push(walk, q, { at: `wire · ${node.name} eth0 → ${q.dst}`, kind: 'wire', anchor: { node: node.name, device: 'eth0' }, note: `${q.dst} is on the node network but is not a node Hopscope knows; the packet is delivered to that host.` });
			return { status: 'delivered', to: { kind: 'external', ip: q.dst }, pkt: q };
		}
		return toOutside(walk, node, q);
	}
};

function routeNote(walk: Walk, rt: Route, p: Pkt): string {
	switch (rt.kind) {
		case 'bridge':
			return `${p.dst} is in this node's pod subnet: the route points at the bridge ${rt.dev}.`;
		case 'node':
			return `${p.dst} belongs to ${rt.peer}'s pod subnet; the route (host-gw) sends it to ${rt.peer} (${rt.via}) over eth0.`;
		case 'overlay':
			return `${p.dst} belongs to ${rt.peer}'s pod subnet; the route sends it into the VXLAN device ${FLANNEL_DEVICE}.`;
		case 'link':
			return `${p.dst} is on the node network itself: straight out of eth0.`;
		default:
			return `${p.dst} is outside the cluster: the default route sends it to the cloud router ${rt.via}.` + (walk.lbVip ? '' : '');
	}
}

/** flannel VXLAN: encapsulate, cross the node network, decapsulate. */
function overlay(walk: Walk, node: Node, peer: Node, p: Pkt): End {
	const sport = 32768 + (walk.rng.int(0, 28230) % 28231);
	const outer: OuterHeader = { src: node.ip, dst: peer.ip, proto: 'UDP', port: FLANNEL_VXLAN_PORT, vni: FLANNEL_VNI };
	const vtep = synthMac(`${peer.name}/${FLANNEL_DEVICE}`);
	push(walk, p, {
		at: `${node.name} · ${FLANNEL_DEVICE} (VXLAN encap)`,
		kind: 'tunnel',
		anchor: { node: node.name, device: FLANNEL_DEVICE },
		changed: ['encap'],
		before: { outer: null },
		outer,
		rule: `${peer.podCIDR.split('/')[0]} dev ${FLANNEL_DEVICE} lladdr ${vtep} PERMANENT`,
		note: `${FLANNEL_DEVICE} wraps the whole packet in UDP: outer ${node.ip}:${sport} → ${peer.ip}:${FLANNEL_VXLAN_PORT}, VNI ${FLANNEL_VNI}. flanneld wrote the neighbour entry and the FDB entry (${vtep} dev ${FLANNEL_DEVICE} dst ${peer.ip}) — no ARP flooding across nodes.`,
		simplified: `flannel uses the Linux default VXLAN port ${FLANNEL_VXLAN_PORT}, not the IANA port 4789; the outer UDP source port (${sport}) is a hash of the inner flow.`
	});
	push(walk, p, { at: `${node.name} · eth0`, kind: 'node-eth0', anchor: { node: node.name, device: 'eth0' }, outer, note: `The encapsulated packet leaves ${node.name} through eth0; the network only sees node addresses.` });
	push(walk, p, { at: `wire · ${node.name} eth0 → ${peer.name} eth0`, kind: 'wire', anchor: { node: node.name, device: 'eth0' }, outer, note: `Outer header ${node.ip} → ${peer.ip} UDP ${FLANNEL_VXLAN_PORT}; inner header ${addr(p.src, p.sport)} → ${addr(p.dst, p.dport)} rides inside, unchanged.` });
	push(walk, p, { at: `${peer.name} · eth0`, kind: 'node-eth0', anchor: { node: peer.name, device: 'eth0' }, outer, note: `${peer.name} receives UDP port ${FLANNEL_VXLAN_PORT}: the kernel's VXLAN socket takes it.` });
	push(walk, p, {
		at: `${peer.name} · ${FLANNEL_DEVICE} (VXLAN decap)`,
		kind: 'tunnel',
		anchor: { node: peer.name, device: FLANNEL_DEVICE },
		changed: ['decap'],
		before: { outer },
		note: `${FLANNEL_DEVICE} strips the outer headers; the inner packet appears on ${FLANNEL_DEVICE} as if it had arrived there.`
	});
	return rootNs(walk, peer, p, FLANNEL_DEVICE);
}

/** Out of the default route: the cloud edge. */
function toOutside(walk: Walk, node: Node, p: Pkt): End {
	const gw = nodeGateway(walk.w.cluster, node);
	push(walk, p, { at: `wire · ${node.name} eth0 → router ${gw}`, kind: 'wire', anchor: { node: node.name, device: 'eth0' }, rule: `ARP: ${gw} is at ${synthMac(`router/${gw}`)}`, note: `The frame goes to the cloud router ${gw}, the node's default gateway.` });
	if (walk.lbVip && p.src === walk.lbVip) {
		push(walk, p, {
			at: `cloud load balancer ${walk.lbVip}`,
			kind: 'load-balancer',
			anchor: { actor: 'load-balancer' },
			note: `The reply leaves with the load balancer's address ${walk.lbVip} as source, so the client sees an answer from the address it called.`,
			simplified: 'The cloud load balancer is modelled as a pass-through (GCE/Azure/MetalLB style): it keeps the VIP and the client IP.'
		});
		push(walk, p, { at: `internet · client ${p.dst}`, kind: 'internet', anchor: { actor: 'client' }, note: `The client ${p.dst} receives the reply.` });
		return { status: 'delivered', to: { kind: 'external', ip: p.dst }, pkt: p };
	}
	if (reply(walk)) {
		push(walk, p, { at: `internet · ${p.dst}`, kind: 'internet', anchor: { actor: 'client' }, note: `The reply crosses the internet back to ${p.dst}.` });
		return { status: 'delivered', to: { kind: 'external', ip: p.dst }, pkt: p };
	}
	const publicIP = node.externalIP ?? NAT_GATEWAY_IP;
	const before = addr(p.src, p.sport);
	const q: Pkt = { ...p, src: publicIP, sport: p.sport !== undefined ? walk.rng.int(1024, 65535) : undefined };
	walk.cloudNat = { inside: p.src, insidePort: p.sport, outside: q.src, outsidePort: q.sport };
	push(walk, q, {
		at: node.externalIP ? `cloud 1:1 NAT (${node.name} public IP)` : 'cloud NAT gateway',
		kind: 'nat-gateway',
		anchor: { actor: 'nat-gateway' },
		changed: ['src'],
		before: { src: before },
		note: node.externalIP
			? `The cloud translates ${node.name}'s private address to its public IP ${publicIP}.`
			: `Private addresses are not routed on the internet: the cloud NAT gateway rewrites the source ${before} to its public address ${addr(q.src, q.sport)} and remembers the mapping.`,
		simplified: node.externalIP ? undefined : `The NAT gateway's public address ${NAT_GATEWAY_IP} (documentation range) and its port choice are made up.`
	});
	push(walk, q, { at: `internet · ${q.dst}`, kind: 'internet', anchor: { actor: 'internet' }, note: `The packet crosses the internet and reaches ${addr(q.dst, q.dport)}.` });
	return { status: 'delivered', to: { kind: 'external', ip: q.dst }, pkt: q };
}

/** A packet from the internet reaching `node`'s eth0 (after a load balancer or straight to a node/external IP). */
export function fromOutsideToNode(walk: Walk, node: Node, p: Pkt): End {
	push(walk, p, { at: `${node.name} · eth0`, kind: 'node-eth0', anchor: { node: node.name, device: 'eth0' }, note: `${node.name} receives the packet on eth0.` });
	return rootNs(walk, node, p, 'eth0');
}

/** The reply from the internet back through the NAT gateway to the node. */
export function fromInternet(walk: Walk, p: Pkt): End {
	push(walk, p, { at: `internet · ${p.src}`, kind: 'internet', anchor: { actor: 'internet' }, note: `${addr(p.src, p.sport)} answers to ${addr(p.dst, p.dport)}.` });
	let q = p;
	const nat = walk.cloudNat;
	if (nat && p.dst === nat.outside) {
		q = { ...p, dst: nat.inside, dport: nat.insidePort };
		push(walk, q, {
			at: 'cloud NAT gateway',
			kind: 'nat-gateway',
			anchor: { actor: 'nat-gateway' },
			changed: ['un-snat'],
			before: { dst: addr(p.dst, p.dport) },
			note: `The NAT gateway finds its mapping and rewrites the destination back to ${addr(q.dst, q.dport)}.`
		});
	}
	const node = walk.w.nodesByIp.get(q.dst);
	if (!node) return { status: 'no-route', pkt: q };
	push(walk, q, { at: `wire · router → ${node.name} eth0`, kind: 'wire', anchor: { node: node.name, device: 'eth0' }, note: `The cloud router delivers it to ${node.name}.` });
	return fromOutsideToNode(walk, node, q);
}
