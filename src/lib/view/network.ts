// Cluster → the network view graph: what a packet actually crosses. Per node
// box: each pod (its own network namespace) holding eth0, the host end of its
// veth pair, the bridge (and flannel.1 with the overlay CNI), netfilter and
// the node's eth0; a wire joining the node NICs; the cloud edge outside.
// Names and addresses come from the trace engine's world (net/world.ts,
// net/addresses.ts) so every hop anchor has a box with the same name.
// Pure and deterministic, like graph.ts (stable order → stable ELK layout).
import type { Cluster, Node, Pod } from '../model';
import type { EdgeType, GEdge, GNode, Graph, GraphFilter } from './types';
import { applyFilter } from './filter';
import { world } from '../net';
import { DEFAULT_CLIENT_IP, NAT_GATEWAY_IP, nodeSubnet, vethName } from '../net';
import { FLANNEL_DEVICE, FLANNEL_VNI } from '../net';
import type { DockerHost } from '../net';
import { addDockerHosts } from './dockernet';

export interface NetworkOptions {
	filter?: GraphFilter;
	/** pod ids (`ns/name`) that must be drawn in large clusters: the trace's pods */
	focusPods?: string[];
	/** large clusters: pods drawn per node besides the focus pods (default 3) */
	podsPerNode?: number;
	/**
	 * the nodes a traced packet crosses: when given, the view is drawn for
	 * reading that path (Packet Tracer style) — other nodes fold into compact
	 * boxes and, on the path's nodes, pods off the path into "+N more"
	 */
	focusNodes?: string[];
	/** plain Docker hosts (`kind: DockerHost`, journey 9): drawn beside the cluster */
	docker?: readonly DockerHost[];
}

/** Above this many pods only focus pods and a few per node are drawn. */
export const NETWORK_MAX_PODS = 60;
export const NETWORK_PODS_PER_NODE = 3;

export const NET_INTERNET_ID = 'internet';
export const NET_CLUSTER_ID = 'cluster';
export const WIRE_ID = 'wire';
export const LB_ID = 'edge/load-balancer';
export const NAT_ID = 'edge/nat-gateway';

/** Graph node ids, shared with packet.ts so hop anchors find their box. */
export const nodeBoxId = (node: string) => `Node/${node}`;
export const podBoxId = (pod: string) => `Pod/${pod}`;
/** a device in a node's root namespace: eth0, vethXXXXXXXX, cni0, flannel.1 */
export const nodeDeviceId = (node: string, device: string) => `Device/${node}/${device}`;
/** a device inside a pod's network namespace (eth0) */
export const podDeviceId = (pod: string, device: string) => `PodDevice/${pod}/${device}`;
export const netfilterId = (node: string) => `Netfilter/${node}`;
export const moreId = (node: string) => `More/${node}`;

const UNSCHEDULED = '(unscheduled)';

export function toNetworkGraph(cluster: Cluster, options: NetworkOptions = {}): Graph {
	const graph = build(cluster, options);
	return options.filter ? applyFilter(graph, options.filter) : graph;
}

function build(input: Cluster, options: NetworkOptions): Graph {
	// The world's cluster has the synthesised CoreDNS / ingress controller pods the trace visits.
	const w = world(input);
	const c = w.cluster;
	const nodes: GNode[] = [];
	const edges: GEdge[] = [];
	const known = new Set<string>();
	const add = (n: GNode) => {
		if (known.has(n.id)) return;
		nodes.push(n);
		known.add(n.id);
	};
	const link = (source: string, target: string, type: EdgeType) => {
		if (!known.has(source) || !known.has(target) || source === target) return;
		edges.push({ id: `${type}:${source}->${target}`, source, target, type });
	};
	const overlay = w.overlay;
	const bridge = c.settings.bridgeName;

	// ---- the cloud edge: clients, the load balancer, the NAT gateway ----
	const lbIPs = [...new Set(c.services.filter((s) => s.type === 'LoadBalancer').flatMap((s) => s.loadBalancerIPs))].sort();
	const hasLB = c.services.some((s) => s.type === 'LoadBalancer') || c.ingresses.length > 0;
	const hasNodes = c.nodes.length > 0;
	const docker = options.docker ?? [];
	if (hasNodes || docker.length) add({ id: NET_INTERNET_ID, parent: null, kind: 'internet', ref: { kind: 'Internet', namespace: '', name: 'internet' }, label: 'Internet / clients', sublabel: `client ${DEFAULT_CLIENT_IP}` });
	if (hasNodes) {
		if (hasLB) add({ id: LB_ID, parent: null, kind: 'loadbalancer', ref: { kind: 'LoadBalancer', namespace: '', name: 'cloud-load-balancer' }, label: 'cloud load balancer', sublabel: lbIPs.length ? lbIPs.join(', ') : 'VIP' });
		const publicIPs = c.nodes.some((n) => n.externalIP);
		add({ id: NAT_ID, parent: null, kind: 'natgateway', ref: { kind: 'NATGateway', namespace: '', name: 'nat-gateway' }, label: 'NAT gateway', sublabel: publicIPs ? `${NAT_GATEWAY_IP} · node public IPs` : NAT_GATEWAY_IP });
	}
	add({ id: NET_CLUSTER_ID, parent: null, kind: 'cluster', ref: { kind: 'Cluster', namespace: '', name: 'cluster' }, label: 'Cluster', sublabel: `pods ${c.settings.podCIDR} · CNI ${overlay ? 'VXLAN overlay' : 'bridge (host-gw)'}`, container: true });
	const sortedNodes = [...c.nodes].sort((a, b) => a.name.localeCompare(b.name));
	if (hasNodes) {
		const subnets = [...new Set(sortedNodes.map((n) => nodeSubnet(c, n)))];
		add({ id: WIRE_ID, parent: NET_CLUSTER_ID, kind: 'wire', ref: { kind: 'Network', namespace: '', name: 'node-network' }, label: 'node network', sublabel: subnets.join(', ') });
	}

	// ---- which pods to draw ----
	const podsByNode = new Map<string, Pod[]>();
	for (const p of c.pods) {
		const key = w.nodesByName.has(p.node) ? p.node : UNSCHEDULED;
		const list = podsByNode.get(key);
		if (list) list.push(p);
		else podsByNode.set(key, [p]);
	}
	for (const list of podsByNode.values()) list.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	const folding = !!options.focusNodes?.length;
	const onPath = new Set(options.focusNodes ?? []);
	const large = c.pods.length > NETWORK_MAX_PODS || folding;
	const focus = new Set(options.focusPods ?? []);
	const perNode = folding ? 0 : Math.max(0, options.podsPerNode ?? NETWORK_PODS_PER_NODE);
	const shown = (list: Pod[]): { drawn: Pod[]; hidden: Pod[] } => {
		if (!large) return { drawn: list, hidden: [] };
		// focus pods always; then the first few others in name order
		let extra = 0;
		const drawn: Pod[] = [];
		const hidden: Pod[] = [];
		for (const p of list) {
			if (focus.has(p.id)) drawn.push(p);
			else if (extra < perNode) {
				drawn.push(p);
				extra++;
			} else hidden.push(p);
		}
		return { drawn, hidden };
	};

	// ---- per node: pods, veths, bridge, (flannel.1), netfilter, eth0 ----
	for (const n of sortedNodes) {
		const box = nodeBoxId(n.name);
		if (folding && !onPath.has(n.name)) {
			// off the path: one compact box, wired to the node network
			const count = podsByNode.get(n.name)?.length ?? 0;
			add({ id: box, parent: NET_CLUSTER_ID, kind: 'node', ref: { kind: 'Node', namespace: '', name: n.name }, label: n.name, sublabel: `${n.ip} · ${count} ${count === 1 ? 'pod' : 'pods'} · not on this path`, badges: ['folded'], labels: n.labels });
			link(box, WIRE_ID, 'wire');
			continue;
		}
		add({ id: box, parent: NET_CLUSTER_ID, kind: 'node', ref: { kind: 'Node', namespace: '', name: n.name }, label: n.name, sublabel: `${n.ip} · pods ${n.podCIDR}`, container: true, labels: n.labels });
		const { drawn, hidden } = shown(podsByNode.get(n.name) ?? []);
		for (const p of drawn) addPod(p, n, box);
		const br = nodeDeviceId(n.name, bridge);
		const mask = n.podCIDR.split('/')[1] ?? '24';
		add({ id: br, parent: box, kind: 'bridge', ref: { kind: 'Bridge', namespace: '', name: `${n.name}/${bridge}` }, label: bridge, sublabel: `bridge ${n.bridgeIP}/${mask}` });
		const nf = netfilterId(n.name);
		add({ id: nf, parent: box, kind: 'netfilter', ref: { kind: 'Netfilter', namespace: '', name: `${n.name}/netfilter` }, label: 'netfilter · kube-proxy', sublabel: `${c.settings.kubeProxyMode} · routing · conntrack` });
		const tun = nodeDeviceId(n.name, FLANNEL_DEVICE);
		if (overlay) add({ id: tun, parent: box, kind: 'tunnel', ref: { kind: 'Device', namespace: '', name: `${n.name}/${FLANNEL_DEVICE}` }, label: FLANNEL_DEVICE, sublabel: `VXLAN ${n.podCIDR.split('/')[0]}/32 · VNI ${FLANNEL_VNI}` });
		const eth = nodeDeviceId(n.name, 'eth0');
		add({ id: eth, parent: box, kind: 'device', ref: { kind: 'Device', namespace: '', name: `${n.name}/eth0` }, label: 'eth0', sublabel: n.externalIP ? `${n.ip} · public ${n.externalIP}` : n.ip });
		if (hidden.length) {
			add({ id: moreId(n.name), parent: box, kind: 'more', ref: { kind: 'Pods', namespace: '', name: `${n.name}/more` }, label: `+${hidden.length} more`, sublabel: folding ? 'pods off this path' : 'pods not drawn', count: hidden.length, members: hidden.map((p) => p.id) });
			link(moreId(n.name), br, 'link');
		}
		for (const p of drawn) {
			if (p.hostNetwork) {
				link(podBoxId(p.id), nf, 'link');
				continue;
			}
			const veth = nodeDeviceId(n.name, vethName(p));
			link(podDeviceId(p.id, 'eth0'), veth, 'veth');
			link(veth, br, 'link');
		}
		link(br, nf, 'link');
		if (overlay) {
			link(nf, tun, 'link');
			link(tun, eth, 'link');
		}
		link(nf, eth, 'link');
		link(eth, WIRE_ID, 'wire');
	}

	// Pods on no known node: no network namespace wired to anything.
	const orphans = podsByNode.get(UNSCHEDULED) ?? [];
	if (orphans.length) {
		const box = nodeBoxId(UNSCHEDULED);
		add({ id: box, parent: NET_CLUSTER_ID, kind: 'node', ref: { kind: 'Node', namespace: '', name: UNSCHEDULED }, label: 'Not scheduled', sublabel: 'no matching node: no network', container: true });
		for (const p of shown(orphans).drawn) add({ id: podBoxId(p.id), parent: box, kind: 'pod', ref: { kind: 'Pod', namespace: p.namespace, name: p.name }, label: p.name, sublabel: p.namespace, labels: p.labels });
	}

	if (hasNodes) {
		link(WIRE_ID, NAT_ID, 'link');
		link(NAT_ID, NET_INTERNET_ID, 'link');
		// drawn outward like the rest, so ELK keeps the edge on the right
		link(WIRE_ID, LB_ID, 'link');
		link(LB_ID, NET_INTERNET_ID, 'link');
	}
	addDockerHosts(docker, { add, link }, { device: nodeDeviceId, netfilter: netfilterId, internet: NET_INTERNET_ID }, folding ? onPath : undefined);
	return { view: 'network', nodes, edges };

	function addPod(p: Pod, n: Node, box: string) {
		const badges = [...(w.synthesized.has(p.id) ? ['synthesised'] : []), ...(p.ready ? [] : ['not ready']), ...(p.sidecar ? ['sidecar'] : []), ...(p.hostNetwork ? ['hostNetwork'] : [])];
		const id = podBoxId(p.id);
		const ref = { kind: 'Pod', namespace: p.namespace, name: p.name };
		if (p.hostNetwork) {
			// shares the node's network namespace: no eth0 or veth of its own
			add({ id, parent: box, kind: 'pod', ref, label: p.name, sublabel: `${p.namespace} · node network`, labels: p.labels, badges });
			return;
		}
		add({ id, parent: box, kind: 'pod', ref, label: p.name, sublabel: p.namespace, labels: p.labels, badges: badges.length ? badges : undefined, container: true });
		add({ id: podDeviceId(p.id, 'eth0'), parent: id, kind: 'device', ref: { kind: 'Device', namespace: p.namespace, name: `${p.name}/eth0` }, label: 'eth0', sublabel: p.ip });
		const veth = vethName(p);
		add({ id: nodeDeviceId(n.name, veth), parent: box, kind: 'veth', ref: { kind: 'Device', namespace: '', name: `${n.name}/${veth}` }, label: veth, sublabel: `↔ eth0 ${p.ip}` });
	}
}
