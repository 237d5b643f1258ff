// Which VirtualService http rules can never match, or lose some requests to an
// earlier rule. Sound but conservative: `covers` says yes only when every
// request that matches block B provably matches block A (exact/prefix/regex
// implications, label subsets); when unsure it says no, so a finding is never
// raised on a guess.
import type { HttpMatch, HttpRouteRule, NamedMatch, StringMatch } from '../mesh';
import { fullRegex } from '../mesh';

/** Every string matched by b is matched by a. */
export function stringCovers(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
	if (!a) return true;
	if (!b) return false;
	if (a.kind === 'invalid' || b.kind === 'invalid') return false;
	if (a.kind === 'present') return true;
	if (b.kind === 'present') return false;
	if (a.kind === 'exact') return b.kind === 'exact' && a.value === b.value;
	if (a.kind === 'prefix') return (b.kind === 'exact' || b.kind === 'prefix') && b.value.startsWith(a.value);
	// regex: covers an exact value it matches, or the identical regex
	if (b.kind === 'exact') return fullRegex(a.value)?.test(b.value) ?? false;
	if (b.kind === 'regex') return a.value === b.value || a.value === '.*';
	return a.value === '.*';
}

/** Some string could match both (false only when provably disjoint). */
export function stringIntersects(a: StringMatch | undefined, b: StringMatch | undefined): boolean {
	if (!a || !b) return true;
	if (a.kind === 'invalid' || b.kind === 'invalid') return false;
	if (a.kind === 'exact' && b.kind === 'exact') return a.value === b.value;
	if (a.kind === 'exact' && b.kind === 'prefix') return a.value.startsWith(b.value);
	if (a.kind === 'prefix' && b.kind === 'exact') return b.value.startsWith(a.value);
	if (a.kind === 'prefix' && b.kind === 'prefix') return a.value.startsWith(b.value) || b.value.startsWith(a.value);
	if (a.kind === 'regex' && b.kind === 'exact') return fullRegex(a.value)?.test(b.value) ?? true;
	if (a.kind === 'exact' && b.kind === 'regex') return fullRegex(b.value)?.test(a.value) ?? true;
	return true;
}

function named(list: NamedMatch[], name: string): StringMatch | undefined {
	return list.find((h) => h.name === name)?.match;
}

const same = (a: StringMatch, b: StringMatch) => JSON.stringify(a) === JSON.stringify(b);

/** Every request matching b also matches a (a and b blocks of the same VirtualService). */
export function matchCovers(a: HttpMatch, b: HttpMatch): boolean {
	if (a.ignoreUriCase && !b.ignoreUriCase && a.uri && a.uri.kind !== 'exact' && a.uri.kind !== 'prefix') return false;
	if (!a.ignoreUriCase && b.ignoreUriCase && a.uri) return false;
	if (!stringCovers(a.uri, b.uri)) return false;
	for (const k of ['method', 'authority', 'scheme'] as const) if (!stringCovers(a[k], b[k])) return false;
	for (const h of a.headers) if (!stringCovers(h.match, named(b.headers, h.name))) return false;
	for (const q of a.queryParams) if (!stringCovers(q.match, named(b.queryParams, q.name))) return false;
	for (const h of a.withoutHeaders) if (!b.withoutHeaders.some((x) => x.name === h.name && same(x.match, h.match))) return false;
	if (a.port !== undefined && a.port !== b.port) return false;
	if (a.sourceLabels && !Object.entries(a.sourceLabels).every(([k, v]) => b.sourceLabels?.[k] === v)) return false;
	if (a.sourceNamespace !== undefined && a.sourceNamespace !== b.sourceNamespace) return false;
	if (a.gateways && !(b.gateways && b.gateways.every((g) => a.gateways!.includes(g)))) return false;
	return true;
}

/** Some request could match both blocks. */
export function matchIntersects(a: HttpMatch, b: HttpMatch): boolean {
	if (!stringIntersects(a.uri, b.uri)) return false;
	for (const k of ['method', 'authority', 'scheme'] as const) if (!stringIntersects(a[k], b[k])) return false;
	for (const h of a.headers) if (!stringIntersects(h.match, named(b.headers, h.name))) return false;
	for (const q of a.queryParams) if (!stringIntersects(q.match, named(b.queryParams, q.name))) return false;
	if (a.port !== undefined && b.port !== undefined && a.port !== b.port) return false;
	if (a.sourceNamespace !== undefined && b.sourceNamespace !== undefined && a.sourceNamespace !== b.sourceNamespace) return false;
	return true;
}

/** b constrains something a leaves open (so a catching b's requests is likely a mistake). */
function moreSpecific(b: HttpMatch, a: HttpMatch): boolean {
	return (
		b.headers.some((h) => !a.headers.some((x) => x.name === h.name)) ||
		b.queryParams.some((q) => !a.queryParams.some((x) => x.name === q.name)) ||
		(!!b.method && !a.method) ||
		(!!b.sourceLabels && !a.sourceLabels) ||
		b.withoutHeaders.length > a.withoutHeaders.length
	);
}

const CATCH_ALL: HttpMatch = { index: -1, line: 0, path: '', headers: [], withoutHeaders: [], queryParams: [], ignoreUriCase: false };

function blocks(r: HttpRouteRule): HttpMatch[] {
	return r.matches.length ? r.matches : [CATCH_ALL];
}

export interface Shadow {
	rule: number;
	/** earlier rule that takes the requests */
	by: number;
	full: boolean;
	/** a sample of what is lost, for the message */
	example: string;
}

function describeBlock(m: HttpMatch): string {
	const parts: string[] = [];
	if (m.uri) parts.push(`uri ${m.uri.kind === 'present' || m.uri.kind === 'invalid' ? m.uri.kind : `${m.uri.kind} ${m.uri.value}`}`);
	for (const h of m.headers) parts.push(`header ${h.name}${h.match.kind === 'present' || h.match.kind === 'invalid' ? '' : ` ${h.match.kind} ${h.match.value}`}`);
	if (m.method && m.method.kind !== 'present' && m.method.kind !== 'invalid') parts.push(`method ${m.method.value}`);
	return parts.length ? parts.join(', ') : 'every request';
}

export function findShadows(rules: HttpRouteRule[]): Shadow[] {
	const out: Shadow[] = [];
	rules.forEach((r, j) => {
		const mine = blocks(r);
		const coveredBy = mine.map((b) => {
			for (let i = 0; i < j; i++) if (blocks(rules[i]).some((a) => matchCovers(a, b))) return i;
			return -1;
		});
		if (coveredBy.every((i) => i >= 0)) {
			out.push({ rule: j, by: coveredBy[0], full: true, example: describeBlock(mine[0]) });
			return;
		}
		for (let i = 0; i < j; i++) {
			const hit = blocks(rules[i]).flatMap((a) => mine.filter((b) => !matchCovers(a, b) && matchIntersects(a, b) && moreSpecific(b, a)).map((b) => ({ a, b })))[0];
			if (hit) {
				out.push({ rule: j, by: i, full: false, example: `${describeBlock(hit.b)} and ${describeBlock(hit.a)}` });
				return;
			}
		}
	});
	return out;
}
