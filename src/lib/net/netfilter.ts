// Runs one netfilter hook of one table over a packet, the way the kernel walks
// iptables chains: rules in order, jumps into user chains, RETURN back, the
// builtin chain's policy (ACCEPT) at the end. Reads the structured `match` of
// the generated rules (kube-proxy's and the CNI's), never their text.
import type { Rule } from './iptables';
import type { RecentEntry, RuleStep } from './packet';
import type { Rng } from '../util';
import { cidrContains } from '../model';

export type Hook = 'PREROUTING' | 'OUTPUT' | 'FORWARD' | 'INPUT' | 'POSTROUTING';

/**
 * Rules of one table, grouped by chain (in order). `get` may leave out rules
 * that cannot match `pkt` (a Map from indexRules ignores it and has them all).
 */
export interface ChainIndex {
	get(chain: string, pkt: NfPacket): Rule[] | undefined;
}

export interface NfPacket {
	src: string;
	sport?: number;
	dst: string;
	dport?: number;
	proto: 'TCP' | 'UDP' | 'ICMP';
	mark: number;
	/** input / output interface, for `-i` / `-o` ('' where the hook does not know it yet) */
	in?: string;
	out?: string;
}

export interface NfContext {
	node: string;
	/** addrtype LOCAL: the node's own addresses */
	isLocal: (ip: string) => boolean;
	/** conntrack states the packet is in: NEW, ESTABLISHED, RELATED, DNAT, SNAT */
	ctstates: Set<string>;
	rng: Rng;
	recent: RecentEntry[];
	/** the address MASQUERADE uses (the outgoing interface's primary address) */
	outAddr?: string;
	/** the builtin chain's policy (default ACCEPT; dockerd sets filter FORWARD to DROP) */
	policy?: 'ACCEPT' | 'DROP';
	/** record every rule looked at, not only those that matched or rolled */
	recordAll?: boolean;
}

/** What happened in one chain. */
export interface Visit {
	chain: string;
	steps: RuleStep[];
	/** the rule behind each step (same index): narration reads its target, comment and matches */
	rules: Rule[];
	/** the rule that decided in this chain (jump, target or RETURN), if any matched */
	decided?: Rule;
	/** the rest of a chain after a jump returned */
	resumed?: boolean;
}

export interface HookResult {
	verdict: 'ACCEPT' | 'DROP' | 'REJECT';
	visits: Visit[];
	pkt: NfPacket;
	dnat?: Rule;
	masquerade?: Rule;
	/** MARK rules applied (KUBE-MARK-MASQ) */
	marked: Rule[];
	/** statistic rolls used, in order */
	rolls: number[];
	/** the rule whose target ended the walk (ACCEPT, DROP, REJECT, DNAT, MASQUERADE); absent: the policy decided */
	final?: Rule;
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'DNAT', 'MASQUERADE', 'SNAT']);

export function runHook(index: ChainIndex, table: 'nat' | 'filter', hook: Hook, pkt: NfPacket, ctx: NfContext): HookResult {
	const res: HookResult = { verdict: 'ACCEPT', visits: [], pkt: { ...pkt }, marked: [], rolls: [] };
	const outcome = runChain(index, table, hook, res, ctx, 0);
	if (outcome === 'DROP' || outcome === 'REJECT') res.verdict = outcome;
	else if (outcome === 'continue' && ctx.policy === 'DROP') res.verdict = 'DROP';
	return res;
}

type Outcome = 'continue' | 'ACCEPT' | 'DROP' | 'REJECT';

function runChain(index: ChainIndex, table: 'nat' | 'filter', chain: string, res: HookResult, ctx: NfContext, depth: number): Outcome {
	let visit: Visit = { chain, steps: [], rules: [] };
	res.visits.push(visit);
	if (depth > 16) return 'continue';
	for (const r of index.get(chain, res.pkt) ?? []) {
		const step: RuleStep = { table, chain, text: r.text, matched: false };
		const ok = matches(r, res.pkt, ctx, step, res);
		step.matched = ok;
		// Keep matched rules and the statistic/recent rules tried (the probability ladder).
		if (ok || ctx.recordAll || step.probability !== undefined || r.match?.recent) {
			visit.steps.push(step);
			visit.rules.push(r);
		}
		if (!ok) continue;
		const t = r.target;
		if (!t) continue;
		if (r.match?.recent?.op === 'set') ctx.recent.push({ node: ctx.node, name: r.match.recent.name, ip: res.pkt.src });
		if (t === 'MARK') {
			applyMark(r, res.pkt);
			res.marked.push(r);
			continue;
		}
		if (t === 'RETURN') {
			visit.decided = r;
			return 'continue';
		}
		if (TERMINAL.has(t)) {
			visit.decided = r;
			res.final = r;
			if (t === 'DNAT' && r.toDestination) {
				const [ip, port] = r.toDestination.split(':');
				res.pkt.dst = ip;
				if (port) res.pkt.dport = Number(port);
				res.dnat = r;
				return 'ACCEPT';
			}
			if (t === 'MASQUERADE' && ctx.outAddr) {
				res.pkt.src = ctx.outAddr;
				// --random-fully: the source port is drawn at random from the whole range.
				if (res.pkt.sport !== undefined && r.randomFully) res.pkt.sport = ctx.rng.int(1024, 65535);
				res.masquerade = r;
				return 'ACCEPT';
			}
			return t === 'DROP' ? 'DROP' : t === 'REJECT' ? 'REJECT' : 'ACCEPT';
		}
		// A jump into a user chain; when it returns, this chain goes on (as a new visit).
		visit.decided = r;
		const sub = runChain(index, table, t, res, ctx, depth + 1);
		if (sub !== 'continue') return sub;
		visit = { chain, steps: [], rules: [], resumed: true };
		res.visits.push(visit);
	}
	return 'continue';
}

function matches(r: Rule, p: NfPacket, ctx: NfContext, step: RuleStep, res: HookResult): boolean {
	const mt = r.match;
	if (!mt) return true;
	if (mt.protocol && mt.protocol !== p.proto.toLowerCase()) return false;
	if (mt.destination !== undefined && addrIn(mt.destination, p.dst) === !!mt.destinationNegated) return false;
	if (mt.source !== undefined && addrIn(mt.source, p.src) === !!mt.sourceNegated) return false;
	if (mt.dport !== undefined && mt.dport !== p.dport) return false;
	if (mt.inIface !== undefined && (p.in === mt.inIface) === !!mt.inIfaceNegated) return false;
	if (mt.outIface !== undefined && (p.out === mt.outIface) === !!mt.outIfaceNegated) return false;
	if (mt.srcType === 'LOCAL' && !ctx.isLocal(p.src)) return false;
	if (mt.dstType === 'LOCAL' && !ctx.isLocal(p.dst)) return false;
	if (mt.ctstate !== undefined) {
		const any = mt.ctstate.split(',').some((s) => ctx.ctstates.has(s));
		if (any === !!mt.ctstateNegated) return false;
	}
	if (mt.mark !== undefined) {
		const [v, mask] = mt.mark.split('/').map((x) => parseInt(x, 16));
		const hit = (p.mark & (mask ?? 0xffffffff)) === v;
		if (hit === !!mt.markNegated) return false;
	}
	if (mt.recent?.op === 'rcheck') {
		const name = mt.recent.name;
		if (!ctx.recent.some((e) => e.node === ctx.node && e.name === name && e.ip === p.src)) return false;
	}
	if (mt.probability !== undefined) {
		// Checked last, as xt_statistic draws only when the earlier matches passed.
		const roll = ctx.rng.next();
		res.rolls.push(roll);
		step.probability = mt.probability;
		step.roll = roll;
		if (!(roll < mt.probability)) return false;
	}
	return true;
}

function applyMark(r: Rule, p: NfPacket): void {
	const m = r.setMark;
	if (!m || Number.isNaN(m.value)) return;
	p.mark = (m.op === 'or' ? p.mark | m.value : p.mark ^ m.value) >>> 0;
}

function addrIn(spec: string, ip: string): boolean {
	return spec.includes('/') ? cidrContains(spec, ip) : spec === ip;
}

/** A rule a hook matched, with the step shown for it. */
export interface MatchedRule {
	rule: Rule;
	step: RuleStep;
}

/** The rules that matched in these visits, in walk order. */
export function matchedRules(visits: Visit[]): MatchedRule[] {
	return visits.flatMap((v) => v.rules.map((rule, i) => ({ rule, step: v.steps[i] })).filter((x) => x.step.matched));
}

export function indexRules(rules: Rule[]): Map<string, Rule[]> {
	const idx = new Map<string, Rule[]>();
	for (const r of rules) {
		const list = idx.get(r.chain);
		if (list) list.push(r);
		else idx.set(r.chain, [r]);
	}
	return idx;
}
