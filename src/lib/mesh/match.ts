// Evaluating VirtualService match blocks against a request, the way Envoy
// evaluates the routes Istio generates:
//  - uri exact → path match, prefix → prefix match, regex → safe_regex, which
//    must match the WHOLE path. Istio's StringMatch `regex` is "RE2 style"
//    (istio.io VirtualService reference; invalid ones fail validation, IST0122)
//    and Envoy's safe_regex runs RE2 as a full match ("the regex \d{3} does not
//    match the value 1234", envoyproxy.io StringMatcher docs). Matching uses
//    re2js (linear time; no lookaround, no backreferences), never a JS RegExp,
//    so `^(a+)+$` against "aaaa…!" cannot freeze the tab;
//    the query string is not part of the uri match;
//  - headers: lowercase names; `{}` means "present"; a missing header never matches;
//  - withoutHeaders: inverted header matchers; Istio sets
//    treat_missing_header_as_empty, so a missing header counts as "" (and
//    `{}` there means "absent");
//  - method / authority / scheme are the :method / :authority / :scheme headers;
//  - port, sourceLabels, sourceNamespace, gateways compare with the caller.
// All conditions of one block AND; the blocks of one rule OR.
import { RE2JS } from 're2js';
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

/** A compiled RE2 pattern, or why it does not compile. */
type Compiled = { re: RE2JS; error?: undefined } | { re?: undefined; error: string };

const REGEX_CACHE_SIZE = 500;
const regexCache = new Map<string, Compiled>();

function compile(pattern: string, ignoreCase: boolean): Compiled {
	const key = `${ignoreCase ? 'i' : '-'}/${pattern}`;
	let c = regexCache.get(key);
	if (!c) {
		try {
			c = { re: RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) };
		} catch (e) {
			c = { error: (e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, '') };
		}
		if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.delete(regexCache.keys().next().value as string);
		regexCache.set(key, c);
	}
	return c;
}

/** Why `pattern` is not valid RE2 (e.g. `invalid or unsupported Perl syntax: \`(?=\``), or null when it is. */
export function re2Error(pattern: string): string | null {
	return compile(pattern, false).error ?? null;
}

/** Envoy safe_regex is a full match (RE2::FullMatch); null when the pattern is not valid RE2. */
export function fullRegex(re: string, flags = ''): { test(value: string): boolean } | null {
	const c = compile(re, flags.includes('i'));
	if (!c.re) return null;
	const compiled = c.re;
	return { test: (value: string) => compiled.testExact(value) };
}

/**
 * Envoy's regex_rewrite (RegexMatchAndSubstitute): every match of `pattern`
 * in `input` is replaced by `substitution`, where `\1`…`\9` are capture groups
 * and `\\` is a backslash (RE2::GlobalReplace). Null when the pattern is not RE2.
 */
export function regexRewrite(input: string, pattern: string, substitution: string): string | null {
	const c = compile(pattern, false);
	if (!c.re) return null;
	const groups = c.re.groupCount();
	// the callback gets (match, group 1…n, offset, input), like String.prototype.replace
	return c.re.matcher(input).replaceAll((...args: unknown[]) =>
		substitution.replace(/\\(\d|\\)/g, (_, g: string) => (g === '\\' ? '\\' : Number(g) <= groups ? String(args[Number(g)] ?? '') : ''))
	);
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
		case 'regex': {
			// RE2 validity is judged here, where matching happens (in the lazily
			// loaded mesh engine), so parsing routes does not pull re2js into the
			// first download
			const error = re2Error(m.value);
			return error ? `invalid (not a valid RE2 regex: ${error})` : `regex '${m.value}'`;
		}
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
