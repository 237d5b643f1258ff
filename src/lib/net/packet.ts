// The data a trace is made of: packets, hops, the trace itself and the flow
// that asks for it. Plain data only, so the UI can animate it, the CLI can
// print it and tests can compare it.
import type { SourceRef } from '../model';
import type { KubeProxyOptions } from './kubeproxy';

export type Proto = 'TCP' | 'UDP' | 'ICMP';

/** Where a packet is, in terms the network-view diagram can anchor to. */
export interface Anchor {
	node?: string;
	/** `ns/name` of the pod whose network namespace the hop is in (or whose veth it is) */
	pod?: string;
	/** eth0, lo, vethXXXXXXXX, cni0, flannel.1 */
	device?: string;
	hook?: 'PREROUTING' | 'OUTPUT' | 'FORWARD' | 'INPUT' | 'POSTROUTING';
	table?: 'nat' | 'filter';
	chain?: string;
	/** off-cluster actors: 'client', 'load-balancer', 'nat-gateway', 'internet', 'upstream-dns' */
	actor?: string;
}

export interface OuterHeader {
	src: string;
	dst: string;
	proto: 'UDP';
	/** VXLAN UDP port: 8472 (Linux kernel default, what flannel uses) — IANA assigned 4789 */
	port: number;
	vni: number;
}

/** Addresses as `ip:port` (`ip` alone for ICMP). */
export interface PacketView {
	src: string;
	dst: string;
	proto: Proto;
	outer?: OuterHeader;
	ttl?: number;
	/** the skb mark (kube-proxy's 0x4000 masquerade bit), hex */
	mark?: string;
}

export type HopKind =
	| 'pod-eth0'
	| 'veth'
	| 'bridge'
	| 'netfilter'
	| 'routing'
	| 'node-eth0'
	| 'wire'
	| 'tunnel'
	| 'load-balancer'
	| 'nat-gateway'
	| 'internet'
	| 'dns'
	| 'conntrack'
	| 'localhost'
	| 'ingress-controller'
	| 'policy'
	| 'process'
	| (string & {});

export type Change = 'src' | 'dst' | 'encap' | 'decap' | 'un-dnat' | 'un-snat' | 'mark' | 'ttl';

/**
 * Legs: `dns` (the resolver's query), `dns-reply` (CoreDNS's answer),
 * `request` (the connection's first packet, e.g. the TCP SYN) and `reply`
 * (the answer to it, e.g. the SYN-ACK). All legs live in one `hops` list.
 */
export type Leg = 'dns' | 'dns-reply' | 'request' | 'reply';

/** One iptables rule looked at while deciding a hop. */
export interface RuleStep {
	table: 'nat' | 'filter';
	chain: string;
	text: string;
	matched: boolean;
	/** statistic rules: the rule's probability and the seeded roll that was compared with it */
	probability?: number;
	roll?: number;
}

export interface Hop {
	at: string;
	kind: HopKind;
	leg: Leg;
	anchor: Anchor;
	packet: PacketView;
	changed: Change[];
	/** the packet before this hop changed it (only the changed fields) */
	before?: { src?: string; dst?: string; outer?: OuterHeader | null; mark?: string };
	/** exact iptables rule text, route entry, ARP line or conntrack entry */
	rule?: string;
	/** the rules tried at this hop (probability ladders, fall-throughs) */
	rules?: RuleStep[];
	note: string;
	refs: SourceRef[];
	simplified?: string;
	/** L7 view where a proxy reads it (ingress controller) */
	http?: { method: string; host: string; path: string; headers: Record<string, string>; status?: number };
	/** NetworkPolicy at a `policy` hop: the side judged, allowed or not, the rule that allowed or the policies that isolate */
	netpol?: { side: 'egress' | 'ingress'; pod: string; allowed: boolean; policy?: string; rule?: number; isolatedBy: string[] };
	/** DNS questions and answers at a resolver or CoreDNS hop */
	dns?: { query: string; type: string; rcode: 'NOERROR' | 'NXDOMAIN'; answers: string[] }[];
}

export type Verdict = 'delivered' | 'dropped' | 'rejected' | 'no-route';

/** An xt_recent entry kube-proxy's session affinity left behind (per node). */
export interface RecentEntry {
	node: string;
	/** the list name: the KUBE-SEP chain */
	name: string;
	ip: string;
}

export interface Trace {
	verdict: Verdict;
	hops: Hop[];
	notes: string[];
	/** where the request was finally delivered (pod id, node, or external actor) */
	deliveredTo?: string;
	/** the endpoint kube-proxy picked (`ip:port`), when a Service was involved */
	endpoint?: string;
	/** xt_recent state after the trace: pass the trace as opts.affinityFrom to replay session affinity */
	recent: RecentEntry[];
	/** HTTP status when an L7 proxy answered (ingress 404) */
	status?: number;
}

/** One end of a flow, as parsed from a REF string (see refs.ts). */
export type FlowEnd =
	| { kind: 'pod'; namespace: string; name: string }
	| { kind: 'container'; namespace: string; name: string; container: string }
	| { kind: 'workload'; workload: string; namespace: string; name: string }
	| { kind: 'svc'; namespace: string; name: string; byName?: boolean }
	| { kind: 'node'; name: string }
	| { kind: 'external'; ip: string }
	| { kind: 'dns'; name: string }
	| { kind: 'url'; url: string; scheme: string; host: string; port?: number; path: string; /** the host was written with a trailing dot (absolute: no search list) */ absolute?: boolean }
	| { kind: 'ingress'; namespace: string; name: string };

export interface Flow {
	from: FlowEnd | string;
	to: FlowEnd | string;
	port?: number;
	protocol?: 'TCP' | 'UDP' | string;
	method?: string;
	path?: string;
	headers?: Record<string, string>;
}

export interface TraceOptions {
	seed: number;
	/** a previous trace whose xt_recent state (session affinity) this one starts from */
	affinityFrom?: Trace;
	/** force the node a cloud load balancer (or a NodePort client) sends to */
	viaNode?: string;
	/** kube-proxy flags every node runs with (--nodeport-addresses, --masquerade-all, …) */
	kubeProxy?: KubeProxyOptions;
}

export function addr(ip: string, port?: number): string {
	return port === undefined ? ip : `${ip}:${port}`;
}
