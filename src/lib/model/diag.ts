// Model diagnostics that point back at the YAML line of the offending field.
import type { Diagnostic, Resource } from './types';
import type { Severity } from '../manifest/types';
import { lineOf } from '../manifest';

const lineAt = (res: Resource, path?: string) => (path ? lineOf(res, path).line : res.source.line);

export { refAt } from '../manifest';

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
	return d;
}

/** Human label: `Service default/web`. */
export function label(res: Resource, ns?: string): string {
	return ns ? `${res.kind} ${ns}/${res.name}` : `${res.kind} ${res.name}`;
}
