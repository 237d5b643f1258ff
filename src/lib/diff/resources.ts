// Resources added, removed or changed between two versions, by
// kind/namespace/name, with the changed field paths
// (`spec.http[0].route[1].weight: 10 → 50`). Fields that the API server
// writes on its own (uid, resourceVersion, managedFields, status, …) are left
// out, so a live dump can be compared with the manifests it came from.
import type { Resource } from '../model';
import { CLUSTER_SCOPED_KINDS } from '../manifest';
import type { FieldChange, ResourceChange, ResourceKey } from './types';
import { compareKeys, keyText } from './keys';

/** fields listed per changed resource; the rest are counted in `more` */
export const MAX_FIELDS_PER_RESOURCE = 50;

/**
 * metadata the API server sets or bumps on every write (ObjectMeta in
 * k8s.io/apimachinery/pkg/apis/meta/v1/types.go): not part of what the author meant
 */
const SERVER_METADATA = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds']);
/** annotations kubectl and controllers write (kubectl apply's last-applied copy, the Deployment revision) */
const SERVER_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']);

export function resourceKey(r: Resource): ResourceKey {
	return { kind: r.kind, namespace: CLUSTER_SCOPED_KINDS.has(r.kind) ? null : (r.namespace ?? 'default'), name: r.name };
}

export function diffResources(before: Resource[], after: Resource[]): ResourceChange[] {
	const a = index(before);
	const b = index(after);
	const out: ResourceChange[] = [];
	for (const [k, r] of a) {
		const s = b.get(k);
		if (!s) out.push({ ...resourceKey(r), change: 'removed', fields: [], more: 0, file: r.source.file, line: r.source.line });
		else {
			const all: FieldChange[] = [];
			diffValue(comparable(r), comparable(s), '', all);
			if (all.length)
				out.push({ ...resourceKey(s), change: 'changed', fields: all.slice(0, MAX_FIELDS_PER_RESOURCE), more: Math.max(0, all.length - MAX_FIELDS_PER_RESOURCE), file: s.source.file, line: lineAt(s, all[0].path) });
		}
	}
	for (const [k, s] of b) if (!a.has(k)) out.push({ ...resourceKey(s), change: 'added', fields: [], more: 0, file: s.source.file, line: s.source.line });
	return out.sort((x, y) => compareKeys(x, y));
}

/** the last document wins for a repeated kind/namespace/name, as `kubectl apply` would leave it */
function index(rs: Resource[]): Map<string, Resource> {
	const m = new Map<string, Resource>();
	for (const r of rs) m.set(keyText(resourceKey(r)), r);
	return m;
}

/** The object as the author means it: server-written metadata, status and apiVersion left out. */
function comparable(r: Resource): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(r.raw)) {
		if (k === 'status' || k === 'apiVersion') continue;
		if (k === 'metadata' && v && typeof v === 'object' && !Array.isArray(v)) {
			const meta: Record<string, unknown> = {};
			for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) {
				if (SERVER_METADATA.has(mk)) continue;
				if (mk === 'namespace') continue; // part of the key (and defaulted)
				if (mk === 'annotations' && mv && typeof mv === 'object') {
					const ann = Object.fromEntries(Object.entries(mv as Record<string, unknown>).filter(([ak]) => !SERVER_ANNOTATIONS.has(ak)));
					if (Object.keys(ann).length) meta.annotations = ann;
					continue;
				}
				meta[mk] = mv;
			}
			out.metadata = meta;
			continue;
		}
		out[k] = v;
	}
	return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Field paths where the two values differ; objects by key (sorted), arrays by index. */
function diffValue(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
	if (out.length > MAX_FIELDS_PER_RESOURCE * 20) return; // enough to say "and N more"
	if (isObj(a) && isObj(b)) {
		const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
		for (const k of keys) diffValue(a[k], b[k], join(path, k), out);
		return;
	}
	if (Array.isArray(a) && Array.isArray(b)) {
		for (let i = 0; i < Math.max(a.length, b.length); i++) diffValue(a[i], b[i], `${path}[${i}]`, out);
		return;
	}
	if (a === undefined && b === undefined) return;
	const ta = a === undefined ? undefined : JSON.stringify(a);
	const tb = b === undefined ? undefined : JSON.stringify(b);
	if (ta === tb) return;
	const c: FieldChange = { path };
	if (ta !== undefined) c.before = ta;
	if (tb !== undefined) c.after = tb;
	out.push(c);
}

/** `a.b` for plain keys, `a["x/y"]` for keys a dotted path would misread */
function join(path: string, key: string): string {
	const safe = /^[A-Za-z_$][\w$-]*$/.test(key);
	if (!safe) return `${path}[${JSON.stringify(key)}]`;
	return path ? `${path}.${key}` : key;
}

/** The line of a changed field in the resource's own lines table (dotted `a.0.b` paths), else the resource's line. */
function lineAt(r: Resource, path: string): number {
	let p = path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
	for (;;) {
		const l = r.lines[p];
		if (l) return l;
		const cut = p.lastIndexOf('.');
		if (cut < 0) return r.source.line;
		p = p.slice(0, cut);
	}
}

/** `spec.http[0].route[1].weight: 10 → 50`, `(unset)` for a missing side. */
export function formatField(f: FieldChange): string {
	return `${f.path}: ${f.before ?? '(unset)'} → ${f.after ?? '(unset)'}`;
}
