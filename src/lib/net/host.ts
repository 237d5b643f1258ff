// The machine a packet walks through: a Kubernetes node (world.ts nodeHost)
// or a plain Docker host (docker.ts netHost). Both are one Linux root network
// namespace with eth0, one bridge its local endpoints (pods, containers) hang
// off through veths, a main routing table and netfilter tables. The walkers
// (walk.ts, dockerwalk.ts) ask it the same questions: which route, is this
// address mine (addrtype LOCAL), what does this hook do to the packet.
import { cidrContains } from '../model';
import { runHook, type ChainIndex, type Hook, type HookResult, type NfPacket } from './netfilter';
import type { RecentEntry } from './packet';
import type { Rng } from '../util';

export interface NetHost {
	name: string;
	eth0: { ip: string; subnet: string; gateway: string };
	/** the bridge (cni0, docker0) and its own address, the endpoints' gateway */
	bridge: { name: string; cidr: string; ip: string };
	/** routes to other hosts' bridge networks (host-gw or VXLAN), looked up after the bridge's */
	peers: PeerRoute[];
	/** addrtype LOCAL: the host's own addresses */
	isLocal(ip: string): boolean;
	/** the nat and filter tables, by chain */
	table(t: 'nat' | 'filter'): ChainIndex;
	/** builtin-chain policies other than ACCEPT (dockerd sets filter FORWARD to DROP) */
	policies?: Partial<Record<'nat' | 'filter', Partial<Record<string, 'ACCEPT' | 'DROP'>>>>;
}

export interface PeerRoute {
	cidr: string;
	dev: string;
	via: string;
	kind: 'node' | 'overlay';
	/** the host that owns `cidr` */
	peer: string;
}

/** One entry of the main routing table, as `ip route` prints it. */
export interface Route {
	text: string;
	dev: string;
	via?: string;
	/** bridge: directly connected; node/overlay: another host's bridge network; link: eth0's subnet; default: the gateway */
	kind: 'bridge' | 'node' | 'overlay' | 'link' | 'default';
	peer?: string;
}

/** The main table's answer for `dst`: the bridge network, a peer's, eth0's subnet, else the default route. */
export function routeLookup(h: NetHost, dst: string): Route {
	if (cidrContains(h.bridge.cidr, dst)) return { text: `${h.bridge.cidr} dev ${h.bridge.name} proto kernel scope link src ${h.bridge.ip}`, dev: h.bridge.name, kind: 'bridge' };
	const p = h.peers.find((r) => cidrContains(r.cidr, dst));
	if (p) return { text: p.kind === 'overlay' ? `${p.cidr} via ${p.via} dev ${p.dev} onlink` : `${p.cidr} via ${p.via} dev ${p.dev}`, dev: p.dev, via: p.via, kind: p.kind, peer: p.peer };
	if (cidrContains(h.eth0.subnet, dst)) return { text: `${h.eth0.subnet} dev eth0 proto kernel scope link src ${h.eth0.ip}`, dev: 'eth0', kind: 'link' };
	return { text: `default via ${h.eth0.gateway} dev eth0`, dev: 'eth0', via: h.eth0.gateway, kind: 'default' };
}

/** The local table's entry for one of the host's own addresses (or loopback). */
export function localRoute(dst: string, dev: string): string {
	if (cidrContains('127.0.0.0/8', dst)) return 'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1';
	return `local ${dst} dev ${dev} table local proto kernel scope host src ${dst}`;
}

/** The route an endpoint (pod, container) on the bridge takes: on-link on the bridge network, else via the bridge's address. */
export function endpointRoute(h: NetHost, ip: string, dst: string, onLink: boolean, clusterCIDR?: string): string {
	if (onLink) return `${h.bridge.cidr} dev eth0 proto kernel scope link src ${ip}`;
	if (clusterCIDR && cidrContains(clusterCIDR, dst)) return `${clusterCIDR} via ${h.bridge.ip} dev eth0`;
	return `default via ${h.bridge.ip} dev eth0`;
}

/** The address MASQUERADE picks: the outgoing device's. */
export function deviceAddress(h: NetHost, dev: string, overlayAddr?: string): string {
	return dev === 'eth0' ? h.eth0.ip : dev === h.bridge.name ? h.bridge.ip : (overlayAddr ?? h.eth0.ip);
}

export interface HookRun {
	ctstates: Set<string>;
	rng: Rng;
	recent: RecentEntry[];
	outAddr?: string;
	recordAll?: boolean;
}

/** One netfilter hook of one of the host's tables, by the shared engine (netfilter.ts). */
export function hostHook(h: NetHost, table: 'nat' | 'filter', hook: Hook, pkt: NfPacket, o: HookRun): HookResult {
	return runHook(h.table(table), table, hook, pkt, {
		node: h.name,
		isLocal: (ip) => h.isLocal(ip),
		ctstates: o.ctstates,
		rng: o.rng,
		recent: o.recent,
		outAddr: o.outAddr,
		policy: h.policies?.[table]?.[hook],
		recordAll: o.recordAll
	});
}
