// What a VirtualService routes to, as the diagrams draw it. Every Istio
// decision here is asked of the mesh engine (src/lib/mesh) — host resolution
// (ResolveShortnameToFQDN), Service/ServiceEntry lookup, gateway references,
// DestinationRule choice and subsets — so the diagram never draws a route the
// router (mesh route()) would not take. This module only arranges the answers.
import type { Cluster, DestinationRule, DestinationRuleSubset, Pod, VirtualService } from '../model';
// Straight from the mesh modules, not mesh/index: the index also brings route()
// and simulate(), which the architecture view (in the first bundle) does not need.
import { lookupHost, resolveGatewayRef, serviceFqdn, type KnownHost } from '../mesh';
import { findDestinationRule, findSubset } from '../mesh';
import { parseHttpRoutes, parseL4Routes } from '../mesh';
import { gatewayPod } from '../mesh';
import { matchesLabels } from '../model';

export type RouteProtocol = 'http' | 'tcp' | 'tls';

/** One destination (or mirror) of one rule of a VirtualService. */
export interface VsTarget {
	kind: 'route' | 'mirror';
	protocol: RouteProtocol;
	/** index of the rule in its http/tcp/tls list */
	rule: number;
	/** the host resolved against the VirtualService namespace */
	fqdn: string;
	subset: string | null;
	/** the route weight, or the mirror percentage */
	percent: number;
	/** the Service or ServiceEntry behind fqdn; null: Envoy has no such cluster */
	target: KnownHost | null;
}

/** Every destination and mirror of a VirtualService, in rule order (http, then tcp, then tls). */
export function vsTargets(cluster: Cluster, vs: VirtualService): VsTarget[] {
	const domain = cluster.settings.clusterDomain;
	const out: VsTarget[] = [];
	const push = (kind: VsTarget['kind'], protocol: RouteProtocol, rule: number, fqdn: string, subset: string | undefined, percent: number) =>
		out.push({ kind, protocol, rule, fqdn, subset: subset ?? null, percent, target: lookupHost(cluster, fqdn) });
	for (const r of parseHttpRoutes(vs, domain)) {
		for (const d of r.route) push('route', 'http', r.index, d.fqdn, d.subset, d.weight);
		for (const m of r.mirrors) push('mirror', 'http', r.index, m.fqdn, m.subset, m.percentage.value);
	}
	for (const which of ['tcp', 'tls'] as const) for (const r of parseL4Routes(vs, which, domain)) for (const d of r.route) push('route', which, r.index, d.fqdn, d.subset, d.weight);
	return out;
}

/** `ns/name` of the Services a VirtualService routes to (not mirrors), first-seen order. */
export function routedServiceIds(cluster: Cluster, vs: VirtualService): string[] {
	const ids: string[] = [];
	for (const t of vsTargets(cluster, vs)) if (t.kind === 'route' && t.target?.kind === 'service' && !ids.includes(t.target.service.id)) ids.push(t.target.service.id);
	return ids;
}

/** The VirtualService names Gateway `gatewayId` (`ns/name`) in its gateways list. */
export function boundTo(vs: VirtualService, gatewayId: string): boolean {
	return vs.gateways.some((g) => resolveGatewayRef(g, vs.namespace) === gatewayId);
}

/**
 * Namespaces of the Envoys that apply a VirtualService, which is where
 * DestinationRule lookup starts: each bound Gateway's pod (istio-system when
 * synthesised, as route() does), and for `mesh` the sidecars of the
 * VirtualService's own namespace (a diagram has no one client to ask about).
 */
export function proxyNamespaces(cluster: Cluster, vs: VirtualService): string[] {
	const out: string[] = [];
	for (const g of vs.gateways) {
		const ref = resolveGatewayRef(g, vs.namespace);
		const ns = ref === 'mesh' ? vs.namespace : gatewayNamespace(cluster, ref);
		if (ns && !out.includes(ns)) out.push(ns);
	}
	return out.length ? out : [vs.namespace];
}

function gatewayNamespace(cluster: Cluster, gatewayId: string): string | null {
	const gw = cluster.gateways.find((g) => g.id === gatewayId);
	if (!gw) return null;
	return gatewayPod(cluster, gw).pod?.namespace ?? 'istio-system';
}

/** A DestinationRule subset with the pods it selects. */
export interface SubsetChoice {
	dr: DestinationRule;
	subset: DestinationRuleSubset;
	pods: Pod[];
}

/** The DestinationRule a proxy in `clientNs` uses for a Service (mesh findDestinationRule). */
export function serviceDestinationRule(cluster: Cluster, svc: { name: string; namespace: string }, clientNs: string): DestinationRule | null {
	return findDestinationRule(cluster, serviceFqdn(svc, cluster.settings.clusterDomain), clientNs, svc.namespace);
}

/**
 * The subset `name` of the DestinationRule a proxy in `clientNs` uses for the
 * Service, and the Service's pods it selects; null when that rule has no such
 * subset (route() answers 503 NC then).
 */
export function subsetFor(cluster: Cluster, svc: { name: string; namespace: string; pods: string[] }, name: string, clientNs: string): SubsetChoice | null {
	const dr = serviceDestinationRule(cluster, svc, clientNs);
	const subset = findSubset(dr, name);
	return dr && subset ? { dr, subset, pods: subsetPods(cluster, svc, subset) } : null;
}

/** The Service's pods a subset selects (its labels, as the router filters endpoints). */
export function subsetPods(cluster: Cluster, svc: { pods: string[] }, subset: DestinationRuleSubset): Pod[] {
	const byId = new Map(cluster.pods.map((p) => [p.id, p]));
	return svc.pods.map((id) => byId.get(id)).filter((p): p is Pod => !!p && matchesLabels(subset.labels, p.labels));
}
