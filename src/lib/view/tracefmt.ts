// How a trace is shown: packet before/after rows with the changed fields
// marked, labels for legs and verdicts, the flow choices a user can pick
// from, and which iptables lines a trace went through. Pure data for the UI.
import type { Cluster } from '../model';
import type { Hop, Leg, Trace, Verdict } from '../net';

export interface PacketRow {
	field: string;
	before: string;
	after: string;
	changed: boolean;
}

export interface FlowChoice {
	/** REF string the trace engine parses */
	ref: string;
	label: string;
	group: string;
}

/** A journey to trace, as the flow panel asks for it. */
export interface FlowRequest {
	name: string;
	from: string;
	to: string;
	port?: number;
	protocol?: string;
	path?: string;
	headers?: Record<string, string>;
	seed: number;
}

export const LEG_LABELS: Record<Leg, string> = {
	dns: 'DNS query',
	'dns-reply': 'DNS answer',
	request: 'request',
	reply: 'reply'
};

export const VERDICTS: Record<Verdict, { label: string; icon: string; tone: 'ok' | 'bad' | 'warn' }> = {
	delivered: { label: 'delivered', icon: '✓', tone: 'ok' },
	dropped: { label: 'dropped', icon: '✗', tone: 'bad' },
	rejected: { label: 'rejected', icon: '⊘', tone: 'bad' },
	'no-route': { label: 'no route', icon: '?', tone: 'warn' }
};

/** The packet as it leaves the hop, next to what it was before the hop changed it. */
export function packetRows(hop: Hop): PacketRow[] {
	const b = hop.before ?? {};
	const rows: PacketRow[] = [
		{ field: 'source', before: b.src ?? hop.packet.src, after: hop.packet.src, changed: b.src !== undefined && b.src !== hop.packet.src },
		{ field: 'destination', before: b.dst ?? hop.packet.dst, after: hop.packet.dst, changed: b.dst !== undefined && b.dst !== hop.packet.dst },
		{ field: 'protocol', before: hop.packet.proto, after: hop.packet.proto, changed: false }
	];
	const outerBefore = b.outer === undefined ? hop.packet.outer : (b.outer ?? undefined);
	const outerAfter = hop.packet.outer;
	if (outerBefore || outerAfter) {
		const fmt = (o: typeof outerAfter) => (o ? `${o.src} → ${o.dst} UDP/${o.port} VNI ${o.vni}` : '—');
		rows.push({ field: 'outer (VXLAN)', before: fmt(outerBefore), after: fmt(outerAfter), changed: fmt(outerBefore) !== fmt(outerAfter) });
	}
	if (b.mark !== undefined || hop.packet.mark) {
		rows.push({ field: 'mark', before: b.mark ?? hop.packet.mark ?? '—', after: hop.packet.mark ?? '—', changed: b.mark !== undefined && b.mark !== hop.packet.mark });
	}
	return rows;
}

/** What changed at this hop, in words (DNAT, SNAT, …) for badges. */
export function changeLabels(hop: Hop): string[] {
	const out: string[] = [];
	for (const c of hop.changed) {
		if (c === 'dst') out.push('DNAT');
		else if (c === 'src') out.push('SNAT');
		else if (c === 'un-dnat') out.push('un-DNAT');
		else if (c === 'un-snat') out.push('un-SNAT');
		else if (c === 'encap') out.push('VXLAN encap');
		else if (c === 'decap') out.push('VXLAN decap');
		else if (c === 'mark') out.push('mark');
	}
	return [...new Set(out)];
}

/** Every iptables rule text the trace matched, per node, for the iptables panel. */
export function matchedRules(trace: Trace): Map<string, Set<string>> {
	const out = new Map<string, Set<string>>();
	const add = (node: string | undefined, text: string | undefined) => {
		if (!node || !text || !text.startsWith('-A ')) return;
		if (!out.has(node)) out.set(node, new Set());
		out.get(node)!.add(text);
	};
	for (const h of trace.hops) {
		add(h.anchor.node, h.rule);
		for (const r of h.rules ?? []) if (r.matched) add(h.anchor.node, r.text);
	}
	return out;
}

/** Nodes whose netfilter the trace passed through. */
export function tracedNodes(trace: Trace): string[] {
	return [...new Set(trace.hops.filter((h) => h.kind === 'netfilter' && h.anchor.node).map((h) => h.anchor.node!))];
}

/** Sources and destinations a user can pick in the flow composer. */
export function flowChoices(cluster: Cluster): { from: FlowChoice[]; to: FlowChoice[] } {
	const pods = cluster.pods
		.filter((p) => p.ip)
		.map((p) => ({ ref: `pod/${p.namespace}/${p.name}`, label: `${p.namespace}/${p.name} (${p.ip})`, group: 'Pods' }));
	const external = { ref: 'external/203.0.113.7', label: 'a client on the internet (203.0.113.7)', group: 'Outside' };
	const nodes = cluster.nodes.map((n) => ({ ref: `node/${n.name}`, label: `${n.name} (${n.ip})`, group: 'Nodes' }));
	const services = cluster.services.map((s) => ({
		ref: `svc/${s.namespace}/${s.name}`,
		label: `${s.namespace}/${s.name} (${s.type}${s.clusterIP ? ` ${s.clusterIP}` : ''})`,
		group: 'Services'
	}));
	const names = cluster.services.map((s) => ({
		ref: `dns/${s.name}${s.namespace === 'default' ? '' : `.${s.namespace}`}`,
		label: `${s.name}${s.namespace === 'default' ? '' : `.${s.namespace}`} (by DNS name)`,
		group: 'Names'
	}));
	const hosts = cluster.ingresses.flatMap((i) =>
		i.rules
			.filter((r) => r.host)
			.flatMap((r) => r.paths.slice(0, 3).map((p) => ({ ref: `url/http://${r.host}${p.path || '/'}`, label: `http://${r.host}${p.path || '/'} (Ingress ${i.name})`, group: 'Ingress' })))
	);
	const internet = { ref: 'url/http://example.com/', label: 'http://example.com/ (the internet)', group: 'Outside' };
	return { from: [...pods, external, ...nodes], to: [...services, ...names, ...pods, ...hosts, internet] };
}

/**
 * The tag a packet in flight carries on the diagram: its addresses, and for a
 * VXLAN-encapsulated packet both headers — the outer one the wire sees (node
 * to node, UDP, VNI) above the inner pod-to-pod one.
 */
export function packetTag(hop: Hop): { outer: string | null; inner: string } {
	const p = hop.packet;
	const inner = `${p.src} → ${p.dst}`;
	if (!p.outer) return { outer: null, inner };
	const o = p.outer;
	return { outer: `outer ${o.src} → ${o.dst} · ${o.proto} ${o.port} · VNI ${o.vni}`, inner: `inner ${inner}` };
}
