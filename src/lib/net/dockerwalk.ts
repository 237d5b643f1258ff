// A Docker host's steps of the shared kernel path (stack.ts), in dockerd's
// chains (docker.ts) and Docker's words: the container's eth0 and veth,
// docker0, nat PREROUTING/OUTPUT's DOCKER chain, filter FORWARD as dockerd
// wrote it, MASQUERADE and conntrack, docker-proxy, and the network between
// hosts. The flow (flows/docker.ts) starts walks here; walk.ts is the same
// for Kubernetes nodes.
import type { Hop, Leg, Proto } from './packet';
import { addr } from './packet';
import type { Rng } from '../util';
import { push, reply, type HopSink, type Pkt as NodePkt } from './hop';
import { ctText, findReply, isDnat, isSnat, type CtEntry } from './conntrack';
import { ctEntry, unDnat as undoDnat, unSnat } from './tracking';
import { cidrContains } from '../model';
import { dockerHook, dockerMac, dockerVeth, type ChainResult, type DockerContainer, type DockerHost, type PortMapping } from './docker';
import { deviceAddress, endpointRoute, localRoute, routeLookup, type NetHost } from './host';
import type { Hook } from './netfilter';
import { arrive, fromEndpoint, routeOut, type Site } from './stack';

const LEGACY = 'Classic Docker (17.06–27.x) rules as iptables-save prints them; Docker 28 moved the FORWARD rules into DOCKER-FORWARD / DOCKER-CT / DOCKER-BRIDGE with the same effect.';

/** A Docker walk's packet: addresses and protocol; no TTL or mark is tracked (hops show neither). */
export type Pkt = Pick<NodePkt, 'src' | 'sport' | 'dst' | 'dport' | 'proto'>;

/** A Docker walk: the shared hop list (hop.ts) plus the hosts and their conntrack tables. */
export interface DW extends HopSink {
	hosts: DockerHost[];
	net: Map<string, NetHost>;
	rng: Rng;
	hops: Hop[];
	notes: string[];
	leg: Leg;
	ct: CtEntry[];
	endpoint?: string;
}

export type Where = { kind: 'container'; host: DockerHost; c: DockerContainer } | { kind: 'host'; host: DockerHost } | { kind: 'external'; ip: string };

/** Where a packet ended: delivered to a listener, or stopped. `proxy`: docker-proxy accepted it (a second connection follows). */
export type End =
	| { status: 'delivered'; to: Where; pkt: Pkt; proxy?: PortMapping }
	| { status: 'rejected' | 'dropped' | 'no-route'; pkt: Pkt; to?: Where };

export const ap = (p: Pkt) => addr(p.dst, p.dport);
export const sp = (p: Pkt) => addr(p.src, p.sport);
const l4 = (p: Pkt): 'tcp' | 'udp' => (p.proto === 'UDP' ? 'udp' : 'tcp');
export const net = (w: DW, h: DockerHost) => w.net.get(h.name)!;

/** One hook of dockerd's tables on `host`, by the shared engine (host.ts): every rule looked at is recorded. */
function hook(w: DW, host: DockerHost, table: 'nat' | 'filter', at: Hook, p: Pkt, ifs: { in: string; out: string }, outAddr?: string): ChainResult {
	const pkt = { src: p.src, sport: p.sport, dst: p.dst, dport: p.dport, proto: p.proto, mark: 0, in: ifs.in, out: ifs.out };
	return dockerHook(net(w, host), table, at, pkt, reply(w) ? 'ESTABLISHED' : 'NEW', outAddr);
}
// ---------------------------------------------------------------- senders

export function fromClient(w: DW, p: Pkt): End {
	push(w, p, {
		at: `client ${p.src}`,
		kind: 'internet',
		anchor: { actor: 'client' },
		note: `The client ${p.src} opens a connection to ${ap(p)}.`
	});
	return toNetwork(w, null, p);
}

export function fromContainer(w: DW, host: DockerHost, c: DockerContainer, p: Pkt): End {
	return fromEndpoint(HOST, w, host, c, p);
}

/** The container's eth0 (its own routing table) and the host end of its veth. */
function leaveContainer(w: DW, host: DockerHost, c: DockerContainer, p: Pkt, onLink: boolean): void {
	const br = host.bridge;
	const veth = dockerVeth(host.name, c.name);
	push(w, p, {
		at: `${host.name} · container ${c.name} · eth0`,
		kind: 'container-eth0',
		anchor: { node: host.name, device: `${c.name}/eth0` },
		rule: endpointRoute(net(w, host), c.ip, p.dst, onLink),
		note: reply(w)
			? `${c.name} answers ${ap(p)} from eth0 (${c.ip}).`
			: onLink
				? `${c.name} (${c.ip}) sends to ${ap(p)}. The container's routing table says ${p.dst} is on its own subnet ${br.cidr}, so it goes straight out of eth0 — on-link, to be found by ARP on ${br.name}. The container cannot tell whether that address is on this host or another one.`
				: `${c.name} (${c.ip}) sends to ${ap(p)}. That address is not on ${br.cidr}, so the container's default route sends it to its gateway ${br.gateway}, which is ${br.name} on ${host.name}.`,
		refs: [c.source]
	});
	push(w, p, {
		at: `${host.name} · ${veth}`,
		kind: 'veth',
		anchor: { node: host.name, device: veth },
		note: `The container's eth0 is one end of a veth pair; the other end, ${veth}, lives in ${host.name}'s root network namespace, plugged into ${br.name}.`,
		simplified: 'dockerd names the host end vethXXXXXXX at random; Hopscope derives a stable name.'
	});
}

/** Off-link: the frame is for docker0's own address, so it goes up into the host. */
function upFromBridge(w: DW, host: DockerHost, p: Pkt): void {
	const br = host.bridge;
	push(w, p, {
		at: `${host.name} · ${br.name}`,
		kind: 'bridge',
		anchor: { node: host.name, device: br.name },
		rule: `ARP: ${br.gateway} is at ${br.name}'s own MAC`,
		note: `The frame is addressed to the gateway ${br.gateway}, ${br.name}'s own address, so ${br.name} hands it up to ${host.name}'s IP stack: the host routes it.`,
		refs: [host.at('spec.bridge')]
	});
}

/** A process on the host itself (curl, or docker-proxy answering). */
export function fromHost(w: DW, host: DockerHost, p: Pkt, who: 'curl' | 'process' | 'docker-proxy'): End {
	const lo = cidrContains('127.0.0.0/8', p.dst);
	const local = net(w, host).isLocal(p.dst);
	push(w, p, {
		at: `${host.name} · ${who}`,
		kind: 'process',
		anchor: { node: host.name },
		rule: local ? localRoute(p.dst, p.dst === host.bridge.gateway ? host.bridge.name : 'eth0') : routeLookup(net(w, host), p.dst).text,
		note: reply(w)
			? `${who} on ${host.name} answers ${ap(p)}.`
			: who === 'docker-proxy'
				? `docker-proxy opens its own connection to the container, ${ap(p)}, from ${host.bridge.name}'s address ${sp(p)} — the container sees the proxy, not the original client.`
				: `A process on ${host.name} (e.g. \`curl ${lo ? 'localhost' : p.dst}:${p.dport}\`) connects to ${ap(p)} from ${sp(p)}.`,
		refs: [host.at('spec.address')]
	});
	if (reply(w)) {
		// locally generated replies: the nat OUTPUT/POSTROUTING translation comes from conntrack
		if (lo || local) return localIn(w, host, p);
		return routeOut(HOST, w, host, p, p, null);
	}
	// nat OUTPUT: published ports reached through the host's own non-loopback address
	const p0 = { ...p };
	const res = nat(w, host, 'OUTPUT', p, { in: '', out: lo || local ? 'lo' : 'eth0' });
	if (res) return res;
	if (net(w, host).isLocal(p.dst)) return localIn(w, host, p);
	return routeOut(HOST, w, host, p, p0, null);
}

// ---------------------------------------------------------------- inside a host

/** container → container on the same docker0: switched at layer 2 (br_netfilter still shows it to FORWARD). */
function bridged(w: DW, host: DockerHost, p: Pkt): End {
	const br = host.bridge;
	const target = host.containers.find((c) => c.ip === p.dst);
	if (!target) {
		push(w, p, {
			at: `${host.name} · ${br.name}`,
			kind: 'bridge',
			anchor: { node: host.name, device: br.name },
			rule: `ARP: who-has ${p.dst} tell ${p.src} — no answer`,
			note: `${br.name} floods the ARP request to every container on ${host.name}; none has ${p.dst}. After the ARP timeout connect() fails with "No route to host" (EHOSTUNREACH). The packet never left ${host.name}: ${br.cidr} is a local network on every Docker host, so ${host.name} never sends it to eth0.`,
			refs: [host.at('spec.bridge.cidr')]
		});
		return { status: 'no-route', pkt: p };
	}
	push(w, p, {
		at: `${host.name} · ${br.name}`,
		kind: 'bridge',
		anchor: { node: host.name, device: br.name },
		rule: `ARP: ${p.dst} is at ${dockerMac(p.dst)} (${target.name}, dev ${dockerVeth(host.name, target.name)})`,
		note: reply(w)
			? `${br.name} switches the answer back to ${target.name}'s port.`
			: `${br.name} resolves ${p.dst} by ARP: it is ${host.name}'s own container ${target.name}. Layer 2 only: no routing, no NAT, nothing leaves ${host.name}.`,
		refs: [target.source, host.at('spec.bridge')],
		simplified: 'Older Docker releases derive the MAC from the IP (02:42:…); newer ones may pick a random one. br_netfilter also shows the frame to nat PREROUTING/POSTROUTING and conntrack; nothing there applies, so only filter FORWARD is drawn.'
	});
	const f = filterForward(w, host, p, br.name, br.name);
	if (f) return f;
	return toContainer(w, host, target, p);
}

/** A Docker host's steps of the shared kernel path (stack.ts), in dockerd's chains and Docker's words. */
const HOST: Site<DW, DockerHost, Pkt, End, DockerContainer> = {
	net,
	leave: leaveContainer,
	switched: (w, host, _c, p) => bridged(w, host, p),
	up: (w, host, _c, p) => upFromBridge(w, host, p),
	prerouting(w, host, p, inIf) {
		if (!reply(w)) return { pkt: p, end: nat(w, host, 'PREROUTING', p, { in: inIf, out: '' }) ?? undefined };
		const e = findReply(w.ct, host.name, p.proto, p);
		if (e && isDnat(e) && net(w, host).isLocal(p.dst)) {
			// a locally generated request was DNATed in nat OUTPUT: undone on the way in (INPUT)
			unDnat(w, host, p, e, 'INPUT', 'the address the local process called.');
		}
		if (e && isSnat(e)) {
			Object.assign(p, unSnat(w, host.name, p, e, { at: `${host.name} · conntrack`, note: (q) => `The reply matches the conntrack entry the request made on ${host.name}. The MASQUERADE is undone: the destination ${ap(p)} becomes the container ${ap(q)} again — no nat rule is consulted.` }));
		}
		return { pkt: p };
	},
	input: (w, host, p) => localIn(w, host, p),
	route(w, host, p, rt, forwarded, original) {
		// a local socket's route is on its process hop; only a DNAT in nat OUTPUT makes the kernel route again
		if (forwarded || p.dst !== original.dst) routeHop(w, host, p, rt.dev);
		return p;
	},
	forward: (w, host, p, inIf, rt) => filterForward(w, host, p, inIf, rt.dev) ?? undefined,
	postrouting(w, host, p, _original, rt, forwarded) {
		postrouting(w, host, p, rt.dev, forwarded);
		return { pkt: p };
	},
	out: (w, host, p, rt) => deviceOut(w, host, p, rt.dev)
};

/** conntrack rewrites a reply's source back to what the request was sent to (undoing a DNAT). */
function unDnat(w: DW, host: DockerHost, p: Pkt, e: CtEntry, hook: 'INPUT' | 'POSTROUTING', calledWhat: string): void {
	Object.assign(p, undoDnat(w, host.name, p, e, hook, { at: `${host.name} · conntrack`, note: (q) => `conntrack undoes the DNAT on the reply: the source ${sp(p)} (the container) becomes ${sp(q)}, ${calledWhat}` }));
}

function routeHop(w: DW, host: DockerHost, p: Pkt, out: string): void {
	const br = host.bridge;
	const rt = routeLookup(net(w, host), p.dst);
	push(w, p, {
		at: `${host.name} · routing`,
		kind: 'routing',
		anchor: { node: host.name },
		rule: rt.text,
		note: out === br.name ? `${p.dst} is on ${br.cidr}, directly connected through ${br.name}.` : `${p.dst} is not a local network of ${host.name}: out of eth0${rt.kind === 'link' ? ` (on-link, ${host.subnet})` : ` to the default gateway ${host.gateway}`}.`,
		refs: [out === br.name ? host.at('spec.bridge.cidr') : host.at('spec.address')]
	});
}

/** nat PREROUTING or OUTPUT for the first packet: the DOCKER chain's DNAT of a published port. Returns an End when the packet stops. */
function nat(w: DW, host: DockerHost, at: 'PREROUTING' | 'OUTPUT', p: Pkt, ifs: { in: string; out: string }): End | null {
	const r = hook(w, host, 'nat', at, p, ifs);
	const steps = r.steps;
	const entry = ctEntry(host.name, p, p);
	w.ct.push(entry);
	// the publication the DNAT rule was written for: same host port and protocol, same container address:port
	const m = r.verdict === 'DNAT' && r.rule ? host.containers.flatMap((c) => c.publish.map((pm) => ({ c, pm }))).find(({ c, pm }) => r.rule!.match?.dport === pm.hostPort && r.rule!.match?.protocol === pm.proto && r.rule!.toDestination === `${c.ip}:${pm.containerPort}`)?.pm : undefined;
	if (r.verdict === 'DNAT' && r.rule) {
		const before = ap(p);
		p.dst = r.pkt.dst;
		p.dport = r.pkt.dport;
		w.endpoint = ap(p);
		entry.reply = { src: p.dst, sport: p.dport, dst: p.src, dport: p.sport };
		push(w, p, {
			at: `${host.name} · nat ${at} · DOCKER`,
			kind: 'netfilter',
			anchor: { node: host.name, hook: at, table: 'nat', chain: 'DOCKER' },
			rule: r.rule.text,
			rules: steps,
			changed: ['dst'],
			before: { dst: before },
			note: `${before} is ${host.name}'s own address (addrtype LOCAL), so ${at} jumps to Docker's DOCKER chain. The packet did not come in on ${host.bridge.name}, and port ${before.split(':')[1]} is published${m ? ` (\`-p ${m.text}\`)` : ''}: DNAT rewrites the destination to the container, ${ap(p)}.`,
			refs: [...(m ? [m.source] : []), host.at('spec.address')]
		});
		return null;
	}
	const jumped = r.steps.some((t) => t.matched && t.chain === at);
	if (!jumped) return null; // nothing to show: the nat table does not touch this packet
	push(w, p, {
		at: `${host.name} · nat ${at} · DOCKER`,
		kind: 'netfilter',
		anchor: { node: host.name, hook: at, table: 'nat', chain: 'DOCKER' },
		rules: steps,
		note:
			ifs.in === host.bridge.name
				? `${p.dst} is ${host.name}'s own address, so ${at} jumps to DOCKER — but \`-i ${host.bridge.name} -j RETURN\`: packets from containers are never DNATed here. The packet stays addressed to the host and goes up to a local process.`
				: `${p.dst} is ${host.name}'s own address, so ${at} jumps to DOCKER, but no published port matches ${p.dport}: no DNAT, the packet goes to the host's own processes.`,
		refs: [host.at('spec.address')]
	});
	return null;
}

/** filter FORWARD as dockerd wrote it (default policy DROP). Returns an End when dropped. */
function filterForward(w: DW, host: DockerHost, p: Pkt, inIf: string, out: string): End | null {
	const r = hook(w, host, 'filter', 'FORWARD', p, { in: inIf, out });
	const steps = r.steps;
	const br = host.bridge.name;
	const why =
		r.verdict === 'DROP'
			? `nothing accepts it and the FORWARD policy is DROP.`
			: r.rule?.chain === 'DOCKER'
				? `DOCKER-USER (your own rules; empty) and the isolation stages return, then \`-o ${br} -j DOCKER\` finds the ACCEPT dockerd added for the published port.`
				: r.rule?.match?.ctstate === 'RELATED,ESTABLISHED'
					? `it belongs to a connection conntrack already knows (ESTABLISHED), so \`-o ${br} … --ctstate RELATED,ESTABLISHED -j ACCEPT\` lets it in.`
					: inIf === br && out === br
						? `container to container on one bridge: \`-i ${br} -o ${br} -j ACCEPT\` (inter-container communication, icc, is on by default). br_netfilter shows even bridged frames to iptables.`
						: `it leaves ${br} for another interface: DOCKER-ISOLATION-STAGE-1 sends it to STAGE-2, which only drops traffic into another Docker bridge, then \`-i ${br} ! -o ${br} -j ACCEPT\` lets containers out.`;
	push(w, p, {
		at: `${host.name} · filter FORWARD`,
		kind: 'netfilter',
		anchor: { node: host.name, hook: 'FORWARD', table: 'filter', chain: r.rule?.chain ?? 'FORWARD' },
		rule: r.rule?.text ?? ':FORWARD DROP',
		rules: steps,
		note: r.verdict === 'DROP' ? `filter FORWARD drops the packet: ${why}` : `filter FORWARD accepts: ${why}`,
		simplified: LEGACY
	});
	return r.verdict === 'DROP' ? { status: 'dropped', pkt: p } : null;
}

/** nat POSTROUTING (MASQUERADE, or conntrack's un-DNAT on a reply) and conntrack's confirmation. */
function postrouting(w: DW, host: DockerHost, p: Pkt, out: string, forwarded: boolean): void {
	const br = host.bridge;
	const e = w.ct.find((x) => x.node === host.name && x.proto === p.proto && (reply(w) ? x.reply.src === p.src && x.reply.sport === p.sport && x.reply.dst === p.dst && x.reply.dport === p.dport : x.orig.src === p.src && x.orig.sport === p.sport));
	if (reply(w)) {
		if (e && isDnat(e)) {
			unDnat(w, host, p, e, 'POSTROUTING', "the address and port the client called — so the client's socket accepts it.");
		}
	} else {
		const r = hook(w, host, 'nat', 'POSTROUTING', p, { in: '', out }, deviceAddress(net(w, host), out));
		const steps = r.steps;
		const entry = e ?? ctEntry(host.name, p, p);
		if (!e) w.ct.push(entry);
		if (r.verdict === 'MASQUERADE') {
			const before = sp(p);
			p.src = r.pkt.src;
			entry.reply = { ...entry.reply, dst: p.src, dport: p.sport };
			push(w, p, {
				at: `${host.name} · nat POSTROUTING`,
				kind: 'netfilter',
				anchor: { node: host.name, hook: 'POSTROUTING', table: 'nat', chain: 'POSTROUTING' },
				rule: r.rule!.text,
				rules: steps,
				changed: ['src'],
				before: { src: before },
				note: `The source ${before} is a ${br.cidr} address — private, and the same range on every Docker host — and the packet leaves through ${out}, not ${br.name}: MASQUERADE rewrites the source to ${host.name}'s own address ${p.src}. Answers can find their way back to ${host.name}; conntrack remembers which container asked.`,
				refs: [host.at('spec.bridge.cidr'), host.at('spec.address')],
				simplified: 'MASQUERADE keeps the source port unless another connection already uses it.'
			});
		} else if (forwarded && out === br.name) {
			push(w, p, {
				at: `${host.name} · nat POSTROUTING`,
				kind: 'netfilter',
				anchor: { node: host.name, hook: 'POSTROUTING', table: 'nat', chain: 'POSTROUTING' },
				rules: steps,
				note: `Into ${br.name}: \`! -o ${br.name}\` keeps the MASQUERADE rule out of it, so the source stays ${sp(p)} — the container sees the real client address.`
			});
		}
		push(w, p, {
			at: `${host.name} · conntrack`,
			kind: 'conntrack',
			anchor: { node: host.name, hook: 'POSTROUTING' },
			rule: ctText(entry, 'new'),
			note: isDnat(entry) || isSnat(entry) ? `The connection is confirmed in ${host.name}'s conntrack table with ${[isDnat(entry) ? 'its DNAT' : '', isSnat(entry) ? 'its MASQUERADE' : ''].filter(Boolean).join(' and ')}: the second tuple is what the reply will look like.` : `The connection is confirmed in ${host.name}'s conntrack table, without NAT.`
		});
	}
}

/** Out of the interface the route chose: eth0 to the network, or docker0 to a container. */
function deviceOut(w: DW, host: DockerHost, p: Pkt, out: string): End {
	const br = host.bridge;
	if (out !== br.name) return toNetwork(w, host, p);
	const target = host.containers.find((c) => c.ip === p.dst);
	push(w, p, {
		at: `${host.name} · ${br.name}`,
		kind: 'bridge',
		anchor: { node: host.name, device: br.name },
		rule: target ? `ARP: ${p.dst} is at ${dockerMac(p.dst)} (${target.name}, dev ${dockerVeth(host.name, target.name)})` : `ARP: who-has ${p.dst} tell ${br.gateway} — no answer`,
		note: target ? `${br.name} switches the frame to ${target.name}'s veth.` : `No container on ${host.name} has ${p.dst}: "No route to host".`,
		refs: [...(target ? [target.source] : []), host.at('spec.bridge')]
	});
	if (!target) return { status: 'no-route', pkt: p };
	return toContainer(w, host, target, p);
}

/** Delivered to a process of the host (INPUT): docker-proxy for a published port, else nothing listens. */
function localIn(w: DW, host: DockerHost, p: Pkt): End {
	if (reply(w)) {
		push(w, p, { at: `${host.name} · ${cidrContains('127.0.0.0/8', p.dst) ? 'lo' : 'INPUT · local socket'}`, kind: 'localhost', anchor: { node: host.name, device: cidrContains('127.0.0.0/8', p.dst) ? 'lo' : undefined }, note: `The answer is for a socket on ${host.name} itself: it is delivered locally.` });
		return { status: 'delivered', to: { kind: 'host', host }, pkt: p };
	}
	const lo = cidrContains('127.0.0.0/8', p.dst);
	if (lo) {
		push(w, p, {
			at: `${host.name} · lo`,
			kind: 'localhost',
			anchor: { node: host.name, device: 'lo' },
			rule: '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
			note: `${p.dst} is loopback: nat OUTPUT's jump to DOCKER excludes 127.0.0.0/8 (\`! -d 127.0.0.0/8\`), so no DNAT — the packet stays on lo and goes to whatever listens on port ${p.dport} on ${host.name}.`
		});
	}
	const m = host.containers.flatMap((c) => c.publish).find((pm) => pm.hostPort === p.dport && pm.proto === l4(p) && (pm.hostIP === '0.0.0.0' || pm.hostIP === p.dst));
	const c = m && host.containers.find((x) => x.publish.includes(m));
	if (!m || !c) {
		push(w, p, {
			at: `${host.name} · INPUT`,
			kind: 'process',
			anchor: { node: host.name },
			note: `Nothing on ${host.name} listens on ${p.proto} port ${p.dport} (no published port): the kernel answers ${p.proto === 'UDP' ? 'ICMP port unreachable' : 'RST — "connection refused"'}.`,
			simplified: "The host's own services (sshd, …) are not modelled.",
			refs: [host.source]
		});
		return { status: 'rejected', pkt: p, to: { kind: 'host', host } };
	}
	push(w, p, {
		at: `${host.name} · docker-proxy`,
		kind: 'process',
		anchor: { node: host.name },
		rule: `/usr/bin/docker-proxy -proto ${m.proto} -host-ip ${m.hostIP} -host-port ${m.hostPort} -container-ip ${c.ip} -container-port ${m.containerPort}`,
		note: `For \`-p ${m.text}\` dockerd also starts docker-proxy, a userland proxy listening on ${m.hostIP}:${m.hostPort}. It catches what the DNAT rule cannot: connections to localhost and from containers to their own host's address. It accepts the connection and opens a new one to ${c.name} (${c.ip}:${m.containerPort}).`,
		refs: [m.source],
		simplified: 'With "userland-proxy": false in daemon.json there is no docker-proxy; dockerd then DNATs loopback too (route_localnet and extra nat OUTPUT rules).'
	});
	return { status: 'delivered', to: { kind: 'host', host }, pkt: p, proxy: m };
}

/** docker-proxy's own connection to the container (from docker0's address). */
export function proxyConnect(w: DW, host: DockerHost, m: PortMapping, proto: Proto): End {
	const c = host.containers.find((x) => x.publish.includes(m))!;
	const p: Pkt = { src: host.bridge.gateway, sport: w.rng.int(32768, 60999), dst: c.ip, dport: m.containerPort, proto };
	return fromHost(w, host, p, 'docker-proxy');
}

function toContainer(w: DW, host: DockerHost, c: DockerContainer, p: Pkt): End {
	const veth = dockerVeth(host.name, c.name);
	push(w, p, { at: `${host.name} · ${veth}`, kind: 'veth', anchor: { node: host.name, device: veth }, note: `Out of ${host.bridge.name}'s port ${veth}, the host end of ${c.name}'s veth pair.` });
	push(w, p, {
		at: `${host.name} · container ${c.name} · eth0`,
		kind: 'container-eth0',
		anchor: { node: host.name, device: `${c.name}/eth0` },
		note: `The packet pops out of ${c.name}'s eth0 (${c.ip}) inside its network namespace.`,
		refs: [c.source]
	});
	if (reply(w)) return { status: 'delivered', to: { kind: 'container', host, c }, pkt: p };
	const listens = c.listens.some((l) => l.port === p.dport && l.proto === l4(p));
	push(w, p, {
		at: `${host.name} · container ${c.name}`,
		kind: 'process',
		anchor: { node: host.name, device: `${c.name}/eth0` },
		note: listens ? `${c.name} listens on ${p.dport} and accepts the connection from ${sp(p)}.` : `Nothing in ${c.name} listens on ${p.proto} port ${p.dport}: the kernel answers ${p.proto === 'UDP' ? 'ICMP port unreachable' : 'RST — "connection refused"'}.`,
		refs: [c.source]
	});
	return listens ? { status: 'delivered', to: { kind: 'container', host, c }, pkt: p } : { status: 'rejected', pkt: p, to: { kind: 'container', host, c } };
}

// ---------------------------------------------------------------- between hosts

/** Out of `host`'s eth0 (null: from the internet) to whoever has p.dst. */
export function toNetwork(w: DW, host: DockerHost | null, p: Pkt): End {
	if (host) {
		push(w, p, { at: `${host.name} · eth0`, kind: 'node-eth0', anchor: { node: host.name, device: 'eth0' }, note: `Out of ${host.name}'s eth0 (${host.address}).`, refs: [host.at('spec.address')] });
	}
	const next = w.hosts.find((h) => h.address === p.dst);
	if (next) {
		push(w, p, {
			at: host ? `wire · ${host.name} eth0 → ${next.name} eth0` : `internet → ${next.name} eth0`,
			kind: host ? 'wire' : 'internet',
			anchor: host ? {} : { actor: 'internet' },
			note: host ? `Across the network between the hosts to ${next.name} (${next.address}).` : `Across the internet to ${next.name}'s address ${next.address}.`,
			simplified: host ? 'The LAN (switch, ARP for the next host) is one hop.' : 'The internet, and any cloud NAT in front of the host, are one hop.'
		});
		push(w, p, { at: `${next.name} · eth0`, kind: 'node-eth0', anchor: { node: next.name, device: 'eth0' }, note: `Into ${next.name}'s eth0 (${next.address}).`, refs: [next.at('spec.address')] });
		return arrive(HOST, w, next, p, 'eth0');
	}
	const inBridge = w.hosts.find((h) => cidrContains(h.bridge.cidr, p.dst));
	if (inBridge && !reply(w)) {
		push(w, p, {
			at: host ? `${host.name} · default gateway ${host.gateway}` : 'internet',
			kind: 'internet',
			anchor: { actor: 'internet' },
			note: `${p.dst} is a private ${inBridge.bridge.cidr} container address. Every Docker host uses that range for its own docker0, and nothing outside a host routes to it: the packet is lost. To reach a container from outside, publish a port and call the host's address.`
		});
		return { status: 'no-route', pkt: p };
	}
	if (reply(w)) {
		push(w, p, { at: `client ${p.dst}`, kind: 'internet', anchor: { actor: 'client' }, note: `The answer reaches ${p.dst} from ${sp(p)} — the address it called, so its socket accepts it.` });
		return { status: 'delivered', to: { kind: 'external', ip: p.dst }, pkt: p };
	}
	push(w, p, {
		at: `internet · ${p.dst}`,
		kind: 'internet',
		anchor: { actor: 'internet' },
		note: `Through ${host ? `${host.name}'s default gateway ${host.gateway}` : 'the network'} to ${p.dst}, which accepts the connection from ${sp(p)}.`,
		simplified: 'The internet, and any cloud NAT in front of the host, are one hop.'
	});
	return { status: 'delivered', to: { kind: 'external', ip: p.dst }, pkt: p };
}
