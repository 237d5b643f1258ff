// Connection tracking along a walk: the first packet confirms an entry on each
// node it crosses (track), the answer is translated from that entry
// (conntrackReply), and a reply on a bridge explains why only the filter
// table sees it (established). Entries and their texts: conntrack.ts.
import type { Node } from '../model';
import type { Hop } from './packet';
import { addr } from './packet';
import { matchedRules, type HookResult } from './netfilter';
import { ctText, findReply, isDnat, isSnat, type CtEntry } from './conntrack';
import { push, type HopSink, type PacketLike, type Pkt, type Walk } from './hop';

export function established(walk: Walk, node: Node, hop: Hop, p: Pkt, res?: HookResult): void {
	const e = findReply(walk.ct, node.name, p.proto, { src: p.src, dst: p.dst, sport: p.sport, dport: p.dport }) ?? walk.ct.find((x) => x.node === node.name && x.proto === p.proto && x.orig.src === p.dst && x.orig.sport === p.dport);
	const nat = !!e && (isDnat(e) || isSnat(e));
	const matched = res ? matchedRules(res.visits) : [];
	const steps = matched.map((x) => x.step);
	const accept = [...matched].reverse().find((x) => x.rule.target === 'ACCEPT')?.rule;
	hop.note +=
		` br_netfilter passes the reply through iptables like the request, but conntrack already knows this connection: the reply is ctstate ESTABLISHED. The nat table is only consulted for a connection's first packet, so nat PREROUTING and POSTROUTING are not walked again${nat ? ' — conntrack reverses the recorded translation instead' : ''}. The filter table still sees every packet: FORWARD accepts it${accept ? ` (${accept.text})` : ''}.`;
	if (steps.length) hop.rules = [...(hop.rules ?? []), ...steps];
}

/** The packet leaves the bridge port into pod `pod`. */
export function track(walk: Walk, node: Node, before: Pkt, after: Pkt): void {
	if (walk.ct.some((e) => e.node === node.name && e.orig.src === before.src && e.orig.sport === before.sport && e.orig.dst === before.dst && e.orig.dport === before.dport)) return;
	const e = ctEntry(node.name, before, after);
	walk.ct.push(e);
	if (isDnat(e) || isSnat(e)) {
		push(walk, after, {
			at: `${node.name} · conntrack`,
			kind: 'conntrack',
			anchor: { node: node.name, hook: 'POSTROUTING' },
			rule: ctText(e, 'new'),
			note: `The connection is confirmed in ${node.name}'s conntrack table with ${[isDnat(e) ? 'its DNAT' : '', isSnat(e) ? 'its SNAT' : ''].filter(Boolean).join(' and ')}: the second tuple is what the reply will look like.`
		});
	}
}

/** Reply direction: un-SNAT at PREROUTING, un-DNAT at POSTROUTING, from this node's conntrack entry. */
export function conntrackReply(walk: Walk, node: Node, p: Pkt, at: 'PREROUTING' | 'POSTROUTING'): Pkt {
	const e = findReply(walk.ct, node.name, p.proto, { src: p.src, dst: p.dst, sport: p.sport, dport: p.dport });
	const e2 = e ?? walk.ct.find((x) => x.node === node.name && x.proto === p.proto && x.orig.src === p.dst && x.orig.sport === p.dport && isDnat(x) && x.reply.src === p.src);
	if (!e2) return p;
	if (at === 'PREROUTING' && isSnat(e2) && p.dst === e2.reply.dst) {
		return unSnat(walk, node.name, p, e2, { at: `${node.name} · conntrack (PREROUTING)`, note: (q) => `The reply matches the conntrack entry made by the request. Its SNAT is undone: the destination ${addr(p.dst, p.dport)} becomes the original client ${addr(q.dst, q.dport)} — no nat rule is consulted.` });
	}
	if (at === 'POSTROUTING' && isDnat(e2) && p.src === e2.reply.src) {
		return unDnat(walk, node.name, p, e2, 'POSTROUTING', { at: `${node.name} · conntrack (POSTROUTING)`, note: (q) => `conntrack undoes the DNAT on the reply: the source ${addr(p.src, p.sport)} (the pod) becomes ${addr(q.src, q.sport)}, the address the client called — so the client's socket accepts it.` });
	}
	return p;
}

/** The entry conntrack confirms for a connection whose first packet was `before` and left as `after`. */
export function ctEntry(node: string, before: PacketLike, after: PacketLike): CtEntry {
	return {
		node,
		proto: before.proto,
		orig: { src: before.src, dst: before.dst, sport: before.sport, dport: before.dport },
		reply: { src: after.dst, dst: after.src, sport: after.dport, dport: after.sport }
	};
}

interface UndoHop {
	at: string;
	/** the note, given the translated packet */
	note: (q: PacketLike) => string;
}

/** A reply's destination translated back to the original source (the entry's SNAT undone), as a hop. */
export function unSnat<P extends PacketLike>(sink: HopSink, node: string, p: P, e: CtEntry, h: UndoHop): P {
	const q = { ...p, dst: e.orig.src, dport: e.orig.sport };
	push(sink, q, { at: h.at, kind: 'conntrack', anchor: { node, hook: 'PREROUTING' }, rule: ctText(e, 'replied'), changed: ['un-snat'], before: { dst: addr(p.dst, p.dport) }, note: h.note(q) });
	return q;
}

/** A reply's source translated back to the address the client called (the entry's DNAT undone), as a hop. */
export function unDnat<P extends PacketLike>(sink: HopSink, node: string, p: P, e: CtEntry, hook: 'INPUT' | 'POSTROUTING', h: UndoHop): P {
	const q = { ...p, src: e.orig.dst, sport: e.orig.dport };
	push(sink, q, { at: h.at, kind: 'conntrack', anchor: { node, hook }, rule: ctText(e, 'replied'), changed: ['un-dnat'], before: { src: addr(p.src, p.sport) }, note: h.note(q) });
	return q;
}
