// Secret values never leave the parser. Two halves, one rule:
//  - redactSecretObject: a parsed Secret's data / stringData values (and its
//    last-applied annotation, which repeats them) become "<redacted: N bytes>"
//    before the object becomes a Resource, so no model, view, finding or
//    message can show them;
//  - redactSource: the same values cut out of the source TEXT, keeping every
//    key and every line break, so line numbers stay valid. This is the text
//    the Source block shows and the text to store, put in a share link or
//    export.
// Anything that cannot be read with confidence (a syntax error, a file too
// deep or too large to parse) but mentions a Secret is blanked line by line.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, type Document } from 'yaml';
import { LAST_APPLIED_ANNOTATION } from './clean';
import { MAX_FILE_BYTES, MAX_NESTING, MAX_NODES, utf8Length } from './limits';
import { findExcessNesting } from './nesting';
import { isPlainObject, own } from './paths';
import { keyString } from './positions';

/** What a hidden value is replaced with. */
export function redactedMarker(bytes: number): string {
	return `<redacted: ${bytes} bytes>`;
}

/** Bytes a Secret `data` value (base64) decodes to; a non-base64 value counts as written. */
export function base64Bytes(value: string): number {
	let chars = 0;
	let pad = 0;
	for (let i = 0; i < value.length; i++) {
		const c = value[i];
		if (c === '=') pad++;
		else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') chars++;
	}
	return Math.max(0, Math.floor(((chars + pad) * 3) / 4) - pad);
}

const MARKER = /^<redacted: (\d+) bytes>$/;

/** Redacting twice (a stored redacted text parsed again) keeps the first count. */
function bytesOf(value: unknown, base64: boolean): number {
	if (typeof value === 'string') {
		const already = MARKER.exec(value);
		if (already) return Number(already[1]);
		return base64 ? base64Bytes(value) : utf8Length(value);
	}
	if (value === null || value === undefined) return 0;
	let text: string;
	try {
		text = JSON.stringify(value) ?? String(value);
	} catch {
		text = '';
	}
	return utf8Length(text);
}

/** Replaces, in place, every value a Secret object carries in data, stringData and its last-applied annotation. */
export function redactSecretObject(raw: Record<string, unknown>): void {
	for (const field of ['data', 'stringData'] as const) {
		const map = own(raw, field);
		if (map === undefined || map === null) continue;
		if (!isPlainObject(map)) {
			raw[field] = redactedMarker(bytesOf(map, false));
			continue;
		}
		for (const key of Object.keys(map)) map[key] = redactedMarker(bytesOf(map[key], field === 'data'));
	}
	const annotations = own(own(raw, 'metadata'), 'annotations');
	if (isPlainObject(annotations) && Object.prototype.hasOwnProperty.call(annotations, LAST_APPLIED_ANNOTATION))
		annotations[LAST_APPLIED_ANNOTATION] = redactedMarker(bytesOf(annotations[LAST_APPLIED_ANNOTATION], false));
}

/**
 * Redacts a parsed object if it is a Secret, and the Secrets among the items
 * of a List that was kept as an object (a List nested deeper than the parser unwraps).
 */
export function redactSecrets(value: unknown, inheritedKind?: string): void {
	const pending: { value: unknown; kind: string | undefined }[] = [{ value, kind: inheritedKind }];
	while (pending.length) {
		const { value: v, kind: inherited } = pending.pop()!;
		if (!isPlainObject(v)) continue;
		const kind = own(v, 'kind') ?? inherited;
		if (isSecretKind(kind)) redactSecretObject(v);
		const items = own(v, 'items');
		if (typeof kind === 'string' && /List$/.test(kind) && Array.isArray(items)) {
			const itemKind = kind === 'List' ? undefined : kind.replace(/List$/, '');
			for (const item of items) pending.push({ value: item, kind: itemKind });
		}
	}
}

/** True for `kind: Secret` (any apiVersion: a look-alike is hidden too, on the safe side). */
export function isSecretKind(kind: unknown): boolean {
	return kind === 'Secret';
}

interface Edit {
	start: number;
	end: number;
	text: string;
}

const MENTIONS_SECRET = /Secret/;
const DOC_MARKER = /^(?:---|\.\.\.)(?=\s|$)/;
const CACHE_SIZE = 8;
const cache = new Map<string, string>();

/**
 * The source text with every Secret value replaced by `"<redacted: N bytes>"`.
 * Same number of lines as the input; keys, comments and other documents are
 * kept as written. Works on YAML and JSON, `kind: List` / `SecretList` items
 * and top-level arrays.
 */
export function redactSource(text: string): string {
	if (typeof text !== 'string' || !MENTIONS_SECRET.test(text)) return text;
	const hit = cache.get(text);
	if (hit !== undefined) return hit;
	const out = redactText(text);
	if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
	cache.set(text, out);
	return out;
}

/** redactSource over a set of files (names kept). */
export function redactFiles<T extends { name: string; text: string }>(files: readonly T[]): T[] {
	return files.map((f) => ({ ...f, text: redactSource(f.text) }));
}

function redactText(text: string): string {
	// what the parser refuses to read is not redacted value by value: blank it
	if (text.length > MAX_FILE_BYTES || findExcessNesting(text, MAX_NESTING, MAX_NODES)) return blankLines(text, 'this file could not be read and mentions a Secret');
	const edits: Edit[] = [];
	try {
		const lc = new LineCounter();
		const composer = new Composer({ prettyErrors: false, merge: true, uniqueKeys: false });
		for (const doc of composer.compose(new Parser(lc.addNewLine).parse(text))) {
			const start = doc.range[0];
			const end = doc.range[2];
			if (doc.errors.length) {
				if (MENTIONS_SECRET.test(text.slice(start, end)))
					edits.push({ start, end, text: blankLines(text.slice(start, end), 'this document could not be read and mentions a Secret') });
				continue;
			}
			const contents = doc.contents;
			if (isSeq(contents)) for (const item of contents.items) visitObject(item, doc, undefined, 0, text, edits);
			else visitObject(contents, doc, undefined, 0, text, edits);
		}
	} catch {
		return blankLines(text, 'this file could not be read and mentions a Secret');
	}
	return applyEdits(text, edits);
}

/** Scalar values of all pairs named `key` (every duplicate, since the text shows them all). */
function pairsNamed(node: unknown, key: string): { key: unknown; value: unknown }[] {
	if (!isMap(node)) return [];
	return node.items.filter((p) => isPair(p) && keyString(p.key) === key) as { key: unknown; value: unknown }[];
}

function scalarValues(node: unknown, key: string): unknown[] {
	return pairsNamed(node, key).map((p) => (isScalar(p.value) ? p.value.value : undefined));
}

function visitObject(node: unknown, doc: Document.Parsed, inheritedKind: string | undefined, nesting: number, text: string, edits: Edit[]): void {
	// nesting is bounded by MAX_NESTING, checked before parsing
	if (!isMap(node)) return;
	const kinds = scalarValues(node, 'kind');
	const lastKind = kinds.length ? kinds[kinds.length - 1] : inheritedKind;
	// a List (or SecretList): its items are the objects
	if (typeof lastKind === 'string' && /List$/.test(lastKind)) {
		const itemKind = lastKind === 'List' ? undefined : lastKind.replace(/List$/, '');
		for (const p of pairsNamed(node, 'items')) {
			if (isSeq(p.value)) for (const item of p.value.items) visitObject(item, doc, itemKind, nesting + 1, text, edits);
		}
	}
	// any `kind: Secret` among duplicates counts: the text would show the values
	if (!kinds.some(isSecretKind) && !(kinds.length === 0 && isSecretKind(inheritedKind))) return;
	for (const field of ['data', 'stringData']) {
		for (const p of pairsNamed(node, field)) {
			const value = resolve(p.value, doc);
			if (isMap(value)) redactMapValues(value, doc, field === 'data', text, edits);
			else if (value !== null && value !== undefined) redactNode(value, false, text, edits);
		}
	}
	for (const meta of pairsNamed(node, 'metadata'))
		for (const ann of pairsNamed(resolve(meta.value, doc), 'annotations'))
			for (const p of pairsNamed(resolve(ann.value, doc), LAST_APPLIED_ANNOTATION)) redactNode(resolve(p.value, doc), false, text, edits);
}

function redactMapValues(map: unknown, doc: Document.Parsed, base64: boolean, text: string, edits: Edit[], depth = 0): void {
	if (!isMap(map) || depth > 8) return;
	for (const p of map.items) {
		if (!isPair(p)) continue;
		const value = resolve(p.value, doc);
		// `<<: *base` pulls values from elsewhere in the file
		if (keyString(p.key) === '<<') {
			const sources = isSeq(value) ? value.items.map((i) => resolve(i, doc)) : [value];
			for (const s of sources) redactMapValues(s, doc, base64, text, edits, depth + 1);
			continue;
		}
		if (value !== null && value !== undefined) redactNode(value, base64, text, edits);
	}
}

/** An alias stands for its anchored node: that is where the value is written. */
function resolve(node: unknown, doc: Document.Parsed): unknown {
	if (!isAlias(node)) return node;
	try {
		return node.resolve(doc) ?? null;
	} catch {
		return null;
	}
}

function redactNode(node: unknown, base64: boolean, text: string, edits: Edit[]): void {
	const range = (node as { range?: [number, number, number] | null }).range;
	if (!range || range[1] <= range[0]) return;
	// up to the node's end: a comment after the value goes too (`password: aHVudGVyMg== # hunter2`)
	const [start, valueEnd, nodeEnd] = range;
	const end = Math.max(valueEnd, nodeEnd);
	const source = text.slice(start, end);
	const value = isScalar(node) ? node.value : text.slice(start, valueEnd);
	const bytes = typeof value === 'string' ? bytesOf(value, base64) : utf8Length(text.slice(start, valueEnd));
	// a double-quoted marker is valid in block and flow YAML and in JSON; line breaks are kept
	edits.push({ start, end, text: JSON.stringify(redactedMarker(bytes)) + '\n'.repeat(countNewlines(source)) });
}

function countNewlines(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
	return n;
}

/** Every line emptied except document markers; the first emptied line says why. */
function blankLines(text: string, why: string): string {
	let said = false;
	return text
		.split('\n')
		.map((line) => {
			const marker = DOC_MARKER.exec(line);
			if (marker) return marker[0];
			if (said || line.trim() === '') return line.trim() === '' ? line.replace(/[^\r]/g, '') : '';
			said = true;
			return `# <redacted: ${why}>`;
		})
		.join('\n');
}

function applyEdits(text: string, edits: Edit[]): string {
	if (edits.length === 0) return text;
	edits.sort((a, b) => a.start - b.start || b.end - a.end);
	let out = '';
	let at = 0;
	for (const e of edits) {
		if (e.start < at) continue; // nested in or same as an edit already made (two aliases, one anchor)
		out += text.slice(at, e.start) + e.text;
		at = e.end;
	}
	return out + text.slice(at);
}
