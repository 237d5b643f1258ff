// NetworkPolicy on the packet path: where a policy-enforcing CNI judges a new
// connection. Calico (in iptables mode, also under canal = flannel + Calico)
// hooks its chains first into filter FORWARD and INPUT: a packet coming from a
// pod's veth goes through the source pod's egress policy there — after nat
// PREROUTING, so a Service connection is judged against the endpoint pod
// kube-proxy's DNAT picked — and a packet about to go out of a pod's veth
// goes through that pod's ingress policy. Only a connection's first packet is
// judged: replies of an allowed connection are ESTABLISHED in conntrack.
// Pods no policy isolates get no hop, so unpoliced traces stay as they were.
import type { Node, Pod } from '../model';
import { netpolVerdict, type L4Protocol, type SideVerdict } from '../netpol';
import { vethName } from './addresses';
import { push, reply, type End, type Pkt, type Walk } from './hop';
import { netpolNote, netpolRule } from './narrate';

const l4 = (p: Pkt): L4Protocol | null => (p.proto === 'TCP' || p.proto === 'UDP' ? p.proto : null);

/** The source pod's egress, on its node, for a packet that came in from its veth. */
export function egressGate(walk: Walk, node: Node, p: Pkt): End | undefined {
	const pod = walk.origin;
	const proto = l4(p);
	if (!walk.w.cluster.networkPolicies.length) return undefined;
	if (reply(walk) || !pod || !proto || p.dport === undefined || pod.node !== node.name || p.src !== pod.ip) return undefined;
	const v = netpolVerdict(walk.w.cluster, { pod }, { ip: p.dst }, p.dport, proto);
	// judged once per connection: later hops of the same packet (another node) are not the source's
	walk.origin = undefined;
	return v.egress ? gate(walk, node, pod, p, v.egress) : undefined;
}

/** The destination pod's ingress, on its node, before the packet goes out of its veth. */
export function ingressGate(walk: Walk, node: Node, pod: Pod, p: Pkt): End | undefined {
	const proto = l4(p);
	if (!walk.w.cluster.networkPolicies.length || reply(walk) || !proto || p.dport === undefined) return undefined;
	const v = netpolVerdict(walk.w.cluster, { ip: p.src }, { pod }, p.dport, proto);
	return v.ingress ? gate(walk, node, pod, p, v.ingress) : undefined;
}

function gate(walk: Walk, node: Node, pod: Pod, p: Pkt, s: SideVerdict): End | undefined {
	if (!s.isolated) return undefined;
	const refs = s.allowedBy?.source ? [s.allowedBy.source] : s.isolatedBy.map((x) => x.source);
	push(walk, p, {
		at: `${node.name} · NetworkPolicy ${s.side} of ${pod.id}`,
		kind: 'policy',
		anchor: { node: node.name, pod: pod.id, device: vethName(pod) },
		rule: netpolRule(s),
		note: netpolNote(s, p),
		refs,
		netpol: { side: s.side, pod: pod.id, allowed: s.allowed, ...(s.allowedBy ? { policy: s.allowedBy.policy, rule: s.allowedBy.rule } : {}), isolatedBy: s.isolatedBy.map((x) => x.policy) },
		simplified: 'NetworkPolicy is enforced as Calico does it (flannel alone enforces none): in filter FORWARD/INPUT, before kube-proxy\'s filter chains.'
	});
	return s.allowed ? undefined : { status: 'dropped', pkt: p };
}
