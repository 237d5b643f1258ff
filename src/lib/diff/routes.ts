// Istio routes and split percentages per host: for every host a
// VirtualService serves and every rule (by its match, not its position), the
// share each destination gets, before and after. The rules are read by the
// mesh engine's own parser (mesh/routes.ts) and a share is weight / sum of
// the rule's weights, as Envoy's weighted_clusters pick (mesh/route.ts does
// the same draw).
import type { Cluster, VirtualService } from '../model';
import { parseHttpRoutes, parseL4Routes, resolveConfigHost, type HttpMatch, type RouteDestination, type StringMatch } from '../mesh';
import type { RouteChange, SplitShare } from './types';
import { byText } from './keys';

interface RuleShares {
	host: string;
	virtualService: string;
	protocol: string;
	match: string;
	/** destination → percent */
	shares: Map<string, number>;
}

export function diffRoutes(before: Cluster, after: Cluster): RouteChange[] {
	const a = ruleShares(before);
	const b = ruleShares(after);
	const out: RouteChange[] = [];
	for (const key of [...new Set([...a.keys(), ...b.keys()])]) {
		const ra = a.get(key);
		const rb = b.get(key);
		const r = (rb ?? ra)!;
		const dests = [...new Set([...(ra?.shares.keys() ?? []), ...(rb?.shares.keys() ?? [])])].sort(byText);
		const splits: SplitShare[] = dests.map((d) => ({ destination: d, before: ra?.shares.get(d) ?? null, after: rb?.shares.get(d) ?? null }));
		const change = !ra ? 'added' : !rb ? 'removed' : 'changed';
		if (change === 'changed' && splits.every((s) => s.before === s.after)) continue;
		out.push({ host: r.host, virtualService: r.virtualService, protocol: r.protocol, match: r.match, change, splits });
	}
	return out.sort((x, y) => byText(x.host, y.host) || byText(x.virtualService, y.virtualService) || byText(x.protocol, y.protocol) || byText(x.match, y.match));
}

/** Every (host, VirtualService, protocol, match) rule with its destinations' shares. */
function ruleShares(c: Cluster): Map<string, RuleShares> {
	const domain = c.settings.clusterDomain;
	const out = new Map<string, RuleShares>();
	for (const vs of c.virtualServices) {
		const rules = [
			...parseHttpRoutes(vs, domain).map((r) => ({ protocol: 'http', matches: r.matches, shares: r.redirect ? redirectShare(r.redirect) : r.directResponse ? new Map([[`direct response ${r.directResponse.status}`, 100]]) : shares(r.route) })),
			...(['tcp', 'tls'] as const).flatMap((p) => parseL4Routes(vs, p, domain).map((r) => ({ protocol: p, matches: r.matches, shares: shares(r.route) })))
		];
		for (const host of hostsOf(vs, domain)) {
			const seen = new Map<string, number>();
			for (const r of rules) {
				let match = describeMatches(r.matches);
				// two rules with the same match: the second never matches in Istio, but keep both apart
				const n = (seen.get(`${r.protocol} ${match}`) ?? 0) + 1;
				seen.set(`${r.protocol} ${match}`, n);
				if (n > 1) match += ` (#${n})`;
				out.set(`${host}\u0000${vs.id}\u0000${r.protocol}\u0000${match}`, { host, virtualService: vs.id, protocol: r.protocol, match, shares: r.shares });
			}
		}
	}
	return out;
}

function hostsOf(vs: VirtualService, domain: string): string[] {
	return [...new Set(vs.hosts.map((h) => resolveConfigHost(h, vs.namespace, domain)))];
}

/** Percent per destination, rounded to 0.01; a rule whose weights sum to 0 sends nothing (Envoy: no healthy upstream). */
function shares(route: RouteDestination[]): Map<string, number> {
	const total = route.reduce((s, d) => s + Math.max(0, d.weight), 0);
	const m = new Map<string, number>();
	for (const d of route) {
		const key = `${d.fqdn}${d.port !== undefined ? `:${d.port}` : ''}${d.subset ? ` subset ${d.subset}` : ''}`;
		const pct = total > 0 ? Math.round((Math.max(0, d.weight) / total) * 10_000) / 100 : 0;
		m.set(key, (m.get(key) ?? 0) + pct);
	}
	return m;
}

function redirectShare(r: { uri?: string; authority?: string; redirectCode: number }): Map<string, number> {
	return new Map([[`redirect ${r.redirectCode}${r.authority ? ` ${r.authority}` : ''}${r.uri ? ` ${r.uri}` : ''}`, 100]]);
}

/** `uri prefix /api, header end-user exact jason` per match, ` or ` between matches; `(any)` without one. */
export function describeMatches(ms: HttpMatch[]): string {
	if (!ms.length) return '(any)';
	return ms.map(describeMatch).join(' or ');
}

function describeMatch(m: HttpMatch): string {
	const parts: string[] = [];
	const s = (what: string, v: StringMatch | undefined) => {
		if (v) parts.push(`${what} ${stringMatch(v)}`);
	};
	s('uri', m.uri);
	s('scheme', m.scheme);
	s('method', m.method);
	s('authority', m.authority);
	for (const h of m.headers) s(`header ${h.name}`, h.match);
	for (const h of m.withoutHeaders) s(`without header ${h.name}`, h.match);
	for (const q of m.queryParams) s(`query ${q.name}`, q.match);
	if (m.ignoreUriCase) parts.push('ignoreUriCase');
	if (m.port !== undefined) parts.push(`port ${m.port}`);
	if (m.sourceLabels) parts.push(`sourceLabels ${Object.entries(m.sourceLabels).map(([k, v]) => `${k}=${v}`).sort(byText).join(',')}`);
	if (m.sourceNamespace) parts.push(`sourceNamespace ${m.sourceNamespace}`);
	if (m.gateways) parts.push(`gateways ${m.gateways.join(',')}`);
	if (m.sniHosts) parts.push(`sniHosts ${m.sniHosts.join(',')}`);
	if (m.destinationSubnets) parts.push(`destinationSubnets ${m.destinationSubnets.join(',')}`);
	return parts.length ? parts.join(', ') : '(any)';
}

function stringMatch(v: StringMatch): string {
	return v.kind === 'present' ? 'present' : `${v.kind} ${v.value}`;
}
