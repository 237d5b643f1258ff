// kube-proxy's names for per-service chains, computed exactly as
// pkg/proxy/iptables/proxier.go does (portProtoHash & co.), so the packet
// engine and the UI can refer to the very chains iptables-save shows.
import { base32, sha256String } from './sha256';

/**
 * proxy.ServicePortName.String(): `ns/name:port`, or `ns/name` when the port
 * is unnamed (fmtPortName drops the colon for an empty name).
 */
export function servicePortName(namespace: string, name: string, portName: string): string {
	return `${namespace}/${name}${portName ? `:${portName}` : ''}`;
}

/** First 16 chars of base32(sha256(servicePortName + protocol)); protocol lowercase as kube-proxy passes it. */
export function portProtoHash(svcPortName: string, protocol: string): string {
	return hash16(svcPortName + protocol.toLowerCase());
}

/**
 * base32(sha256(s))[:16], memoised: a cluster's chain names are asked for
 * again and again (every node's rules, every trace), the inputs are few.
 */
const hashes = new Map<string, string>();
const MAX_MEMO = 1 << 17;
function hash16(s: string): string {
	let h = hashes.get(s);
	if (h === undefined) {
		if (hashes.size >= MAX_MEMO) hashes.clear();
		h = base32(sha256String(s)).slice(0, 16);
		hashes.set(s, h);
	}
	return h;
}

/** KUBE-SVC-…: dispatch to endpoints under `Cluster` traffic policy (upstream servicePortPolicyClusterChain). */
export function servicePortChainName(svcPortName: string, protocol: string): string {
	return 'KUBE-SVC-' + portProtoHash(svcPortName, protocol);
}

/** KUBE-SVL-…: dispatch to this node's endpoints under `Local` traffic policy. */
export function servicePortLocalChainName(svcPortName: string, protocol: string): string {
	return 'KUBE-SVL-' + portProtoHash(svcPortName, protocol);
}

/** KUBE-FW-…: loadBalancerSourceRanges filtering for LoadBalancer IPs. */
export function serviceFirewallChainName(svcPortName: string, protocol: string): string {
	return 'KUBE-FW-' + portProtoHash(svcPortName, protocol);
}

/** KUBE-EXT-…: entry for NodePort / LoadBalancer / externalIP traffic. */
export function serviceExternalChainName(svcPortName: string, protocol: string): string {
	return 'KUBE-EXT-' + portProtoHash(svcPortName, protocol);
}

/** KUBE-SEP-…: per-endpoint DNAT chain; endpoint is `ip:port` (net.JoinHostPort). */
export function servicePortEndpointChainName(svcPortName: string, protocol: string, endpoint: string): string {
	return 'KUBE-SEP-' + hash16(svcPortName + protocol.toLowerCase() + endpoint);
}

/** `--probability` text: Go's fmt.Sprintf("%0.10f", 1.0/float64(n)). */
export function computeProbability(n: number): string {
	return (1 / n).toFixed(10);
}
