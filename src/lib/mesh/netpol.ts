// L3-4 before L7: a NetworkPolicy verdict (netpol engine) on the connection a
// request needs. A dropped SYN never reaches the server's sidecar, so there is
// no mTLS handshake and no authorization: a sidecar client waits out Envoy's
// connect timeout (Istio's default connectTimeout is 10 s) and answers 503 UF
// "upstream connect error or disconnect/reset before headers. reset reason:
// connection timeout"; an app without a sidecar sees its connect() time out.
import type { Cluster, Pod } from '../model';
import type { MeshHop, MeshRef } from './types';
import { netpolVerdict } from '../netpol';
import { hop } from './hops';

export const CONNECT_TIMEOUT_MS = 10_000;

export interface L34Drop {
	hop: MeshHop;
	/** the deciding policy (`ns/name`) or null: "no policy allows it" with several isolating */
	policy: string | null;
	text: string;
	side: 'egress' | 'ingress';
}

/** The drop, when a NetworkPolicy forbids `from` (pod or bare IP) → `to` on `port`; null when allowed or not judged. */
export function l34Drop(cluster: Cluster, from: { pod: Pod | null; ip: string }, to: Pod, port: number): L34Drop | null {
	if (!cluster.networkPolicies.length) return null;
	const v = netpolVerdict(cluster, from.pod ? { pod: from.pod } : { ip: from.ip }, { pod: to }, port, 'TCP');
	if (v.allowed || !v.deniedAt) return null;
	const side = v.deniedAt === 'egress' ? v.egress! : v.ingress!;
	const node = v.deniedAt === 'egress' ? (from.pod?.node ?? to.node) : to.node;
	const refs: MeshRef[] = side.isolatedBy.map((i) => {
		const [namespace, name] = i.policy.split('/');
		return { kind: 'NetworkPolicy', namespace, name, file: i.source.file, line: i.source.line };
	});
	const where = v.deniedAt === 'egress' ? `the egress of ${side.pod}, on its node ${node}` : `the ingress of ${side.pod}, on its node ${node} before the veth`;
	const text = `L3-4: dropped by NetworkPolicy at ${where} — ${side.text}`;
	return { hop: hop(node, 'network', from.ip, `${to.ip}:${port}`, text, { rule: side.isolatedBy.map((i) => i.policy).join(', '), refs }), policy: side.isolatedBy[0]?.policy ?? null, text, side: v.deniedAt };
}
