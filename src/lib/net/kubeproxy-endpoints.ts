// Which endpoints kube-proxy uses on one node: the EndpointSliceCache view of a
// service port (dedupe by ip:port, sort by string) and proxy.CategorizeEndpoints
// (pkg/proxy/topology.go) for Cluster vs Local traffic policy, with the
// fallback to serving-terminating endpoints when nothing is ready.
import type { Endpoint, Service, ServicePort } from '../model';
import { ipSloppy } from '../model';

export interface ProxyEndpoint {
	ip: string;
	port: number;
	/** `ip:port` (BaseEndpointInfo.String()) */
	key: string;
	/** on the node we generate rules for */
	local: boolean;
	ready: boolean;
	serving: boolean;
	terminating: boolean;
	/** the model endpoint it came from */
	source: Endpoint;
}

export interface PortPolicy {
	/** internalTrafficPolicy Local */
	internalLocal: boolean;
	/** externalTrafficPolicy Local on a NodePort/LoadBalancer service */
	externalLocal: boolean;
	/** has a NodePort, a LoadBalancer IP or an externalIP */
	externallyAccessible: boolean;
}

export interface Categorized {
	clusterEndpoints: ProxyEndpoint[];
	localEndpoints: ProxyEndpoint[];
	allReachable: ProxyEndpoint[];
	hasAnyEndpoints: boolean;
}

/**
 * The service port's endpoints as kube-proxy's EndpointsMap holds them:
 * IPv4 only (this is the IPv4 proxier), the address in canonical form
 * (endpointslicecache.go: ParseIPSloppy(addr).String(), so `10.180.0.001`
 * is 10.180.0.1 in the DNAT and in the KUBE-SEP hash), one per ip:port (a
 * non-terminating duplicate wins), sorted by `ip:port` string.
 */
export function portEndpoints(svc: Service, port: ServicePort, nodeName: string): ProxyEndpoint[] {
	const byKey = new Map<string, ProxyEndpoint>();
	for (const ep of svc.endpoints) {
		if (ep.portName !== port.name || ep.protocol !== port.protocol) continue;
		const ip = ipSloppy(ep.ip);
		if (ip === null || !(ep.port > 0)) continue;
		const key = `${ip}:${ep.port}`;
		if (byKey.has(key) && ep.terminating) continue;
		byKey.set(key, {
			ip,
			port: ep.port,
			key,
			local: ep.node !== undefined && ep.node === nodeName,
			ready: ep.ready,
			serving: ep.serving,
			terminating: ep.terminating,
			source: ep
		});
	}
	return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function usesClusterEndpoints(p: PortPolicy): boolean {
	// Local external policy still needs Cluster endpoints for short-circuiting.
	return !p.internalLocal || p.externallyAccessible;
}

export function usesLocalEndpoints(p: PortPolicy): boolean {
	return p.internalLocal || (p.externalLocal && p.externallyAccessible);
}

/** proxy.CategorizeEndpoints without topology hints (the model has none). */
export function categorizeEndpoints(endpoints: ProxyEndpoint[], p: PortPolicy): Categorized {
	let clusterEndpoints: ProxyEndpoint[] = [];
	let localEndpoints: ProxyEndpoint[] = [];
	let hasAnyEndpoints = false;
	let useServingTerminating = false;

	if (usesClusterEndpoints(p)) {
		clusterEndpoints = endpoints.filter((ep) => ep.ready);
		if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
		if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
	}
	if (!usesLocalEndpoints(p)) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };

	let hasLocalReady = false;
	let hasLocalServingTerminating = false;
	for (const ep of endpoints) {
		if (ep.ready) {
			hasAnyEndpoints = true;
			if (ep.local) hasLocalReady = true;
		} else if (ep.serving && ep.terminating) {
			hasAnyEndpoints = true;
			if (ep.local) hasLocalServingTerminating = true;
		}
	}
	if (hasLocalReady) {
		localEndpoints = endpoints.filter((ep) => ep.local && ep.ready);
	} else if (hasLocalServingTerminating) {
		useServingTerminating = true;
		localEndpoints = endpoints.filter((ep) => ep.local && ep.serving && ep.terminating);
	}
	if (!usesClusterEndpoints(p)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
	// Ready-only local endpoints are a subset of the (ready) cluster endpoints.
	if (!useServingTerminating) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };

	const merged = new Map<string, ProxyEndpoint>();
	for (const ep of [...clusterEndpoints, ...localEndpoints]) merged.set(ep.key, ep);
	const allReachable = [...merged.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	return { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints };
}
