// Everything a trace looks up, computed once per cluster object and cached:
// the simulated cluster (synth.ts), per-node iptables (kube-proxy + CNI) as
// chain indexes, and lookups by name and address.
import type { Cluster, Node, Pod, Service } from '../model/types';
import type { Rule } from './iptables';
import { nodeRules } from './kubeproxy';
import { flannelRules } from './cni';
import { indexRules, type ChainIndex } from './netfilter';
import { simulated, type Simulated } from './synth';
import { cidrContains } from '../model/cidr';

export interface NodeTables {
	nat: ChainIndex;
	filter: ChainIndex;
	/** all rules, for tests and the UI (same objects as in the indexes) */
	natRules: Rule[];
	filterRules: Rule[];
}

export interface World extends Simulated {
	podsById: Map<string, Pod>;
	podsByIp: Map<string, Pod>;
	nodesByName: Map<string, Node>;
	nodesByIp: Map<string, Node>;
	tables: (node: string) => NodeTables;
	overlay: boolean;
}

const worlds = new WeakMap<Cluster, World>();

export function world(input: Cluster): World {
	let w = worlds.get(input);
	if (w) return w;
	const sim = simulated(input);
	const c = sim.cluster;
	const tableCache = new Map<string, NodeTables>();
	const nodesByName = new Map(c.nodes.map((n) => [n.name, n]));
	const podsByIp = new Map<string, Pod>();
	for (const p of c.pods) if (p.ip && !p.hostNetwork && !podsByIp.has(p.ip)) podsByIp.set(p.ip, p);
	w = {
		...sim,
		podsById: new Map(c.pods.map((p) => [p.id, p])),
		podsByIp,
		nodesByName,
		nodesByIp: new Map(c.nodes.map((n) => [n.ip, n])),
		overlay: c.settings.cni === 'overlay',
		tables: (name) => {
			let t = tableCache.get(name);
			if (!t) {
				const node = nodesByName.get(name)!;
				const kp = nodeRules(c, name);
				const cni = flannelRules(c, node);
				const natRules = [...kp.nat.rules, ...cni.nat];
				const filterRules = [...kp.filter.rules, ...cni.filter];
				t = { nat: indexRules(natRules), filter: indexRules(filterRules), natRules, filterRules };
				tableCache.set(name, t);
			}
			return t;
		}
	};
	worlds.set(input, w);
	return w;
}

/** addrtype LOCAL on a node: its InternalIP, the bridge, flannel.1 (overlay) and loopback. */
export function isLocalAddress(w: World, node: Node, ip: string): boolean {
	if (ip === node.ip || ip === node.bridgeIP || cidrContains('127.0.0.0/8', ip)) return true;
	return w.overlay && ip === node.podCIDR.split('/')[0];
}

export function serviceByClusterIP(w: World, ip: string): Service | undefined {
	return w.cluster.services.find((s) => s.clusterIP === ip);
}

export function nodeOfPodIP(w: World, ip: string): Node | undefined {
	return w.cluster.nodes.find((n) => cidrContains(n.podCIDR, ip));
}
