// Where a field of a resource is written. Used by everything that points a
// claim at YAML: a hop, a finding, a drop.
import { normalizePath, own, parentPath } from './paths';
import type { Resource, SourceRef } from './types';

/**
 * The line of `path` (dotted, `spec.ports.0.port`; `spec.ports[0].port` works
 * too) inside `res`. Falls back to the nearest ancestor that has a line, then
 * to the object's start. The returned `path` is always the one asked for.
 */
export function lineOf(res: Resource, path: string): SourceRef {
	const wanted = normalizePath(path);
	const base: SourceRef = { file: res.source.file, line: res.source.line, path: wanted };
	if (res.source.origin !== undefined) base.origin = res.source.origin;
	for (let p = wanted; p !== ''; p = parentPath(p)) {
		const line = own(res.lines, p);
		if (typeof line === 'number') return { ...base, line };
	}
	if (res.source.column !== undefined) base.column = res.source.column;
	return base;
}
