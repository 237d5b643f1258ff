// Plain data for iptables tables, chains and rules, and the iptables-save
// text format. The kube-proxy generator (kubeproxy.ts) fills these; the UI and
// the packet engine read the structured fields instead of parsing rule text.

export interface Chain {
	name: string;
	/** PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING: printed with a policy */
	builtin: boolean;
	/** a builtin chain's policy when not ACCEPT (dockerd sets filter FORWARD to DROP) */
	policy?: 'ACCEPT' | 'DROP';
}

/** What a rule matches, structured (the rule's `text` says the same thing). */
export interface RuleMatch {
	/** `-p tcp` (with `-m tcp`) */
	protocol?: 'tcp' | 'udp' | 'sctp';
	/** `-d 172.30.0.41` or `-d 127.0.0.0/8` */
	destination?: string;
	/** `! -d …` */
	destinationNegated?: boolean;
	dport?: number;
	/** `-s 10.0.0.0/8`, `-s 203.0.113.0/25`, `-s 10.180.0.1` */
	source?: string;
	/** `! -s …` */
	sourceNegated?: boolean;
	/** `-m addrtype --src-type LOCAL` */
	srcType?: 'LOCAL';
	/** `-m addrtype --dst-type LOCAL` */
	dstType?: 'LOCAL';
	/** `-m statistic --mode random --probability p`: p as a number (text has 10 decimals) */
	probability?: number;
	/** `-m recent --name NAME --rcheck --seconds N --reap` or `--set` */
	recent?: { name: string; op: 'rcheck' | 'set'; seconds?: number };
	/** `-m conntrack [!] --ctstate …` */
	ctstate?: string;
	ctstateNegated?: boolean;
	/** `-m mark [!] --mark value/mask` */
	mark?: string;
	markNegated?: boolean;
	/** `-m nfacct --nfacct-name …` (a counter; matches everything) */
	nfacct?: string;
	/** `[!] -i docker0`: the interface the packet came in on */
	inIface?: string;
	inIfaceNegated?: boolean;
	/** `[!] -o docker0`: the interface the packet leaves by */
	outIface?: string;
	outIfaceNegated?: boolean;
}

export interface Rule {
	chain: string;
	/** the line as iptables-save prints it: `-A CHAIN …` */
	text: string;
	/** the `--comment` value, unquoted */
	comment?: string;
	/** `-j` target: a chain name, or ACCEPT, DROP, REJECT, RETURN, DNAT, MARK, MASQUERADE; absent when the rule only counts */
	target?: string;
	match?: RuleMatch;
	/** DNAT `--to-destination ip:port` */
	toDestination?: string;
	/** MASQUERADE `--random-fully` */
	randomFully?: boolean;
	/** MARK `--or-mark v` / `--xor-mark v` */
	setMark?: { op: 'or' | 'xor'; value: number };
	/** `ns/name:port` (or `ns/name` for an unnamed port) of the service port the rule belongs to */
	service?: string;
	/** `ip:port` of the endpoint the rule leads to or belongs to */
	endpoint?: string;
}

export interface Table {
	chains: Chain[];
	rules: Rule[];
}

export interface Tables {
	nat: Table;
	filter: Table;
}

/** Builtin chains per table, in the kernel's (and iptables-save's) order. */
export const BUILTIN_CHAINS: Record<'nat' | 'filter', string[]> = {
	nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
	filter: ['INPUT', 'FORWARD', 'OUTPUT']
};

/**
 * iptables-save (legacy) chain order: builtin chains first in kernel order,
 * then user chains sorted by name (libiptc keeps them sorted).
 */
export function saveOrder(table: 'nat' | 'filter', userChains: string[], policies: Record<string, 'ACCEPT' | 'DROP'> = {}): Chain[] {
	const builtins = BUILTIN_CHAINS[table].map((name): Chain => (policies[name] && policies[name] !== 'ACCEPT' ? { name, builtin: true, policy: policies[name] } : { name, builtin: true }));
	const users = [...new Set(userChains)].sort(byteCompare).map((name) => ({ name, builtin: false }));
	return [...builtins, ...users];
}

/** Go/C string order (bytewise), not locale order. */
export function byteCompare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export interface SaveOptions {
	/** lines printed as `# …` before the tables (iptables-save prints a dated one; ours is deterministic) */
	header?: string[];
}

/**
 * Render tables as iptables-save does: per table `*name`, one `:CHAIN POLICY
 * [0:0]` line per chain (`-` for user chains), the rules grouped by chain in
 * chain order, then `COMMIT`. Tables print filter first, then nat.
 */
export function iptablesSave(tables: Partial<Tables>, opts: SaveOptions = {}): string {
	const lines: string[] = (opts.header ?? []).map((h) => `# ${h}`);
	for (const name of ['filter', 'nat'] as const) {
		const table = tables[name];
		if (!table) continue;
		lines.push(`*${name}`);
		for (const c of table.chains) lines.push(`:${c.name} ${c.builtin ? (c.policy ?? 'ACCEPT') : '-'} [0:0]`);
		for (const c of table.chains) {
			for (const r of table.rules) if (r.chain === c.name) lines.push(r.text);
		}
		lines.push('COMMIT');
	}
	return lines.join('\n') + '\n';
}
