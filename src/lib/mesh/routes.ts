// VirtualService http/tcp/tls routes as written → typed rules (types.ts).
// Field names and defaults follow the Istio VirtualService reference:
// a lone destination gets all traffic whatever its weight; fault and mirror
// percentages default to 100; `percent` (int) and `mirror_percent` /
// `mirrorPercent` are the deprecated spellings; retries default to Istio's
// mesh default (2 attempts, connect-failure,refused-stream,unavailable,
// cancelled,retriable-status-codes); route timeout is disabled unless set.
import type { VirtualService } from '../model';
import type {
	FaultAbort,
	FaultDelay,
	HeaderOps,
	Headers,
	HttpFault,
	HttpMatch,
	HttpRetry,
	HttpRouteRule,
	L4RouteRule,
	MirrorRule,
	NamedMatch,
	Percentage,
	RouteDestination,
	StringMatch
} from './types';
import { isObj, num, obj, objs, str, strMap, strs, type Obj } from '../model';
import { parseDuration } from '../util';
import { lineOf } from '../manifest';
import { resolveConfigHost } from './hosts';

export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';
export const DEFAULT_RETRIES: HttpRetry = { attempts: 2, perTryTimeoutMs: null, retryOn: DEFAULT_RETRY_ON, retriableStatusCodes: [503], defaulted: true };

const FAULT_KEYS = new Set(['delay', 'abort']);

export function parseStringMatch(v: unknown): StringMatch {
	if (v === null || v === undefined) return { kind: 'present' };
	if (!isObj(v)) return { kind: 'invalid', value: String(v), reason: 'not a StringMatch (use exact, prefix or regex)' };
	const keys = Object.keys(v);
	if (keys.length === 0) return { kind: 'present' };
	for (const kind of ['exact', 'prefix', 'regex'] as const) {
		const s = str(v[kind]);
		if (s === undefined) continue;
		// a regex is RE2 (as in Istio and Envoy); its validity is checked where it
		// is matched (match.ts) and reported by checks (HS-M016)
		return { kind, value: s };
	}
	return { kind: 'invalid', value: JSON.stringify(v), reason: `unknown match type '${keys[0]}'` };
}

function namedMatches(v: unknown): NamedMatch[] {
	return Object.entries(obj(v)).map(([name, m]) => ({ name: name.toLowerCase(), match: parseStringMatch(m) }));
}

export function parseMatch(m: Obj, index: number, path: string, vs: VirtualService): HttpMatch {
	const out: HttpMatch = {
		index,
		line: lineOf(vs, path).line,
		path,
		headers: namedMatches(m.headers),
		withoutHeaders: namedMatches(m.withoutHeaders),
		queryParams: Object.entries(obj(m.queryParams)).map(([name, q]) => ({ name, match: parseStringMatch(q) })),
		ignoreUriCase: m.ignoreUriCase === true
	};
	const name = str(m.name);
	if (name) out.name = name;
	for (const k of ['uri', 'scheme', 'method', 'authority'] as const) if (m[k] !== undefined) out[k] = parseStringMatch(m[k]);
	const port = num(m.port);
	if (port !== undefined) out.port = port;
	if (isObj(m.sourceLabels)) out.sourceLabels = strMap(m.sourceLabels);
	const sns = str(m.sourceNamespace);
	if (sns) out.sourceNamespace = sns;
	if (Array.isArray(m.gateways)) out.gateways = strs(m.gateways);
	if (Array.isArray(m.sniHosts)) out.sniHosts = strs(m.sniHosts);
	if (Array.isArray(m.destinationSubnets)) out.destinationSubnets = strs(m.destinationSubnets);
	return out;
}

export function parsePercentage(o: Obj, legacyKeys: string[]): Percentage {
	if (isObj(o.percentage) && typeof o.percentage.value === 'number') return { value: o.percentage.value, from: 'percentage' };
	for (const k of legacyKeys) {
		const n = num(o[k]);
		if (n !== undefined) return { value: n, from: 'percent' };
	}
	return { value: 100, from: 'default' };
}

function headerOps(v: unknown): HeaderOps | undefined {
	if (!isObj(v)) return undefined;
	return { set: strMap(v.set), add: strMap(v.add), remove: strs(v.remove) };
}

function parseHeaders(v: unknown): Headers | undefined {
	if (!isObj(v)) return undefined;
	const h: Headers = {};
	const rq = headerOps(v.request);
	const rs = headerOps(v.response);
	if (rq) h.request = rq;
	if (rs) h.response = rs;
	return h;
}

function portOf(v: unknown): number | undefined {
	return num(obj(v).number);
}

function parseDestinations(list: Obj[], base: string, vs: VirtualService, domain: string): RouteDestination[] {
	const lone = list.length === 1;
	return list.map((d, i) => {
		const path = `${base}.${i}`;
		const dest = obj(d.destination);
		const host = str(dest.host) ?? '';
		const written = num(d.weight);
		const out: RouteDestination = {
			host,
			fqdn: resolveConfigHost(host, vs.namespace, domain),
			// a lone destination receives all traffic irrespective of weight
			weight: lone ? 100 : (written ?? 0),
			line: lineOf(vs, `${path}.destination`).line,
			path
		};
		if (written !== undefined) out.weightWritten = written;
		const subset = str(dest.subset);
		if (subset) out.subset = subset;
		const port = portOf(dest.port);
		if (port !== undefined) out.port = port;
		const misplaced = num(dest.weight);
		if (misplaced !== undefined) out.misplacedWeight = misplaced;
		const headers = parseHeaders(d.headers);
		if (headers) out.headers = headers;
		return out;
	});
}

function parseFault(f: Obj, path: string, vs: VirtualService): HttpFault {
	const fault: HttpFault = {
		unknownKeys: Object.keys(f).filter((k) => !FAULT_KEYS.has(k)),
		line: lineOf(vs, path).line
	};
	if (isObj(f.delay)) {
		const ms = parseDuration(f.delay.fixedDelay ?? f.delay.exponentialDelay);
		const delay: FaultDelay = {
			fixedDelayMs: ms ?? 0,
			percentage: parsePercentage(f.delay, ['percent']),
			line: lineOf(vs, `${path}.delay`).line
		};
		fault.delay = delay;
	}
	if (isObj(f.abort)) {
		const abort: FaultAbort = { percentage: parsePercentage(f.abort, ['percent']), line: lineOf(vs, `${path}.abort`).line };
		const status = num(f.abort.httpStatus);
		if (status !== undefined) abort.httpStatus = status;
		const grpc = str(f.abort.grpcStatus);
		if (grpc) abort.grpcStatus = grpc;
		fault.abort = abort;
	}
	return fault;
}

function mirrorFrom(dest: Obj, pct: Percentage, line: number, vs: VirtualService, domain: string): MirrorRule {
	const host = str(dest.host) ?? '';
	const m: MirrorRule = { host, fqdn: resolveConfigHost(host, vs.namespace, domain), percentage: pct, line };
	const subset = str(dest.subset);
	if (subset) m.subset = subset;
	const port = portOf(dest.port);
	if (port !== undefined) m.port = port;
	return m;
}

function parseMirrors(r: Obj, path: string, vs: VirtualService, domain: string): MirrorRule[] {
	const out: MirrorRule[] = [];
	if (isObj(r.mirror)) {
		// mirrorPercentage, else the deprecated integer mirror_percent / mirrorPercent, else 100
		const pct = parsePercentage({ percentage: r.mirrorPercentage, mirror_percent: r.mirror_percent, mirrorPercent: r.mirrorPercent }, ['mirror_percent', 'mirrorPercent']);
		out.push(mirrorFrom(r.mirror, pct, lineOf(vs, `${path}.mirror`).line, vs, domain));
	}
	objs(r.mirrors).forEach((m, i) => {
		out.push(mirrorFrom(obj(m.destination), parsePercentage(m, []), lineOf(vs, `${path}.mirrors.${i}`).line, vs, domain));
	});
	return out;
}

/**
 * pilot ConvertPolicy (route/retry/retry.go): a written retryOn replaces the
 * default retry_on, and its integers become retriable_status_codes (then
 * `retriable-status-codes` is added when missing); without retryOn the
 * default conditions and code 503 stay.
 */
function parseRetries(v: unknown): HttpRetry {
	if (!isObj(v)) return DEFAULT_RETRIES;
	const written = str(v.retryOn);
	let retryOn = DEFAULT_RETRY_ON;
	let codes = DEFAULT_RETRIES.retriableStatusCodes;
	if (written) {
		const parts = written.split(',').map((x) => x.trim()).filter(Boolean);
		codes = parts.filter((x) => /^[1-5]\d\d$/.test(x)).map(Number);
		const conditions = parts.filter((x) => !/^[1-5]\d\d$/.test(x));
		if (codes.length && !conditions.includes('retriable-status-codes')) conditions.push('retriable-status-codes');
		retryOn = conditions.join(',');
	}
	return {
		attempts: num(v.attempts) ?? 0,
		perTryTimeoutMs: parseDuration(v.perTryTimeout),
		retryOn,
		retriableStatusCodes: codes,
		defaulted: false
	};
}

export function parseHttpRoutes(vs: VirtualService, domain: string): HttpRouteRule[] {
	return vs.http.map((r, i) => {
		const path = `spec.http.${i}`;
		const rule: HttpRouteRule = {
			index: i,
			line: lineOf(vs, path).line,
			path,
			matches: objs(r.match).map((m, j) => parseMatch(m, j, `${path}.match.${j}`, vs)),
			route: parseDestinations(objs(r.route), `${path}.route`, vs, domain),
			timeoutMs: r.timeout === undefined ? null : parseDuration(r.timeout),
			retries: parseRetries(r.retries),
			mirrors: parseMirrors(r, path, vs, domain)
		};
		const name = str(r.name);
		if (name) rule.name = name;
		if (isObj(r.redirect)) {
			const rd = r.redirect;
			rule.redirect = { redirectCode: num(rd.redirectCode) ?? 301 };
			for (const k of ['uri', 'authority', 'scheme'] as const) {
				const s = str(rd[k]);
				if (s) rule.redirect[k] = s;
			}
			const p = num(rd.port);
			if (p !== undefined) rule.redirect.port = p;
		}
		if (isObj(r.directResponse)) {
			rule.directResponse = { status: num(r.directResponse.status) ?? 200 };
			const body = obj(r.directResponse.body);
			const s = str(body.string);
			if (s !== undefined) rule.directResponse.body = s;
		}
		if (isObj(r.rewrite)) {
			const rw: HttpRouteRule['rewrite'] = {};
			const uri = str(r.rewrite.uri);
			if (uri !== undefined) rw.uri = uri;
			const auth = str(r.rewrite.authority);
			if (auth) rw.authority = auth;
			if (isObj(r.rewrite.uriRegexRewrite)) {
				rw.uriRegexRewrite = { match: str(r.rewrite.uriRegexRewrite.match) ?? '', rewrite: str(r.rewrite.uriRegexRewrite.rewrite) ?? '' };
			}
			rule.rewrite = rw;
		}
		if (isObj(r.fault)) rule.fault = parseFault(r.fault, `${path}.fault`, vs);
		const headers = parseHeaders(r.headers);
		if (headers) rule.headers = headers;
		return rule;
	});
}

export function parseL4Routes(vs: VirtualService, which: 'tcp' | 'tls', domain: string): L4RouteRule[] {
	return vs[which].map((r, i) => {
		const path = `spec.${which}.${i}`;
		return {
			index: i,
			line: lineOf(vs, path).line,
			path,
			matches: objs(r.match).map((m, j) => parseMatch(m, j, `${path}.match.${j}`, vs)),
			route: parseDestinations(objs(r.route), `${path}.route`, vs, domain)
		};
	});
}
