// Authorization findings: what an AuthorizationPolicy (or legacy RBAC) will
// do that its author probably did not mean. Codes HS-A001… are stable.
import type { AuthorizationPolicy, Cluster, Pod } from '../model';
import type { Finding } from '../manifest';
import { parseCidr } from '../model';
import { appliesTo, serverMtls, workloadOf } from '../mesh';

export const AUTHZ_CODES = {
	legacyRemoved: 'HS-A001',
	principalOverPlaintext: 'HS-A002',
	customNotSimulated: 'HS-A003',
	waypointOnly: 'HS-A004',
	unknownKey: 'HS-A005',
	badIpBlock: 'HS-A006',
	noEnvoy: 'HS-A007'
} as const;

const KNOWN_KEY = /^(request\.headers\[.+\]|source\.(ip|namespace|principal|serviceAccount)|remote\.ip|request\.auth\.(principal|audiences|presenter|claims\[.+\])|destination\.(ip|port)|connection\.sni|experimental\.envoy\.filters\..+)$/;
const PRINCIPAL_KEYS = /^source\.(principal|namespace|serviceAccount)$/;

function usesPrincipals(p: AuthorizationPolicy): boolean {
	return p.rules.some(
		(r) =>
			(r.from ?? []).some((s) => !!(s.principals?.length || s.namespaces?.length || s.serviceAccounts?.length)) || r.when.some((w) => PRINCIPAL_KEYS.test(w.key) && w.values.length > 0)
	);
}

/** Clients that reach `pod` in plaintext: no sidecar (PERMISSIVE lets them in), or everyone when the server's mode is DISABLE. */
function plaintextCallers(cluster: Cluster, pod: Pod): { why: string; who: string[] } | null {
	const mode = serverMtls(cluster, pod, null);
	if (mode.mode === 'DISABLE') return { why: `its PeerAuthentication is DISABLE, so every caller arrives in plaintext`, who: [] };
	if (mode.mode === 'STRICT') return null;
	const plain = cluster.pods.filter((p) => !p.sidecar && !p.hostNetwork && p.id !== pod.id && p.namespace !== 'kube-system');
	return plain.length ? { why: 'it is PERMISSIVE and these pods have no sidecar, so they call it in plaintext', who: plain.map((p) => p.id) } : null;
}

export function authzFindings(cluster: Cluster): Finding[] {
	const out: Finding[] = [];
	const at = (p: AuthorizationPolicy, code: string, severity: Finding['severity'], message: string, line = p.source.line) =>
		out.push({ code, severity, message, file: p.source.file, line, ref: { kind: 'AuthorizationPolicy', namespace: p.namespace, name: p.name } });

	for (const p of cluster.authorizationPolicies ?? []) {
		if (p.action === 'CUSTOM')
			at(p, AUTHZ_CODES.customNotSimulated, 'info', `CUSTOM action: matching requests are sent to the extension provider '${p.provider ?? '(none set)'}', an external authorizer. Hopscope does not simulate it: such requests are treated as allowed by it, then DENY and ALLOW policies apply.`);
		for (const t of p.targetRefs) {
			if (t.kind === 'Service' || t.kind === 'ServiceEntry')
				at(p, AUTHZ_CODES.waypointOnly, 'warning', `targetRefs ${t.kind} ${t.name}: Istio applies Service and ServiceEntry targets only to ambient waypoint proxies, never to sidecars — this policy has no effect on the sidecars here.`);
			else if (t.kind !== 'Gateway' && t.kind !== 'GatewayClass')
				at(p, AUTHZ_CODES.waypointOnly, 'warning', `targetRefs kind '${t.kind}' is not one Istio supports (Gateway, GatewayClass, Service, ServiceEntry): the policy applies nowhere.`);
		}
		for (const r of p.rules) {
			for (const w of r.when)
				if (!KNOWN_KEY.test(w.key)) at(p, AUTHZ_CODES.unknownKey, 'error', `when key '${w.key}' is not an Istio authorization attribute (Istio's validation rejects the policy); here the condition never matches.`, r.line);
			for (const s of r.from ?? [])
				for (const f of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const)
					for (const v of s[f] ?? []) if (!parseCidr(v)) at(p, AUTHZ_CODES.badIpBlock, 'error', `${f} entry '${v}' is not an IP address or CIDR (Istio's validation rejects the policy); here it matches nothing.`, r.line);
		}
	}

	// a policy is enforced by an Envoy: pods it selects without a sidecar are not protected by it
	for (const p of cluster.authorizationPolicies ?? []) {
		if (p.targetRefs.length || p.selector === null) continue;
		const selected = cluster.pods.filter((x) => appliesTo(p, workloadOf(x)));
		const bare = selected.filter((x) => !x.sidecar && !cluster.gateways.some((g) => g.pods.includes(x.id)));
		if (bare.length && bare.length === selected.length)
			at(p, AUTHZ_CODES.noEnvoy, 'warning', `the selector matches only pods without an Istio sidecar (${bare.slice(0, 4).map((x) => x.id).join(', ')}${bare.length > 4 ? ', …' : ''}): no Envoy enforces this policy, every request reaches the app. Inject the sidecar (namespace label istio-injection=enabled).`);
	}

	// principals and namespaces need the peer certificate: plaintext callers never carry one
	for (const p of [...(cluster.authorizationPolicies ?? [])]) {
		if (p.action === 'AUDIT' || p.action === 'CUSTOM' || !usesPrincipals(p)) continue;
		for (const pod of cluster.pods.filter((x) => x.sidecar && appliesTo(p, workloadOf(x)))) {
			const plain = plaintextCallers(cluster, pod);
			if (!plain) continue;
			const who = plain.who.length ? ` (${plain.who.slice(0, 4).join(', ')}${plain.who.length > 4 ? ', …' : ''})` : '';
			at(
				p,
				AUTHZ_CODES.principalOverPlaintext,
				'warning',
				`${p.action} rule uses principals/namespaces, which come from the mTLS peer certificate (the caller's service account, cluster.local/ns/<ns>/sa/<sa>). ${pod.id} can be called in plaintext: ${plain.why}${who}. A plaintext request has no principal, so ${p.action === 'ALLOW' ? 'this rule cannot allow it and it is denied (403)' : 'this rule cannot match it'}. Make the server STRICT or give the callers a sidecar.`
			);
			break;
		}
	}

	const rbac = cluster.legacyRbac;
	if (rbac) {
		const legacy = [...rbac.configs.map((c) => ({ kind: c.kind, namespace: c.namespace, name: c.name, source: c.source })), ...rbac.roles.map((r) => ({ kind: 'ServiceRole', ...r })), ...rbac.bindings.map((b) => ({ kind: 'ServiceRoleBinding', ...b }))];
		for (const l of legacy)
			out.push({
				code: AUTHZ_CODES.legacyRemoved,
				severity: 'warning',
				message: `${l.kind} (rbac.istio.io/v1alpha1) was deprecated in Istio 1.4 and removed in Istio 1.6: a current mesh ignores it. Hopscope enforces it through its AuthorizationPolicy (security.istio.io) equivalent, shown in the Inspector — migrate to that.`,
				file: l.source.file,
				line: l.source.line,
				ref: { kind: l.kind, namespace: l.namespace, name: l.name }
			});
	}
	return out;
}
