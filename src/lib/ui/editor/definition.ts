// Go-to-definition: from a field that names other resources to where those
// resources are written. Pure: (cluster, resources, file, offset) → targets.
//  - Service spec.selector → the pods it selects (their workload's template);
//  - VirtualService destination host / subset (route, mirror) and spec.hosts →
//    the Service (or ServiceEntry) and the DestinationRule subset;
//  - DestinationRule spec.host → the Service;
//  - NetworkPolicy spec.podSelector → the pods it applies to; a peer's
//    podSelector → the pods it admits (same namespace unless a namespaceSelector);
//  - AuthorizationPolicy / PeerAuthentication / Gateway selector → their pods;
//  - Ingress backend service name → the Service.
// Hosts resolve as pilot does (mesh/hosts.ts resolveConfigHost: a short name is
// relative to the rule's namespace), DestinationRules as mesh/policy.ts finds them.
import type { InputFile, Resource } from '../../manifest';
import { matchesSelector, readLabelSelector, type Cluster, type Pod } from '../../model';
import { findDestinationRule, findSubset, lookupHost, resolveConfigHost } from '../../mesh';

export interface DefinitionTarget {
	file: string;
	line: number;
	/** what is there, for the picker: "Pod default/web-7d4-abc" */
	label: string;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
	let n = 1;
	const end = Math.min(Math.max(0, offset), text.length);
	for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
	return n;
}

/** The resource written around `line` of `file`: the last one starting at or before it. */
export function resourceAt(resources: Resource[], file: string, line: number): Resource | null {
	let best: Resource | null = null;
	for (const r of resources) {
		if (r.source.file !== file || r.source.line > line) continue;
		if (!best || r.source.line >= best.source.line) best = r;
	}
	return best;
}

/** The deepest field path written on `line` (or, for a flow collection, the nearest above it). */
export function pathAt(r: Resource, line: number): string | null {
	let best: { path: string; line: number } | null = null;
	for (const [path, l] of Object.entries(r.lines)) {
		if (l > line) continue;
		if (!best || l > best.line || (l === best.line && path.length > best.path.length)) best = { path, line: l };
	}
	return best?.path ?? null;
}

const podTargets = (pods: Pod[], why: string): DefinitionTarget[] => {
	// replicas share their template's line: one target per line, naming the pods
	const byLine = new Map<string, { t: DefinitionTarget; names: string[] }>();
	for (const p of pods) {
		const key = `${p.source.file}:${p.source.line}`;
		const e = byLine.get(key) ?? { t: { file: p.source.file, line: p.source.line, label: '' }, names: [] };
		e.names.push(`${p.namespace}/${p.name}`);
		byLine.set(key, e);
	}
	return [...byLine.values()].map(({ t, names }) => ({
		...t,
		label: `${names.length === 1 ? 'Pod' : `${names.length} pods`} ${names.slice(0, 2).join(', ')}${names.length > 2 ? ', …' : ''} (${why})`
	}));
};

const podsById = (c: Cluster, ids: string[]): Pod[] => {
	const want = new Set(ids);
	return c.pods.filter((p) => want.has(p.id));
};

const get = (o: unknown, path: (string | number)[]): unknown =>
	path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string | number, unknown>)[k] : undefined), o);

/** A host as written in an Istio rule of namespace `ns` → its Service / ServiceEntry and the DestinationRule subset. */
function hostTargets(c: Cluster, host: string, ns: string, subset: string | undefined): DefinitionTarget[] {
	const fqdn = resolveConfigHost(host, ns, c.settings.clusterDomain);
	const known = lookupHost(c, fqdn);
	const out: DefinitionTarget[] = [];
	if (known?.kind === 'service') out.push({ ...known.service.source, label: `Service ${known.service.namespace}/${known.service.name}` });
	else if (known?.kind === 'serviceEntry') out.push({ ...known.entry.source, label: `ServiceEntry ${known.entry.namespace}/${known.entry.name}` });
	const svcNs = known?.kind === 'service' ? known.service.namespace : null;
	const dr = findDestinationRule(c, fqdn, ns, svcNs);
	if (dr && subset) {
		const s = findSubset(dr, subset);
		const i = dr.subsets.findIndex((x) => x.name === subset);
		if (s) out.push({ file: dr.source.file, line: s.source?.line ?? dr.lines[`spec.subsets.${i}`] ?? dr.source.line, label: `subset ${subset} of DestinationRule ${dr.namespace}/${dr.name}` });
	} else if (dr && known) out.push({ ...dr.source, label: `DestinationRule ${dr.namespace}/${dr.name}` });
	return out.map((t) => ({ file: t.file, line: t.line, label: t.label }));
}

/** Pods in `ns` (every namespace when null) matching a selector as written. */
function selectedPods(c: Cluster, raw: unknown, ns: string | null): Pod[] {
	const sel = readLabelSelector(raw);
	if (!sel) return [];
	return c.pods.filter((p) => (ns === null || p.namespace === ns) && matchesSelector(sel, p.labels));
}

function definitionsIn(c: Cluster, r: Resource, path: string): DefinitionTarget[] {
	const ns = r.namespace ?? 'default';
	const id = `${ns}/${r.name}`;
	const parts = path.split('.');
	const at = (p: string) => parts.join('.').startsWith(p);
	switch (r.kind) {
		case 'Service': {
			if (!at('spec.selector')) return [];
			const svc = c.services.find((s) => s.id === id);
			return svc ? podTargets(podsById(c, svc.pods), `selected by Service ${r.name}`) : [];
		}
		case 'VirtualService': {
			// spec.http.0.route.1.destination.host, spec.http.0.mirror.host, spec.hosts.0
			const m = /^spec\.(http|tcp|tls)\.(\d+)\.(route\.(\d+)\.destination|mirror)(\.|$)/.exec(path);
			if (m) {
				const base = m[3] === 'mirror' ? ['spec', m[1], Number(m[2]), 'mirror'] : ['spec', m[1], Number(m[2]), 'route', Number(m[4]), 'destination'];
				const host = get(r.raw, [...base, 'host']);
				const subset = get(r.raw, [...base, 'subset']);
				return typeof host === 'string' ? hostTargets(c, host, ns, typeof subset === 'string' ? subset : undefined) : [];
			}
			const h = /^spec\.hosts\.(\d+)$/.exec(path);
			const host = h ? get(r.raw, ['spec', 'hosts', Number(h[1])]) : null;
			return typeof host === 'string' ? hostTargets(c, host, ns, undefined).filter((t) => !t.label.startsWith('DestinationRule')) : [];
		}
		case 'DestinationRule': {
			const host = get(r.raw, ['spec', 'host']);
			if (!at('spec.host') || typeof host !== 'string') return [];
			return hostTargets(c, host, ns, undefined).filter((t) => !t.label.includes('DestinationRule'));
		}
		case 'NetworkPolicy': {
			if (at('spec.podSelector')) {
				const np = c.networkPolicies.find((n) => n.id === id);
				return np ? podTargets(podsById(c, np.pods), `selected by NetworkPolicy ${r.name}`) : [];
			}
			const m = /^spec\.(ingress|egress)\.(\d+)\.(from|to)\.(\d+)\.podSelector(\.|$)/.exec(path);
			if (!m) return [];
			const peer = get(r.raw, ['spec', m[1], Number(m[2]), m[3], Number(m[4])]) as Record<string, unknown> | undefined;
			// with a namespaceSelector the pods may live in any namespace it picks: offer every match
			const pods = selectedPods(c, peer?.podSelector, peer && 'namespaceSelector' in peer ? null : ns);
			return podTargets(pods, `a peer of NetworkPolicy ${r.name}`);
		}
		case 'AuthorizationPolicy':
		case 'PeerAuthentication':
		case 'RequestAuthentication':
		case 'Sidecar': {
			const key = r.kind === 'Sidecar' ? 'workloadSelector' : 'selector';
			if (!at(`spec.${key}`)) return [];
			const raw = get(r.raw, ['spec', key]) as Record<string, unknown> | undefined;
			const labels = raw?.matchLabels ?? raw?.labels;
			return podTargets(selectedPods(c, { matchLabels: labels }, ns), `selected by ${r.kind} ${r.name}`);
		}
		case 'Gateway': {
			if (!at('spec.selector')) return [];
			const gw = c.gateways.find((g) => g.id === id);
			return gw ? podTargets(podsById(c, gw.pods), `selected by Gateway ${r.name}`) : [];
		}
		case 'Ingress': {
			const m = /^(.*\.backend)\.service(\.|$)/.exec(path);
			const name = m ? get(r.raw, [...m[1].split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)), 'service', 'name']) : null;
			const svc = typeof name === 'string' ? c.services.find((s) => s.namespace === ns && s.name === name) : null;
			return svc ? [{ file: svc.source.file, line: svc.source.line, label: `Service ${svc.namespace}/${svc.name}` }] : [];
		}
	}
	return [];
}

/**
 * Where the reference at `offset` of `file` points: none, one or several
 * targets (the editor offers a picker then). Never throws on odd input.
 */
export function definitionsAt(cluster: Cluster, resources: Resource[], file: InputFile, offset: number): DefinitionTarget[] {
	const line = lineAt(file.text, offset);
	const r = resourceAt(resources, file.name, line);
	if (!r) return [];
	const path = pathAt(r, line);
	if (!path) return [];
	try {
		return definitionsIn(cluster, r, path);
	} catch {
		return [];
	}
}
