// DestinationRules: which one applies to a host, its subsets, and the merged
// traffic policy, following pilot:
//  - lookup (PushContext.destinationRule): the calling proxy's namespace first
//    (any exportTo), then the Service's namespace, then the root namespace
//    istio-system — the latter two only if exported to the caller; within a
//    namespace the most specific host wins (exact over `*.x`, longer wildcard
//    over shorter);
//  - merge (MergeTrafficPolicy): top-level policy, replaced by a matching
//    top-level portLevelSettings entry; then each field group the subset sets
//    (loadBalancer, connectionPool, outlierDetection, tls) replaces the
//    inherited one; a matching subset portLevelSettings entry replaces all four
//    (port-level policies do not inherit).
import type { Cluster, DestinationRule, DestinationRuleSubset } from '../model';
import type { LbPolicy, TrafficPolicy } from './types';
import { isObj, num, obj, str, type Obj } from '../model';
import { hostMatches, hostSpecificity, resolveConfigHost, visibleTo } from './hosts';

export const ROOT_NAMESPACE = 'istio-system';
const GROUPS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls'] as const;

export function drHost(dr: DestinationRule, domain: string): string {
	return resolveConfigHost(dr.host, dr.namespace, domain);
}

function bestIn(drs: DestinationRule[], fqdn: string, domain: string): DestinationRule | null {
	let best: { dr: DestinationRule; spec: number } | null = null;
	for (const dr of drs) {
		const h = drHost(dr, domain);
		if (!hostMatches(h, fqdn)) continue;
		const spec = hostSpecificity(h);
		if (!best || spec > best.spec) best = { dr, spec };
	}
	return best?.dr ?? null;
}

/** The DestinationRule a proxy in `clientNs` uses for `fqdn` (whose Service lives in `serviceNs`). */
export function findDestinationRule(cluster: Cluster, fqdn: string, clientNs: string, serviceNs: string | null): DestinationRule | null {
	const domain = cluster.settings.clusterDomain;
	const inNs = (ns: string, exportedOnly: boolean) =>
		cluster.destinationRules.filter((d) => d.namespace === ns && (!exportedOnly || visibleTo(d.exportTo, d.namespace, clientNs)));
	if (clientNs !== ROOT_NAMESPACE) {
		const local = bestIn(inNs(clientNs, false), fqdn, domain);
		if (local) return local;
	}
	if (serviceNs && serviceNs !== clientNs) {
		const svcNs = bestIn(inNs(serviceNs, true), fqdn, domain);
		if (svcNs) return svcNs;
	}
	return bestIn(inNs(ROOT_NAMESPACE, true), fqdn, domain);
}

/** Where each merged field group was written in the DestinationRule (YAML path), for line refs. */
export type PolicySources = Partial<Record<keyof TrafficPolicy, string>>;

export interface MergedPolicy {
	policy: TrafficPolicy;
	sources: PolicySources;
}

function groupsAt(p: Obj | undefined, path: string, into: MergedPolicy = { policy: {}, sources: {} }): MergedPolicy {
	if (!p) return into;
	for (const g of GROUPS)
		if (isObj(p[g])) {
			into.policy[g] = p[g] as Record<string, unknown>;
			into.sources[g] = `${path}.${g}`;
		}
	return into;
}

/** The portLevelSettings entry for `port` and its path, or null. */
function portLevel(p: Obj | undefined, path: string, port: number | null): { value: Obj; path: string } | null {
	if (!p || port === null) return null;
	const list = Array.isArray(p.portLevelSettings) ? p.portLevelSettings : [];
	const i = list.findIndex((s) => isObj(s) && num(obj(s.port).number) === port);
	return i < 0 ? null : { value: list[i] as Obj, path: `${path}.portLevelSettings.${i}` };
}

/**
 * Istio's merged policy for (DR, subset, port), with the YAML path of each
 * group — pilot MergeSubsetTrafficPolicy (pilot/pkg/networking/util): a
 * matching top-level port entry replaces all four groups ("port level
 * policies do not inherit"); a subset's groups override one by one; a
 * matching subset port entry replaces all four again.
 */
export function mergeTrafficPolicy(dr: DestinationRule | null, subset: DestinationRuleSubset | null, port: number | null): MergedPolicy {
	if (!dr) return { policy: {}, sources: {} };
	const top = dr.trafficPolicy;
	const topPort = portLevel(top, 'spec.trafficPolicy', port);
	let merged = topPort ? groupsAt(topPort.value, topPort.path) : groupsAt(top, 'spec.trafficPolicy');
	const sp = subset?.trafficPolicy;
	if (subset && sp) {
		const i = dr.subsets.indexOf(subset);
		const path = `spec.subsets.${i}.trafficPolicy`;
		merged = groupsAt(sp, path, { policy: { ...merged.policy }, sources: { ...merged.sources } });
		const subPort = portLevel(sp, path, port);
		if (subPort) merged = groupsAt(subPort.value, subPort.path);
	}
	return merged;
}

/** Istio's merged policy for (DR, subset, port). */
export function mergedPolicy(dr: DestinationRule | null, subset: DestinationRuleSubset | null, port: number | null): TrafficPolicy {
	return mergeTrafficPolicy(dr, subset, port).policy;
}

export function findSubset(dr: DestinationRule | null, name: string | undefined): DestinationRuleSubset | null {
	if (!dr || !name) return null;
	return dr.subsets.find((s) => s.name === name) ?? null;
}

/** Istio's default LB is LEAST_REQUEST (since 1.14; ROUND_ROBIN before). */
export function lbPolicy(p: TrafficPolicy): LbPolicy {
	const lb = p.loadBalancer;
	if (lb && isObj(lb.consistentHash)) {
		const ch = lb.consistentHash;
		const out: Extract<LbPolicy, { kind: 'consistentHash' }> = { kind: 'consistentHash' };
		const header = str(ch.httpHeaderName);
		if (header) out.header = header.toLowerCase();
		const cookie = str(obj(ch.httpCookie).name);
		if (cookie) out.cookie = cookie;
		if (ch.useSourceIp === true) out.useSourceIp = true;
		const q = str(ch.httpQueryParameterName);
		if (q) out.queryParameter = q;
		return out;
	}
	const simple = str(lb?.simple);
	if (simple === 'ROUND_ROBIN' || simple === 'RANDOM' || simple === 'PASSTHROUGH' || simple === 'LEAST_REQUEST') return { kind: 'simple', simple };
	// LEAST_CONN is the deprecated name of LEAST_REQUEST; UNSPECIFIED/unset → default
	return { kind: 'simple', simple: 'LEAST_REQUEST' };
}

export function describeLb(p: LbPolicy): string {
	if (p.kind === 'simple') return p.simple;
	if (p.header) return `consistentHash(header ${p.header})`;
	if (p.cookie) return `consistentHash(cookie ${p.cookie})`;
	if (p.useSourceIp) return 'consistentHash(source IP)';
	if (p.queryParameter) return `consistentHash(query ${p.queryParameter})`;
	return 'consistentHash';
}

/** DestinationRule tls.mode, or null when the policy leaves TLS to auto mTLS. */
export function tlsMode(p: TrafficPolicy): string | null {
	return str(p.tls?.mode) ?? null;
}
