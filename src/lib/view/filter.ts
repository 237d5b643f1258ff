// Narrow a graph to what matches a filter, plus the context that makes it
// readable: direct neighbours (what it selects / is routed from / uses) and
// the boxes that contain them. Empty criteria keep everything.
import type { GNode, Graph, GraphFilter } from './types';

export function isEmptyFilter(f: GraphFilter): boolean {
	return !f.text?.trim() && !f.namespaces?.length && !f.kinds?.length && !f.label?.trim();
}

// Structural boxes are context only; they never match on their own.
const STRUCTURAL = new Set(['cluster', 'namespace', 'internet']);

export function matches(n: GNode, f: GraphFilter): boolean {
	if (STRUCTURAL.has(n.kind)) return false;
	const text = f.text?.trim().toLowerCase();
	if (text) {
		const labels = Object.entries(n.labels ?? {}).map(([k, v]) => `${k}=${v}`);
		const hay = [n.ref.kind, `${n.ref.namespace}/${n.ref.name}`, n.label, n.sublabel ?? '', ...labels].join('\n').toLowerCase();
		if (!hay.includes(text)) return false;
	}
	if (f.namespaces?.length && !f.namespaces.includes(n.ref.namespace)) return false;
	if (f.kinds?.length) {
		const kinds = f.kinds.map((k) => k.toLowerCase());
		if (!kinds.includes(n.ref.kind.toLowerCase()) && !kinds.includes(n.kind.toLowerCase())) return false;
	}
	const label = f.label?.trim();
	if (label) {
		const eq = label.indexOf('=');
		const key = eq < 0 ? label : label.slice(0, eq).trim();
		const value = eq < 0 ? undefined : label.slice(eq + 1).trim();
		const have = n.labels?.[key];
		if (have === undefined || (value !== undefined && have !== value)) return false;
	}
	return true;
}

export function applyFilter(graph: Graph, f: GraphFilter): Graph {
	if (isEmptyFilter(f)) return graph;
	const byId = new Map(graph.nodes.map((n) => [n.id, n]));
	const children = new Map<string, string[]>();
	for (const n of graph.nodes) if (n.parent) children.set(n.parent, [...(children.get(n.parent) ?? []), n.id]);

	const matched = new Set(graph.nodes.filter((n) => matches(n, f)).map((n) => n.id));
	const keep = new Set(matched);
	// a matched Node box keeps what runs on it
	const addDescendants = (id: string) => {
		for (const c of children.get(id) ?? []) {
			keep.add(c);
			addDescendants(c);
		}
	};
	for (const id of matched) if (byId.get(id)?.container) addDescendants(id);
	for (const e of graph.edges) {
		if (matched.has(e.source)) keep.add(e.target);
		if (matched.has(e.target)) keep.add(e.source);
	}
	for (const id of [...keep]) {
		let p = byId.get(id)?.parent;
		while (p && !keep.has(p)) {
			keep.add(p);
			p = byId.get(p)?.parent;
		}
	}
	return {
		view: graph.view,
		nodes: graph.nodes.filter((n) => keep.has(n.id)),
		edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target))
	};
}
