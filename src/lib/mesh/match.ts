// Evaluating VirtualService match blocks against a request, the way Envoy
// evaluates the routes Istio generates:
//  - uri exact → path match, prefix → prefix match, regex → safe_regex, which
//    must match the WHOLE path (RE2; approximated here with an anchored JS RegExp);
//    the query string is not part of the uri match;
//  - headers: lowercase names; `{}` means "present"; a missing header never matches;
//  - withoutHeaders: inverted header matchers; Istio sets
//    treat_missing_header_as_empty, so a missing header counts as "" (and
//    `{}` there means "absent");
//  - method / authority / scheme are the :method / :authority / :scheme headers;
//  - port, sourceLabels, sourceNamespace, gateways compare with the caller.
// All conditions of one block AND; the blocks of one rule OR.
import type { HttpMatch, NamedMatch, StringMatch } from './types';
import { resolveGatewayRef } from './hosts';

export interface MatchContext {
	path: string;
	query: Record<string, string>;
	method: string;
	authority: string;
	scheme: string;
	headers: Record<string, string>;
	port: number;
	/** labels of the calling workload (a gateway pod at a gateway); null = unknown caller */
	sourceLabels: Record<string, string> | null;
	sourceNamespace: string;
	/** `mesh` for sidecars, `ns/name` of the Gateway at a gateway */
	gateway: string;
	/** SNI for tls routes */
	sni?: string;
	vsNamespace: string;
}

const regexCache = new Map<string, RegExp | null>();

/** Envoy safe_regex is a full match: anchor the pattern. */
export function fullRegex(re: string, flags = ''): RegExp | null {
	const key = `${flags}/${re}`;
	if (!regexCache.has(key)) {
		try {
			regexCache.set(key, new RegExp(`^(?:${re})$`, flags));
		} catch {
			regexCache.set(key, null);
		}
	}
	return regexCache.get(key) ?? null;
}

export function stringMatches(m: StringMatch, value: string | undefined, ignoreCase = false): boolean {
	if (m.kind === 'present') return value !== undefined;
	if (value === undefined || m.kind === 'invalid') return false;
	const v = ignoreCase ? value.toLowerCase() : value;
	switch (m.kind) {
		case 'exact':
			return v === (ignoreCase ? m.value.toLowerCase() : m.value);
		case 'prefix':
			return v.startsWith(ignoreCase ? m.value.toLowerCase() : m.value);
		case 'regex':
			return fullRegex(m.value, ignoreCase ? 'i' : '')?.test(value) ?? false;
	}
}

export function describe(m: StringMatch): string {
	switch (m.kind) {
		case 'present':
			return 'present';
		case 'invalid':
			return `invalid (${m.reason})`;
		default:
			return `${m.kind} '${m.value}'`;
	}
}

function show(v: string | undefined): string {
	return v === undefined ? 'missing' : `'${v}'`;
}

function headerFails(h: NamedMatch, headers: Record<string, string>): string | null {
	const v = headers[h.name];
	return stringMatches(h.match, v) ? null : `header ${h.name} is ${show(v)}, rule wants ${describe(h.match)}`;
}

function withoutHeaderFails(h: NamedMatch, headers: Record<string, string>): string | null {
	const v = headers[h.name];
	if (h.match.kind === 'present') return v === undefined ? null : `header ${h.name} is present; withoutHeaders wants it absent`;
	return stringMatches(h.match, v ?? '') ? `header ${h.name} is ${show(v)}, which withoutHeaders excludes (${describe(h.match)})` : null;
}

/** null when the block matches, else the first reason it does not. */
export function whyNotMatch(m: HttpMatch, ctx: MatchContext): string | null {
	if (m.uri && !stringMatches(m.uri, ctx.path, m.ignoreUriCase)) return `uri '${ctx.path}' does not match ${describe(m.uri)}`;
	if (m.scheme && !stringMatches(m.scheme, ctx.scheme)) return `scheme '${ctx.scheme}' does not match ${describe(m.scheme)}`;
	if (m.method && !stringMatches(m.method, ctx.method)) return `method ${ctx.method} does not match ${describe(m.method)}`;
	if (m.authority && !stringMatches(m.authority, ctx.authority)) return `authority '${ctx.authority}' does not match ${describe(m.authority)}`;
	for (const h of m.headers) {
		const r = headerFails(h, ctx.headers);
		if (r) return r;
	}
	for (const h of m.withoutHeaders) {
		const r = withoutHeaderFails(h, ctx.headers);
		if (r) return r;
	}
	for (const q of m.queryParams) {
		const v = ctx.query[q.name];
		if (!stringMatches(q.match, v)) return `query parameter ${q.name} is ${show(v)}, rule wants ${describe(q.match)}`;
	}
	if (m.port !== undefined && m.port !== ctx.port) return `port ${ctx.port} is not ${m.port}`;
	if (m.sourceLabels) {
		const labels = ctx.sourceLabels;
		const miss = Object.entries(m.sourceLabels).find(([k, v]) => labels?.[k] !== v);
		if (miss) return labels ? `caller lacks label ${miss[0]}=${miss[1]}` : `caller unknown; rule wants label ${miss[0]}=${miss[1]}`;
	}
	if (m.sourceNamespace !== undefined && m.sourceNamespace !== ctx.sourceNamespace) return `caller namespace ${ctx.sourceNamespace} is not ${m.sourceNamespace}`;
	if (m.gateways && !m.gateways.some((g) => resolveGatewayRef(g, ctx.vsNamespace) === ctx.gateway)) {
		return `request comes from ${ctx.gateway}, rule is for ${m.gateways.join(', ')}`;
	}
	if (m.sniHosts && !(ctx.sni && m.sniHosts.some((s) => s === ctx.sni || (s.startsWith('*') && ctx.sni!.endsWith(s.slice(1)))))) {
		return `SNI ${show(ctx.sni)} not in ${m.sniHosts.join(', ')}`;
	}
	return null;
}

/** null when the rule matches (no match list = matches everything). */
export function whyNotRule(matches: HttpMatch[], ctx: MatchContext): string | null {
	if (matches.length === 0) return null;
	const reasons: string[] = [];
	for (const m of matches) {
		const r = whyNotMatch(m, ctx);
		if (r === null) return null;
		reasons.push(r);
	}
	return reasons.length === 1 ? reasons[0] : reasons.map((r, i) => `match ${i}: ${r}`).join('; ');
}
