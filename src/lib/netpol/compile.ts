// A cluster's NetworkPolicies compiled once (cached per Cluster object): which
// policies isolate each pod per direction, and for every rule the set of pods
// its peers select. Semantics follow the API's own documentation,
// kubernetes/kubernetes pkg/apis/networking/types.go (NetworkPolicySpec,
// NetworkPolicyPeer, IPBlock, NetworkPolicyPort) and the concept page
// https://kubernetes.io/docs/concepts/services-networking/network-policies/.
import type { Cluster, LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, Pod } from '../model';
import { matchesSelector, parseCidr, parseIPv4, formatSelector, type Cidr } from '../model';
import { hasBit, makeBits, orInto, setBit, type Bits } from './bits';
import type { L4Protocol, RuleRef } from './types';

export interface CPeer {
	/** pods the peer selects (ipBlock: pods whose IP is in the block) */
	bits: Bits;
	/** ipBlock peers also match bare IPs */
	block?: { cidr: Cidr | null; except: (Cidr | null)[] };
	text: string;
}

export interface CRule {
	ref: RuleRef;
	/** null: `from`/`to` missing or empty — every source/destination, pods and IPs */
	peers: CPeer[] | null;
	ports: NetworkPolicyPort[] | null;
	/** union of the peers' pods */
	bits: Bits | null;
}

export interface CPolicy {
	np: NetworkPolicy;
	ingress: CRule[];
	egress: CRule[];
}

export interface Compiled {
	pods: Pod[];
	/** pod id → index */
	index: Map<string, number>;
	/** pod IP → index (pods with their own network namespace) */
	byIp: Map<string, number>;
	policies: CPolicy[];
	/** pod index → policies (indexes) that select it with policyType Ingress / Egress */
	ingressOf: number[][];
	egressOf: number[][];
	/** node name → its own addresses (InternalIP, bridge, VXLAN device) */
	nodeAddrs: Map<string, Set<string>>;
	/** node name → hostNetwork pods on it (their traffic is the node's) */
	hostPods: Map<string, Bits>;
	/** `name|port|proto` → pods with a container port of that name, number and protocol */
	named: Map<string, Bits>;
}

const cache = new WeakMap<Cluster, Compiled>();

/** A hostNetwork pod has no network namespace of its own: policies neither isolate nor select it (its traffic is the node's). */
export const ownNetns = (p: Pod) => !p.hostNetwork;

export function compile(cluster: Cluster): Compiled {
	const hit = cache.get(cluster);
	if (hit) return hit;
	const pods = cluster.pods;
	const n = pods.length;
	const index = new Map<string, number>();
	const byIp = new Map<string, number>();
	pods.forEach((p, i) => {
		index.set(p.id, i);
		if (p.ip && ownNetns(p) && !byIp.has(p.ip)) byIp.set(p.ip, i);
	});
	// pod IPs parsed once: every ipBlock peer tests every pod
	const ipNum = pods.map((p) => (p.ip ? parseIPv4(p.ip) : null));
	const nsLabels = new Map(cluster.namespaces.map((ns) => [ns.name, ns.labels]));
	const byNs = new Map<string, number[]>();
	pods.forEach((p, i) => {
		if (!ownNetns(p)) return;
		let l = byNs.get(p.namespace);
		if (!l) byNs.set(p.namespace, (l = []));
		l.push(i);
	});
	// one bit set per distinct (namespaces, pod selector), shared by all peers that write the same
	const selCache = new Map<string, Bits>();
	const select = (namespaces: string[], sel: LabelSelector): Bits => {
		const key = namespaces.join(',') + '\u0000' + JSON.stringify(sel);
		let b = selCache.get(key);
		if (b) return b;
		b = makeBits(n);
		for (const ns of namespaces) for (const i of byNs.get(ns) ?? []) if (matchesSelector(sel, pods[i].labels)) setBit(b, i);
		selCache.set(key, b);
		return b;
	};
	const allNs = [...new Set([...nsLabels.keys(), ...byNs.keys()])].sort();
	const nsMatching = (sel: LabelSelector) => allNs.filter((ns) => matchesSelector(sel, nsLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns }));

	const peer = (np: NetworkPolicy, p: NetworkPolicyPeer): CPeer => {
		// IPBlock: "If this field is set then neither of the other fields can be." The
		// block applies to pod IPs too (the spec leaves it to the plugin; Calico and Cilium do).
		if (p.ipBlock) {
			const cidr = parseCidr(p.ipBlock.cidr);
			const except = (p.ipBlock.except ?? []).map((e) => parseCidr(e));
			const block = { cidr, except };
			const bits = makeBits(n);
			ipNum.forEach((v, i) => {
				if (v !== null && inBlockNum(block, v)) setBit(bits, i);
			});
			return { bits, block, text: `ipBlock ${p.ipBlock.cidr}${except.length ? ` except ${(p.ipBlock.except ?? []).join(', ')}` : ''}` };
		}
		// podSelector alone: pods of the policy's own namespace; namespaceSelector alone:
		// every pod of the selected namespaces; both in ONE peer: pods matching podSelector
		// in the selected namespaces (AND). A peer with neither selects nothing (the API rejects it).
		if (!p.podSelector && !p.namespaceSelector) return { bits: makeBits(n), text: 'an empty peer (selects nothing)' };
		const namespaces = p.namespaceSelector ? nsMatching(p.namespaceSelector) : [np.namespace];
		const bits = select(namespaces, p.podSelector ?? {});
		const parts: string[] = [];
		if (p.namespaceSelector) parts.push(`namespaceSelector ${formatSelector(p.namespaceSelector)}`);
		if (p.podSelector) parts.push(`podSelector ${formatSelector(p.podSelector)}${p.namespaceSelector ? '' : ` (namespace ${np.namespace})`}`);
		return { bits, text: parts.join(' AND ') };
	};
	const rules = (np: NetworkPolicy, list: NetworkPolicyRule[], direction: 'ingress' | 'egress'): CRule[] =>
		list.map((r, i) => {
			// "If this field is empty or missing, this rule matches all sources/destinations."
			const peers = r.peers && r.peers.length ? r.peers.map((x) => peer(np, x)) : null;
			let bits: Bits | null = null;
			if (peers) {
				bits = makeBits(n);
				for (const x of peers) orInto(bits, x.bits);
			}
			return { ref: { policy: np.id, namespace: np.namespace, name: np.name, direction, rule: i, source: r.source }, peers, ports: r.ports && r.ports.length ? r.ports : null, bits };
		});

	const policies: CPolicy[] = cluster.networkPolicies.map((np) => ({ np, ingress: rules(np, np.ingress, 'ingress'), egress: rules(np, np.egress, 'egress') }));
	const ingressOf: number[][] = pods.map(() => []);
	const egressOf: number[][] = pods.map(() => []);
	policies.forEach((cp, k) => {
		// podSelector selects pods in the policy's namespace; policyTypes (defaulted by the
		// model as the API server does) says which directions it isolates.
		for (const i of byNs.get(cp.np.namespace) ?? []) {
			if (!matchesSelector(cp.np.podSelector, pods[i].labels)) continue;
			if (cp.np.policyTypes.includes('Ingress')) ingressOf[i].push(k);
			if (cp.np.policyTypes.includes('Egress')) egressOf[i].push(k);
		}
	});
	const nodeAddrs = new Map<string, Set<string>>();
	for (const node of cluster.nodes) {
		const a = new Set([node.ip, node.bridgeIP, node.podCIDR.split('/')[0]].filter(Boolean));
		nodeAddrs.set(node.name, a);
	}
	const hostPods = new Map<string, Bits>();
	pods.forEach((p, i) => {
		if (ownNetns(p)) return;
		let b = hostPods.get(p.node);
		if (!b) hostPods.set(p.node, (b = makeBits(n)));
		setBit(b, i);
	});
	const c: Compiled = { pods, index, byIp, policies, ingressOf, egressOf, nodeAddrs, hostPods, named: new Map() };
	cache.set(cluster, c);
	return c;
}

const contains = (c: Cidr, ip: number) => (c.prefix === 0 ? true : (ip >>> (32 - c.prefix)) === (c.base >>> (32 - c.prefix)));

/** In the block's cidr and in none of its `except` ranges. */
export function inBlock(block: NonNullable<CPeer['block']>, ip: string): boolean {
	const v = parseIPv4(ip);
	return v !== null && inBlockNum(block, v);
}

function inBlockNum(block: NonNullable<CPeer['block']>, v: number): boolean {
	if (!block.cidr || !contains(block.cidr, v)) return false;
	return !block.except.some((e) => e !== null && contains(e, v));
}

/** Does the peer list match a destination/source given as a pod index or a bare IP? */
export function peerMatches(rule: CRule, who: { pod: number } | { ip: string }): CPeer | 'all' | null {
	if (!rule.peers) return 'all';
	for (const p of rule.peers) {
		if ('pod' in who ? hasBit(p.bits, who.pod) : !!p.block && inBlock(p.block, who.ip)) return p;
	}
	return null;
}

/**
 * NetworkPolicyPort: protocol (default TCP) AND port. A missing port matches
 * every port of the protocol; a number with endPort matches the inclusive
 * range; a name is looked up on the TARGET pod's container ports (for
 * ingress the selected pod, for egress the destination pod) with the same
 * protocol. An endPort below port, or with a named port, is invalid (the API
 * rejects it; here it is ignored and a finding says so).
 */
export function portMatches(ports: NetworkPolicyPort[] | null, port: number, proto: L4Protocol, target: Pod | undefined): NetworkPolicyPort | 'all' | null {
	if (!ports) return 'all';
	for (const p of ports) {
		if (p.protocol !== proto) continue;
		if (p.port === undefined) return p;
		if (typeof p.port === 'number') {
			const end = p.endPort !== undefined && p.endPort >= p.port ? p.endPort : p.port;
			if (port >= p.port && port <= end) return p;
		} else if (target && namedPort(target, p.port, proto) === port) return p;
	}
	return null;
}

/** containerPort of the pod's port named `name` with protocol `proto` (undefined when none). */
export function namedPort(pod: Pod, name: string, proto: L4Protocol): number | undefined {
	for (const c of pod.containers) for (const cp of c.ports) if (cp.name === name && (cp.protocol ?? 'TCP') === proto) return cp.containerPort;
	return undefined;
}

/** Pods on which the named port `name`/`proto` is `port` (cached per compiled cluster). */
export function namedBits(c: Compiled, name: string, port: number, proto: L4Protocol): Bits {
	const key = `${name}|${port}|${proto}`;
	let b = c.named.get(key);
	if (!b) {
		b = makeBits(c.pods.length);
		c.pods.forEach((p, i) => {
			if (ownNetns(p) && namedPort(p, name, proto) === port) setBit(b!, i);
		});
		c.named.set(key, b);
	}
	return b;
}
