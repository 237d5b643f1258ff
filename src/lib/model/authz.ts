// Istio authorization config, read as written:
//  - security.istio.io AuthorizationPolicy (v1 and v1beta1 share the shape;
//    https://istio.io/latest/docs/reference/config/security/authorization-policy/);
//  - rbac.istio.io/v1alpha1 RbacConfig / ClusterRbacConfig, ServiceRole and
//    ServiceRoleBinding (the course deck's API, removed in Istio 1.6).
// mesh/authz.ts gives them meaning; mesh/rbac-legacy.ts translates the legacy kinds.
import type {
	AuthorizationPolicy,
	AuthzAction,
	AuthzOperationField,
	AuthzRule,
	AuthzSourceField,
	Diagnostic,
	RbacConfig,
	Resource,
	ServiceRole,
	ServiceRoleBinding
} from './types';
import { makeDiag, refAt } from './diag';
import { isObj, num, obj, objs, str, strMap, strs } from './raw';

const SOURCE_FIELDS: readonly AuthzSourceField[] = [
	'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
	'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks', 'serviceAccounts', 'notServiceAccounts'
];
const OPERATION_FIELDS: readonly AuthzOperationField[] = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'];
const ACTIONS: readonly AuthzAction[] = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'];
export const LEGACY_RBAC_KINDS: ReadonlySet<string> = new Set(['RbacConfig', 'ClusterRbacConfig', 'ServiceRole', 'ServiceRoleBinding']);

export function isAuthorizationPolicy(res: Resource): boolean {
	return res.kind === 'AuthorizationPolicy' && res.apiVersion.startsWith('security.istio.io/');
}

export function isLegacyRbac(res: Resource): boolean {
	return res.apiVersion.startsWith('rbac.istio.io/') && LEGACY_RBAC_KINDS.has(res.kind);
}

function fields<F extends string>(raw: Record<string, unknown>, names: readonly F[]): Partial<Record<F, string[]>> {
	const out: Partial<Record<F, string[]>> = {};
	for (const f of names) if (Array.isArray(raw[f])) out[f] = strs(raw[f]);
	return out;
}

export function readAuthorizationPolicy(res: Resource, namespace: string, diags: Diagnostic[]): AuthorizationPolicy {
	const spec = obj(res.raw.spec);
	const written = str(spec.action);
	let action: AuthzAction = 'ALLOW';
	if (written !== undefined) {
		const up = written.toUpperCase();
		if ((ACTIONS as readonly string[]).includes(up)) action = up as AuthzAction;
		// Istio's validation rejects an unknown action; here the policy is kept as ALLOW and flagged
		else diags.push(makeDiag(res, 'error', 'authz-action', `action '${written}' is not one of ALLOW, DENY, AUDIT, CUSTOM (Istio rejects the policy); read as ALLOW`, 'spec.action'));
	}
	const sel = isObj(spec.selector) ? strMap(obj(spec.selector).matchLabels) : null;
	const rules: AuthzRule[] = objs(spec.rules).map((r, i) => ({
		from: Array.isArray(r.from) ? objs(r.from).map((f) => fields(obj(f.source), SOURCE_FIELDS)) : null,
		to: Array.isArray(r.to) ? objs(r.to).map((t) => fields(obj(t.operation), OPERATION_FIELDS)) : null,
		when: objs(r.when).map((w) => ({ key: str(w.key) ?? '', values: strs(w.values), notValues: strs(w.notValues) })),
		line: refAt(res, `spec.rules.${i}`).line
	}));
	const targetRefs = [...objs(spec.targetRefs), ...(isObj(spec.targetRef) ? [obj(spec.targetRef)] : [])].map((t) => {
		const ref: AuthorizationPolicy['targetRefs'][number] = { group: str(t.group) ?? '', kind: str(t.kind) ?? '', name: str(t.name) ?? '' };
		const ns = str(t.namespace);
		if (ns) ref.namespace = ns;
		return ref;
	});
	if (sel && targetRefs.length) diags.push(makeDiag(res, 'error', 'authz-selector-and-targetrefs', 'selector and targetRefs are both set: Istio allows at most one of them', 'spec.targetRefs'));
	const p: AuthorizationPolicy = {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		action,
		// an empty selector (or empty matchLabels) selects every workload of the namespace
		selector: sel && Object.keys(sel).length ? sel : null,
		targetRefs,
		rules,
		source: refAt(res)
	};
	const provider = str(obj(spec.provider).name);
	if (provider) p.provider = provider;
	return p;
}

const RBAC_MODES = ['OFF', 'ON', 'ON_WITH_INCLUSION', 'ON_WITH_EXCLUSION'] as const;

function target(v: unknown): { services: string[]; namespaces: string[] } {
	const o = obj(v);
	return { services: strs(o.services), namespaces: strs(o.namespaces) };
}

export function readRbacConfig(res: Resource, diags: Diagnostic[]): RbacConfig {
	const spec = obj(res.raw.spec);
	const written = str(spec.mode) ?? 'OFF';
	const mode = (RBAC_MODES as readonly string[]).includes(written.toUpperCase()) ? (written.toUpperCase() as RbacConfig['mode']) : 'OFF';
	if (mode !== written.toUpperCase()) diags.push(makeDiag(res, 'error', 'rbac-mode', `mode '${written}' is not one of OFF, ON, ON_WITH_INCLUSION, ON_WITH_EXCLUSION; read as OFF`, 'spec.mode'));
	return {
		id: `${res.kind}/${res.name}`,
		kind: res.kind === 'ClusterRbacConfig' ? 'ClusterRbacConfig' : 'RbacConfig',
		namespace: res.namespace ?? '',
		name: res.name,
		mode,
		modeWritten: written,
		inclusion: target(spec.inclusion),
		exclusion: target(spec.exclusion),
		source: refAt(res)
	};
}

export function readServiceRole(res: Resource, namespace: string): ServiceRole {
	const spec = obj(res.raw.spec);
	const ports = (v: unknown) => (Array.isArray(v) ? v.map(num).filter((n): n is number => n !== undefined) : []);
	return {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		rules: objs(spec.rules).map((r, i) => ({
			services: strs(r.services),
			methods: strs(r.methods),
			paths: strs(r.paths),
			notMethods: strs(r.notMethods),
			notPaths: strs(r.notPaths),
			ports: ports(r.ports),
			notPorts: ports(r.notPorts),
			constraints: objs(r.constraints).map((c) => ({ key: str(c.key) ?? '', values: strs(c.values) })),
			line: refAt(res, `spec.rules.${i}`).line
		})),
		source: refAt(res)
	};
}

export function readServiceRoleBinding(res: Resource, namespace: string): ServiceRoleBinding {
	const spec = obj(res.raw.spec);
	const ref = obj(spec.roleRef);
	const b: ServiceRoleBinding = {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		subjects: objs(spec.subjects).map((s) => {
			const sub: ServiceRoleBinding['subjects'][number] = { properties: strMap(s.properties) };
			const user = str(s.user);
			if (user !== undefined) sub.user = user;
			const group = str(s.group);
			if (group !== undefined) sub.group = group;
			return sub;
		}),
		roleRef: { kind: str(ref.kind) ?? 'ServiceRole', name: str(ref.name) ?? '' },
		source: refAt(res)
	};
	const mode = str(spec.mode);
	if (mode) b.mode = mode;
	return b;
}
