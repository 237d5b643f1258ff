// Journey 9: packets between plain Docker hosts (net/docker.ts), hop by hop —
// container eth0 → veth → docker0 → the host's nat/filter chains as dockerd
// wrote them → eth0 → the LAN or the internet, and back through conntrack.
// This module resolves the flow's ends and runs the request and the reply;
// the hosts are walked by stack.ts with dockerwalk.ts's steps.
//
//   traceDocker(resources, flow, {seed}) → Trace
//
// Flow ends: `docker/HOST/CONTAINER`, `dockerhost/HOST` (a process on the
// host, or the host's eth0 address as a destination) and `external/IP`.
// Pure and deterministic (ephemeral ports come from the seeded PRNG); never
// throws. trace() dispatches here when a flow end is a docker/ or dockerhost/ REF.
import type { Resource } from '../../manifest';
import type { Flow, Proto, Trace, Verdict } from '../packet';
import { cidrContains, isIPv4, parseRef } from '../../model';
import { makeRng } from '../../util';
import { push } from '../hop';
import { dockerHosts, netHost, type DockerContainer, type DockerHost } from '../docker';
import { ap, fromClient, fromContainer, fromHost, net, proxyConnect, sp, toNetwork, type DW, type End, type Pkt, type Where } from '../dockerwalk';

export interface DockerTraceOptions {
	/** the parsed documents (LoadedScenario.parse.resources): the `kind: DockerHost` ones are read */
	resources?: readonly Resource[];
}

/** True when one end of the flow is a `docker/…` or `dockerhost/…` REF. */
export function isDockerFlow(flow: Flow): boolean {
	return [flow.from, flow.to].some((e) => typeof e === 'string' && /^(docker|dockerhost)$/.test(parseRef(e.trim())?.kind ?? ''));
}

const cName = (h: DockerHost, c: DockerContainer) => `docker/${h.name}/${c.name}`;

export function traceDocker(resources: readonly Resource[], flow: Flow, opts: { seed: number }): Trace {
	const w: DW = { hosts: [], net: new Map(), rng: makeRng(opts.seed), hops: [], notes: [], leg: 'request', ct: [] };
	try {
		w.hosts = dockerHosts(resources);
		for (const h of w.hosts) {
			w.net.set(h.name, netHost(h));
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
		p.src = cidrContains('127.0.0.0/8', dst) ? '127.0.0.1' : net(w, from.host).isLocal(dst) ? dst : cidrContains(from.host.bridge.cidr, dst) ? from.host.bridge.gateway : from.host.address;
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
