// The sidecar data path as hops. Chain and rule text as istio-iptables
// programs them in the pod's network namespace (nat table):
//   -A OUTPUT -p tcp -j ISTIO_OUTPUT
//   -A ISTIO_OUTPUT … -m owner --uid-owner 1337 -j RETURN   (Envoy's own traffic)
//   -A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
//   -A ISTIO_OUTPUT -j ISTIO_REDIRECT
//   -A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
//   -A PREROUTING -p tcp -j ISTIO_INBOUND
//   -A ISTIO_INBOUND -p tcp --dport 15008|15090|15021|15020 -j RETURN
//   -A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT
//   -A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
// Envoy names: virtualOutbound (15001), virtualInbound (15006), the per-port
// outbound listener 0.0.0.0_<port> with route config `<port>`, virtual host
// `<fqdn>:<port>`, clusters `outbound|<port>|<subset>|<fqdn>` and `inbound|<port>||`.
import type { MeshHop, MeshRef } from './types';

export const OUTBOUND_RULES = [
	'-A OUTPUT -p tcp -j ISTIO_OUTPUT',
	'-A ISTIO_OUTPUT -j ISTIO_REDIRECT',
	'-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001'
].join('\n');

export const INBOUND_RULES = [
	'-A PREROUTING -p tcp -j ISTIO_INBOUND',
	'-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT',
	'-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006'
].join('\n');

export function outboundCluster(port: number, subset: string | null, fqdn: string): string {
	return `outbound|${port}|${subset ?? ''}|${fqdn}`;
}

export function inboundCluster(port: number): string {
	return `inbound|${port}||`;
}

/** SNI Istio sets for ISTIO_MUTUAL upstream connections. */
export function istioSni(port: number, subset: string | null, fqdn: string): string {
	return `outbound_.${port}_.${subset ?? ''}_.${fqdn}`;
}

export function proxyName(pod: string): string {
	return `${pod} (istio-proxy)`;
}

export function hop(at: string, kind: MeshHop['kind'], src: string, dst: string, note: string, extra: { rule?: string; refs?: MeshRef[] } = {}): MeshHop {
	const h: MeshHop = { at, kind, src, dst, note, refs: extra.refs ?? [] };
	if (extra.rule !== undefined) h.rule = extra.rule;
	return h;
}
