// Istio authorization, as the server's Envoy (sidecar or gateway) enforces it
// with its RBAC filters. Sources checked:
//  - istio.io reference "Authorization Policy" and concept "Security →
//    Authorization": CUSTOM is evaluated first, then DENY, then ALLOW:
//      1. a matching CUSTOM policy sends the request to its extension provider
//         (not simulated here: assumed to allow, and said so);
//      2. any matching DENY policy denies;
//      3. no ALLOW policy for the workload → allow;
//      4. any matching ALLOW policy → allow;
//      5. deny.
//    AUDIT policies only mark the request for auditing.
//    A policy without a selector applies to the whole namespace, in the root
//    namespace (istio-system) to the whole mesh; a root-namespace selector
//    applies in every namespace. targetRefs: a Gateway API Gateway (its pods
//    carry gateway.networking.k8s.io/gateway-name); Service/ServiceEntry
//    targets are for ambient waypoints only — never applied to sidecars.
//    `spec: {}` is ALLOW with no rules: it matches nothing, so it denies
//    everything ("allow-nothing").
//  - istio/istio pilot/pkg/security/authz/model/generator.go and matcher/:
//    principals are matched against the mTLS peer identity (SPIFFE URI without
//    "spiffe://"); namespaces by the regex `.*/ns/<ns>/.*` over the same
//    identity, so both exist only over mTLS; hosts match :authority exactly,
//    case-insensitive (prefix `x*`, suffix `*x`, `*` = present); paths match the
//    path without the query; methods exactly.
//  - HTTP-only fields (hosts, methods, paths, request.*) on a TCP connection:
//    an ALLOW rule using them never matches, a DENY rule ignores them (so it
//    denies more) — Istio's "Authorization for TCP traffic" task.
// A denied HTTP request is answered 403 "RBAC: access denied" by the server's
// Envoy, response code details rbac_access_denied_matched_policy[ns[NS]-policy[NAME]-rule[I]]
// (or [none] for the default deny); no response flag is set (envoyproxy/envoy#21197).
import type { AuthorizationPolicy, AuthzCondition, AuthzOperationField, AuthzRule, AuthzSourceField, Cluster, Pod } from '../model';
import { cidrContains, parseCidr } from '../model';
import { legacyPolicies } from './rbac-legacy';
import { appliesTo, type AuthzWorkload } from './authz-scope';

export { appliesTo, workloadOf, GATEWAY_NAME_LABEL, type AuthzWorkload } from './authz-scope';

/** Istio's default trust domain: principals read `cluster.local/ns/<ns>/sa/<sa>`. */
export const TRUST_DOMAIN = 'cluster.local';
export const RBAC_DENIED_BODY = 'RBAC: access denied';

/** The caller as the server's Envoy sees it. */
export interface AuthzPeer {
	/** source.ip: the downstream connection's address */
	ip: string;
	/** the mTLS peer identity; null over plaintext */
	principal: string | null;
	/** why there is no principal (plaintext, no sidecar, …) */
	noPrincipalBecause?: string;
}

export interface AuthzRequest {
	protocol: 'http' | 'tcp';
	/** :authority (Host header) */
	host: string;
	method: string;
	/** path without the query */
	path: string;
	/** lower-case names */
	headers: Record<string, string>;
	/** destination.port: the port the server workload receives on */
	port: number;
	destinationIp: string;
	sni?: string;
}

export type AuthzVerdict = 'allow' | 'deny';

/** How one applicable policy fared. */
export interface AuthzStep {
	policy: AuthorizationPolicy;
	/** index of the first matching rule, or null */
	rule: number | null;
	/** why no rule matched (first rule's first failing clause), or what matched */
	why: string;
	/** a rule failed only because the connection carried no principal (plaintext) */
	neededPrincipal: boolean;
}

export interface AuthzDecision {
	verdict: AuthzVerdict;
	/** which step of Istio's order decided */
	decidedBy: 'CUSTOM' | 'DENY' | 'ALLOW' | 'default-deny' | 'no-allow-policy' | 'no-policy';
	/** the deciding policy (the matching DENY or ALLOW); null for the defaults */
	policy: AuthorizationPolicy | null;
	rule: number | null;
	reason: string;
	/** Envoy response code details on deny */
	details: string;
	/** every applicable policy, in Istio's order (CUSTOM, DENY, ALLOW, AUDIT) */
	steps: AuthzStep[];
	/** a rule needed a peer principal the plaintext connection did not have */
	plaintextPrincipal: boolean;
	notes: string[];
}

export const ACTION_ORDER = ['CUSTOM', 'DENY', 'ALLOW', 'AUDIT'] as const;

/** `cluster.local/ns/<ns>/sa/<sa>` of a pod (serviceAccountName, default `default`). */
export function principalOf(pod: Pick<Pod, 'namespace' | 'serviceAccount'>): string {
	return `${TRUST_DOMAIN}/ns/${pod.namespace}/sa/${pod.serviceAccount || 'default'}`;
}

/** `<ns>/<name>` policy id as Envoy names it in response code details. */
export function envoyPolicyName(p: AuthorizationPolicy, rule: number): string {
	return `ns[${p.namespace}]-policy[${p.name}]-rule[${rule}]`;
}

const cache = new WeakMap<Cluster, AuthorizationPolicy[]>();

/** Any authorization config at all? (most clusters have none: route() skips the evaluator then) */
export function hasAuthz(cluster: Cluster): boolean {
	return !!cluster.authorizationPolicies?.length || !!cluster.legacyRbac;
}

/** Every AuthorizationPolicy in force: the input's, then legacy RBAC's translation (one interpretation). */
export function allPolicies(cluster: Cluster): AuthorizationPolicy[] {
	let out = cache.get(cluster);
	if (!out) {
		out = [...(cluster.authorizationPolicies ?? []), ...legacyPolicies(cluster)];
		cache.set(cluster, out);
	}
	return out;
}

export function policiesFor(cluster: Cluster, w: AuthzWorkload): AuthorizationPolicy[] {
	const rank = (p: AuthorizationPolicy) => ACTION_ORDER.indexOf(p.action);
	return allPolicies(cluster)
		.filter((p) => appliesTo(p, w))
		.map((p, i) => ({ p, i }))
		.sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
		.map((x) => x.p);
}

// ---------------------------------------------------------------- matchers

/** Istio's StringMatcher: `*` present, `x*` prefix, `*x` suffix, else exact. */
export function istioStringMatch(pattern: string, value: string | null | undefined, ignoreCase = false): boolean {
	if (value === null || value === undefined) return false;
	const p = ignoreCase ? pattern.toLowerCase() : pattern;
	const v = ignoreCase ? value.toLowerCase() : value;
	if (p === '*') return v.length > 0;
	if (p.startsWith('*')) return v.endsWith(p.slice(1));
	if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
	return v === p;
}

function ipMatch(block: string, ip: string): boolean {
	return parseCidr(block) !== null && cidrContains(block, ip);
}

// Istio matches namespaces with the regex .*/ns/<ns>/.* over the principal; `*` stands for any characters.
function namespaceMatch(ns: string, principal: string | null): boolean {
	if (!principal) return false;
	const m = /\/ns\/([^/]+)\//.exec(principal);
	return !!m && istioStringMatch(ns, m[1]);
}

function serviceAccountMatch(value: string, policyNs: string, principal: string | null): boolean {
	if (!principal) return false;
	const [ns, sa] = value.includes('/') ? value.split('/', 2) : [policyNs, value];
	return principal.endsWith(`/ns/${ns}/sa/${sa}`);
}

const PRINCIPAL_FIELDS = new Set<AuthzSourceField>(['principals', 'namespaces', 'serviceAccounts']);
const HTTP_FIELDS = new Set<AuthzOperationField>(['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths']);
const HTTP_KEYS = /^request\./;

interface Ctx {
	peer: AuthzPeer;
	req: AuthzRequest;
	policy: AuthorizationPolicy;
	/** a DENY rule on TCP ignores HTTP-only clauses */
	lenientHttp: boolean;
}

interface ClauseResult {
	ok: boolean;
	why: string;
	/** failed for want of a principal */
	principal?: boolean;
}

function sourceField(f: AuthzSourceField, values: string[], c: Ctx): ClauseResult {
	const { peer, policy } = c;
	const principal = peer.principal;
	const one = (v: string): boolean => {
		switch (f) {
			case 'principals':
			case 'notPrincipals':
				return istioStringMatch(v, principal);
			case 'namespaces':
			case 'notNamespaces':
				return namespaceMatch(v, principal);
			case 'serviceAccounts':
			case 'notServiceAccounts':
				return serviceAccountMatch(v, policy.namespace, principal);
			case 'ipBlocks':
			case 'notIpBlocks':
			case 'remoteIpBlocks':
			case 'notRemoteIpBlocks':
				return ipMatch(v, f.toLowerCase().includes('remote') ? remoteIp(c) : peer.ip);
			case 'requestPrincipals':
			case 'notRequestPrincipals':
				return false; // no RequestAuthentication/JWT is simulated: no request principal
		}
	};
	const negated = f.startsWith('not');
	const hit = values.some(one);
	const ok = negated ? !hit : hit;
	const shown = `${f} [${values.join(', ')}]`;
	if (ok) return { ok, why: shown };
	if (!negated && PRINCIPAL_FIELDS.has(f) && !principal)
		return { ok, why: `${shown}: the connection carries no peer principal (${peer.noPrincipalBecause ?? 'plaintext'})`, principal: true };
	if (f === 'requestPrincipals') return { ok, why: `${shown}: no request principal (JWT validation is not simulated)` };
	const actual = f.includes('Ip') ? (f.toLowerCase().includes('remote') ? remoteIp(c) : peer.ip) : (principal ?? 'none');
	return { ok, why: `${shown} vs ${f.includes('Ip') ? 'source ip' : 'principal'} ${actual}` };
}

function remoteIp(c: Ctx): string {
	const xff = c.req.headers['x-forwarded-for'];
	return xff ? xff.split(',')[0].trim() : c.peer.ip;
}

function operationField(f: AuthzOperationField, values: string[], c: Ctx): ClauseResult {
	const { req } = c;
	const negated = f.startsWith('not');
	let actual: string;
	let hit: boolean;
	if (f === 'hosts' || f === 'notHosts') {
		actual = req.host;
		hit = values.some((v) => istioStringMatch(v, req.host, true));
	} else if (f === 'methods' || f === 'notMethods') {
		actual = req.method;
		hit = values.some((v) => istioStringMatch(v, req.method));
	} else if (f === 'paths' || f === 'notPaths') {
		actual = req.path;
		hit = values.some((v) => istioStringMatch(v, req.path));
	} else {
		actual = String(req.port);
		hit = values.some((v) => v === String(req.port));
	}
	const ok = negated ? !hit : hit;
	return { ok, why: `${f} [${values.join(', ')}]${ok ? '' : ` vs ${f.toLowerCase().includes('port') ? 'port' : f.replace(/^not/, '').toLowerCase().replace(/s$/, '')} ${actual}`}` };
}

/** A `when` key's values for this request, or null when Hopscope does not know the key. */
function conditionValue(key: string, c: Ctx): { values: (string | null)[]; kind: 'string' | 'ip' | 'principal-ns' } | null {
	const h = /^request\.headers\[(.+)\]$/.exec(key);
	if (h) return { values: [c.req.headers[h[1].toLowerCase()] ?? null], kind: 'string' };
	switch (key) {
		case 'source.ip':
			return { values: [c.peer.ip], kind: 'ip' };
		case 'remote.ip':
			return { values: [remoteIp(c)], kind: 'ip' };
		case 'source.namespace':
			return { values: [c.peer.principal], kind: 'principal-ns' };
		case 'source.principal':
			return { values: [c.peer.principal], kind: 'string' };
		case 'source.serviceAccount':
			return { values: [c.peer.principal], kind: 'string' };
		case 'destination.ip':
			return { values: [c.req.destinationIp], kind: 'ip' };
		case 'destination.port':
			return { values: [String(c.req.port)], kind: 'string' };
		case 'connection.sni':
			return { values: [c.req.sni ?? null], kind: 'string' };
	}
	if (/^request\.auth\./.test(key)) return { values: [null], kind: 'string' };
	return null;
}

function condition(w: AuthzCondition, c: Ctx): ClauseResult {
	const got = conditionValue(w.key, c);
	if (!got) return { ok: false, why: `when key '${w.key}' is not modelled by Hopscope (Istio knows request.headers[…], source.ip, remote.ip, source.namespace, source.principal, request.auth.*, destination.ip, destination.port, connection.sni)` };
	const test = (v: string) =>
		got.values.some((x) => {
			if (got.kind === 'ip') return x !== null && ipMatch(v, x);
			if (got.kind === 'principal-ns') return namespaceMatch(v, x);
			if (w.key === 'source.serviceAccount') return serviceAccountMatch(v, c.policy.namespace, x);
			return istioStringMatch(v, x);
		});
	const inValues = w.values.length === 0 || w.values.some(test);
	const inNot = w.notValues.some(test);
	const ok = inValues && !inNot;
	const shown = `when ${w.key} ${w.values.length ? `in [${w.values.join(', ')}]` : ''}${w.notValues.length ? ` not in [${w.notValues.join(', ')}]` : ''}`;
	if (ok) return { ok, why: shown };
	if (/^source\.(principal|namespace|serviceAccount)$/.test(w.key) && !c.peer.principal && w.values.length)
		return { ok, why: `${shown}: the connection carries no peer principal (${c.peer.noPrincipalBecause ?? 'plaintext'})`, principal: true };
	if (/^request\.auth\./.test(w.key)) return { ok, why: `${shown}: no JWT (request authentication is not simulated)` };
	return { ok, why: `${shown} vs ${got.values.map((x) => x ?? '(absent)').join(', ')}` };
}

/** Does rule `r` match? Sources OR, operations OR, conditions AND; fields within one AND. */
function ruleMatches(r: AuthzRule, c: Ctx): ClauseResult {
	const tcp = c.req.protocol === 'tcp';
	const failed: ClauseResult[] = [];
	const all = (checks: ClauseResult[]): ClauseResult => checks.find((x) => !x.ok) ?? { ok: true, why: checks.map((x) => x.why).join(', ') };
	if (r.from) {
		const srcs = r.from.map((s) => all(Object.entries(s).map(([f, v]) => sourceField(f as AuthzSourceField, v ?? [], c))));
		const hit = srcs.find((x) => x.ok);
		if (!hit) return { ok: false, why: `from: ${srcs.map((x) => x.why).join(' | ') || 'no source'}`, principal: srcs.some((x) => x.principal) };
		failed.push(hit);
	}
	if (r.to) {
		const ops = r.to.map((o) =>
			all(
				Object.entries(o).flatMap(([f, v]) => {
					if (tcp && HTTP_FIELDS.has(f as AuthzOperationField)) {
						if (c.lenientHttp) return [];
						return [{ ok: false, why: `${f} is HTTP-only and this is a TCP connection: the ALLOW rule is dropped from the TCP filter` }];
					}
					return [operationField(f as AuthzOperationField, v ?? [], c)];
				})
			)
		);
		const hit = ops.find((x) => x.ok);
		if (!hit) return { ok: false, why: `to: ${ops.map((x) => x.why).join(' | ') || 'no operation'}` };
		failed.push(hit);
	}
	for (const w of r.when) {
		if (tcp && HTTP_KEYS.test(w.key)) {
			if (c.lenientHttp) continue;
			return { ok: false, why: `when ${w.key} is HTTP-only and this is a TCP connection` };
		}
		const x = condition(w, c);
		if (!x.ok) return x;
		failed.push(x);
	}
	return { ok: true, why: failed.map((x) => x.why).join('; ') || 'empty rule: matches every request' };
}

/** Evaluates one policy against a request: its first matching rule, or why none matched. */
export function evaluatePolicy(p: AuthorizationPolicy, peer: AuthzPeer, req: AuthzRequest): AuthzStep {
	const c: Ctx = { peer, req, policy: p, lenientHttp: p.action === 'DENY' };
	if (p.rules.length === 0) return { policy: p, rule: null, why: p.action === 'ALLOW' ? 'no rules: an ALLOW policy without rules matches nothing (allow-nothing)' : 'no rules: matches nothing', neededPrincipal: false };
	let first: ClauseResult | null = null;
	let principal = false;
	for (let i = 0; i < p.rules.length; i++) {
		const m = ruleMatches(p.rules[i], c);
		if (m.ok) return { policy: p, rule: i, why: `rule ${i} matches (${m.why})`, neededPrincipal: false };
		first ??= m;
		principal ||= !!m.principal;
	}
	return { policy: p, rule: null, why: `${p.rules.length === 1 ? 'rule 0' : `none of ${p.rules.length} rules`}: ${first!.why}`, neededPrincipal: principal };
}

const label = (p: AuthorizationPolicy) => `${p.legacy ? 'legacy RBAC → ' : ''}AuthorizationPolicy ${p.id}`;

/** Istio's decision for one request at the Envoy of `w`. */
export function authorize(cluster: Cluster, w: AuthzWorkload, peer: AuthzPeer, req: AuthzRequest): AuthzDecision {
	const policies = policiesFor(cluster, w);
	const steps = policies.map((p) => evaluatePolicy(p, peer, req));
	const notes: string[] = [];
	const plaintextPrincipal = !peer.principal && steps.some((s) => s.neededPrincipal);
	const base = { steps, plaintextPrincipal, notes };
	const deny = (d: Omit<AuthzDecision, 'verdict' | 'steps' | 'plaintextPrincipal' | 'notes'>): AuthzDecision => ({ verdict: 'deny', ...d, ...base });
	const allow = (d: Omit<AuthzDecision, 'verdict' | 'steps' | 'plaintextPrincipal' | 'notes' | 'details'>): AuthzDecision => ({ verdict: 'allow', details: '', ...d, ...base });

	for (const s of steps.filter((x) => x.policy.action === 'CUSTOM' && x.rule !== null))
		notes.push(`CUSTOM ${label(s.policy)} matches: the request is sent to the extension provider '${s.policy.provider ?? '(none)'}' — an external authorizer, not simulated here (assumed to allow)`);
	for (const s of steps.filter((x) => x.policy.action === 'AUDIT' && x.rule !== null)) notes.push(`AUDIT ${label(s.policy)} matches: the request is marked for auditing (no effect on the decision)`);

	const denyHit = steps.find((x) => x.policy.action === 'DENY' && x.rule !== null);
	if (denyHit)
		return deny({
			decidedBy: 'DENY',
			policy: denyHit.policy,
			rule: denyHit.rule,
			reason: `DENY ${label(denyHit.policy)} ${denyHit.why}`,
			details: `rbac_access_denied_matched_policy[${envoyPolicyName(denyHit.policy, denyHit.rule!)}]`
		});
	const allows = steps.filter((x) => x.policy.action === 'ALLOW');
	if (allows.length === 0) {
		const custom = steps.find((x) => x.policy.action === 'CUSTOM' && x.rule !== null);
		if (custom) return allow({ decidedBy: 'CUSTOM', policy: custom.policy, rule: custom.rule, reason: `CUSTOM ${label(custom.policy)}: decided by the external authorizer (not simulated, assumed to allow)` });
		return allow({ decidedBy: policies.length ? 'no-allow-policy' : 'no-policy', policy: null, rule: null, reason: policies.length ? 'no ALLOW policy selects this workload: allowed' : 'no AuthorizationPolicy applies: allowed' });
	}
	const allowHit = allows.find((x) => x.rule !== null);
	if (allowHit) return allow({ decidedBy: 'ALLOW', policy: allowHit.policy, rule: allowHit.rule, reason: `ALLOW ${label(allowHit.policy)} ${allowHit.why}` });
	const names = allows.map((x) => x.policy.id).join(', ');
	const why = allows.map((x) => `${label(x.policy)}: ${x.why}`).join('; ');
	if (plaintextPrincipal)
		notes.push(`principals and namespaces come from the mTLS peer certificate (the client's service account, ${TRUST_DOMAIN}/ns/<ns>/sa/<sa>); this connection is plaintext (${peer.noPrincipalBecause ?? 'no mTLS'}), so a principal-based rule cannot match and the request is denied`);
	// name the ALLOW policy that came closest: one with rules before an allow-nothing
	const closest = allows.find((x) => x.policy.rules.length > 0) ?? allows[0];
	return deny({
		decidedBy: 'default-deny',
		policy: closest.policy,
		rule: null,
		reason: `ALLOW policies select this workload (${names}) and none matches, so it is denied by default — ${why}`,
		details: 'rbac_access_denied_matched_policy[none]'
	});
}

