// Legacy Istio RBAC (rbac.istio.io/v1alpha1: RbacConfig/ClusterRbacConfig,
// ServiceRole, ServiceRoleBinding — the course deck's API, deprecated in 1.4 and
// removed in Istio 1.6) translated to the AuthorizationPolicy it means, the way
// Istio's migration guide ("Migrate from v1alpha1 RBAC to v1beta1 authorization
// policy", istio.io 1.4 blog/docs and `istioctl x authz convert`) does it:
//  - the RbacConfig mode decides where RBAC is on. A service with RBAC on
//    denies by default: an allow-nothing policy (`spec: {}`) for it (ON: one in
//    the root namespace; ON_WITH_INCLUSION: per included namespace or service;
//    ON_WITH_EXCLUSION: mesh-wide, with an allow-all for each excluded one);
//  - a ServiceRoleBinding of a ServiceRole becomes one ALLOW policy per service
//    the role names, selecting the Service's pods (its selector). Each subject ×
//    each role rule is one rule: `user` → principals (`*`: anyone, no `from`),
//    properties source.principal → principals, source.namespace → namespaces,
//    source.ip → ipBlocks, request.auth.principal → requestPrincipals, other
//    properties → `when`; methods, paths, ports (and their not* forms) →
//    `to.operation`; constraints → `when`;
//  - a binding on a service where RBAC is off has no effect (it is not
//    translated: an ALLOW policy would turn deny-by-default on).
// Pure: the policies are enforced by mesh/authz.ts (one interpretation) and
// the YAML is what the Inspector shows beside the legacy resource.
import type { AuthorizationPolicy, AuthzRule, Cluster, RbacConfig, Service, ServiceRole, ServiceRoleBinding, ServiceRoleRule } from '../model';
import { ROOT_NAMESPACE } from './policy';

export interface LegacyTranslation {
	/** the policies legacy RBAC stands for, in force */
	policies: AuthorizationPolicy[];
	/** per legacy resource (`Kind/ns/name`): the policies it produced and what could not be said */
	twins: Map<string, { policies: AuthorizationPolicy[]; notes: string[] }>;
	/** the RbacConfig in force (the first one), or null: RBAC is off */
	config: RbacConfig | null;
}

type Rule = AuthzRule;

const cache = new WeakMap<Cluster, LegacyTranslation>();

export const legacyKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

function fqdn(s: Service, domain: string): string {
	return `${s.name}.${s.namespace}.svc.${domain}`;
}

/** A ServiceRole `services` entry: `*`, prefix `x*`, suffix `*x`, a short name or an FQDN. */
function serviceMatches(pattern: string, s: Service, domain: string): boolean {
	const full = fqdn(s, domain);
	if (pattern === '*') return true;
	if (pattern.endsWith('*')) return full.startsWith(pattern.slice(0, -1)) || s.name.startsWith(pattern.slice(0, -1));
	if (pattern.startsWith('*')) return full.endsWith(pattern.slice(1));
	return pattern === full || pattern === s.name || pattern === `${s.name}.${s.namespace}`;
}

/** Is RBAC on for service `s` under `config`? */
export function rbacEnabled(config: RbacConfig | null, s: Service, domain: string): boolean {
	if (!config) return false;
	const listed = (t: RbacConfig['inclusion']) => t.namespaces.includes(s.namespace) || t.services.some((x) => x === fqdn(s, domain) || x === s.name);
	switch (config.mode) {
		case 'ON':
			return true;
		case 'ON_WITH_INCLUSION':
			return listed(config.inclusion);
		case 'ON_WITH_EXCLUSION':
			return !listed(config.exclusion);
		default:
			return false;
	}
}

function policy(name: string, namespace: string, selector: Record<string, string> | null, rules: Rule[], from: { source: AuthorizationPolicy['source'] }, legacy: string[]): AuthorizationPolicy {
	return { id: `${namespace}/${name}`, namespace, name, action: 'ALLOW', selector, targetRefs: [], rules, source: from.source, legacy };
}

const dnsName = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');

/** The deny-by-default part of an RbacConfig. */
function enablement(cluster: Cluster, c: RbacConfig, notes: string[]): AuthorizationPolicy[] {
	const domain = cluster.settings.clusterDomain;
	const id = [legacyKey(c.kind, c.namespace, c.name)];
	const out: AuthorizationPolicy[] = [];
	const svc = (name: string) => cluster.services.find((s) => name === fqdn(s, domain));
	const forService = (name: string, allowAll: boolean) => {
		const s = svc(name);
		if (!s || !s.selector) {
			notes.push(`service ${name} is not in the input (or has no selector): no workload selector can be written for it`);
			return;
		}
		out.push(policy(`${allowAll ? 'rbac-excluded' : 'rbac-on'}-${dnsName(s.name)}`, s.namespace, { ...s.selector }, allowAll ? [{ from: null, to: null, when: [], line: c.source.line }] : [], c, id));
	};
	if (c.mode === 'ON') out.push(policy('rbac-on', ROOT_NAMESPACE, null, [], c, id));
	if (c.mode === 'ON_WITH_INCLUSION') {
		for (const ns of c.inclusion.namespaces) out.push(policy('rbac-on', ns, null, [], c, id));
		for (const s of c.inclusion.services) forService(s, false);
	}
	if (c.mode === 'ON_WITH_EXCLUSION') {
		out.push(policy('rbac-on', ROOT_NAMESPACE, null, [], c, id));
		for (const ns of c.exclusion.namespaces) out.push(policy('rbac-excluded', ns, null, [{ from: null, to: null, when: [], line: c.source.line }], c, id));
		for (const s of c.exclusion.services) forService(s, true);
	}
	if (c.mode === 'OFF') notes.push('mode OFF: Istio authorization is disabled; no policy');
	return out;
}

const PROPERTY_SOURCE: Record<string, 'principals' | 'namespaces' | 'ipBlocks' | 'requestPrincipals'> = {
	'source.principal': 'principals',
	'source.user': 'principals',
	'source.namespace': 'namespaces',
	'source.ip': 'ipBlocks',
	'request.auth.principal': 'requestPrincipals'
};

/** One subject of a binding → a `from` source (null: anyone) and extra `when` conditions. */
function subject(s: ServiceRoleBinding['subjects'][number]): { from: Rule['from']; when: Rule['when'] } {
	const src: Record<string, string[]> = {};
	const when: Rule['when'] = [];
	if (s.user !== undefined && s.user !== '*') src.principals = [s.user];
	if (s.group !== undefined && s.group !== '*') when.push({ key: 'request.auth.claims[groups]', values: [s.group], notValues: [] });
	for (const [k, v] of Object.entries(s.properties)) {
		const f = PROPERTY_SOURCE[k];
		if (f) src[f] = [...(src[f] ?? []), v];
		else when.push({ key: k, values: [v], notValues: [] });
	}
	return { from: Object.keys(src).length ? [src] : null, when };
}

/** A role rule's access part → `to` operations and `when` constraints. */
function access(r: ServiceRoleRule, notes: string[]): { to: Rule['to']; when: Rule['when'] } {
	const op: Record<string, string[]> = {};
	const list = (k: string, v: string[]) => {
		if (v.length && !(v.length === 1 && v[0] === '*')) op[k] = v;
	};
	list('methods', r.methods);
	list('paths', r.paths);
	list('notMethods', r.notMethods);
	list('notPaths', r.notPaths);
	if (r.ports.length) op.ports = r.ports.map(String);
	if (r.notPorts.length) op.notPorts = r.notPorts.map(String);
	const when: Rule['when'] = [];
	for (const c of r.constraints) {
		if (/^destination\.(labels\[|name$|namespace$|user$)/.test(c.key)) {
			notes.push(`constraint ${c.key} has no AuthorizationPolicy key: it is expressed by the policy's selector/namespace instead and dropped here`);
			continue;
		}
		when.push({ key: c.key, values: c.values, notValues: [] });
	}
	return { to: Object.keys(op).length ? [op] : null, when };
}

function translateBinding(cluster: Cluster, b: ServiceRoleBinding, role: ServiceRole, config: RbacConfig | null, notes: string[]): AuthorizationPolicy[] {
	const domain = cluster.settings.clusterDomain;
	const bySvc = new Map<string, { svc: Service; rules: Rule[] }>();
	const ids = [legacyKey('ServiceRoleBinding', b.namespace, b.name), legacyKey('ServiceRole', role.namespace, role.name)];
	if (config) ids.push(legacyKey(config.kind, config.namespace, config.name));
	const subjects = b.subjects.length ? b.subjects.map(subject) : [];
	if (!subjects.length) notes.push('the binding has no subjects: it grants nothing');
	for (const r of role.rules) {
		const acc = access(r, notes);
		for (const pattern of r.services) {
			const svcs = cluster.services.filter((s) => s.namespace === role.namespace && serviceMatches(pattern, s, domain));
			if (!svcs.length) notes.push(`services entry '${pattern}' names no Service of namespace ${role.namespace} in the input: nothing to select`);
			for (const s of svcs) {
				if (!rbacEnabled(config, s, domain)) {
					notes.push(`RBAC is ${config ? `not enabled for ${fqdn(s, domain)} (mode ${config.mode})` : 'off (no RbacConfig)'}: the binding has no effect on it and is not translated`);
					continue;
				}
				if (!s.selector) {
					notes.push(`Service ${s.id} has no selector: no workload selector can be written`);
					continue;
				}
				let e = bySvc.get(s.id);
				if (!e) bySvc.set(s.id, (e = { svc: s, rules: [] }));
				for (const sub of subjects) e.rules.push({ from: sub.from, to: acc.to, when: [...acc.when, ...sub.when], line: r.line });
			}
		}
	}
	return [...bySvc.values()].map(({ svc, rules }) => policy(`${dnsName(b.name)}-${dnsName(svc.name)}`, b.namespace, { ...svc.selector! }, rules, b, ids));
}

/** Every legacy RBAC resource translated (cached per cluster). */
export function legacyTranslation(cluster: Cluster): LegacyTranslation {
	const hit = cache.get(cluster);
	if (hit) return hit;
	const rbac = cluster.legacyRbac;
	const out: LegacyTranslation = { policies: [], twins: new Map(), config: null };
	if (!rbac) {
		cache.set(cluster, out);
		return out;
	}
	const twin = (key: string) => {
		let t = out.twins.get(key);
		if (!t) out.twins.set(key, (t = { policies: [], notes: [] }));
		return t;
	};
	const config = rbac.configs.find((c) => c.kind === 'ClusterRbacConfig') ?? rbac.configs[0] ?? null;
	out.config = config;
	for (const c of rbac.configs) {
		const t = twin(legacyKey(c.kind, c.namespace, c.name));
		if (c !== config) {
			t.notes.push(`only one RbacConfig counts (${config!.kind} ${config!.name} is used); this one is ignored`);
			continue;
		}
		t.policies.push(...enablement(cluster, c, t.notes));
	}
	for (const b of rbac.bindings) {
		const t = twin(legacyKey('ServiceRoleBinding', b.namespace, b.name));
		const role = rbac.roles.find((r) => r.namespace === b.namespace && r.name === b.roleRef.name);
		if (!role) {
			t.notes.push(`roleRef ServiceRole ${b.roleRef.name} is not in namespace ${b.namespace}: the binding grants nothing`);
			continue;
		}
		if (b.mode && b.mode.toUpperCase() === 'PERMISSIVE') t.notes.push('mode PERMISSIVE (dry run) has no AuthorizationPolicy equivalent: translated as enforced');
		const ps = translateBinding(cluster, b, role, config, t.notes);
		t.policies.push(...ps);
		const rt = twin(legacyKey('ServiceRole', role.namespace, role.name));
		rt.policies.push(...ps);
		rt.notes.push(...t.notes.map((n) => `${b.name}: ${n}`));
	}
	for (const r of rbac.roles) {
		const t = twin(legacyKey('ServiceRole', r.namespace, r.name));
		if (!t.policies.length && !t.notes.length) t.notes.push('no ServiceRoleBinding refers to this role: it grants nothing');
	}
	out.policies = [...new Map([...out.twins.values()].flatMap((t) => t.policies).map((p) => [p.id, p])).values()];
	cache.set(cluster, out);
	return out;
}

export function legacyPolicies(cluster: Cluster): AuthorizationPolicy[] {
	return cluster.legacyRbac ? legacyTranslation(cluster).policies : [];
}

// ---------------------------------------------------------------- YAML

/** An AuthorizationPolicy as the manifest one would write (security.istio.io/v1). */
export function policyDocument(p: AuthorizationPolicy): Record<string, unknown> {
	const spec: Record<string, unknown> = {};
	if (p.selector) spec.selector = { matchLabels: { ...p.selector } };
	if (p.targetRefs.length) spec.targetRefs = p.targetRefs.map((t) => ({ ...t }));
	if (p.action !== 'ALLOW' || p.rules.length) spec.action = p.action;
	if (p.provider) spec.provider = { name: p.provider };
	if (p.rules.length)
		spec.rules = p.rules.map((r) => {
			const out: Record<string, unknown> = {};
			if (r.from) out.from = r.from.map((s) => ({ source: { ...s } }));
			if (r.to) out.to = r.to.map((o) => ({ operation: { ...o } }));
			if (r.when.length) out.when = r.when.map((w) => ({ key: w.key, ...(w.values.length ? { values: w.values } : {}), ...(w.notValues.length ? { notValues: w.notValues } : {}) }));
			return out;
		});
	return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: p.name, namespace: p.namespace }, spec };
}

/** The YAML twin of a legacy resource: the AuthorizationPolicies it stands for, with a header and notes as comments. */
export function legacyTwinYaml(cluster: Cluster, kind: string, namespace: string, name: string): string | null {
	const t = legacyTranslation(cluster).twins.get(legacyKey(kind, namespace, name));
	if (!t) return null;
	const head = [
		`# ${kind} ${namespace ? `${namespace}/` : ''}${name} as today's AuthorizationPolicy`,
		'# (rbac.istio.io/v1alpha1 was removed in Istio 1.6)',
		...t.notes.map((n) => `# note: ${n}`)
	];
	const docs = t.policies.map((p) => toYaml(policyDocument(p), 0).join('\n'));
	if (!docs.length) docs.push('# (no AuthorizationPolicy: nothing to enforce)');
	return `${head.join('\n')}\n${docs.join('\n---\n')}\n`;
}

// A small block-style YAML writer for these documents (maps, lists, strings):
// the app's first load stays free of a YAML library. Strings that YAML would
// read as something else are written as JSON strings (valid YAML).
const PLAIN = /^[A-Za-z0-9_/.][A-Za-z0-9_/.:\[\]-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|-?\d+(\.\d+)?)$/i;

function scalar(v: unknown): string {
	const s = String(v);
	return PLAIN.test(s) && !RESERVED.test(s) && !s.includes(': ') ? s : JSON.stringify(s);
}

function toYaml(v: unknown, indent: number): string[] {
	const pad = ' '.repeat(indent);
	if (Array.isArray(v)) {
		if (v.length === 0) return [`${pad}[]`];
		return v.flatMap((item) => {
			if (item && typeof item === 'object') {
				const lines = toYaml(item, indent + 2);
				return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)];
			}
			return [`${pad}- ${scalar(item)}`];
		});
	}
	if (v && typeof v === 'object') {
		const entries = Object.entries(v as Record<string, unknown>);
		if (entries.length === 0) return [`${pad}{}`];
		return entries.flatMap(([k, x]) => {
			if (x && typeof x === 'object' && (Array.isArray(x) ? x.length > 0 : Object.keys(x).length > 0)) return [`${pad}${scalar(k)}:`, ...toYaml(x, Array.isArray(x) ? indent : indent + 2)];
			if (x && typeof x === 'object') return [`${pad}${scalar(k)}: ${Array.isArray(x) ? '[]' : '{}'}`];
			return [`${pad}${scalar(k)}: ${scalar(x)}`];
		});
	}
	return [`${pad}${scalar(v)}`];
}
