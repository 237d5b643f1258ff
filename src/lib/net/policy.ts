// Where NetworkPolicy will be enforced. CNIs that implement it check egress
// as the packet leaves the source pod (its veth) and ingress as it enters the
// destination pod (its veth), on the first packet of a connection; replies of
// an allowed connection pass (policies are stateful). For now every packet is
// allowed; the trace only draws a `policy` hop when a verdict is not a plain allow.
import type { Cluster } from '../model/types';
import type { PacketView } from './packet';

export type PolicyDirection = 'egress' | 'ingress';

export type PolicyVerdict = { allowed: true; by?: string[] } | { allowed: false; by: string[] };

/** NetworkPolicy verdict for a packet leaving (egress) or entering (ingress) pod `podId`. */
export function policyVerdict(cluster: Cluster, packet: PacketView, direction: PolicyDirection, podId: string): PolicyVerdict {
	void cluster;
	void packet;
	void direction;
	void podId;
	return { allowed: true };
}
