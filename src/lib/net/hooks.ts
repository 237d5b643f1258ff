// One netfilter hook on a walk: run the node's table (netfilter.ts) and turn
// what happened — the chains visited, DNAT, MASQUERADE, marks, the verdict —
// into hops. Notes come from narrate.ts, from the rules' structured fields.
import type { Node } from '../model';
import type { Change, Hop } from './packet';
import { addr } from './packet';
import { isLocalAddress } from './world';
import { matchedRules, runHook, type Hook, type HookResult, type MatchedRule, type NfPacket } from './netfilter';
import { isDnat } from './conntrack';
import { push, reply, type End, type Pkt, type Walk } from './hop';
import { chainNote, quietNote } from './narrate';

export interface NfOpts {
	outAddr?: string;
	simplified?: string;
	/** reply legs: only show filter hooks when they do not accept */
	quietOnAccept?: boolean;
}

/** Run one hook and turn what happened into hops. */
export function nf(walk: Walk, node: Node, table: 'nat' | 'filter', hook: Hook, p: Pkt, o: NfOpts): { pkt: Pkt; end?: End; res?: HookResult } {
	if (table === 'nat' && reply(walk)) return { pkt: p };
	const t = walk.w.tables(node.name);
	const np: NfPacket = { src: p.src, sport: p.sport, dst: p.dst, dport: p.dport, proto: p.proto, mark: p.mark };
	const ctstates = new Set(reply(walk) ? ['ESTABLISHED'] : ['NEW']);
	const dnatHere = walk.ct.find((e) => e.node === node.name && e.reply.src === p.dst && isDnat(e));
	if (dnatHere) ctstates.add('DNAT');
	const res = runHook(table === 'nat' ? t.nat : t.filter, table, hook, np, {
		node: node.name,
		isLocal: (ip) => isLocalAddress(walk.w, node, ip),
		ctstates,
		rng: walk.rng,
		recent: walk.recent,
		outAddr: o.outAddr
	});
	const q: Pkt = { ...p, src: res.pkt.src, sport: res.pkt.sport, dst: res.pkt.dst, dport: res.pkt.dport, mark: res.pkt.mark };
	if (res.verdict === 'ACCEPT' && o.quietOnAccept) return { pkt: q, res };
	emitHookHops(walk, node, table, hook, p, q, res, o);
	if (res.verdict !== 'ACCEPT') return { pkt: q, end: { status: res.verdict === 'DROP' ? 'dropped' : 'rejected', pkt: q } };
	return { pkt: q };
}

const INTERESTING = /^KUBE-(SERVICES|NODEPORTS|SVC|SVL|EXT|FW|SEP|MARK-MASQ|EXTERNAL-SERVICES|PROXY-FIREWALL)/;

function emitHookHops(walk: Walk, node: Node, table: 'nat' | 'filter', hook: Hook, p: Pkt, q: Pkt, res: HookResult, o: NfOpts): void {
	const changedSomething = !!(res.dnat || res.masquerade || res.marked.length || res.verdict !== 'ACCEPT' || res.rolls.length);
	const base = `${node.name} · netfilter ${table} ${hook}`;
	const refs = walk.svcRefs;
	if (!changedSomething) {
		const matched = matchedRules(res.visits);
		// The last user chain the packet went through (even one it fell through).
		const last = [...res.visits].reverse().find((v) => v.chain !== hook && !v.resumed);
		const lastRule = last ? [...matchedRules([last])].pop()?.rule : undefined;
		const jumpIn = last ? matched.find((x) => x.rule.target === last.chain)?.rule : undefined;
		const shown = last?.decided ?? lastRule ?? jumpIn ?? res.visits[0]?.decided;
		push(walk, q, {
			at: last ? `${base} → ${last.chain}` : base,
			kind: 'netfilter',
			anchor: { node: node.name, hook, table, chain: last?.chain ?? hook },
			rule: shown?.text,
			rules: matched.map((x) => x.step),
			note: quietNote({ table, hook, pkt: q, rule: shown, chain: last?.chain, decided: !!last?.decided }),
			refs: last && /^KUBE-(EXT|FW|NODEPORTS)/.test(last.chain) ? refs : [],
			...(o.simplified ? { simplified: o.simplified } : {})
		});
		return;
	}
	let cur: Pkt = p;
	for (const v of res.visits) {
		if (v.chain === hook && v.decided && v.decided.target && !['DROP', 'REJECT', 'ACCEPT'].includes(v.decided.target)) continue;
		const markIdx = v.rules.findIndex((r, i) => v.steps[i].matched && r.setMark?.op === 'or');
		const mark = markIdx >= 0 ? v.rules[markIdx] : undefined;
		const hasProb = v.steps.some((s) => s.probability !== undefined);
		if (!v.decided && !mark && !hasProb) continue;
		if (v.decided?.target === 'KUBE-MARK-MASQ') continue;
		if (!INTERESTING.test(v.chain) && !v.decided) continue;
		const r = v.decided;
		const next: Pkt = { ...cur };
		const changed: Change[] = [];
		const before: Hop['before'] = {};
		if (r && r === res.dnat) {
			next.dst = q.dst;
			next.dport = q.dport;
			changed.push('dst');
			before.dst = addr(cur.dst, cur.dport);
		}
		if (r && r === res.masquerade) {
			next.src = q.src;
			next.sport = q.sport;
			changed.push('src');
			before.src = addr(cur.src, cur.sport);
		}
		if (mark) {
			next.mark = q.mark || 0x4000;
			changed.push('mark');
			before.mark = '0x' + cur.mark.toString(16);
		}
		const jump = mark ? precedingJump(res, v) : undefined;
		const steps = jump ? [jump.step, ...v.steps] : v.steps;
		push(walk, next, {
			at: `${base} → ${v.chain}`,
			kind: 'netfilter',
			anchor: { node: node.name, hook, table, chain: v.chain },
			rule: (r ?? mark)?.text,
			rules: steps,
			changed,
			before: changed.length ? before : undefined,
			note: chainNote({ chain: v.chain, rule: r ?? mark, before: cur, after: next, steps, jump: jump?.rule, affinity: v.rules.some((x, i) => v.steps[i].matched && x.match?.recent?.op === 'rcheck') }),
			refs,
			...(o.simplified ? { simplified: o.simplified } : {})
		});
		if (r === res.dnat) walk.endpoint = addr(q.dst, q.dport);
		cur = next;
	}
}

/** The jump that led into chain `v` (KUBE-MARK-MASQ's caller: a KUBE-SVC, KUBE-EXT or KUBE-SEP rule). */
function precedingJump(res: HookResult, v: { chain: string }): MatchedRule | undefined {
	for (const x of res.visits) {
		const i = x.rules.findIndex((r, k) => x.steps[k].matched && r.target === v.chain);
		if (i >= 0) return { rule: x.rules[i], step: x.steps[i] };
	}
	return undefined;
}
