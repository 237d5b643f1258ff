// reachMatrix: every pod pair on every asked port, with bit sets. Per port,
// each pod gets one "may send to" set (the union, over the egress rules of the
// policies isolating it, of peers ∩ pods where the rule's ports match — a named
// port is resolved on each destination pod) and one "may receive from" set
// (the union of its ingress rules' peers, plus its own node's hostNetwork
// pods). A cell is then two bit tests. Same semantics as netpolVerdict.
import type { Cluster } from '../model';
import { makeBits, hasBit, orAndInto, orInto, type Bits } from './bits';
import { compile, namedBits, portMatches, type Compiled, type CRule } from './compile';
import type { L4Protocol, PortProto, ReachMatrix } from './types';

/** Destination pods on which the rule's ports match `port`/`proto`; null = every pod. */
function portBits(c: Compiled, r: CRule, port: number, proto: L4Protocol): Bits | null | 'none' {
	if (!r.ports) return null;
	let acc: Bits | undefined;
	for (const p of r.ports) {
		if (p.protocol !== proto) continue;
		if (typeof p.port === 'string') {
			acc ??= makeBits(c.pods.length);
			orInto(acc, namedBits(c, p.port, port, proto));
		} else if (portMatches([p], port, proto, undefined)) return null;
	}
	return acc ?? 'none';
}

/** For pod j: destinations its egress allows (null = all). */
function egressRow(c: Compiled, j: number, port: number, proto: L4Protocol, full: Bits): Bits | null {
	const ks = c.egressOf[j];
	if (!ks.length) return null;
	const acc = makeBits(c.pods.length);
	for (const k of ks)
		for (const r of c.policies[k].egress) {
			const pb = portBits(c, r, port, proto);
			if (pb === 'none') continue;
			if (!r.bits && !pb) return null;
			orAndInto(acc, r.bits ?? full, pb ?? full);
		}
	return acc;
}

/** For pod i: sources its ingress allows (null = all). */
function ingressRow(c: Compiled, i: number, port: number, proto: L4Protocol): Bits | null {
	const ks = c.ingressOf[i];
	if (!ks.length) return null;
	const acc = makeBits(c.pods.length);
	const host = c.hostPods.get(c.pods[i].node);
	if (host) orInto(acc, host);
	const target = c.pods[i];
	for (const k of ks)
		for (const r of c.policies[k].ingress) {
			if (!portMatches(r.ports, port, proto, target)) continue;
			if (!r.bits) return null;
			orInto(acc, r.bits);
		}
	return acc;
}

export function reachMatrix(cluster: Cluster, ports: PortProto[]): ReachMatrix {
	const c = compile(cluster);
	const n = c.pods.length;
	const full = makeBits(n).fill(0xffffffff);
	const allowed = ports.map(({ port, protocol }) => {
		const out = new Uint8Array(n * n);
		const eg = c.pods.map((_, j) => egressRow(c, j, port, protocol, full));
		const ing = c.pods.map((_, i) => ingressRow(c, i, port, protocol));
		for (let j = 0; j < n; j++) {
			const e = eg[j];
			const row = j * n;
			for (let i = 0; i < n; i++) {
				const g = ing[i];
				// a pod can always reach itself
				out[row + i] = i === j || ((e === null || hasBit(e, i)) && (g === null || hasBit(g, j))) ? 1 : 0;
			}
		}
		return out;
	});
	return { pods: c.pods.map((p) => p.id), ports, allowed };
}

/** `80/TCP` → {port: 80, protocol: 'TCP'}; null when malformed. */
export function parsePortProto(s: string): PortProto | null {
	const m = /^\s*(\d{1,5})(?:\/(tcp|udp|sctp))?\s*$/i.exec(s);
	if (!m) return null;
	const port = Number(m[1]);
	if (port < 1 || port > 65535) return null;
	return { port, protocol: (m[2]?.toUpperCase() ?? 'TCP') as L4Protocol };
}

export const portKey = (p: PortProto) => `${p.port}/${p.protocol}`;
