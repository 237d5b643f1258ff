// Deterministic stand-ins for what the real systems pick at random or learn
// at run time: MAC addresses, host-side veth names, the cloud's addresses.
import type { Cluster, Node, Pod } from '../model';
import { fnv1a } from '../util';
import { nthHost, parseCidr, formatCidr, parseIPv4 } from '../model';

/** The default external client (TEST-NET-3). */
export const DEFAULT_CLIENT_IP = '203.0.113.7';
/** The cloud NAT gateway's public address (TEST-NET-2, documentation range). */
export const NAT_GATEWAY_IP = '198.51.100.10';

function hex2(n: number): string {
	return (n & 0xff).toString(16).padStart(2, '0');
}

/** Pod eth0 MAC: 0a:58 + the IP in hex (the convention OVN-Kubernetes and others use). */
export function podMac(ip: string): string {
	const n = parseIPv4(ip) ?? 0;
	return ['0a', '58', hex2(n >>> 24), hex2(n >>> 16), hex2(n >>> 8), hex2(n)].join(':');
}

/** A locally administered MAC derived from a key (bridge, flannel.1, node NICs). */
export function synthMac(key: string): string {
	const h = fnv1a(key);
	const g = fnv1a(key + '#');
	return ['02', hex2(h >>> 24), hex2(h >>> 16), hex2(h >>> 8), hex2(h), hex2(g)].join(':');
}

/** The host end of a pod's veth pair, vethXXXXXXXX as the bridge plugin names it. */
export function vethName(pod: Pod): string {
	return 'veth' + fnv1a(pod.id).toString(16).padStart(8, '0');
}

/** The node subnet (e.g. 192.168.49.0/24) from the node IP and the configured prefix. */
export function nodeSubnet(cluster: Cluster, node: Node): string {
	const c = parseCidr(`${node.ip}/${cluster.settings.nodeSubnetPrefix}`);
	return c ? formatCidr(c) : `${node.ip}/32`;
}

/** The node's default gateway: the first host of its subnet (the cloud router). */
export function nodeGateway(cluster: Cluster, node: Node): string {
	return nthHost(nodeSubnet(cluster, node), 1) ?? node.ip;
}

/** An address upstream DNS "answers" for an outside name (TEST-NET-1, derived from the name). */
export function upstreamAddress(name: string): string {
	return `192.0.2.${(fnv1a(name) % 250) + 2}`;
}
