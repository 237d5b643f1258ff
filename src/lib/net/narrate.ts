// What a netfilter hop says: explanations built from the structured rule
// fields (target, comment, matches, the chain jumped from), never from rule
// text. hooks.ts decides which hops there are; this module only words them.
import type { Rule } from './iptables';
import type { RuleStep } from './packet';
import { addr } from './packet';
import type { Pkt } from './hop';
import type { SideVerdict } from '../netpol';

/** A hook that changed nothing: which chain the packet last went through and the rule shown. */
export interface QuietCase {
	table: 'nat' | 'filter';
	hook: string;
	pkt: Pkt;
	rule?: Rule;
	/** the last user chain visited */
	chain?: string;
	/** a rule in that chain decided (jump, target or RETURN) */
	decided: boolean;
}

/** kube-proxy's comment for a Service port without endpoints usable here (proxier.go: `"%s has no local endpoints"`). */
const NO_LOCAL = / has no local endpoints$/;

export function quietNote(c: QuietCase): string {
	const { table, hook, pkt: p, rule, chain } = c;
	if (chain?.startsWith('KUBE-EXT') && !c.decided)
		return `${chain} has no rule for this packet: with externalTrafficPolicy Local and no endpoint on this node, kube-proxy installs no jump to the KUBE-SVL chain, so the packet leaves the nat table un-DNATed — the filter table drops it next.`;
	if (chain?.startsWith('KUBE-FW')) return `The source ${p.src} is outside loadBalancerSourceRanges: ${chain} only counts the packet ("${rule?.comment ?? ''}"), nothing DNATs it, and KUBE-PROXY-FIREWALL in the filter table drops it.`;
	if (table === 'nat' && (hook === 'PREROUTING' || hook === 'OUTPUT')) return `kube-proxy's KUBE-SERVICES has no rule for ${addr(p.dst, p.dport)} (it is not a Service address): nothing to translate.`;
	if (table === 'nat' && hook === 'POSTROUTING') {
		if (rule?.comment?.startsWith('flanneld masq') && rule.target === 'RETURN') return `No masquerade: the packet is not marked by kube-proxy and flannel leaves traffic to or inside the pod network alone, so the source address stays.`;
		return 'No source NAT here.';
	}
	if (rule?.target === 'ACCEPT') {
		const why = rule.comment?.startsWith('flanneld forward')
			? ' (flannel allows forwarding for the pod network)'
			: rule.match?.ctstate === 'RELATED,ESTABLISHED'
				? ' (it belongs to a known connection)'
				: rule.match?.mark !== undefined
					? ' (kube-proxy marked it: Service traffic)'
					: '';
		return `The filter table accepts the packet${why}.`;
	}
	return `The filter table lets the packet pass (chain policy ACCEPT).`;
}

/** A chain that decided something (a jump, DNAT, MASQUERADE, a mark, a drop). */
export interface ChainCase {
	chain: string;
	/** the rule that decided, or the MARK rule */
	rule?: Rule;
	before: Pkt;
	after: Pkt;
	/** the steps shown (probability rolls included) */
	steps: RuleStep[];
	/** a matched `recent --rcheck` sent the packet (session affinity) */
	affinity: boolean;
	/** for KUBE-MARK-MASQ: the rule that jumped here */
	jump?: Rule;
}

export function chainNote(c: ChainCase): string {
	const { chain, rule, before, after, steps } = c;
	const target = rule?.target;
	if (target === 'DNAT') return `DNAT: the destination ${addr(before.dst, before.dport)} becomes the endpoint ${addr(after.dst, after.dport)}. conntrack remembers it, so every later packet of this connection — and the reply — is translated the same way.`;
	if (target === 'MASQUERADE') return `MASQUERADE: the source ${addr(before.src, before.sport)} becomes this node's address on the way out, ${addr(after.src, after.sport)}${rule?.randomFully ? ' (--random-fully picks the port at random)' : ''}, so the reply comes back through this node.`;
	if (target === 'REJECT') return `REJECT: the Service has no endpoints, so the kernel answers with ICMP port unreachable — the client gets "connection refused" at once.`;
	if (target === 'DROP') return dropNote(rule!);
	if (rule?.setMark?.op === 'or') {
		const from = c.jump?.chain ?? '';
		const why = from.startsWith('KUBE-SEP')
			? 'the endpoint is the client itself (hairpin), so without SNAT it would answer itself directly'
			: from.startsWith('KUBE-SVC')
				? c.jump?.match?.source === undefined
					? 'kube-proxy runs with --masquerade-all, so every packet to a cluster IP is masqueraded'
					: 'the source is not a pod address (off-cluster), so the reply must come back through this node'
				: 'the reply must come back through this node';
		return `KUBE-MARK-MASQ sets the 0x4000 bit of the packet mark: "masquerade this one at POSTROUTING" — ${why}.`;
	}
	const tried = steps.filter((s) => s.probability !== undefined);
	if (tried.length) {
		const pick = steps.find((s) => s.matched);
		const parts = tried.map((s) => `p=${s.probability!.toFixed(4)} roll ${s.roll!.toFixed(4)} ${s.matched ? '✓' : '✗'}`).join('; ');
		return `kube-proxy spreads new connections with random rules: each rule takes its share of what is left (1/n, 1/(n-1), …, the last one always). Rolls: ${parts}${pick && !pick.probability ? '; the last rule matched unconditionally' : ''}. Jump to ${target}.`;
	}
	if (chain.startsWith('KUBE-SVC') || chain.startsWith('KUBE-SVL')) {
		if (c.affinity) return `Session affinity: the \`recent\` list ${target} already holds the client ${before.src}, so it goes to the same endpoint again.`;
		return `Only one endpoint: the rule without a probability sends every connection to ${target}.`;
	}
	if (chain === 'KUBE-SERVICES') return target === 'KUBE-NODEPORTS' ? `The destination is one of this node's addresses: the last KUBE-SERVICES rule hands it to KUBE-NODEPORTS.` : `${addr(before.dst, before.dport)} is a Service address: jump to the Service's chain ${target}.`;
	if (chain === 'KUBE-NODEPORTS') return `Port ${before.dport} is a NodePort: jump to ${target}.`;
	if (chain.startsWith('KUBE-EXT')) return target?.startsWith('KUBE-SVL') ? `externalTrafficPolicy Local: only this node's endpoints (${target}), and the client address is kept.` : `External traffic goes on to ${target}.`;
	if (chain.startsWith('KUBE-FW')) return target ? `The source ${before.src} is inside loadBalancerSourceRanges: allowed.` : `The source ${before.src} is outside loadBalancerSourceRanges: no DNAT, and KUBE-PROXY-FIREWALL will drop it.`;
	if (chain === 'KUBE-POSTROUTING') return `The packet carries no 0x4000 mark: kube-proxy does not masquerade it.`;
	return target ? `Rule matched: ${target}.` : 'Rule matched.';
}

/**
 * kube-proxy's DROP rules (proxier.go): `"%s has no local endpoints"` in
 * filter KUBE-SERVICES for a cluster IP under internalTrafficPolicy Local, in
 * KUBE-EXTERNAL-SERVICES for NodePorts / external IPs / LoadBalancer IPs under
 * externalTrafficPolicy Local; KUBE-PROXY-FIREWALL's for loadBalancerSourceRanges.
 */
function dropNote(rule: Rule): string {
	if (rule.comment !== undefined && NO_LOCAL.test(rule.comment)) {
		return rule.chain === 'KUBE-SERVICES'
			? `DROP: internalTrafficPolicy Local and this node runs no endpoint of the Service, so traffic to its cluster IP from this node is dropped ("${rule.comment}"); kube-proxy never sends it to another node's endpoints.`
			: `DROP: externalTrafficPolicy Local and this node runs no endpoint of the Service, so the packet is dropped ("${rule.comment}"; the client keeps retrying until it times out).`;
	}
	if (rule.chain === 'KUBE-PROXY-FIREWALL') return `DROP: the source is not in loadBalancerSourceRanges; the un-DNATed packet is dropped by KUBE-PROXY-FIREWALL.`;
	return `DROP: the packet is dropped here.`;
}

/** A `policy` hop's rule line: the rule that allowed, or that none did. */
export function netpolRule(s: SideVerdict): string {
	if (s.allowedBy) return `${s.allowedBy.policy} spec.${s.side}[${s.allowedBy.rule}]${s.allowedBy.source ? ` (line ${s.allowedBy.source.line})` : ''}`;
	if (s.exempt === 'own-node') return `from ${s.pod}'s own node: always allowed`;
	return `no policy allows it — isolated by ${s.isolatedBy.map((x) => x.policy).join(', ')}`;
}

/** What a NetworkPolicy hop says: allowed by which rule, or dropped and which policy would have to change. */
export function netpolNote(s: SideVerdict, p: Pkt): string {
	const conn = `${addr(p.src, p.sport)} → ${addr(p.dst, p.dport)} ${p.proto}`;
	const by = s.isolatedBy.map((x) => `${x.policy} (line ${x.source.line})`).join(', ');
	if (s.exempt === 'own-node') return `${s.pod} is isolated for ingress by ${by}, but this connection (${conn}) comes from the pod's own node, which NetworkPolicy always allows (kubelet probes use it).`;
	if (s.allowed && s.allowedBy) {
		const where = s.side === 'egress' ? `leaving ${s.pod}` : `entering ${s.pod}`;
		return `${s.pod} is isolated for ${s.side} by ${by}. The new connection ${conn} ${where} is allowed by ${s.allowedBy.policy}, ${s.side} rule ${s.allowedBy.rule}${s.allowedBy.source ? ` (line ${s.allowedBy.source.line})` : ''}. The reply will pass as ESTABLISHED, without another check.`;
	}
	const change = s.isolatedBy.length === 1 ? `To allow it, add ${s.side === 'egress' ? 'an egress' : 'an ingress'} rule to ${s.isolatedBy[0].policy}` : `To allow it, add ${s.side === 'egress' ? 'an egress' : 'an ingress'} rule to one of them`;
	return `DROP: ${s.pod} is isolated for ${s.side} by ${by}, and no policy allows this connection (${conn}): no ${s.side} rule of those policies matches its ${s.side === 'egress' ? 'destination' : 'source'} and port. ${change} (or a new policy selecting ${s.pod}). The packet is silently dropped: the client sees a timeout, not a refusal.`;
}
