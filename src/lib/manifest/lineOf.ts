// Where a field of a resource is written. Used by everything that points a
// claim at YAML: a hop, a finding, a drop — the one field-path → line lookup
// (model objects that keep their resource's `lines`, e.g. VirtualService,
// are read the same way).
import { normalizePath, own, parentPath } from './paths';
import type { Resource, SourceRef } from './types';

/** Anything that knows where it is written and the lines of its fields. */
export type Located = Pick<Resource, 'source' | 'lines'>;

/**
 * The line of `path` (dotted, `spec.ports.0.port`; `spec.ports[0].port` works
 * too) inside `res`. Falls back to the nearest ancestor that has a line, then
 * to the object's start. The returned `path` is always the one asked for.
 */
export function lineOf(res: Located, path: string): SourceRef {
	const wanted = normalizePath(path);
	const base: SourceRef = { file: res.source.file, line: res.source.line, path: wanted };
	if (res.source.origin !== undefined) base.origin = res.source.origin;
	const line = ownLine(res.lines, wanted);
	if (line !== undefined) base.line = line;
	else if (res.source.column !== undefined) base.column = res.source.column;
	return base;
}

/** The SourceRef a hop, finding or object carries for a field: file, line, the path when given, the helm origin. */
export function refAt(res: Located, path?: string): SourceRef {
	const ref: SourceRef = { file: res.source.file, line: (path && ownLine(res.lines, normalizePath(path))) || res.source.line };
	if (path) ref.path = path;
	if (res.source.origin) ref.origin = res.source.origin;
	return ref;
}

/** The line of a dotted path or its nearest ancestor that has one (hot: the model calls it for every object). */
function ownLine(lines: Record<string, number>, dotted: string): number | undefined {
	for (let p = dotted; p !== ''; p = parentPath(p)) {
		const line = own(lines, p);
		if (typeof line === 'number') return line;
	}
	return undefined;
}
