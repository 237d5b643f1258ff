// The hop list a walk appends to, and the packet and state it carries: the
// types every walk module shares (walk.ts moves packets, hooks.ts turns
// netfilter into hops, tracking.ts does conntrack, narrate.ts explains).
import type { Node, Pod, SourceRef } from '../model';
import type { Anchor, Change, Hop, HopKind, Leg, OuterHeader, PacketView, Proto, RecentEntry, RuleStep } from './packet';
import { addr } from './packet';
import type { Rng } from '../util';
import type { World } from './world';
import type { CtEntry } from './conntrack';

export interface Pkt {
	src: string;
	sport?: number;
	dst: string;
	dport?: number;
	proto: Proto;
	ttl: number;
	mark: number;
}

/** Mutable state of one trace. */
export interface Walk {
	w: World;
	rng: Rng;
	hops: Hop[];
	notes: string[];
	leg: Leg;
	ct: CtEntry[];
	recent: RecentEntry[];
	/** refs attached to the netfilter hops of the Service in play */
	svcRefs: SourceRef[];
	/** the request entered through a cloud load balancer with this VIP */
	lbVip?: string;
	/** the cloud NAT gateway's translation of the current connection */
	cloudNat?: { inside: string; insidePort?: number; outside: string; outsidePort?: number };
	/** the endpoint (ip:port) a KUBE-SEP DNAT picked */
	endpoint?: string;
	/** the pod that sent the current connection's first packet (its egress policy is judged on its node) */
	origin?: Pod;
}

export type End =
	| { status: 'delivered'; to: { kind: 'pod'; pod: Pod } | { kind: 'host'; node: Node } | { kind: 'external'; ip: string }; pkt: Pkt }
	| { status: 'dropped' | 'rejected' | 'no-route'; pkt: Pkt };

/** What a hop shows of a packet: addresses and protocol; TTL and mark where the walk tracks them. */
export type PacketLike = Pick<Pkt, 'src' | 'sport' | 'dst' | 'dport' | 'proto'> & Partial<Pick<Pkt, 'ttl' | 'mark'>>;

/** Where hops go: a Kubernetes walk or a Docker one (dockerwalk.ts). */
export interface HopSink {
	hops: Hop[];
	leg: Leg;
}

export function view(p: PacketLike, outer?: OuterHeader): PacketView {
	const v: PacketView = { src: addr(p.src, p.sport), dst: addr(p.dst, p.dport), proto: p.proto };
	if (p.ttl !== undefined) v.ttl = p.ttl;
	if (p.mark) v.mark = '0x' + p.mark.toString(16);
	if (outer) v.outer = outer;
	return v;
}

export interface HopInit {
	at: string;
	kind: HopKind;
	anchor: Anchor;
	note: string;
	changed?: Change[];
	before?: Hop['before'];
	rule?: string;
	rules?: RuleStep[];
	refs?: SourceRef[];
	simplified?: string;
	outer?: OuterHeader;
	http?: Hop['http'];
	dns?: Hop['dns'];
	netpol?: Hop['netpol'];
}

export function push(walk: HopSink, p: PacketLike, h: HopInit): Hop {
	const hop: Hop = { at: h.at, kind: h.kind, leg: walk.leg, anchor: h.anchor, packet: view(p, h.outer), changed: h.changed ?? [], note: h.note, refs: h.refs ?? [] };
	if (h.before) hop.before = h.before;
	if (h.rule !== undefined) hop.rule = h.rule;
	if (h.rules && h.rules.length) hop.rules = h.rules;
	if (h.simplified) hop.simplified = h.simplified;
	if (h.http) hop.http = h.http;
	if (h.dns) hop.dns = h.dns;
	if (h.netpol) hop.netpol = h.netpol;
	walk.hops.push(hop);
	return hop;
}

/** The walk is on an answer leg (reply or dns-reply): conntrack translates, the nat table is not consulted. */
export const reply = (walk: HopSink) => walk.leg === 'reply' || walk.leg === 'dns-reply';
