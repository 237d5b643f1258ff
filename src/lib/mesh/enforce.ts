// Authorization in the request path: route() asks here what the server's Envoy
// (a sidecar's inbound listener, or a gateway's listener) does with the
// request once the connection is accepted. The caller's principal exists only
// when the connection is Istio mTLS (mesh/peerauth.ts decided it); otherwise
// principal/namespace rules have nothing to match.
import type { Cluster, Pod } from '../model';
import type { MeshHop, MeshRef, RouteAuthz, TrafficPolicy } from './types';
import { authorize, hasAuthz, principalOf, workloadOf, RBAC_DENIED_BODY, type AuthzDecision, type AuthzRequest, type AuthzWorkload } from './authz';
import { hop, proxyName } from './hops';
import { clientTls, linkVerdict, serverMtls } from './peerauth';
import { tlsMode } from './policy';

export interface Caller {
	/** the client's pod (its service account makes the principal); null for the internet or a synthesised Envoy */
	pod: Pick<Pod, 'namespace' | 'serviceAccount'> | null;
	/** namespace/service account to use when there is no pod (synthesised gateway or client) */
	fallback?: { namespace: string; serviceAccount: string };
	ip: string;
}

export interface Enforced {
	decision: AuthzDecision;
	summary: RouteAuthz;
	/** the hop at the server's Envoy (null when no policy applies: nothing to show) */
	hop: MeshHop | null;
	/** set when denied: the response the client gets */
	fail: { status: number; flags: string[]; detail: string } | null;
}

export interface EnforceInput {
	workload: AuthzWorkload;
	/** the server Envoy's name, `ns/pod (istio-proxy)` */
	proxy: string;
	caller: Caller;
	/** the connection is Istio mTLS (else: no peer principal) */
	mtls: boolean;
	/** why there is no mTLS, for the explanation */
	plaintextBecause: string;
	request: AuthzRequest;
	/** `ip:port` the server receives on */
	dst: string;
}

function policyRef(d: AuthzDecision): MeshRef[] {
	const p = d.policy;
	if (!p) return [];
	const line = p.rules[d.rule ?? 0]?.line ?? p.source.line;
	if (!p.legacy) return [{ kind: 'AuthorizationPolicy', namespace: p.namespace, name: p.name, file: p.source.file, line }];
	// translated from legacy RBAC: point at the resource it comes from (`Kind/ns/name`)
	const [kind, namespace, ...name] = p.legacy[0].split('/');
	return [{ kind, namespace, name: name.join('/'), file: p.source.file, line }];
}

export function enforce(cluster: Cluster, i: EnforceInput): Enforced {
	const { caller } = i;
	const who = caller.pod ?? (caller.fallback ? { namespace: caller.fallback.namespace, serviceAccount: caller.fallback.serviceAccount } : null);
	const principal = i.mtls && who ? principalOf(who) : null;
	const decision = authorize(cluster, i.workload, { ip: caller.ip, principal, noPrincipalBecause: principal ? undefined : i.plaintextBecause }, i.request);
	const p = decision.policy;
	const summary: RouteAuthz = {
		at: i.proxy,
		verdict: decision.verdict,
		decidedBy: decision.decidedBy,
		policy: p ? p.id : null,
		rule: decision.rule,
		reason: decision.reason,
		details: decision.details,
		plaintextPrincipal: decision.plaintextPrincipal,
		principal
	};
	if (p?.legacy) summary.legacy = [...p.legacy];
	if (p) {
		summary.file = p.source.file;
		summary.line = p.rules[decision.rule ?? 0]?.line ?? p.source.line;
	}
	const denied = decision.verdict === 'deny';
	const tcp = i.request.protocol === 'tcp';
	const fail = denied
		? tcp
			? { status: 0, flags: [] as string[], detail: `connection closed by the RBAC network filter (${decision.details})` }
			: { status: 403, flags: [] as string[], detail: `${RBAC_DENIED_BODY} (${decision.details})` }
		: null;
	const none = decision.decidedBy === 'no-policy';
	const filter = tcp ? 'envoy.filters.network.rbac' : 'envoy.filters.http.rbac';
	const note = denied
		? `${filter}: ${decision.reason} → ${tcp ? 'connection closed' : `HTTP 403 "${RBAC_DENIED_BODY}"`}${decision.notes.length ? `. ${decision.notes.join('. ')}` : ''}`
		: `${filter}: ${decision.reason}${decision.notes.length ? `. ${decision.notes.join('. ')}` : ''}`;
	const h = none ? null : hop(i.proxy, 'authz', caller.ip, i.dst, note, { rule: denied ? decision.details : filter, refs: policyRef(decision) });
	return { decision, summary, hop: h, fail };
}

/**
 * One call from a client (its sidecar, or the app itself without one) to a
 * server pod, decided as route() decides it: the same TLS choice and link
 * verdict (peerauth.ts), then the same authorization. For the resilience
 * simulator, which picks its own hosts. Null: the server has no Envoy, or the
 * connection fails before any request is read.
 */
export function authorizeCall(
	cluster: Cluster,
	c: { client: Pod | null; clientNamespace: string; clientSidecar: boolean; clientIp: string; server: Pod; port: number; policy: TrafficPolicy; drId: string | null; host: string; path?: string; method?: string }
): Enforced | null {
	if (!c.server.sidecar || !hasAuthz(cluster)) return null;
	const sm = serverMtls(cluster, c.server, c.port);
	const tls = c.clientSidecar ? clientTls(tlsMode(c.policy), c.drId, false, 'sidecar', sm) : { mode: 'plaintext', source: 'the client has no sidecar' };
	const v = linkVerdict(tls.mode === 'DISABLE' ? 'plaintext' : tls.mode, c.clientSidecar, sm, 'sidecar');
	if (v.fail) return null;
	return enforce(cluster, {
		workload: workloadOf(c.server),
		proxy: proxyName(c.server.id),
		caller: { pod: c.client, fallback: { namespace: c.clientNamespace, serviceAccount: 'default' }, ip: c.clientIp },
		mtls: v.state === 'mtls',
		plaintextBecause: v.reason,
		request: { protocol: 'http', host: c.host, method: c.method ?? 'GET', path: c.path ?? '/', headers: {}, port: c.port, destinationIp: c.server.ip },
		dst: `${c.server.ip}:${c.port}`
	});
}
