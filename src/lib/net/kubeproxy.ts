// kube-proxy in iptables mode, as a pure generator: the nat and filter rules
// that pkg/proxy/iptables/proxier.go (syncProxyRules) programs on one node,
// plus the jump rules it ensures in the builtin chains. Same chain names,
// comments, matches and per-service rule order as upstream; services are
// emitted sorted by namespace/name (upstream's own test order), since Go's map
// iteration makes the real order vary from sync to sync.
import type { Cluster, Node, Service, ServicePort } from '../model';
import { cidrContains, parseCidr, formatCidr } from '../model';
import type { Rule, Tables } from './iptables';
import { BUILTIN_CHAINS, saveOrder } from './iptables';
import {
	servicePortName,
	servicePortChainName,
	servicePortLocalChainName,
	serviceFirewallChainName,
	serviceExternalChainName,
	servicePortEndpointChainName
} from './chainnames';
import { categorizeEndpoints, portEndpoints, type PortPolicy, type ProxyEndpoint } from './kubeproxy-endpoints';
import { m, rule, type Frag } from './rulebuild';
import { cidrSloppy, ipSloppy } from '../model';

export type { Chain, Rule, RuleMatch, Table, Tables } from './iptables';
export { iptablesSave } from './iptables';
export * from './chainnames';

export interface KubeProxyOptions {
	/** --cluster-cidr for detect-local-mode ClusterCIDR; default the cluster's podCIDR, '' turns the detector off */
	clusterCIDR?: string;
	/** --masquerade-all (default false) */
	masqueradeAll?: boolean;
	/** --iptables-masquerade-bit (default 14) */
	masqueradeBit?: number;
	/** override the mark text (upstream's unit tests use "0x4000"; kube-proxy itself prints %#08x) */
	masqueradeMark?: string;
	/** --iptables-localhost-nodeports (default true); off also when nodePortAddresses leaves out 127.0.0.0/8 */
	localhostNodePorts?: boolean;
	/** iptables supports MASQUERADE --random-fully (true on any iptables >= 1.6.2) */
	randomFully?: boolean;
	/**
	 * --nodeport-addresses: IPv4 CIDRs, or ['primary'] for the node's InternalIP
	 * (/32). Empty or absent: every local address (`-m addrtype --dst-type LOCAL`).
	 */
	nodePortAddresses?: string[];
	/** the nfacct counters could be created (true on current kernels) */
	nfacct?: boolean;
	/** net.netfilter.nf_conntrack_tcp_be_liberal is set: no INVALID drop rule */
	conntrackTCPLiberal?: boolean;
}

const KUBE_SERVICES = 'KUBE-SERVICES';
const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
const KUBE_FORWARD = 'KUBE-FORWARD';
const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';
const KUBE_FIREWALL = 'KUBE-FIREWALL';
const LARGE_CLUSTER_ENDPOINTS = 1000;
const NFACCT_LOCALHOST_NODEPORTS = 'localhost_nps_accepted_pkts';
const NFACCT_INVALID_DROPPED = 'ct_state_invalid_dropped_pkts';

/** Go's fmt.Sprintf("%#08x", v): zero-pads the digits to 8, then prefixes 0x. */
export function masqueradeMarkFor(bit: number): string {
	return '0x' + (2 ** bit).toString(16).padStart(8, '0');
}

/** Node names in the order the CLI offers them. */
export function nodeNames(cluster: Cluster): string[] {
	return cluster.nodes.map((n) => n.name);
}

/** The rules kube-proxy (iptables mode, IPv4) would program on `nodeName`. */
export function nodeRules(cluster: Cluster, nodeName: string, opts: KubeProxyOptions = {}): Tables {
	return programTables(nodeProgram(cluster, nodeName, opts));
}

/**
 * Node-independent facts about the cluster's Services that every node's rules
 * start from: the Services kube-proxy programs (sorted, as rules are emitted),
 * the endpoint total that switches large-cluster mode, and which Services own
 * an address or port (what the packet engine needs to find a Service's rules).
 */
export interface ServiceIndex {
	services: Service[];
	/** position of each Service in `services` (rule order) */
	order: Map<Service, number>;
	/** Services by any address their rules match on (ClusterIP, externalIPs, loadBalancer IPs) */
	byAddress: Map<string, Service[]>;
	/** Services by any port their rules match on without an address (nodePorts, healthCheckNodePort) */
	byPort: Map<number, Service[]>;
	/** more than LARGE_CLUSTER_ENDPOINTS endpoints in all: rule comments are dropped (counted until exceeded) */
	largeCluster: boolean;
}

export function serviceIndex(cluster: Cluster): ServiceIndex {
	const services = cluster.services
		// ShouldSkipService: no ClusterIP (headless, ExternalName) means no rules.
		.filter((s) => s.type !== 'ExternalName' && !s.headless && s.clusterIP && canonicalIP(s.clusterIP) !== null)
		.map((s) => ({ s, key: `${s.namespace}/${s.name}` }))
		.sort((a, b) => cmp(a.key, b.key))
		.map((x) => x.s);
	const order = new Map<Service, number>();
	const byAddress = new Map<string, Service[]>();
	const byPort = new Map<number, Service[]>();
	const add = <K>(map: Map<K, Service[]>, k: K, svc: Service) => {
		const list = map.get(k);
		if (!list) map.set(k, [svc]);
		else if (list[list.length - 1] !== svc) list.push(svc);
	};
	let totalEndpoints = 0;
	services.forEach((svc, i) => {
		order.set(svc, i);
		for (const raw of [svc.clusterIP!, ...svc.externalIPs, ...svc.loadBalancerIPs]) {
			const ip = canonicalIP(raw);
			if (ip !== null) add(byAddress, ip, svc);
		}
		for (const port of svc.ports) {
			if (port.nodePort) add(byPort, port.nodePort, svc);
			if (totalEndpoints <= LARGE_CLUSTER_ENDPOINTS) totalEndpoints += endpointCount(svc, port);
		}
		if (svc.healthCheckNodePort) add(byPort, svc.healthCheckNodePort, svc);
	});
	return { services, order, byAddress, byPort, largeCluster: totalEndpoints > LARGE_CLUSTER_ENDPOINTS };
}

/** portEndpoints(svc, port, …).length without building them (the same IPv4, port and ip:port dedupe). */
function endpointCount(svc: Service, port: ServicePort): number {
	const keys = new Set<string>();
	for (const ep of svc.endpoints) {
		if (ep.portName !== port.name || ep.protocol !== port.protocol) continue;
		const ip = canonicalIP(ep.ip);
		if (ip === null || !(ep.port > 0)) continue;
		keys.add(`${ip}:${ep.port}`);
	}
	return keys.size;
}

/**
 * ParseIPSloppy(ip).String() (see model/cidr.ts), null when not IPv4. Plain
 * canonical dotted quads (the common case) skip the split and regex: every
 * Service and endpoint address is looked at.
 */
export function canonicalIP(ip: string): string | null {
	return quickIsIPv4(ip) && !/(^|\.)0\d/.test(ip) ? ip : ipSloppy(ip);
}

/** isIPv4 without the split and regex for plain dotted quads. */
function quickIsIPv4(ip: string): boolean {
	let dots = 0;
	let digits = 0;
	let v = 0;
	for (let i = 0; i < ip.length; i++) {
		const c = ip.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			if (++digits > 3) return false;
			v = v * 10 + (c - 48);
		} else if (c === 46) {
			if (digits === 0 || v > 255) return false;
			dots++;
			digits = 0;
			v = 0;
		} else return false; // whitespace and the like: ipSloppy decides
	}
	return dots === 3 && digits > 0 && v <= 255;
}

/** Rules kube-proxy writes for one Service (all its ports), in syncProxyRules order. */
export interface ServiceRules {
	nat: Rule[];
	filter: Rule[];
	/** nat user chains the Service owns (KUBE-SVC/SVL/EXT/FW/SEP-…) */
	natChains: string[];
}

/**
 * One node's kube-proxy program, built piece by piece: the fixed rules at
 * once, each Service's rules when first asked for (serviceRules). nodeRules
 * is the same pieces put together, so a trace reading a single Service's
 * rules sees exactly the rule objects the full dump holds.
 */
export interface NodeProgram {
	cluster: Cluster;
	index: ServiceIndex;
	ctx: Context;
	/** builtin-chain jumps (first in each table), then rules before / after the per-Service rules */
	jumps: { nat: Rule[]; filter: Rule[] };
	head: { nat: Rule[]; filter: Rule[] };
	tail: { nat: Rule[]; filter: Rule[] };
	natChains: string[];
	filterChains: string[];
	services: Map<Service, ServiceRules>;
}

export function nodeProgram(cluster: Cluster, nodeName: string, opts: KubeProxyOptions = {}, index?: ServiceIndex): NodeProgram {
	const node = cluster.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`unknown node '${nodeName}' (nodes: ${nodeNames(cluster).join(', ') || 'none'})`);
	const ctx = makeContext(cluster, node, opts);
	index ??= serviceIndex(cluster);
	const head = { nat: [] as Rule[], filter: [] as Rule[] };
	const tail = { nat: [] as Rule[], filter: [] as Rule[] };
	const natChains = [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ];
	const filterChains = [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL];

	writeMasqueradeRules(ctx, head.nat);
	if (ctx.localhostNodePorts) {
		filterChains.push(KUBE_FIREWALL);
		head.filter.push(
			rule(KUBE_FIREWALL, [m.comment('block incoming localnet connections'), m.dst('127.0.0.0/8'), m.src('127.0.0.0/8', true), m.ctstate('RELATED,ESTABLISHED,DNAT', true)], 'DROP')
		);
	}
	ctx.largeClusterMode = index.largeCluster;

	// Tail-call to KUBE-NODEPORTS; must stay the last rule of nat KUBE-SERVICES.
	// All local addresses, or one `-d IP` rule per node address in --nodeport-addresses.
	const lastRule = m.comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
	if (ctx.nodePorts.matchAll) {
		const nodePortDest: Frag[] = [m.dstTypeLocal()];
		if (!ctx.localhostNodePorts) nodePortDest.push(m.dst('127.0.0.0/8', true));
		tail.nat.push(rule(KUBE_SERVICES, [lastRule, ...nodePortDest], KUBE_NODEPORTS));
	} else {
		for (const ip of ctx.nodePorts.ips) {
			// upstream logs "--nodeport-addresses includes localhost but --iptables-localhost-nodeports=false was passed" and skips it
			if (cidrContains('127.0.0.0/8', ip) && !ctx.localhostNodePorts) continue;
			tail.nat.push(rule(KUBE_SERVICES, [lastRule, m.dst(ip)], KUBE_NODEPORTS));
		}
	}

	if (!ctx.conntrackTCPLiberal) {
		const f: Frag[] = [m.ctstate('INVALID')];
		if (ctx.nfacct) f.push(m.nfacct(NFACCT_INVALID_DROPPED));
		tail.filter.push(rule(KUBE_FORWARD, f, 'DROP'));
	}
	tail.filter.push(rule(KUBE_FORWARD, [m.comment('kubernetes forwarding rules'), m.mark(`${ctx.mark}/${ctx.mark}`)], 'ACCEPT'));
	tail.filter.push(rule(KUBE_FORWARD, [m.comment('kubernetes forwarding conntrack rule'), m.ctstate('RELATED,ESTABLISHED')], 'ACCEPT'));

	// Created by ipt.Monitor: empty, kube-proxy resyncs if they vanish.
	natChains.push(KUBE_PROXY_CANARY);
	filterChains.push(KUBE_PROXY_CANARY, KUBE_FIREWALL);
	return { cluster, index, ctx, jumps: { nat: jumpRules('nat'), filter: jumpRules('filter') }, head, tail, natChains, filterChains, services: new Map() };
}

/** The rules of one Service on the program's node (built once per program). */
export function serviceRules(p: NodeProgram, svc: Service): ServiceRules {
	let r = p.services.get(svc);
	if (!r) {
		r = { nat: [], filter: [], natChains: [] };
		if (p.index.order.has(svc)) {
			const chains = new Set<string>();
			for (const sp of servicePorts(svc, p.ctx.nodeName)) writeServicePort(p.ctx, sp, r.nat, r.filter, chains);
			r.natChains = [...chains];
		}
		p.services.set(svc, r);
	}
	return r;
}

/** Chains holding rules of many Services, each matching a Service address (`-d IP`) or node port (`--dport`). */
export const SERVICE_DISPATCH_CHAINS: ReadonlySet<string> = new Set([KUBE_SERVICES, KUBE_NODEPORTS, KUBE_EXTERNAL_SERVICES, KUBE_PROXY_FIREWALL]);

/**
 * The Services whose dispatch-chain rules can match a packet to dst:dport, in
 * rule order: every other Service's rules there name another address or port.
 */
export function servicesFor(index: ServiceIndex, dst: string, dport: number | undefined): Service[] {
	const a = index.byAddress.get(dst);
	const b = dport !== undefined ? index.byPort.get(dport) : undefined;
	if (!b) return a ?? [];
	if (!a) return b;
	return [...new Set([...a, ...b])].sort((x, y) => index.order.get(x)! - index.order.get(y)!);
}

/** The whole table pair: jumps, fixed rules and every Service's rules in order. */
export function programTables(p: NodeProgram): Tables {
	const nat = [...p.jumps.nat, ...p.head.nat];
	const filter = [...p.jumps.filter, ...p.head.filter];
	const natChains = [...p.natChains];
	for (const svc of p.index.services) {
		const r = serviceRules(p, svc);
		for (const x of r.nat) nat.push(x);
		for (const x of r.filter) filter.push(x);
		for (const c of r.natChains) natChains.push(c);
	}
	nat.push(...p.tail.nat);
	filter.push(...p.tail.filter);
	return {
		nat: { chains: saveOrder('nat', natChains), rules: nat },
		filter: { chains: saveOrder('filter', p.filterChains), rules: filter }
	};
}

export interface Context {
	nodeName: string;
	nodeIP: string;
	mark: string;
	clusterCIDR: string;
	masqueradeAll: boolean;
	localhostNodePorts: boolean;
	randomFully: boolean;
	nfacct: boolean;
	conntrackTCPLiberal: boolean;
	largeClusterMode: boolean;
	nodePorts: NodePortAddresses;
}

/** proxyutil.NodePortAddresses for IPv4, resolved against this node's addresses. */
export interface NodePortAddresses {
	/** no CIDRs (or 0.0.0.0/0): every local address */
	matchAll: boolean;
	/** the node addresses inside the CIDRs, in CIDR then interface order */
	ips: string[];
	/** a CIDR contains 127.0.0.0 (or is loopback): localhost NodePorts stay possible */
	containsLoopback: boolean;
}

/**
 * The node's interface addresses (what GetNodeIPs lists from InterfaceAddrs):
 * lo, eth0, the CNI bridge and, with an overlay, flannel.1.
 */
export function nodeAddresses(cluster: Cluster, node: Node): string[] {
	const out = ['127.0.0.1', node.ip, node.bridgeIP];
	if (cluster.settings.cni === 'overlay') out.push(node.podCIDR.split('/')[0]);
	return [...new Set(out.filter(Boolean))];
}

/**
 * NewNodePortAddresses (pkg/proxy/util/nodeport_addresses.go): keep the IPv4
 * CIDRs, none means 0.0.0.0/0 (match all); `primary` is the node's own IP as
 * a /32 (cmd/kube-proxy/app/server.go). Unparsable entries are skipped
 * (kube-proxy's config validation would refuse to start).
 */
export function nodePortAddresses(cluster: Cluster, node: Node, spec: readonly string[] | undefined): NodePortAddresses {
	const list = spec ?? [];
	const cidrs = (list.length === 1 && list[0] === 'primary' ? [`${node.ip}/32`] : list).map((c) => cidrSloppy(c)).filter((c): c is string => c !== null);
	if (cidrs.length === 0 || cidrs.some((c) => c.endsWith('/0'))) return { matchAll: true, ips: [], containsLoopback: true };
	const containsLoopback = cidrs.some((c) => cidrContains(c, '127.0.0.0'));
	const addrs = nodeAddresses(cluster, node);
	const ips: string[] = [];
	for (const c of cidrs) for (const ip of addrs) if (cidrContains(c, ip) && !ips.includes(ip)) ips.push(ip);
	return { matchAll: false, ips, containsLoopback };
}

function makeContext(cluster: Cluster, node: Node, opts: KubeProxyOptions): Context {
	const cidr = opts.clusterCIDR ?? cluster.settings.podCIDR ?? '';
	const parsed = cidr ? parseCidr(cidr) : null;
	const nodePorts = nodePortAddresses(cluster, node, opts.nodePortAddresses);
	return {
		nodeName: node.name,
		nodeIP: node.ip,
		mark: opts.masqueradeMark ?? masqueradeMarkFor(opts.masqueradeBit ?? 14),
		// DetectLocalByCIDR prints the network as net.IPNet.String() does (host bits cleared).
		clusterCIDR: parsed && cidr.includes('/') ? formatCidr(parsed) : '',
		masqueradeAll: opts.masqueradeAll ?? false,
		// NewProxier: "If the nodePortAddresses doesn't contain loopback, disable localhostNodePorts".
		localhostNodePorts: (opts.localhostNodePorts ?? true) && nodePorts.containsLoopback,
		randomFully: opts.randomFully ?? true,
		nfacct: opts.nfacct ?? true,
		conntrackTCPLiberal: opts.conntrackTCPLiberal ?? false,
		largeClusterMode: false,
		nodePorts
	};
}

function writeMasqueradeRules(ctx: Context, nat: Rule[]): void {
	nat.push(rule(KUBE_POSTROUTING, [m.mark(`${ctx.mark}/${ctx.mark}`, true)], 'RETURN'));
	// Clear the mark so a packet re-traversing the stack is not masqueraded twice.
	nat.push(rule(KUBE_POSTROUTING, [], 'MARK', ['--xor-mark', ctx.mark]));
	nat.push(rule(KUBE_POSTROUTING, [m.comment('kubernetes service traffic requiring SNAT')], 'MASQUERADE', ctx.randomFully ? ['--random-fully'] : []));
	nat.push(rule(KUBE_MARK_MASQ, [], 'MARK', ['--or-mark', ctx.mark]));
}

/** One entry of kube-proxy's svcPortMap, with its EndpointsMap entry. */
interface SvcPort {
	svc: Service;
	port: ServicePort;
	name: string;
	protocol: 'tcp' | 'udp' | 'sctp';
	clusterIP: string;
	nodePort: number;
	externalIPs: string[];
	lbVIPs: string[];
	sourceRanges: string[];
	healthCheckNodePort: number;
	policy: PortPolicy;
	endpoints: ProxyEndpoint[];
}

/** The service's entries of kube-proxy's svcPortMap, with their EndpointsMap entries on `nodeName`. */
function servicePorts(svc: Service, nodeName: string): SvcPort[] {
	const out: SvcPort[] = [];
	const exposed = svc.type === 'NodePort' || svc.type === 'LoadBalancer';
	for (const port of svc.ports) {
		const nodePort = exposed && port.nodePort ? port.nodePort : 0;
		// Sloppy parse, canonical print (ServicePortInfo: netutils.ParseIPSloppy / ParseCIDRSloppy).
		const externalIPs = canonicalAll(svc.externalIPs, canonicalIP);
		const lbVIPs = svc.type === 'LoadBalancer' ? canonicalAll(svc.loadBalancerIPs, canonicalIP) : [];
		const sourceRanges = canonicalAll(svc.loadBalancerSourceRanges, cidrSloppy);
		const externalLocal = exposed && svc.externalTrafficPolicy === 'Local';
		out.push({
			svc,
			port,
			name: servicePortName(svc.namespace, svc.name, port.name),
			protocol: port.protocol.toLowerCase() as SvcPort['protocol'],
			clusterIP: canonicalIP(svc.clusterIP!)!,
			nodePort,
			externalIPs,
			lbVIPs,
			sourceRanges,
			// apiservice.NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local
			healthCheckNodePort: svc.type === 'LoadBalancer' && externalLocal ? (svc.healthCheckNodePort ?? 0) : 0,
			policy: {
				internalLocal: svc.internalTrafficPolicy === 'Local',
				externalLocal,
				externallyAccessible: nodePort !== 0 || lbVIPs.length > 0 || externalIPs.length > 0
			},
			endpoints: portEndpoints(svc, port, nodeName)
		});
	}
	return out;
}

function canonicalAll(list: string[], parse: (s: string) => string | null): string[] {
	const out: string[] = [];
	for (const x of list) {
		const c = parse(x);
		if (c !== null) out.push(c);
	}
	return out;
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** syncProxyRules' loop body for one service port. */
function writeServicePort(ctx: Context, sp: SvcPort, nat: Rule[], filter: Rule[], natChains: Set<string>): void {
	const { name, protocol, policy } = sp;
	const meta = { service: name };
	const { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints: hasEndpoints } = categorizeEndpoints(sp.endpoints, policy);

	const clusterPolicyChain = servicePortChainName(name, protocol);
	const usesClusterPolicyChain = clusterEndpoints.length > 0 && (!policy.internalLocal || policy.externallyAccessible);
	const localPolicyChain = servicePortLocalChainName(name, protocol);
	const usesLocalPolicyChain = localEndpoints.length > 0 && (policy.internalLocal || (policy.externalLocal && policy.externallyAccessible));

	const internalTrafficChain = policy.internalLocal ? localPolicyChain : clusterPolicyChain;
	const hasInternalEndpoints = hasEndpoints && !(policy.internalLocal && localEndpoints.length === 0);
	const externalPolicyChain = policy.externalLocal ? localPolicyChain : clusterPolicyChain;
	const hasExternalEndpoints = hasEndpoints && !(policy.externalLocal && localEndpoints.length === 0);
	const externalTrafficChain = serviceExternalChainName(name, protocol);
	// Needed even without external endpoints, for the local short-circuit rules.
	const usesExternalTrafficChain = hasEndpoints && policy.externallyAccessible;
	const fwChain = serviceFirewallChainName(name, protocol);
	const usesFWChain = hasEndpoints && sp.lbVIPs.length > 0 && sp.sourceRanges.length > 0;
	const loadBalancerTrafficChain = usesFWChain ? fwChain : externalTrafficChain;

	let internalFilterTarget = '';
	let internalFilterComment = '';
	let externalFilterTarget = '';
	let externalFilterComment = '';
	if (!hasEndpoints) {
		internalFilterTarget = externalFilterTarget = 'REJECT';
		internalFilterComment = externalFilterComment = `${name} has no endpoints`;
	} else {
		if (!hasInternalEndpoints) {
			internalFilterTarget = 'DROP';
			internalFilterComment = `${name} has no local endpoints`;
		}
		if (!hasExternalEndpoints) {
			externalFilterTarget = 'DROP';
			externalFilterComment = `${name} has no local endpoints`;
		}
	}
	const portMatch = (dst: string): Frag[] => [m.proto(protocol), m.dst(dst), m.dport(sp.port.port)];

	// Capture the clusterIP.
	if (hasInternalEndpoints) {
		nat.push(rule(KUBE_SERVICES, [m.comment(`${name} cluster IP`), ...portMatch(sp.clusterIP)], internalTrafficChain, [], meta));
	} else {
		filter.push(rule(KUBE_SERVICES, [m.comment(internalFilterComment), ...portMatch(sp.clusterIP)], internalFilterTarget, [], meta));
	}

	// Capture externalIPs.
	for (const ip of sp.externalIPs) {
		if (hasEndpoints) nat.push(rule(KUBE_SERVICES, [m.comment(`${name} external IP`), ...portMatch(ip)], externalTrafficChain, [], meta));
		if (!hasExternalEndpoints) filter.push(rule(KUBE_EXTERNAL_SERVICES, [m.comment(externalFilterComment), ...portMatch(ip)], externalFilterTarget, [], meta));
	}

	// Capture load-balancer ingress.
	for (const ip of sp.lbVIPs) {
		if (hasEndpoints) nat.push(rule(KUBE_SERVICES, [m.comment(`${name} loadbalancer IP`), ...portMatch(ip)], loadBalancerTrafficChain, [], meta));
		if (usesFWChain) {
			filter.push(rule(KUBE_PROXY_FIREWALL, [m.comment(`${name} traffic not accepted by ${fwChain}`), ...portMatch(ip)], 'DROP', [], meta));
		}
	}
	if (!hasExternalEndpoints) {
		for (const ip of sp.lbVIPs) {
			filter.push(rule(KUBE_EXTERNAL_SERVICES, [m.comment(externalFilterComment), ...portMatch(ip)], externalFilterTarget, [], meta));
		}
	}

	// Capture nodeports (not subject to loadBalancerSourceRanges).
	if (sp.nodePort !== 0) {
		if (hasEndpoints) {
			if (ctx.localhostNodePorts && ctx.nfacct) {
				nat.push(
					rule(KUBE_NODEPORTS, [m.comment(name), m.proto(protocol), m.dst('127.0.0.0/8'), m.dport(sp.nodePort), m.nfacct(NFACCT_LOCALHOST_NODEPORTS)], externalTrafficChain, [], meta)
				);
			}
			nat.push(rule(KUBE_NODEPORTS, [m.comment(name), m.proto(protocol), m.dport(sp.nodePort)], externalTrafficChain, [], meta));
		}
		if (!hasExternalEndpoints) {
			filter.push(rule(KUBE_EXTERNAL_SERVICES, [m.comment(externalFilterComment), m.dstTypeLocal(), m.proto(protocol), m.dport(sp.nodePort)], externalFilterTarget, [], meta));
		}
	}

	// Health check node port: accepted whether or not this node has local endpoints.
	if (sp.healthCheckNodePort !== 0) {
		filter.push(rule(KUBE_NODEPORTS, [m.comment(`${name} health check node port`), m.proto('tcp'), m.dport(sp.healthCheckNodePort)], 'ACCEPT', [], meta));
	}

	// Internal traffic: masquerade off-cluster sources hitting the ClusterIP.
	if (hasInternalEndpoints) {
		const args = [m.comment(`${name} cluster IP`), ...portMatch(sp.clusterIP)];
		if (ctx.masqueradeAll) nat.push(rule(internalTrafficChain, args, KUBE_MARK_MASQ, [], meta));
		else if (ctx.clusterCIDR) nat.push(rule(internalTrafficChain, [...args, m.src(ctx.clusterCIDR, true)], KUBE_MARK_MASQ, [], meta));
	}

	// External traffic (NodePort, LoadBalancer, externalIPs) enters via KUBE-EXT-.
	if (usesExternalTrafficChain) {
		natChains.add(externalTrafficChain);
		if (!policy.externalLocal) {
			nat.push(rule(externalTrafficChain, [m.comment(`masquerade traffic for ${name} external destinations`)], KUBE_MARK_MASQ, [], meta));
		} else {
			// Pods reaching an external address act as if they went out and back in: Cluster policy.
			if (ctx.clusterCIDR) {
				nat.push(rule(externalTrafficChain, [m.comment(`pod traffic for ${name} external destinations`), m.src(ctx.clusterCIDR)], clusterPolicyChain, [], meta));
			}
			nat.push(rule(externalTrafficChain, [m.comment(`masquerade LOCAL traffic for ${name} external destinations`), m.srcTypeLocal()], KUBE_MARK_MASQ, [], meta));
			nat.push(rule(externalTrafficChain, [m.comment(`route LOCAL traffic for ${name} external destinations`), m.srcTypeLocal()], clusterPolicyChain, [], meta));
		}
		if (hasExternalEndpoints) nat.push(rule(externalTrafficChain, [], externalPolicyChain, [], meta));
	}

	// Firewall chain for loadBalancerSourceRanges.
	if (usesFWChain) {
		natChains.add(fwChain);
		const head = m.comment(`${name} loadbalancer IP`);
		let allowFromNode = false;
		for (const cidr of sp.sourceRanges) {
			nat.push(rule(fwChain, [head, m.src(cidr)], externalTrafficChain, [], meta));
			if (cidrContains(cidr, ctx.nodeIP)) allowFromNode = true;
		}
		// A node reaching its own VIP loops back with the VIP as source.
		if (allowFromNode) {
			for (const ip of sp.lbVIPs) nat.push(rule(fwChain, [head, m.src(ip)], externalTrafficChain, [], meta));
		}
		// No target: falls through un-DNATed, and KUBE-PROXY-FIREWALL drops it.
		nat.push(rule(fwChain, [m.comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)], undefined, [], meta));
	}

	if (usesClusterPolicyChain) {
		natChains.add(clusterPolicyChain);
		writeServiceToEndpointRules(ctx, sp, clusterPolicyChain, clusterEndpoints, nat);
	}
	if (usesLocalPolicyChain) {
		natChains.add(localPolicyChain);
		writeServiceToEndpointRules(ctx, sp, localPolicyChain, localEndpoints, nat);
	}

	// Per-endpoint chains: hairpin masquerade, affinity bookkeeping, DNAT.
	for (const ep of allReachable) {
		const sep = servicePortEndpointChainName(name, protocol, ep.key);
		natChains.add(sep);
		const epMeta = { service: name, endpoint: ep.key };
		const c = commentFrag(ctx, name);
		nat.push(rule(sep, [...c, m.src(ep.ip)], KUBE_MARK_MASQ, [], epMeta));
		const affinity = sp.svc.sessionAffinity === 'ClientIP' ? [m.recentSet(sep)] : [];
		nat.push(rule(sep, [...c, ...affinity, m.proto(protocol)], 'DNAT', ['--to-destination', ep.key], epMeta));
	}
}

/** appendServiceCommentLocked: comments are dropped in large clusters. */
function commentFrag(ctx: Context, text: string): Frag[] {
	return ctx.largeClusterMode ? [] : [m.comment(text)];
}

function writeServiceToEndpointRules(ctx: Context, sp: SvcPort, chain: string, endpoints: ProxyEndpoint[], nat: Rule[]): void {
	const sepOf = (ep: ProxyEndpoint) => servicePortEndpointChainName(sp.name, sp.protocol, ep.key);
	// Session affinity first: a client seen recently goes back to its endpoint.
	if (sp.svc.sessionAffinity === 'ClientIP') {
		for (const ep of endpoints) {
			const c = commentFrag(ctx, `${sp.name} -> ${ep.key}`);
			nat.push(rule(chain, [...c, m.recentCheck(sepOf(ep), sp.svc.sessionAffinityTimeoutSeconds)], sepOf(ep), [], { service: sp.name, endpoint: ep.key }));
		}
	}
	// Then the random split: 1/n, 1/(n-1), …, and the last one unconditional.
	const n = endpoints.length;
	endpoints.forEach((ep, i) => {
		const c = commentFrag(ctx, `${sp.name} -> ${ep.key}`);
		const frags = i < n - 1 ? [...c, m.probability(n - i)] : c;
		nat.push(rule(chain, frags, sepOf(ep), [], { service: sp.name, endpoint: ep.key }));
	});
}

/**
 * kube-proxy's jump rules in the builtin chains (iptablesJumpChains, each
 * EnsureRule'd with Prepend). kubelet starts first and has already put its
 * `-j KUBE-FIREWALL` in INPUT/OUTPUT, so kube-proxy's jumps land above it.
 */
function jumpRules(table: 'nat' | 'filter'): Rule[] {
	const jumps: Record<string, Rule[]> = {};
	for (const b of BUILTIN_CHAINS[table]) jumps[b] = [];
	if (table === 'filter') {
		jumps.INPUT.push(rule('INPUT', [], KUBE_FIREWALL));
		jumps.OUTPUT.push(rule('OUTPUT', [], KUBE_FIREWALL));
	}
	const newOnly = () => m.ctstate('NEW');
	const list: [string, string, string, Frag[]][] =
		table === 'filter'
			? [
					[KUBE_EXTERNAL_SERVICES, 'INPUT', 'kubernetes externally-visible service portals', [newOnly()]],
					[KUBE_EXTERNAL_SERVICES, 'FORWARD', 'kubernetes externally-visible service portals', [newOnly()]],
					[KUBE_NODEPORTS, 'INPUT', 'kubernetes health check service ports', []],
					[KUBE_SERVICES, 'FORWARD', 'kubernetes service portals', [newOnly()]],
					[KUBE_SERVICES, 'OUTPUT', 'kubernetes service portals', [newOnly()]],
					[KUBE_FORWARD, 'FORWARD', 'kubernetes forwarding rules', []],
					[KUBE_PROXY_FIREWALL, 'INPUT', 'kubernetes load balancer firewall', [newOnly()]],
					[KUBE_PROXY_FIREWALL, 'OUTPUT', 'kubernetes load balancer firewall', [newOnly()]],
					[KUBE_PROXY_FIREWALL, 'FORWARD', 'kubernetes load balancer firewall', [newOnly()]]
				]
			: [
					[KUBE_SERVICES, 'OUTPUT', 'kubernetes service portals', []],
					[KUBE_SERVICES, 'PREROUTING', 'kubernetes service portals', []],
					[KUBE_POSTROUTING, 'POSTROUTING', 'kubernetes postrouting rules', []]
				];
	for (const [dst, src, comment, extra] of list) jumps[src].unshift(rule(src, [...extra, m.comment(comment)], dst));
	return BUILTIN_CHAINS[table].flatMap((b) => jumps[b]);
}
