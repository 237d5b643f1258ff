// Building iptables rules from small fragments, so the rule text and its
// structured match are produced together and can never disagree.
import type { Rule, RuleMatch } from './iptables';
import { computeProbability } from './chainnames';

export interface Frag {
	args: string[];
	match?: RuleMatch;
	comment?: string;
}

/** iptables-save quotes a comment that contains whitespace; kube-proxy writes the same quotes. */
function quote(s: string): string {
	return /\s/.test(s) ? `"${s}"` : s;
}

/** `[!] -d|-s|-i|-o value`, with its structured match (`key` and `keyNegated`). */
function negatable(opt: string, key: 'destination' | 'source' | 'inIface' | 'outIface', value: string, negated: boolean): Frag {
	const match: RuleMatch = { [key]: value };
	if (negated) match[`${key}Negated`] = true;
	return { args: [...(negated ? ['!'] : []), opt, value], match };
}

export const m = {
	comment: (text: string): Frag => ({ args: ['-m', 'comment', '--comment', quote(text)], comment: text }),
	proto: (p: 'tcp' | 'udp' | 'sctp'): Frag => ({ args: ['-m', p, '-p', p], match: { protocol: p } }),
	dst: (addr: string, negated = false): Frag => negatable('-d', 'destination', addr, negated),
	src: (addr: string, negated = false): Frag => negatable('-s', 'source', addr, negated),
	dport: (port: number): Frag => ({ args: ['--dport', String(port)], match: { dport: port } }),
	srcTypeLocal: (): Frag => ({ args: ['-m', 'addrtype', '--src-type', 'LOCAL'], match: { srcType: 'LOCAL' } }),
	dstTypeLocal: (): Frag => ({ args: ['-m', 'addrtype', '--dst-type', 'LOCAL'], match: { dstType: 'LOCAL' } }),
	/** 1/n, the n-th from last endpoint's share of what is left */
	probability: (n: number): Frag => ({
		args: ['-m', 'statistic', '--mode', 'random', '--probability', computeProbability(n)],
		match: { probability: 1 / n }
	}),
	recentCheck: (name: string, seconds: number): Frag => ({
		args: ['-m', 'recent', '--name', name, '--rcheck', '--seconds', String(seconds), '--reap'],
		match: { recent: { name, op: 'rcheck', seconds } }
	}),
	recentSet: (name: string): Frag => ({
		args: ['-m', 'recent', '--name', name, '--set'],
		match: { recent: { name, op: 'set' } }
	}),
	ctstate: (state: string, negated = false): Frag => ({
		args: ['-m', 'conntrack', ...(negated ? ['!'] : []), '--ctstate', state],
		match: negated ? { ctstate: state, ctstateNegated: true } : { ctstate: state }
	}),
	mark: (mark: string, negated = false): Frag => ({
		args: ['-m', 'mark', ...(negated ? ['!'] : []), '--mark', mark],
		match: negated ? { mark, markNegated: true } : { mark }
	}),
	nfacct: (name: string): Frag => ({ args: ['-m', 'nfacct', '--nfacct-name', name], match: { nfacct: name } }),
	/** `-p tcp -m tcp`: the order iptables-save prints for rules added with `iptables -p tcp --dport` (dockerd's) */
	protoFirst: (p: 'tcp' | 'udp' | 'sctp'): Frag => ({ args: ['-p', p, '-m', p], match: { protocol: p } }),
	inIface: (dev: string, negated = false): Frag => negatable('-i', 'inIface', dev, negated),
	outIface: (dev: string, negated = false): Frag => negatable('-o', 'outIface', dev, negated)
};

export interface RuleMeta {
	service?: string;
	endpoint?: string;
}

/** `-A chain <frags> [-j target <targetArgs>]` plus the structured view. */
export function rule(
	chain: string,
	frags: Frag[],
	target?: string,
	targetArgs: string[] = [],
	meta: RuleMeta = {}
): Rule {
	const args = ['-A', chain, ...frags.flatMap((f) => f.args)];
	if (target) args.push('-j', target, ...targetArgs);
	const match: RuleMatch = Object.assign({}, ...frags.map((f) => f.match ?? {}));
	const comment = frags.find((f) => f.comment !== undefined)?.comment;
	const r: Rule = { chain, text: args.join(' ') };
	if (comment !== undefined) r.comment = comment;
	if (target) r.target = target;
	if (Object.keys(match).length > 0) r.match = match;
	if (target === 'DNAT' && targetArgs[0] === '--to-destination') r.toDestination = targetArgs[1];
	if (target === 'MASQUERADE' && targetArgs.includes('--random-fully')) r.randomFully = true;
	if (target === 'MARK' && (targetArgs[0] === '--or-mark' || targetArgs[0] === '--xor-mark')) r.setMark = { op: targetArgs[0] === '--or-mark' ? 'or' : 'xor', value: parseInt(targetArgs[1], 16) };
	if (meta.service) r.service = meta.service;
	if (meta.endpoint) r.endpoint = meta.endpoint;
	return r;
}
