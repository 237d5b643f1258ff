// Istio Gateways: which Gateway server accepts a request, which
// VirtualServices are bound to it, and the gateway pod that runs it.
// Server hosts are `[namespace/]dnsName`: the namespace part (`*` any, `.` the
// Gateway's own) limits which namespaces' VirtualServices may bind; `gateways:`
// entries in a VS are `ns/name` or a name relative to the VS namespace.
import type { Cluster, IstioGateway, Pod, VirtualService } from '../model';
import { hostMatches, hostsIntersect, resolveConfigHost, resolveGatewayRef } from './hosts';

export type Server = IstioGateway['servers'][number];

export function splitServerHost(h: string): { ns: string; host: string } {
	const i = h.indexOf('/');
	return i < 0 ? { ns: '*', host: h } : { ns: h.slice(0, i), host: h.slice(i + 1) };
}

/** Gateway servers on `port` whose hosts accept `host`. */
export function serversFor(gw: IstioGateway, port: number, host: string): Server[] {
	return gw.servers.filter((s) => s.port.number === port && s.hosts.some((h) => hostMatches(splitServerHost(h).host, host)));
}

export function findGateways(cluster: Cluster, port: number, host: string, only?: string): IstioGateway[] {
	return cluster.gateways.filter((g) => (!only || g.id === only) && serversFor(g, port, host).length > 0);
}

/** VirtualServices bound to gateway `gwId` (or `mesh`) with a host that matches `host`. */
export function boundVirtualServices(cluster: Cluster, gwId: string, host: string, server?: Server, gwNamespace?: string): VirtualService[] {
	const domain = cluster.settings.clusterDomain;
	return cluster.virtualServices.filter((vs) => {
		if (!vs.gateways.some((g) => resolveGatewayRef(g, vs.namespace) === gwId)) return false;
		if (!vs.hosts.some((h) => hostMatches(resolveConfigHost(h, vs.namespace, domain), host) || hostMatches(h, host))) return false;
		if (!server) return true;
		return server.hosts.some((sh) => {
			const { ns, host: shHost } = splitServerHost(sh);
			const nsOk = ns === '*' || (ns === '.' ? vs.namespace === gwNamespace : ns === vs.namespace);
			return nsOk && vs.hosts.some((h) => hostsIntersect(h, shHost));
		});
	});
}

/** The gateway pod; synthesised (istio-system/istio-ingressgateway-…) when the input has none. */
export function gatewayPod(cluster: Cluster, gw: IstioGateway): { pod: Pod | null; name: string; ip: string; synthesized: boolean; labels: Record<string, string> } {
	const id = gw.pods[0];
	const pod = id ? (cluster.pods.find((p) => p.id === id) ?? null) : null;
	if (pod) return { pod, name: pod.id, ip: pod.ip, synthesized: false, labels: pod.labels };
	const app = gw.selector.istio === 'egressgateway' ? 'istio-egressgateway' : 'istio-ingressgateway';
	return { pod: null, name: `istio-system/${app}-synthetic`, ip: '10.244.254.10', synthesized: true, labels: { ...gw.selector, app } };
}
