// Everything a trace looks up, computed once per cluster object and cached:
// the simulated cluster (synth.ts), per-node iptables (kube-proxy + CNI) as
// chain indexes, and lookups by name and address.
import type { Cluster, Node, Pod, Service } from '../model';
import type { Rule } from './iptables';
import { nodeProgram, programTables, serviceIndex, serviceRules, servicesFor, SERVICE_DISPATCH_CHAINS, type KubeProxyOptions, type NodeProgram, type ServiceIndex } from './kubeproxy';
import { flannelRules } from './cni';
import { indexRules, type ChainIndex, type NfPacket } from './netfilter';
import { simulated, type Simulated } from './synth';
import { cidrContains } from '../model';
import type { NetHost } from './host';
import { FLANNEL_DEVICE } from './cni';
import { nodeGateway, nodeSubnet } from './addresses';

export interface NodeTables {
	/** what a packet can meet: built per Service as packets reach it */
	nat: ChainIndex;
	filter: ChainIndex;
	/** all rules, for tests and the UI (same objects as in the indexes; built on first read) */
	natRules: Rule[];
	filterRules: Rule[];
}

export interface World extends Simulated {
	podsById: Map<string, Pod>;
	podsByIp: Map<string, Pod>;
	nodesByName: Map<string, Node>;
	nodesByIp: Map<string, Node>;
	tables: (node: string) => NodeTables;
	/** a node as the walker sees it: eth0, the bridge, its routes and tables */
	host: (node: Node) => NetHost;
	overlay: boolean;
}

/** per cluster object, per kube-proxy configuration (its flags as JSON) */
const worlds = new WeakMap<Cluster, Map<string, World>>();

/** The trace world of a cluster whose nodes run kube-proxy with `kubeProxy` flags (default: kube-proxy's defaults). */
export function world(input: Cluster, kubeProxy: KubeProxyOptions = {}): World {
	const key = JSON.stringify(kubeProxy);
	let byOpts = worlds.get(input);
	if (!byOpts) worlds.set(input, (byOpts = new Map()));
	let w = byOpts.get(key);
	if (w) return w;
	const sim = simulated(input);
	const c = sim.cluster;
	const tableCache = new Map<string, NodeTables>();
	const hostCache = new Map<Node, NetHost>();
	let services: ServiceIndex | undefined;
	const nodesByName = new Map(c.nodes.map((n) => [n.name, n]));
	const podsById = new Map<string, Pod>();
	const podsByIp = new Map<string, Pod>();
	for (const p of c.pods) {
		podsById.set(p.id, p);
		if (p.ip && !p.hostNetwork && !podsByIp.has(p.ip)) podsByIp.set(p.ip, p);
	}
	w = {
		...sim,
		podsById,
		podsByIp,
		nodesByName,
		nodesByIp: new Map(c.nodes.map((n) => [n.ip, n])),
		overlay: c.settings.cni === 'overlay',
		tables: (name) => {
			let t = tableCache.get(name);
			if (!t) {
				services ??= serviceIndex(c);
				const program = nodeProgram(c, name, kubeProxy, services);
				t = nodeTables(program, flannelRules(c, nodesByName.get(name)!));
				tableCache.set(name, t);
			}
			return t;
		},
		host: (node) => {
			let h = hostCache.get(node);
			if (!h) hostCache.set(node, (h = nodeHost(w!, node)));
			return h;
		}
	};
	byOpts.set(key, w);
	return w;
}

/**
 * One node's tables as the packet engine reads them. The fixed rules
 * (builtin-chain jumps, kube-proxy's own chains, the CNI's) are indexed at
 * once; a Service's rules only when a packet's destination address or port
 * belongs to it: in KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES and
 * KUBE-PROXY-FIREWALL every rule matches one Service's address (-d IP) or
 * node port (--dport), so the rules of other Services can never match — and
 * the walk records only rules that matched or rolled (KUBE-SVC/SEP chains,
 * which are served whole). Rule order within a chain is nodeRules' order.
 */
function nodeTables(p: NodeProgram, cni: { nat: Rule[]; filter: Rule[] }): NodeTables {
	const fixed = {
		nat: indexRules([...p.jumps.nat, ...p.head.nat, ...p.tail.nat, ...cni.nat]),
		filter: indexRules([...p.jumps.filter, ...p.head.filter, ...p.tail.filter, ...cni.filter])
	};
	// per-Service chains (KUBE-SVC/SVL/EXT/FW/SEP-…) of the Services loaded so far
	const own = { nat: new Map<string, Rule[]>(), filter: new Map<string, Rule[]>() };
	const loaded = new Set<Service>();
	let all: { nat: Rule[]; filter: Rule[] } | undefined;
	const load = (svc: Service) => {
		if (loaded.has(svc)) return;
		loaded.add(svc);
		const r = serviceRules(p, svc);
		for (const table of ['nat', 'filter'] as const) {
			for (const x of r[table]) {
				if (SERVICE_DISPATCH_CHAINS.has(x.chain)) continue;
				const list = own[table].get(x.chain);
				if (list) list.push(x);
				else own[table].set(x.chain, [x]);
			}
		}
	};
	const full = () => {
		if (!all) {
			const kp = programTables(p);
			for (const svc of p.index.services) load(svc);
			all = { nat: [...kp.nat.rules, ...cni.nat], filter: [...kp.filter.rules, ...cni.filter] };
		}
		return all;
	};
	const lazy = (table: 'nat' | 'filter'): ChainIndex => {
		const dispatch = new Map<string, Rule[]>();
		return {
			get(chain: string, pkt: NfPacket) {
				if (SERVICE_DISPATCH_CHAINS.has(chain)) {
					const key = `${chain} ${pkt.dst} ${pkt.dport ?? ''}`;
					let list = dispatch.get(key);
					if (!list) {
						list = [];
						for (const svc of servicesFor(p.index, pkt.dst, pkt.dport)) {
							load(svc);
							for (const x of serviceRules(p, svc)[table]) if (x.chain === chain) list.push(x);
						}
						list.push(...(fixed[table].get(chain) ?? []));
						if (dispatch.size >= 4096) dispatch.clear();
						dispatch.set(key, list);
					}
					return list;
				}
				const rules = fixed[table].get(chain) ?? own[table].get(chain);
				if (rules || !/^KUBE-(SVC|SVL|EXT|FW|SEP)-/.test(chain) || all) return rules;
				// Only reachable through a loaded Service's rules; should that change, load them all.
				full();
				return own[table].get(chain);
			}
		};
	};
	return {
		nat: lazy('nat'),
		filter: lazy('filter'),
		get natRules() {
			return full().nat;
		},
		get filterRules() {
			return full().filter;
		}
	};
}

/**
 * A node as a NetHost: eth0 on the node subnet, the CNI bridge on its pod
 * range, and one route per other node's pod range — via that node (host-gw)
 * or into flannel.1 (VXLAN, `via` the peer's VTEP address, onlink).
 */
function nodeHost(w: World, node: Node): NetHost {
	const c = w.cluster;
	const peers = c.nodes
		.filter((n) => n !== node)
		.map((n) => {
			const net = n.podCIDR.split('/')[0];
			return w.overlay ? { cidr: n.podCIDR, dev: FLANNEL_DEVICE, via: net, kind: 'overlay' as const, peer: n.name } : { cidr: n.podCIDR, dev: 'eth0', via: n.ip, kind: 'node' as const, peer: n.name };
		});
	return {
		name: node.name,
		eth0: { ip: node.ip, subnet: nodeSubnet(c, node), gateway: nodeGateway(c, node) },
		bridge: { name: c.settings.bridgeName, cidr: node.podCIDR, ip: node.bridgeIP },
		peers,
		isLocal: (ip) => isLocalAddress(w, node, ip),
		table: (t) => w.tables(node.name)[t]
	};
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

/**
 * What a first trace would build, as steps to run while the page is idle:
 * the trace world (simulated cluster, lookups), then the kube-proxy and CNI
 * tables of up to `nodes` nodes, those running the most pods first (a
 * packet's first hop is most likely there). Each step is one node.
 */
export function* warmSteps(cluster: Cluster, kubeProxy: KubeProxyOptions = {}, nodes = 3): Generator<string> {
	const w = world(cluster, kubeProxy);
	yield 'world';
	const load = new Map<string, number>();
	for (const p of w.cluster.pods) load.set(p.node, (load.get(p.node) ?? 0) + 1);
	const order = [...w.cluster.nodes].sort((a, b) => (load.get(b.name) ?? 0) - (load.get(a.name) ?? 0) || a.name.localeCompare(b.name));
	for (const n of order.slice(0, nodes)) {
		w.tables(n.name);
		yield n.name;
	}
}
