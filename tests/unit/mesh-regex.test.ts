// Istio/Envoy regexes are RE2: linear time, full match, no lookaround or
// backreferences. Before, `^(a+)+$` against 30 a's and a `!` froze route()
// for 42 s (a backtracking JavaScript RegExp).
import { describe, expect, it } from 'vitest';
import { route } from '../../src/lib/mesh/index';
import { fullRegex, re2Error, regexRewrite } from '../../src/lib/mesh/match';
import { meshFindings, MESH_CODES } from '../../src/lib/checks/mesh';
import { app, fromYaml, subsets } from './mesh-helpers';

function vs(http: string): string {
	return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts:\n  - web\n  http:\n${http}`;
}
const to = (subset: string) => `    route:\n    - destination:\n        host: web\n        subset: ${subset}\n`;
const cluster = (http: string) => fromYaml([app('web', ['v1', 'v2']), subsets('web', ['v1', 'v2']), vs(http)].join('---\n'));

describe('RE2 matching', () => {
	it('a catastrophic pattern against 30 a\'s and "!" is decided in milliseconds', () => {
		const c = cluster(`  - match:\n    - headers:\n        x-user:\n          regex: "^(a+)+$"\n${to('v2')}  - ${to('v1').trimStart()}`);
		const start = performance.now();
		const slow = route(c, { from: 'deploy/default/web-v1', host: 'web', path: '/', headers: { 'x-user': `${'a'.repeat(30)}!` } });
		const ms = performance.now() - start;
		console.log(`[bench] route with ^(a+)+$ against 30 a's and '!': ${Math.round(ms)} ms (was 42 s)`);
		expect(slow.rule).toBe(1);
		expect(ms).toBeLessThan(2_000);
		expect(route(c, { from: 'deploy/default/web-v1', host: 'web', path: '/', headers: { 'x-user': 'a'.repeat(30) } }).rule).toBe(0);
	});

	it('full match, as Envoy safe_regex: the regex \\d{3} does not match 1234', () => {
		expect(fullRegex('\\d{3}')!.test('123')).toBe(true);
		expect(fullRegex('\\d{3}')!.test('1234')).toBe(false);
		expect(fullRegex('a|b')!.test('ab')).toBe(false);
		expect(fullRegex('WEB', 'i')!.test('web')).toBe(true);
	});

	it('RE2-only semantics: a JS-only pattern is invalid, not silently run', () => {
		expect(fullRegex('(?=x)x')).toBeNull();
		expect(re2Error('(?=x)')).toBe('invalid or unsupported Perl syntax: `(?=`');
		expect(re2Error('(a)\\1')).toBe('invalid escape sequence: `\\1`');
		expect(re2Error('[A-Z')).toBe('missing closing ]: `[A-Z`');
		expect(re2Error('(?P<v>[0-9]+)')).toBeNull();
	});

	it('regex_rewrite replaces every match with \\1-style groups (RE2::GlobalReplace)', () => {
		expect(regexRewrite('/service/foo/v1/api', '^/service/([^/]+)(/.*)$', '\\2/instance/\\1')).toBe('/v1/api/instance/foo');
		expect(regexRewrite('/aaa/bbb', 'a', 'x')).toBe('/xxx/bbb');
		expect(regexRewrite('/a', '(?=a)', 'x')).toBeNull();
	});
});

describe('HS-M016: a regex that is not RE2', () => {
	it('points at the regex line, for uri, headers and uriRegexRewrite', () => {
		const http = [
			`  - match:\n    - uri:\n        regex: "/(?=v1)v1"\n${to('v1')}`,
			`  - match:\n    - headers:\n        x-id:\n          regex: "(a)\\\\1"\n${to('v2')}`,
			`  - rewrite:\n      uriRegexRewrite:\n        match: "^/old(?!x)"\n        rewrite: /new\n${to('v1')}`,
			`  - match:\n    - uri:\n        regex: "/ok/[0-9]+"\n${to('v2')}`
		].join('');
		const f = meshFindings(cluster(http)).filter((x) => x.code === MESH_CODES.invalidRegex);
		const text = vs(http).split('\n');
		const lineOf = (needle: string) => text.findIndex((l) => l.includes(needle)) + 1;
		expect(f.map((x) => [x.path, x.severity])).toEqual([
			['spec.http.0.match.0.uri.regex', 'error'],
			['spec.http.1.match.0.headers.x-id.regex', 'error'],
			['spec.http.2.rewrite.uriRegexRewrite.match', 'error']
		]);
		// fromYaml puts the VirtualService after the app and the subsets: compare relative lines
		const offset = f[0].line - lineOf('(?=v1)');
		expect(f.map((x) => x.line - offset)).toEqual([lineOf('(?=v1)'), lineOf('(a)'), lineOf('(?!x)')]);
		expect(f[0].message).toBe(
			"regex '/(?=v1)v1' is not valid RE2 (invalid or unsupported Perl syntax: `(?=`). Istio and Envoy use RE2, which has no lookaround and no backreferences: Istio's validation rejects this VirtualService (istioctl analyze: IST0122), and here the match never matches."
		);
	});

	it('the invalid match never matches in route()', () => {
		const c = cluster(`  - match:\n    - uri:\n        regex: "/(?=v1)v1"\n${to('v2')}  - ${to('v1').trimStart()}`);
		const r = route(c, { from: 'deploy/default/web-v1', host: 'web', path: '/v1' });
		expect(r.rule).toBe(1);
		expect(r.whyNot[0].reason).toBe("uri '/v1' does not match invalid (not a valid RE2 regex: invalid or unsupported Perl syntax: `(?=`)");
	});
});
