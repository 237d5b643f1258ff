// Regexes in a VirtualService must be RE2, the syntax Istio validates with and
// Envoy runs (safe_regex). JavaScript-only syntax — lookahead `(?=x)`,
// lookbehind, backreferences `\1`, possessive `a++` — is not RE2: Istio's
// validation rejects the VirtualService (istioctl analyze reports it as
// IST0122 InvalidRegexp, istio.io/latest/docs/reference/config/analysis/ist0122).
import type { VirtualService } from '../model';
import { re2Error } from '../mesh';

export interface RegexProblem {
	/** dotted path of the regex string inside the VirtualService */
	path: string;
	pattern: string;
	error: string;
}

/** Every StringMatch `regex` and uriRegexRewrite `match` under spec.http that RE2 does not accept. */
export function invalidRegexes(vs: VirtualService): RegexProblem[] {
	const out: RegexProblem[] = [];
	// iterative walk: nesting is bounded by the parser, but no recursion is needed
	const stack: { value: unknown; path: string; key: string; parentKey: string }[] = [];
	for (let i = vs.http.length - 1; i >= 0; i--) stack.push({ value: vs.http[i], path: `spec.http.${i}`, key: String(i), parentKey: 'http' });
	while (stack.length) {
		const { value, path, key, parentKey } = stack.pop()!;
		if (typeof value === 'string') {
			const isRegex = key === 'regex' || (key === 'match' && parentKey === 'uriRegexRewrite');
			const error = isRegex ? re2Error(value) : null;
			if (error) out.push({ path, pattern: value, error });
			continue;
		}
		const entries: [string, unknown][] = Array.isArray(value)
			? value.map((v, i) => [String(i), v])
			: value !== null && typeof value === 'object'
				? Object.entries(value)
				: [];
		for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: `${path}.${entries[i][0]}`, key: entries[i][0], parentKey: key });
	}
	return out;
}
