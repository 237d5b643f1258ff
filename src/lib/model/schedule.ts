// Deterministic scheduling and pod addressing.
// Scheduling: spec.nodeName wins; otherwise each pod goes, in input order, to
// the node (among those its nodeSelector allows) with the fewest pods so far,
// ties broken by node order. Simplified: taints/tolerations, affinity,
// topology spread and resource requests are NOT modelled.
// Addressing: an explicit status.podIP wins; hostNetwork pods take the node
// IP; the rest get the next free address of their node's podCIDR from .2
// (.1 is the bridge, e.g. cni0), in input order.
import type { Diagnostic, Node, Resource } from './types';
import { cidrSize, formatIPv4, hostIndex, parseCidr, parseIPv4 } from './cidr';
import { makeDiag } from './diag';
import { eligibleNodes, type PodDraft } from './pods';

const NO_IP_PHASES = new Set(['Pending', 'Succeeded', 'Failed', 'Unknown']);

export function schedulePods(drafts: PodDraft[], nodes: Node[], diags: Diagnostic[]): void {
	const byName = new Map(nodes.map((n, i) => [n.name, i]));
	const load = nodes.map(() => 0);
	const unschedulable = new Map<Resource, { first: PodDraft; more: number }>();
	for (const d of drafts) {
		const pod = d.pod;
		if (d.nodeName) {
			const idx = byName.get(d.nodeName);
			pod.node = d.nodeName;
			if (idx === undefined) {
				diags.push(
					makeDiag(d.res, 'warning', 'unknown-node', `Pod ${pod.id}: spec.nodeName "${d.nodeName}" is not a Node of this cluster (${nodes.map((n) => n.name).join(', ') || 'none'})`, `${d.specPath}.nodeName`)
				);
				if (!d.hasStatus) pod.phase = 'Pending';
			} else load[idx]++;
			continue;
		}
		// a live Pending pod without nodeName has not been scheduled yet: keep it so
		if (d.hasStatus && pod.phase === 'Pending') continue;
		const candidates = eligibleNodes(nodes, d.nodeSelector);
		if (candidates.length === 0) {
			// one diagnostic per resource: the replicas of one template share the cause
			const u = unschedulable.get(d.res);
			if (u) u.more++;
			else unschedulable.set(d.res, { first: d, more: 0 });
			pod.node = '';
			pod.phase = 'Pending';
			pod.ready = false;
			continue;
		}
		let best = -1;
		for (const n of candidates) {
			const i = byName.get(n.name)!;
			if (best === -1 || load[i] < load[best]) best = i;
		}
		load[best]++;
		pod.node = nodes[best].name;
	}
	for (const { first: d, more } of unschedulable.values()) {
		const others = more ? ` (and ${more} more ${more === 1 ? 'pod' : 'pods'} of the same template)` : '';
		diags.push(
			makeDiag(
				d.res,
				'warning',
				'unschedulable',
				`Pod ${d.pod.id}${others} is unschedulable: ${nodes.length === 0 ? 'the cluster has no nodes' : `no node matches nodeSelector ${Object.entries(d.nodeSelector).map(([k, v]) => `${k}=${v}`).join(',')}`}`,
				`${d.specPath}.nodeSelector`
			)
		);
	}
}

export function assignPodIPs(drafts: PodDraft[], nodes: Node[], diags: Diagnostic[]): void {
	const byName = new Map(nodes.map((n) => [n.name, n]));
	const bridges = new Map(nodes.map((n) => [n.bridgeIP, n]));
	// Pass 1: explicit addresses are fixed first, so allocation never reuses them.
	const used = new Map<string, string>(); // ip → pod id
	for (const d of drafts) {
		const pod = d.pod;
		if (d.podIP) {
			pod.ip = d.podIP;
			if (parseIPv4(d.podIP) === null) {
				diags.push(makeDiag(d.res, 'error', 'invalid-ip', `Pod ${pod.id}: status.podIP "${d.podIP}" is not an IPv4 address`, 'status.podIP'));
				continue;
			}
			if (pod.hostNetwork) continue; // hostNetwork pods share the node's address
			const other = used.get(d.podIP);
			if (other) {
				diags.push(makeDiag(d.res, 'error', 'pod-ip-collision', `Pod ${pod.id} has IP ${d.podIP}, already used by pod ${other}`, 'status.podIP'));
			} else used.set(d.podIP, pod.id);
			const bridgeNode = bridges.get(d.podIP);
			if (bridgeNode) {
				diags.push(makeDiag(d.res, 'error', 'pod-ip-collision', `Pod ${pod.id} has IP ${d.podIP}, which is the bridge (gateway) address of node ${bridgeNode.name}`, 'status.podIP'));
			}
		}
		if (!d.hasStatus && pod.node && byName.has(pod.node)) {
			pod.phase = 'Running';
			pod.ready = true;
		}
	}
	// Pass 2: allocate.
	const next = new Map<string, number>(); // node → next host index to try
	const exhausted = new Map<string, { first: PodDraft; more: number; cidr: string }>();
	for (const d of drafts) {
		const pod = d.pod;
		if (pod.ip) continue;
		const node = byName.get(pod.node);
		if (!node) continue;
		if (d.hasStatus && NO_IP_PHASES.has(pod.phase)) continue;
		if (pod.hostNetwork) {
			pod.ip = d.hostIP ?? node.ip;
			continue;
		}
		const block = parseCidr(node.podCIDR);
		const size = block ? cidrSize(node.podCIDR) : 0;
		let i = next.get(node.name) ?? 2;
		let ip: string | null = null;
		for (; i < size - 1; i++) {
			const cand = formatIPv4(block!.base + i);
			if (!used.has(cand) && !bridges.has(cand)) {
				ip = cand;
				i++;
				break;
			}
		}
		next.set(node.name, i);
		if (!ip) {
			// one diagnostic per node, not per pod: 5,000 pods on a /24 is one cause
			const e = exhausted.get(node.name);
			if (e) e.more++;
			else exhausted.set(node.name, { first: d, more: 0, cidr: node.podCIDR });
			pod.phase = 'Pending';
			pod.ready = false;
			continue;
		}
		used.set(ip, pod.id);
		pod.ip = ip;
	}
	for (const [name, e] of exhausted) {
		const others = e.more ? ` and ${e.more} more ${e.more === 1 ? 'pod' : 'pods'} after it` : '';
		diags.push(makeDiag(e.first.res, 'warning', 'pod-cidr-exhausted', `Pod ${e.first.pod.id}${others}: no free address left in ${e.cidr} on node ${name}; they stay Pending`));
	}
}

/** Offset of a pod IP in its node's podCIDR (used by tests and the view). */
export function podIPIndex(node: Node, ip: string): number {
	return hostIndex(node.podCIDR, ip);
}

