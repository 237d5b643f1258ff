// Journey 9: packets between plain Docker hosts (net/docker.ts), hop by hop —
// container eth0 → veth → docker0 → the host's nat/filter chains as dockerd
// wrote them → eth0 → the LAN or the internet, and back through conntrack.
//
//   traceDocker(resources, flow, {seed}) → Trace
//
// Flow ends: `docker/HOST/CONTAINER`, `dockerhost/HOST` (a process on the
// host, or the host's eth0 address as a destination) and `external/IP`.
// Pure and deterministic (ephemeral ports come from the seeded PRNG); never
// throws. trace() dispatches here when a flow end is a docker/ or dockerhost/ REF.
import type { Resource } from '../../manifest';
import type { Flow, Hop, Leg, Proto, Trace, Verdict } from '../packet';
import { addr } from '../packet';
import { parseRef } from '../../model';
import { makeRng, type Rng } from '../../util';
import { push, reply, type HopSink } from '../hop';
import { ctText, isDnat, isSnat, type CtEntry } from '../conntrack';
import { ctEntry, unDnat as undoDnat, unSnat } from '../tracking';
import { cidrContains, isIPv4 } from '../../model';
import type { Tables } from '../iptables';
import { dockerHosts, dockerMac, dockerRules, dockerVeth, runChain, type Ctx, type DockerContainer, type DockerHost, type PortMapping } from '../docker';

export interface DockerTraceOptions {
	/** the parsed documents (LoadedScenario.parse.resources): the `kind: DockerHost` ones are read */
	resources?: readonly Resource[];
}

const LEGACY = 'Classic Docker (17.06–27.x) rules as iptables-save prints them; Docker 28 moved the FORWARD rules into DOCKER-FORWARD / DOCKER-CT / DOCKER-BRIDGE with the same effect.';

/** True when one end of the flow is a `docker/…` or `dockerhost/…` REF. */
export function isDockerFlow(flow: Flow): boolean {
	return [flow.from, flow.to].some((e) => typeof e === 'string' && /^(docker|dockerhost)$/.test(parseRef(e.trim())?.kind ?? ''));
}

interface Pkt {
	src: string;
	sport?: number;
	dst: string;
	dport?: number;
	proto: Proto;
}

/** A Docker walk: the shared hop list (hop.ts) plus the hosts and their conntrack tables. */
interface DW extends HopSink {
	hosts: DockerHost[];
	rules: Map<string, Tables>;
	rng: Rng;
	hops: Hop[];
	notes: string[];
	leg: Leg;
	ct: CtEntry[];
	endpoint?: string;
}

type Where = { kind: 'container'; host: DockerHost; c: DockerContainer } | { kind: 'host'; host: DockerHost } | { kind: 'external'; ip: string };

/** Where a packet ended: delivered to a listener, or stopped. `proxy`: docker-proxy accepted it (a second connection follows). */
type End =
	| { status: 'delivered'; to: Where; pkt: Pkt; proxy?: PortMapping }
	| { status: 'rejected' | 'dropped' | 'no-route'; pkt: Pkt; to?: Where };



const ap = (p: Pkt) => addr(p.dst, p.dport);
const sp = (p: Pkt) => addr(p.src, p.sport);
const l4 = (p: Pkt): 'tcp' | 'udp' => (p.proto === 'UDP' ? 'udp' : 'tcp');
const isLocal = (h: DockerHost, ip: string) => ip === h.address || ip === h.bridge.gateway || cidrContains('127.0.0.0/8', ip);
const cName = (h: DockerHost, c: DockerContainer) => `docker/${h.name}/${c.name}`;

export function traceDocker(resources: readonly Resource[], flow: Flow, opts: { seed: number }): Trace {
	const w: DW = { hosts: [], rules: new Map(), rng: makeRng(opts.seed), hops: [], notes: [], leg: 'request', ct: [] };
	try {
		w.hosts = dockerHosts(resources);
		for (const h of w.hosts) {
			w.rules.set(h.name, dockerRules(h));
			for (const pr of h.problems) w.notes.push(`DockerHost ${h.name}: ${pr}`);
		}
		const o = run(w, flow);
		const t: Trace = { verdict: o.verdict, hops: w.hops, notes: w.notes, recent: [] };
		if (o.deliveredTo) t.deliveredTo = o.deliveredTo;
		if (w.endpoint) t.endpoint = w.endpoint;
		return t;
	} catch (e) {
		w.hops.push({ at: 'hopscope', kind: 'routing', leg: 'request', anchor: {}, packet: { src: '?', dst: '?', proto: 'TCP' }, changed: [], note: `Hopscope could not trace this flow: ${e instanceof Error ? e.message : String(e)}`, refs: [] });
		return { verdict: 'no-route', hops: w.hops, notes: w.notes, recent: [] };
	}
}

interface Outcome {
	verdict: Verdict;
	deliveredTo?: string;
}

function noRoute(w: DW, why: string): Outcome {
	push(w, { src: '0.0.0.0', dst: '0.0.0.0', proto: 'TCP' }, { at: 'flow', kind: 'routing', anchor: {}, note: why });
	return { verdict: 'no-route' };
}

function resolveEnd(w: DW, ref: string): Where | string {
	const r = parseRef(ref.trim());
	if (!r) return `'${ref}' is not a REF (docker/HOST/CONTAINER, dockerhost/HOST, external/IP).`;
	if (r.kind === 'external') return isIPv4(r.name) ? { kind: 'external', ip: r.name } : `external/${r.name}: give an IPv4 address.`;
	if (r.kind !== 'docker' && r.kind !== 'dockerhost') return `${ref}: a Docker flow joins docker/HOST/CONTAINER, dockerhost/HOST and external/IP ends; Kubernetes objects are another model.`;
	const host = w.hosts.find((h) => h.name === r.name);
	if (!host) return w.hosts.length ? `There is no DockerHost ${r.name} (known: ${w.hosts.map((h) => h.name).join(', ')}).` : `There is no DockerHost ${r.name}: the input has no \`kind: DockerHost\` documents, or they were not passed to the trace (trace(cluster, flow, {seed, resources})).`;
	if (r.kind === 'dockerhost') return { kind: 'host', host };
	const c = host.containers.find((x) => x.name === r.container);
	return c ? { kind: 'container', host, c } : `DockerHost ${host.name} has no container ${r.container}.`;
}

function label(x: Where): string {
	return x.kind === 'container' ? cName(x.host, x.c) : x.kind === 'host' ? `dockerhost/${x.host.name}` : `external/${x.ip}`;
}

function run(w: DW, flow: Flow): Outcome {
	const from = resolveEnd(w, String(flow.from));
	if (typeof from === 'string') return noRoute(w, from);
	const to = resolveEnd(w, String(flow.to));
	if (typeof to === 'string') return noRoute(w, to);
	const proto: Proto = String(flow.protocol ?? 'TCP').toUpperCase() === 'UDP' ? 'UDP' : 'TCP';
	const dst = to.kind === 'container' ? to.c.ip : to.kind === 'host' ? to.host.address : to.ip;
	const port = flow.port ?? (to.kind === 'container' ? to.c.listens[0]?.port : undefined) ?? 80;
	if (from.kind === 'external' && to.kind === 'external') return noRoute(w, 'Neither end is on a Docker host.');
	if (to.kind === 'container' && from.kind !== 'container') {
		w.notes.push(`${label(to)} has the private address ${to.c.ip}: outside ${to.host.name} only a published port (${to.c.publish.map((m) => m.text).join(', ') || 'none'}) reaches it.`);
	}
	if (to.kind === 'container' && from.kind === 'container' && from.host !== to.host) {
		w.notes.push(`${label(to)} is on another host: its address ${to.c.ip} is only meaningful on ${to.host.name}'s ${to.host.bridge.name}.`);
	}
	const p: Pkt = { src: '', sport: w.rng.int(32768, 60999), dst, dport: port, proto };
	let first: End;
	if (from.kind === 'container') {
		p.src = from.c.ip;
		first = fromContainer(w, from.host, from.c, p);
	} else if (from.kind === 'host') {
		p.src = cidrContains('127.0.0.0/8', dst) ? '127.0.0.1' : isLocal(from.host, dst) ? dst : cidrContains(from.host.bridge.cidr, dst) ? from.host.bridge.gateway : from.host.address;
		first = fromHost(w, from.host, p, 'curl');
	} else {
		p.src = from.ip;
		first = fromClient(w, p);
	}
	if (to.kind === 'container' && first.to?.kind === 'container' && first.to.c !== to.c) {
		w.notes.push(`The packet reached ${label(first.to)}, not ${label(to)}: both have ${to.c.ip}, and ${first.to.host.name} looks for it on its own ${first.to.host.bridge.name}.`);
	}
	if (first.status !== 'delivered') return { verdict: first.status, deliveredTo: first.to ? label(first.to) : undefined };
	let second: (End & { status: 'delivered' }) | undefined;
	if (first.proxy && first.to.kind === 'host') {
		const e = proxyConnect(w, first.to.host, first.proxy, proto);
		if (e.status !== 'delivered') return { verdict: e.status, deliveredTo: e.to ? label(e.to) : undefined };
		second = e;
	}
	w.leg = 'reply';
	if (second) answer(w, second);
	answer(w, first);
	w.leg = 'request';
	return { verdict: 'delivered', deliveredTo: label((second ?? first).to) };
}

/** The reply to a delivered packet, from the listener back to the sender (translated by conntrack). */
function answer(w: DW, e: End & { status: 'delivered' }): void {
	const q: Pkt = { src: e.pkt.dst, sport: e.pkt.dport, dst: e.pkt.src, dport: e.pkt.sport, proto: e.pkt.proto };
	if (e.to.kind === 'container') fromContainer(w, e.to.host, e.to.c, q);
	else if (e.to.kind === 'host') fromHost(w, e.to.host, q, e.proxy ? 'docker-proxy' : 'process');
	else {
		push(w, q, { at: `internet · ${e.to.ip}`, kind: 'internet', anchor: { actor: 'internet' }, note: `${e.to.ip} answers ${sp(q)} → ${ap(q)}: to the address it saw as the source.` });
		toNetwork(w, null, q);
	}
}

// ---------------------------------------------------------------- senders

function fromClient(w: DW, p: Pkt): End {
	push(w, p, {
		at: `client ${p.src}`,
		kind: 'internet',
		anchor: { actor: 'client' },
		note: `The client ${p.src} opens a connection to ${ap(p)}.`
	});
	return toNetwork(w, null, p);
}

function fromContainer(w: DW, host: DockerHost, c: DockerContainer, p: Pkt): End {
	const br = host.bridge;
	const onLink = cidrContains(br.cidr, p.dst) && p.dst !== br.gateway;
	const veth = dockerVeth(host.name, c.name);
	push(w, p, {
		at: `${host.name} · container ${c.name} · eth0`,
		kind: 'container-eth0',
		anchor: { node: host.name, device: `${c.name}/eth0` },
		rule: onLink ? `${br.cidr} dev eth0 proto kernel scope link src ${c.ip}` : `default via ${br.gateway} dev eth0`,
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
	if (onLink) return bridged(w, host, p);
	push(w, p, {
		at: `${host.name} · ${br.name}`,
		kind: 'bridge',
		anchor: { node: host.name, device: br.name },
		rule: `ARP: ${br.gateway} is at ${br.name}'s own MAC`,
		note: `The frame is addressed to the gateway ${br.gateway}, ${br.name}'s own address, so ${br.name} hands it up to ${host.name}'s IP stack: the host routes it.`,
		refs: [host.at('spec.bridge')]
	});
	return routed(w, host, p, br.name);
}

/** A process on the host itself (curl, or docker-proxy answering). */
function fromHost(w: DW, host: DockerHost, p: Pkt, who: 'curl' | 'process' | 'docker-proxy'): End {
	const lo = cidrContains('127.0.0.0/8', p.dst);
	const local = isLocal(host, p.dst);
	push(w, p, {
		at: `${host.name} · ${who}`,
		kind: 'process',
		anchor: { node: host.name },
		rule: lo ? 'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1' : local ? `local ${p.dst} dev ${p.dst === host.bridge.gateway ? host.bridge.name : 'eth0'} table local proto kernel scope host src ${p.dst}` : cidrContains(host.bridge.cidr, p.dst) ? `${host.bridge.cidr} dev ${host.bridge.name} proto kernel scope link src ${host.bridge.gateway}` : cidrContains(host.subnet, p.dst) ? `${host.subnet} dev eth0 proto kernel scope link src ${host.address}` : `default via ${host.gateway} dev eth0`,
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
		const out = cidrContains(host.bridge.cidr, p.dst) ? host.bridge.name : 'eth0';
		return postAndOut(w, host, p, out, 'OUTPUT');
	}
	// nat OUTPUT: published ports reached through the host's own non-loopback address
	const dst0 = p.dst;
	const res = nat(w, host, 'OUTPUT', p, { in: '', out: lo || local ? 'lo' : 'eth0' });
	if (res) return res;
	if (isLocal(host, p.dst)) return localIn(w, host, p);
	const out = cidrContains(host.bridge.cidr, p.dst) ? host.bridge.name : 'eth0';
	if (p.dst !== dst0) routeHop(w, host, p, out); // DNAT in OUTPUT: the kernel routes again
	return postAndOut(w, host, p, out, 'OUTPUT');
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

/** The host's IP stack takes a packet that arrived on `inIf` (docker0 or eth0): PREROUTING → routing → FORWARD/INPUT. */
function routed(w: DW, host: DockerHost, p: Pkt, inIf: string): End {
	if (reply(w)) {
		const e = w.ct.find((x) => x.node === host.name && x.proto === p.proto && x.reply.src === p.src && x.reply.dst === p.dst && x.reply.sport === p.sport && x.reply.dport === p.dport);
		if (e && isDnat(e) && isLocal(host, p.dst)) {
			// a locally generated request was DNATed in nat OUTPUT: undone on the way in (INPUT)
			unDnat(w, host, p, e, 'INPUT', 'the address the local process called.');
		}
		if (e && isSnat(e)) {
			Object.assign(p, unSnat(w, host.name, p, e, { at: `${host.name} · conntrack`, note: (q) => `The reply matches the conntrack entry the request made on ${host.name}. The MASQUERADE is undone: the destination ${ap(p)} becomes the container ${ap(q)} again — no nat rule is consulted.` }));
		}
	} else {
		const res = nat(w, host, 'PREROUTING', p, { in: inIf, out: '' });
		if (res) return res;
	}
	if (isLocal(host, p.dst)) return localIn(w, host, p);
	const out = cidrContains(host.bridge.cidr, p.dst) ? host.bridge.name : 'eth0';
	routeHop(w, host, p, out);
	const f = filterForward(w, host, p, inIf, out);
	if (f) return f;
	return postAndOut(w, host, p, out, 'POSTROUTING');
}

/** conntrack rewrites a reply's source back to what the request was sent to (undoing a DNAT). */
function unDnat(w: DW, host: DockerHost, p: Pkt, e: CtEntry, hook: 'INPUT' | 'POSTROUTING', calledWhat: string): void {
	Object.assign(p, undoDnat(w, host.name, p, e, hook, { at: `${host.name} · conntrack`, note: (q) => `conntrack undoes the DNAT on the reply: the source ${sp(p)} (the container) becomes ${sp(q)}, ${calledWhat}` }));
}

function routeHop(w: DW, host: DockerHost, p: Pkt, out: string): void {
	const br = host.bridge;
	push(w, p, {
		at: `${host.name} · routing`,
		kind: 'routing',
		anchor: { node: host.name },
		rule: out === br.name ? `${br.cidr} dev ${br.name} proto kernel scope link src ${br.gateway}` : cidrContains(host.subnet, p.dst) ? `${host.subnet} dev eth0 proto kernel scope link src ${host.address}` : `default via ${host.gateway} dev eth0`,
		note: out === br.name ? `${p.dst} is on ${br.cidr}, directly connected through ${br.name}.` : `${p.dst} is not a local network of ${host.name}: out of eth0${cidrContains(host.subnet, p.dst) ? ` (on-link, ${host.subnet})` : ` to the default gateway ${host.gateway}`}.`,
		refs: [out === br.name ? host.at('spec.bridge.cidr') : host.at('spec.address')]
	});
}

/** nat PREROUTING or OUTPUT for the first packet: the DOCKER chain's DNAT of a published port. Returns an End when the packet stops. */
function nat(w: DW, host: DockerHost, hook: 'PREROUTING' | 'OUTPUT', p: Pkt, ifs: { in: string; out: string }): End | null {
	const rules = w.rules.get(host.name)!;
	const x: Ctx = { src: p.src, dst: p.dst, dport: p.dport, proto: p.proto, in: ifs.in, out: ifs.out, dstLocal: isLocal(host, p.dst), ctstate: 'NEW' };
	const r = runChain(rules, 'nat', hook, x);
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
			at: `${host.name} · nat ${hook} · DOCKER`,
			kind: 'netfilter',
			anchor: { node: host.name, hook, table: 'nat', chain: 'DOCKER' },
			rule: r.rule.text,
			rules: steps,
			changed: ['dst'],
			before: { dst: before },
			note: `${before} is ${host.name}'s own address (addrtype LOCAL), so ${hook} jumps to Docker's DOCKER chain. The packet did not come in on ${host.bridge.name}, and port ${before.split(':')[1]} is published${m ? ` (\`-p ${m.text}\`)` : ''}: DNAT rewrites the destination to the container, ${ap(p)}.`,
			refs: [...(m ? [m.source] : []), host.at('spec.address')]
		});
		return null;
	}
	const jumped = r.steps.some((t) => t.matched && t.chain === hook);
	if (!jumped) return null; // nothing to show: the nat table does not touch this packet
	push(w, p, {
		at: `${host.name} · nat ${hook} · DOCKER`,
		kind: 'netfilter',
		anchor: { node: host.name, hook, table: 'nat', chain: 'DOCKER' },
		rules: steps,
		note:
			ifs.in === host.bridge.name
				? `${p.dst} is ${host.name}'s own address, so ${hook} jumps to DOCKER — but \`-i ${host.bridge.name} -j RETURN\`: packets from containers are never DNATed here. The packet stays addressed to the host and goes up to a local process.`
				: `${p.dst} is ${host.name}'s own address, so ${hook} jumps to DOCKER, but no published port matches ${p.dport}: no DNAT, the packet goes to the host's own processes.`,
		refs: [host.at('spec.address')]
	});
	return null;
}

/** filter FORWARD as dockerd wrote it (default policy DROP). Returns an End when dropped. */
function filterForward(w: DW, host: DockerHost, p: Pkt, inIf: string, out: string): End | null {
	const rules = w.rules.get(host.name)!;
	const x: Ctx = { src: p.src, dst: p.dst, dport: p.dport, proto: p.proto, in: inIf, out, dstLocal: false, ctstate: reply(w) ? 'ESTABLISHED' : 'NEW' };
	const r = runChain(rules, 'filter', 'FORWARD', x);
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

/** nat POSTROUTING (MASQUERADE, or conntrack's un-DNAT on a reply), then out of the interface. */
function postAndOut(w: DW, host: DockerHost, p: Pkt, out: string, hook: 'POSTROUTING' | 'OUTPUT'): End {
	const br = host.bridge;
	const e = w.ct.find((x) => x.node === host.name && x.proto === p.proto && (reply(w) ? x.reply.src === p.src && x.reply.sport === p.sport && x.reply.dst === p.dst && x.reply.dport === p.dport : x.orig.src === p.src && x.orig.sport === p.sport));
	if (reply(w)) {
		if (e && isDnat(e)) {
			unDnat(w, host, p, e, 'POSTROUTING', "the address and port the client called — so the client's socket accepts it.");
		}
	} else {
		const rules = w.rules.get(host.name)!;
		const x: Ctx = { src: p.src, dst: p.dst, dport: p.dport, proto: p.proto, in: '', out, dstLocal: false, ctstate: 'NEW' };
		const r = runChain(rules, 'nat', 'POSTROUTING', x, out === br.name ? br.gateway : host.address);
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
		} else if (hook === 'POSTROUTING' && out === br.name) {
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
function proxyConnect(w: DW, host: DockerHost, m: PortMapping, proto: Proto): End {
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
function toNetwork(w: DW, host: DockerHost | null, p: Pkt): End {
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
		return routed(w, next, p, 'eth0');
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
