// Types of the NetworkPolicy engine (networking.k8s.io/v1): verdicts that say
// which side decided (the source's egress, the destination's ingress), whether
// the pod is isolated there, and which policy rule allowed — or that none did,
// with the policies that isolate the pod (the ones that would have to change).
import type { Pod, SourceRef } from '../model';

export type L4Protocol = 'TCP' | 'UDP' | 'SCTP';

/** One end of a connection: a pod (object or `ns/name`), or a bare IP (resolved to a pod when it is one). */
export type NetEnd = { pod: Pod | string } | { ip: string };

/** A rule of one policy: spec.ingress[rule] or spec.egress[rule]. */
export interface RuleRef {
	/** `ns/name` of the NetworkPolicy */
	policy: string;
	namespace: string;
	name: string;
	direction: 'ingress' | 'egress';
	/** index in spec.ingress / spec.egress */
	rule: number;
	/** the rule's line */
	source?: SourceRef;
}

/** A policy that selects a pod for one direction (and so isolates it there). */
export interface Isolator {
	policy: string;
	source: SourceRef;
}

/** One direction's decision: the source pod's egress or the destination pod's ingress. */
export interface SideVerdict {
	side: 'egress' | 'ingress';
	/** the pod whose policies decide this side */
	pod: string;
	isolated: boolean;
	allowed: boolean;
	/** the first rule (policies in input order) that allows the connection */
	allowedBy?: RuleRef;
	/** why it was allowed without a rule: not isolated, or ingress from the pod's own node */
	exempt?: 'not-isolated' | 'own-node';
	/** the policies selecting the pod for this direction: one of them must change to allow a denied connection */
	isolatedBy: Isolator[];
	/** one sentence for a hop or a tooltip */
	text: string;
}

export interface NetpolVerdict {
	allowed: boolean;
	/** a pod can always reach itself (the connection never leaves its network namespace) */
	self?: boolean;
	/** absent when the source is not a pod (an IP, a node, a hostNetwork pod): nothing is enforced there */
	egress?: SideVerdict;
	/** absent when the destination is not a pod */
	ingress?: SideVerdict;
	/** the side that drops it (egress is enforced first, on the way out) */
	deniedAt?: 'egress' | 'ingress';
	text: string;
}

export interface PortProto {
	port: number;
	protocol: L4Protocol;
}

/** The reachability of every pod pair on some ports: row = from, column = to. */
export interface ReachMatrix {
	/** `ns/name`, in cluster order */
	pods: string[];
	ports: PortProto[];
	/** per port (same order as `ports`): allowed[from * pods.length + to] = 1 when allowed */
	allowed: Uint8Array[];
}
