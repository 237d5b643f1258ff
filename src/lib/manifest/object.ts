// Turns one parsed object (a document, a List item or a JSON array element)
// into a Resource, or explains why it cannot be one. The YAML tree node is
// walked for line numbers; the JS value is the data.
import type { LineCounter } from 'yaml';
import { dropLines, stripNoise } from './clean';
import { collectPositions, nodeStart, posAt, type Pos } from './positions';
import { describe, display, dotted, isPlainObject, joinDisplay, own, setOwn, shorten, type Segment } from './paths';
import { moreProblems, worse } from './cap';
import { MAX_DIAGNOSTICS_PER_DOCUMENT } from './limits';
import { redactSecrets } from './redact';
import { checkTypes } from './schema';
import type { Diagnostic, Resource, Severity } from './types';

export interface ObjectContext {
	file: string;
	lc: LineCounter;
	/** helm `# Source:` of the enclosing document */
	origin?: string;
	/** path of this object inside its document (`items.3`), '' for a whole document */
	docPath: Segment[];
	/** where to point when the object has no node of its own (an alias) */
	fallback: Pos;
	/** a typed list (`PodList`) gives its items' kind and apiVersion when they leave them out */
	inherited?: { apiVersion: string; kind: string };
}

export interface ObjectResult {
	resource?: Resource;
	diagnostics: Diagnostic[];
}

export function toResource(value: Record<string, unknown>, node: unknown, ctx: ObjectContext): ObjectResult {
	const diagnostics: Diagnostic[] = [];
	// capped as they come: locating a value costs a tree walk, so the 100,001st
	// problem of a 100k-label object must cost nothing
	let dropped = 0;
	let droppedWorst: Severity = 'info';
	const full = (severity: Severity) => {
		if (diagnostics.length < MAX_DIAGNOSTICS_PER_DOCUMENT) return false;
		dropped++;
		droppedWorst = worse(droppedWorst, severity);
		return true;
	};
	const finish = (): Diagnostic[] => {
		const sorted = byPosition(diagnostics);
		if (dropped > 0) sorted.push(moreProblems(sorted[sorted.length - 1], dropped, droppedWorst, 'in this object'));
		return sorted;
	};
	const start = nodeStart(node);
	const origin: Pos = start === undefined ? ctx.fallback : posAt(ctx.lc, start);
	const where = (segments: Segment[]) => joinDisplay(display(ctx.docPath), display(segments));
	const positions = collectPositions(node, ctx.lc, (dup) => {
		if (full('warning')) return;
		diagnostics.push(
			make(ctx, 'warning', 'duplicate-key', dup.pos, [...ctx.docPath, ...dup.segments],
				`${where(dup.segments)} is written twice in the same mapping — the last one wins`)
		);
	});
	/** value position, else the nearest recorded ancestor line, else the object start */
	const locate = (segments: Segment[]): Pos => {
		for (let n = segments.length; n > 0; n--) {
			const exact = positions.valueAt(segments.slice(0, n));
			if (exact) return exact;
			const line = own(positions.lines, dotted(segments.slice(0, n)));
			if (typeof line === 'number') return { line, column: 1 };
		}
		return origin;
	};
	const report = (severity: Severity, code: string, segments: Segment[], message: string, pos?: Pos) => {
		if (!full(severity)) diagnostics.push(make(ctx, severity, code, pos ?? locate(segments), [...ctx.docPath, ...segments], message));
	};

	if (ctx.inherited) {
		if (own(value, 'kind') === undefined) value.kind = ctx.inherited.kind;
		if (own(value, 'apiVersion') === undefined) value.apiVersion = ctx.inherited.apiVersion;
	}

	// Secret values are dropped first, before anything can read, check or quote them
	redactSecrets(value);

	// identity: without apiVersion, kind and a name nothing downstream can refer to the object
	const apiVersion = own(value, 'apiVersion');
	const kind = own(value, 'kind');
	const metadata = own(value, 'metadata');
	const knownName = own(metadata, 'name');
	const named = typeof knownName === 'string' && knownName ? ` "${shorten(knownName)}"` : '';
	const what = (typeof kind === 'string' && kind ? shorten(kind) : 'this object') + named;
	let usable = true;
	if (apiVersion === undefined || apiVersion === null || apiVersion === '') {
		report('error', 'missing-apiVersion', [], `${what} has no apiVersion (e.g. "apiVersion: v1") — skipped`);
		usable = false;
	} else if (typeof apiVersion !== 'string') {
		report('error', 'type', ['apiVersion'], `${where(['apiVersion'])} must be a string like "apps/v1", got ${describe(apiVersion)} — skipped`);
		usable = false;
	}
	if (kind === undefined || kind === null || kind === '') {
		report('error', 'missing-kind', [], `${what} has no kind (e.g. "kind: Service") — skipped`);
		usable = false;
	} else if (typeof kind !== 'string') {
		report('error', 'type', ['kind'], `${where(['kind'])} must be a string like "Service", got ${describe(kind)} — skipped`);
		usable = false;
	}

	let name: string | undefined;
	if (metadata !== undefined && metadata !== null && !isPlainObject(metadata)) {
		report('error', 'type', ['metadata'], `${where(['metadata'])} must be a mapping with a name, got ${describe(metadata)} — skipped`);
		usable = false;
	} else {
		const rawName = own(metadata, 'name');
		const generateName = own(metadata, 'generateName');
		if (typeof rawName === 'string' && rawName !== '') name = rawName;
		else if (typeof rawName === 'number' || typeof rawName === 'boolean') {
			name = String(rawName);
			report('error', 'type', ['metadata', 'name'], `${where(['metadata', 'name'])} must be a string — quote it: "${name}"`);
		} else if (rawName !== undefined && rawName !== null && rawName !== '') {
			report('error', 'type', ['metadata', 'name'], `${where(['metadata', 'name'])} must be a string, got ${describe(rawName)} — skipped`);
			usable = false;
		} else if (typeof generateName === 'string' && generateName !== '') {
			name = generateName;
			report('warning', 'generate-name', ['metadata', 'generateName'],
				`${what} has only metadata.generateName ("${shorten(generateName)}"); Kubernetes would add a random suffix — "${shorten(generateName)}" is used as its name here`);
		} else {
			// point at the `metadata:` key when there is one, else at the object
			const metaLine = own(positions.lines, 'metadata');
			report('error', 'missing-name', [], `${what} has no metadata.name — skipped`,
				typeof metaLine === 'number' ? { line: metaLine, column: positions.keyColumn.get('metadata') ?? 1 } : origin);
			usable = false;
		}
	}
	if (!usable || name === undefined) return { diagnostics: finish() };

	let namespace: string | undefined;
	const rawNs = own(metadata, 'namespace');
	if (typeof rawNs === 'string' && rawNs !== '') namespace = rawNs;
	else if (typeof rawNs === 'number' || typeof rawNs === 'boolean') {
		namespace = String(rawNs);
		report('error', 'type', ['metadata', 'namespace'], `${where(['metadata', 'namespace'])} must be a string — quote it: "${namespace}"`);
	} else if (rawNs !== undefined && rawNs !== null && rawNs !== '') {
		report('error', 'type', ['metadata', 'namespace'], `${where(['metadata', 'namespace'])} must be a string, got ${describe(rawNs)}`);
	}

	const removed = stripNoise(value);
	dropLines(positions.lines, removed);

	for (const issue of checkTypes(value, apiVersion as string, kind as string, display(ctx.docPath)))
		report(issue.severity, 'type', issue.segments, issue.message);

	const resource: Resource = {
		apiVersion: apiVersion as string,
		kind: kind as string,
		name,
		labels: stringMap(own(metadata, 'labels')),
		annotations: stringMap(own(metadata, 'annotations')),
		raw: value,
		source: { file: ctx.file, line: origin.line, column: origin.column },
		lines: positions.lines
	};
	if (namespace !== undefined) resource.namespace = namespace;
	if (ctx.origin !== undefined) resource.source.origin = ctx.origin;
	return { resource, diagnostics: finish() };
}

/** Top to bottom, as the student reads the file (the rule table has its own order). */
function byPosition(list: Diagnostic[]): Diagnostic[] {
	return list.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Scalars become strings (the schema check already reported them); nested values are dropped. */
function stringMap(value: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isPlainObject(value)) return out;
	for (const [k, v] of Object.entries(value)) {
		if (typeof v === 'string') setOwn(out, k, v);
		else if (typeof v === 'number' || typeof v === 'boolean') setOwn(out, k, String(v));
		else if (v === null) setOwn(out, k, '');
	}
	return out;
}

export function make(
	ctx: { file: string },
	severity: Severity,
	code: string,
	pos: Pos,
	segments: Segment[] | undefined,
	message: string
): Diagnostic {
	const d: Diagnostic = { severity, message, file: ctx.file, line: pos.line, column: pos.column, code };
	if (segments && segments.length) d.path = dotted(segments);
	return d;
}
