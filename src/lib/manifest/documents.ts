// One YAML document → zero or more Resources. Handles empty documents, syntax
// errors, alias bombs, top-level JSON arrays and `kind: List` / `*List`
// wrappers; each object inside goes through toResource().
import { isMap, isPair, isScalar, isSeq, visit, type Document, type LineCounter } from 'yaml';
import { MAX_ALIAS_COUNT, MAX_RESOURCES } from './limits';
import { make, toResource } from './object';
import { keyString, nodeStart, posAt, type Pos } from './positions';
import { describe, display, isPlainObject, own, shorten, type Segment } from './paths';
import type { Diagnostic, Resource } from './types';

/** Shared across all files of one parse, so the limits hold for the whole input. */
export interface Budget {
	documents: number;
	resources: number;
	/** set once MAX_RESOURCES was hit (reported once) */
	full: boolean;
}

export interface FileContext {
	file: string;
	text: string;
	lc: LineCounter;
	budget: Budget;
	resources: Resource[];
	diagnostics: Diagnostic[];
	/** some document had content (else the file is reported as empty) */
	sawContent: boolean;
}

/** Friendlier words for the `yaml` package's most common error codes. */
const HINTS: Record<string, string> = {
	TAB_AS_INDENT: 'YAML indentation must use spaces, not tabs',
	BAD_INDENT: 'check the indentation of this line against the lines above it',
	BLOCK_AS_IMPLICIT_KEY: 'a value containing ": " needs quotes',
	MULTILINE_IMPLICIT_KEY: 'a key must fit on one line — is a ":" or a quote missing?',
	MISSING_CHAR: 'a closing bracket, brace or quote is missing',
	UNEXPECTED_TOKEN: 'unexpected character here',
	RESOURCE_EXHAUSTION: 'the document is nested too deeply'
};

const ENDS_LIST = /List$/;
/** helm template writes `# Source: chart/templates/x.yaml` right after each `---` */
// greedy and trimmed in code: a lazy match with trailing blanks goes quadratic on hostile long lines
const HELM_SOURCE = /^[ \t]*#[ \t]*Source:([^\r\n]*)/gm;

/** A `kind: List` inside a List is unusual; one level of nesting is plenty. */
const MAX_LIST_NESTING = 2;

export function readDocument(doc: Document.Parsed, ctx: FileContext): void {
	const { lc } = ctx;
	const at = (offset: number | undefined): Pos => (offset === undefined ? { line: 1, column: 1 } : posAt(lc, offset));

	for (const w of doc.warnings)
		ctx.diagnostics.push(make(ctx, 'warning', 'yaml-warning', at(w.pos[0]), undefined, `YAML: ${w.message}`));
	// duplicate keys are reported (as warnings, with their path) by the field walk; everything else breaks the document
	const errors = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
	let last = -1;
	for (const e of errors) {
		// the parser often reports one mistake several times at the same spot
		if (e.pos[0] === last) continue;
		last = e.pos[0];
		const hint = /end with an? [\]}]/.test(e.message) ? 'is a closing ] or } missing?' : HINTS[e.code];
		const message = `YAML syntax error: ${e.message}${hint ? ` (${hint})` : ''} — this document was skipped`;
		ctx.diagnostics.push(make(ctx, 'error', 'yaml-syntax', at(e.pos[0]), undefined, message));
	}
	if (errors.length) return;

	const contents = doc.contents;
	if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined))) return;
	ctx.sawContent = true;
	const start = at(nodeStart(contents) ?? doc.range[0]);

	// An anchor whose value holds an alias of itself (`&a [*a]`) is a value
	// that never ends: the yaml package builds a cycle, which no manifest can
	// mean. Kubernetes' reader (go-yaml) refuses it: "anchor 'a' value contains itself".
	// Only a document with an anchor (`&`) can hold one: the tree walk is
	// skipped for the rest (it was a sixth of the time on a large dump).
	const cycle = hasAnchorChar(ctx, doc.range) ? recursiveAlias(doc) : null;
	if (cycle) {
		ctx.diagnostics.push(
			make(ctx, 'error', 'yaml-alias-cycle', at(cycle.at), undefined,
				`YAML anchor &${shorten(cycle.name)} contains an alias of itself (*${shorten(cycle.name)}), a value that never ends — this document was skipped`)
		);
		return;
	}

	let js: unknown;
	try {
		js = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
	} catch (err) {
		const text = err instanceof Error ? err.message : String(err);
		const unresolved = /Unresolved alias[^:]*: (.*)$/.exec(text)?.[1];
		const aliasPos = firstAlias(doc, unresolved);
		if (/Excessive alias count/.test(text))
			ctx.diagnostics.push(
				make(ctx, 'error', 'alias-bomb', aliasPos === undefined ? start : at(aliasPos), undefined,
					`this document repeats YAML aliases (*name) more than ${MAX_ALIAS_COUNT} times, which looks like a "billion laughs" attack — refused`)
			);
		else if (unresolved !== undefined)
			ctx.diagnostics.push(
				make(ctx, 'error', 'yaml-syntax', aliasPos === undefined ? start : at(aliasPos), undefined,
					`YAML syntax error: the alias *${shorten(unresolved)} has no anchor &${shorten(unresolved)} before it — this document was skipped`)
			);
		else if (/Merge sources must be/.test(text)) {
			// a `<<` merge key whose value is not a mapping (or a list of them): the input's fault, not ours
			const mergePos = firstMergeKey(doc);
			ctx.diagnostics.push(
				make(ctx, 'error', 'yaml-merge', mergePos === undefined ? start : at(mergePos), undefined,
					'YAML merge key (<<) must point to a mapping, an alias of one, or a list of them — this document was skipped')
			);
		} else ctx.diagnostics.push(make(ctx, 'error', 'internal', start, undefined, `could not read this document: ${text}`));
		return;
	}

	readTop(js, contents, helmOrigin(ctx.text, doc.range[0], nodeStart(contents)), start, ctx);
}

/** A JSON file read by JSON.parse, with its position tree (json.ts): the same reading as a YAML document's. */
export function readJsonValue(js: unknown, node: unknown, ctx: FileContext): void {
	if (js === null || js === undefined) return;
	ctx.sawContent = true;
	readTop(js, node, undefined, posAt(ctx.lc, nodeStart(node) ?? 0), ctx);
}

function readTop(js: unknown, contents: unknown, origin: string | undefined, start: Pos, ctx: FileContext): void {
	if (isSeq(contents) && Array.isArray(js)) {
		// a JSON array of objects (or a YAML list of them) at the top level
		js.forEach((item, i) => readObject(item, contents.items[i], [i], origin, undefined, 0, start, ctx));
		return;
	}
	readObject(js, contents, [], origin, undefined, 0, start, ctx);
}

function readObject(
	value: unknown,
	node: unknown,
	docPath: Segment[],
	origin: string | undefined,
	inherited: { apiVersion: string; kind: string } | undefined,
	nesting: number,
	fallback: Pos,
	ctx: FileContext
): void {
	const offset = nodeStart(node);
	const pos = offset === undefined ? fallback : posAt(ctx.lc, offset);
	if (!isPlainObject(value)) {
		const path = display(docPath);
		const what = !path ? 'this document' : path.startsWith('[') ? `item ${path}` : path;
		ctx.diagnostics.push(
			make(ctx, 'error', 'not-an-object', pos, docPath,
				`${what} is ${describe(value)}, not a Kubernetes object (a mapping with apiVersion, kind and metadata) — skipped`)
		);
		return;
	}

	const kind = own(value, 'kind');
	const items = own(value, 'items');
	if (typeof kind === 'string' && ENDS_LIST.test(kind) && (items !== undefined || kind === 'List') && nesting < MAX_LIST_NESTING) {
		readList(value, kind, items, node, docPath, origin, nesting, pos, ctx);
		return;
	}

	if (ctx.budget.resources >= MAX_RESOURCES) {
		if (!ctx.budget.full)
			ctx.diagnostics.push(
				make(ctx, 'error', 'too-many-resources', pos, docPath,
					`the input holds more than ${MAX_RESOURCES} objects; only the first ${MAX_RESOURCES} were read`)
			);
		ctx.budget.full = true;
		return;
	}
	ctx.budget.resources++;
	const result = toResource(value, node, { file: ctx.file, lc: ctx.lc, origin, docPath, fallback: pos, inherited });
	ctx.diagnostics.push(...result.diagnostics);
	if (result.resource) ctx.resources.push(result.resource);
}

/** `kind: List` (kubectl get -o yaml) and typed lists (`PodList`): their items are the objects. */
function readList(
	value: Record<string, unknown>,
	kind: string,
	items: unknown,
	node: unknown,
	docPath: Segment[],
	origin: string | undefined,
	nesting: number,
	pos: Pos,
	ctx: FileContext
): void {
	if (items === undefined || items === null) return;
	const itemsNode = isMap(node) ? node.items.find((p) => isPair(p) && keyString(p.key) === 'items') : undefined;
	const itemsPos = itemsNode ? posAt(ctx.lc, nodeStart(itemsNode.key) ?? 0) : pos;
	const here = [...docPath, 'items'];
	if (!Array.isArray(items)) {
		ctx.diagnostics.push(
			make(ctx, 'error', 'type', itemsNode ? posAt(ctx.lc, nodeStart(itemsNode.value) ?? 0) : pos, here,
				`${display(here)} of a ${kind} must be a list, got ${describe(items)} — nothing read from it`)
		);
		return;
	}
	const apiVersion = own(value, 'apiVersion');
	// a typed list's items may leave out kind and apiVersion (the API server's raw output does)
	const inherited =
		kind !== 'List' && typeof apiVersion === 'string' ? { apiVersion, kind: kind.replace(ENDS_LIST, '') } : undefined;
	const seq = itemsNode && isSeq(itemsNode.value) ? itemsNode.value : undefined;
	items.forEach((item, i) =>
		readObject(item, seq?.items[i], [...here, i], origin, inherited, nesting + 1, itemsPos, ctx)
	);
}

/**
 * Whether `&` occurs in the document's source (a cheap over-approximation of
 * "has an anchor"). The next `&` is remembered per file, so a file of many
 * documents is scanned once, not once per document (which was quadratic).
 */
const nextAmp = new WeakMap<FileContext, number>();
function hasAnchorChar(ctx: FileContext, range: readonly number[]): boolean {
	let at = nextAmp.get(ctx);
	if (at === undefined || (at >= 0 && at < range[0])) {
		at = ctx.text.indexOf('&', range[0]);
		nextAmp.set(ctx, at);
	}
	return at >= 0 && at < range[range.length - 1];
}

/** The first alias that lies inside the node its anchor names (a cycle), with its offset. */
function recursiveAlias(doc: Document.Parsed): { name: string; at: number } | null {
	let found: { name: string; at: number } | null = null;
	try {
		visit(doc, {
			Alias(_key, node) {
				const target = node.resolve(doc);
				const a = nodeStart(node);
				if (target?.range && a !== undefined && a >= target.range[0] && a < target.range[2]) {
					found = { name: node.source, at: a };
					return visit.BREAK;
				}
				return undefined;
			}
		});
	} catch {
		// a pathological tree: toJS below reports it
	}
	return found;
}

/** Offset of the first alias node (of the given name, if any): where an alias problem shows. */
function firstAlias(doc: Document.Parsed, name?: string): number | undefined {
	let found: number | undefined;
	try {
		visit(doc, {
			Alias(_key, node) {
				if (name !== undefined && node.source !== name) return undefined;
				found = nodeStart(node);
				return visit.BREAK;
			}
		});
	} catch {
		// a pathological tree: fall back to the document start
	}
	return found;
}

/** Offset of the first `<<` merge key in the document, if any. */
function firstMergeKey(doc: Document.Parsed): number | undefined {
	let found: number | undefined;
	try {
		visit(doc, {
			Pair(_key, pair) {
				if (!isScalar(pair.key) || pair.key.source !== '<<') return undefined;
				found = nodeStart(pair.key);
				return visit.BREAK;
			}
		});
	} catch {
		// a pathological tree: fall back to the document start
	}
	return found;
}

/** The last `# Source:` comment between the document start and its content. */
function helmOrigin(text: string, docStart: number, contentStart: number | undefined): string | undefined {
	if (contentStart === undefined || contentStart <= docStart) return undefined;
	let origin: string | undefined;
	for (const m of text.slice(docStart, contentStart).matchAll(HELM_SOURCE)) {
		const value = m[1].trim();
		if (value) origin = value;
	}
	return origin;
}
