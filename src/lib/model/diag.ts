// Model diagnostics that point back at the YAML line of the offending field.
import type { Diagnostic, Resource } from './types';
import type { Severity } from '../manifest';
import { capDiagnostics, moreProblems, worse, lineOf } from '../manifest';
import { MAX_MODEL_DIAGNOSTICS, MAX_MODEL_DIAGNOSTICS_PER_RESOURCE } from './budget';

const lineAt = (res: Resource, path?: string) => (path ? lineOf(res, path).line : res.source.line);

export { refAt } from '../manifest';

/** Which resource each model diagnostic is about, for the per-resource cap (not part of the data). */
const ABOUT = new WeakMap<Diagnostic, string>();

const resourceKey = (res: Resource) => `${res.source?.file ?? ''}\u0000${res.source?.line ?? 0}\u0000${res.kind}\u0000${res.name}`;

/**
 * At most MAX_MODEL_DIAGNOSTICS_PER_RESOURCE per resource (one "… and N
 * more" after each resource's last kept one), then MAX_MODEL_DIAGNOSTICS in all.
 */
export function capModelDiagnostics(diags: Diagnostic[]): Diagnostic[] {
	const seen = new Map<string, { count: number; last: number; worst: Severity; first?: Diagnostic }>();
	const kept: Diagnostic[] = [];
	for (const d of diags) {
		const key = ABOUT.get(d) ?? `${d.file}\u0000${d.line}`;
		let s = seen.get(key);
		if (!s) seen.set(key, (s = { count: 0, last: -1, worst: 'info' }));
		s.count++;
		if (s.count <= MAX_MODEL_DIAGNOSTICS_PER_RESOURCE) {
			kept.push(d);
			s.last = kept.length - 1;
		} else {
			s.first ??= d;
			s.worst = worse(s.worst, d.severity);
		}
	}
	const out: Diagnostic[] = [];
	const after = new Map<number, Diagnostic>();
	for (const s of seen.values())
		if (s.first) after.set(s.last, moreProblems(s.first, s.count - MAX_MODEL_DIAGNOSTICS_PER_RESOURCE, s.worst, 'about this object'));
	kept.forEach((d, i) => {
		out.push(d);
		const more = after.get(i);
		if (more) out.push(more);
	});
	return capDiagnostics(out, MAX_MODEL_DIAGNOSTICS, 'in the cluster model');
}

export function makeDiag(
	res: Resource,
	severity: Severity,
	code: string,
	message: string,
	path?: string
): Diagnostic {
	const d: Diagnostic = {
		severity,
		code,
		message,
		file: res.source?.file ?? '',
		line: lineAt(res, path),
		column: path && res.lines?.[path] !== undefined ? 1 : (res.source?.column ?? 1)
	};
	if (path) d.path = path;
	ABOUT.set(d, resourceKey(res));
	return d;
}

/** Human label: `Service default/web`. */
export function label(res: Resource, ns?: string): string {
	return ns ? `${res.kind} ${ns}/${res.name}` : `${res.kind} ${res.name}`;
}
