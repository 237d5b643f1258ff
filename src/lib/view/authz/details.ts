// The Inspector's content for authorization resources: an AuthorizationPolicy
// (action, selector, rules, the pods it applies to) and the legacy RBAC kinds,
// which also carry their AuthorizationPolicy twin (mesh/rbac-legacy.ts).
import type { AuthorizationPolicy, Cluster, ObjRef, Pod, SourceRef } from '../../model';
import { allPolicies, appliesTo, legacyTwinYaml, workloadOf } from '../../mesh';
import type { Details, Relation } from '../details';

type Base = (kind: string, namespace: string, name: string, source?: SourceRef) => Details;

const kv = (m: Record<string, string> | null) => (m ? Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ') : '');
const podRef = (p: Pod): ObjRef => ({ kind: 'Pod', namespace: p.namespace, name: p.name });

/** `Kind/ns/name` of a legacy RBAC resource → a reference the Inspector can select. */
function legacyRef(key: string): ObjRef {
	const [kind, namespace, ...name] = key.split('/');
	return { kind, namespace, name: name.join('/') };
}

function ruleText(p: AuthorizationPolicy): string[][] {
	return p.rules.map((r, i) => [
		String(i),
		r.from ? r.from.map((s) => Object.entries(s).map(([k, v]) => `${k} [${(v ?? []).join(', ')}]`).join(' ∧ ') || 'any').join(' ∨ ') : 'any',
		r.to ? r.to.map((o) => Object.entries(o).map(([k, v]) => `${k} [${(v ?? []).join(', ')}]`).join(' ∧ ') || 'any').join(' ∨ ') : 'any',
		r.when.map((w) => `${w.key}${w.values.length ? ` ∈ [${w.values.join(', ')}]` : ''}${w.notValues.length ? ` ∉ [${w.notValues.join(', ')}]` : ''}`).join(' ∧ ') || '—'
	]);
}

export function describeAuthz(cluster: Cluster, kind: string, ns: string, name: string, base: Base): Details | null {
	if (kind === 'AuthorizationPolicy') {
		const p = (cluster.authorizationPolicies ?? []).find((x) => x.name === name && (!ns || x.namespace === ns));
		if (!p) return null;
		const d = base('AuthorizationPolicy', p.namespace, p.name, p.source);
		d.fields.push({ label: 'Action', value: p.action === 'CUSTOM' ? `CUSTOM (provider ${p.provider ?? '—'}: external, not simulated)` : p.action });
		d.fields.push({ label: 'Applies to', value: p.targetRefs.length ? p.targetRefs.map((t) => `${t.kind} ${t.name}`).join(', ') : p.selector ? `pods with ${kv(p.selector)}${p.namespace === 'istio-system' ? ' in every namespace' : ''}` : p.namespace === 'istio-system' ? 'the whole mesh (root namespace)' : `every workload of ${p.namespace}` });
		d.tables.push({ title: 'Rules (OR)', columns: ['#', 'from', 'to', 'when'], rows: ruleText(p) });
		if (p.rules.length === 0) d.notes.push(p.action === 'ALLOW' ? 'No rules: this ALLOW policy matches nothing, so the workloads it selects deny every request (allow-nothing).' : 'No rules: this policy never matches.');
		d.notes.push('Istio evaluates CUSTOM, then DENY, then ALLOW: a matching DENY wins; once any ALLOW policy selects a workload, a request no ALLOW rule matches is denied (403).');
		for (const pod of cluster.pods) if (pod.sidecar && appliesTo(p, workloadOf(pod))) d.relations.push({ type: 'selects', ref: podRef(pod) });
		return d;
	}
	const rbac = cluster.legacyRbac;
	if (!rbac) return null;
	const same = (x: { namespace: string; name: string }) => x.name === name && (!ns || x.namespace === ns || x.namespace === '');
	let found: { namespace: string; name: string; source: SourceRef } | undefined;
	if (kind === 'ServiceRole') found = rbac.roles.find(same);
	else if (kind === 'ServiceRoleBinding') found = rbac.bindings.find(same);
	else found = rbac.configs.find((c) => c.kind === kind && same(c)) ?? rbac.configs.find((c) => same(c));
	if (!found) return null;
	const d = base(kind, found.namespace, found.name, found.source);
	if (kind === 'ServiceRole') {
		const r = rbac.roles.find(same)!;
		d.tables.push({ title: 'Rules', columns: ['services', 'methods', 'paths', 'constraints'], rows: r.rules.map((x) => [x.services.join(', '), x.methods.join(', ') || '*', x.paths.join(', ') || '*', x.constraints.map((c) => `${c.key} ∈ [${c.values.join(', ')}]`).join(' ∧ ') || '—']) });
	} else if (kind === 'ServiceRoleBinding') {
		const b = rbac.bindings.find(same)!;
		d.fields.push({ label: 'roleRef', value: `${b.roleRef.kind} ${b.roleRef.name}` });
		d.tables.push({ title: 'Subjects (OR)', columns: ['user', 'properties'], rows: b.subjects.map((s) => [s.user ?? '—', kv(s.properties) || '—']) });
		d.relations.push({ type: 'uses', ref: { kind: 'ServiceRole', namespace: b.namespace, name: b.roleRef.name } });
	} else {
		const c = rbac.configs.find((x) => same(x))!;
		d.fields.push({ label: 'Mode', value: c.mode === c.modeWritten.toUpperCase() ? c.mode : `${c.modeWritten} (read as ${c.mode})` });
		if (c.inclusion.services.length || c.inclusion.namespaces.length) d.fields.push({ label: 'Inclusion', value: [...c.inclusion.services, ...c.inclusion.namespaces.map((n) => `namespace ${n}`)].join(', ') });
		if (c.exclusion.services.length || c.exclusion.namespaces.length) d.fields.push({ label: 'Exclusion', value: [...c.exclusion.services, ...c.exclusion.namespaces.map((n) => `namespace ${n}`)].join(', ') });
	}
	d.notes.push('rbac.istio.io/v1alpha1 was removed in Istio 1.6. Hopscope enforces it through the AuthorizationPolicy below (one interpretation): requests in this cluster are decided by that translation.');
	const yaml = legacyTwinYaml(cluster, kind, found.namespace, found.name);
	if (yaml) d.twin = { title: 'AuthorizationPolicy twin (security.istio.io/v1)', yaml };
	return d;
}

/** The AuthorizationPolicies (or the legacy RBAC resources behind them) that apply to a pod's sidecar. */
export function policyRelationsOfPod(cluster: Cluster, p: Pod): Relation[] {
	if (!p.sidecar || (!cluster.authorizationPolicies?.length && !cluster.legacyRbac)) return [];
	const out: Relation[] = [];
	const seen = new Set<string>();
	const add = (ref: ObjRef, note: string) => {
		const k = `${ref.kind}/${ref.namespace}/${ref.name}`;
		if (seen.has(k)) return;
		seen.add(k);
		out.push({ type: 'selected by', ref, note });
	};
	for (const pol of allPolicies(cluster)) {
		if (!appliesTo(pol, workloadOf(p))) continue;
		if (pol.legacy) for (const key of pol.legacy) add(legacyRef(key), `legacy RBAC → ${pol.name}`);
		else add({ kind: 'AuthorizationPolicy', namespace: pol.namespace, name: pol.name }, pol.action);
	}
	return out;
}
