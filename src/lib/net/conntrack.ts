// Connection tracking: the first packet of a connection creates an entry on
// every node it crosses; NAT decisions are stored in the entry's reply tuple,
// and later packets (the reply) are translated from the entry, never from the
// nat table again. Texts follow `conntrack -L`.
import type { Proto } from './packet';

export interface Tuple {
	src: string;
	dst: string;
	sport?: number;
	dport?: number;
}

export interface CtEntry {
	node: string;
	proto: Proto;
	orig: Tuple;
	/** what the reply will look like: src = the real destination (after DNAT), dst = the source after SNAT */
	reply: Tuple;
}

export function isDnat(e: CtEntry): boolean {
	return e.reply.src !== e.orig.dst || e.reply.sport !== e.orig.dport;
}

export function isSnat(e: CtEntry): boolean {
	return e.reply.dst !== e.orig.src || e.reply.dport !== e.orig.sport;
}

function tuple(t: Tuple): string {
	const ports = t.sport !== undefined ? ` sport=${t.sport} dport=${t.dport}` : '';
	return `src=${t.src} dst=${t.dst}${ports}`;
}

/** One line of `conntrack -L`: after the first packet (`new`) or after the first reply (`replied`). */
export function ctText(e: CtEntry, phase: 'new' | 'replied'): string {
	const head =
		e.proto === 'TCP'
			? `${'tcp'.padEnd(8)} 6 ${phase === 'new' ? '120 SYN_SENT' : '60 SYN_RECV'}`
			: e.proto === 'UDP'
				? `${'udp'.padEnd(8)} 17 30`
				: `${'icmp'.padEnd(8)} 1 30`;
	const unreplied = phase === 'new' ? ' [UNREPLIED]' : '';
	return `${head} ${tuple(e.orig)}${unreplied} ${tuple(e.reply)} mark=0 use=1`;
}

/** The entry whose reply tuple this packet is (a reply on the way back). */
export function findReply(table: CtEntry[], node: string, proto: Proto, p: Tuple): CtEntry | undefined {
	return table.find((e) => e.node === node && e.proto === proto && e.reply.src === p.src && e.reply.dst === p.dst && e.reply.sport === p.sport && e.reply.dport === p.dport);
}
