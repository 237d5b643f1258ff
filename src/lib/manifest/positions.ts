// Walks the YAML syntax tree of one object and records where each field is.
// Works on the tree, not on the JS value, so aliases are never expanded here
// (an alias records its own position; fields behind it fall back to it).
import { isAlias, isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';
import { MAX_DEPTH } from './limits';
import type { Segment } from './paths';

export interface Pos {
	line: number;
	column: number;
}

export interface FieldPositions {
	/** dotted path → 1-based line of its key (mapping entry) or of its `-` item start */
	lines: Record<string, number>;
	/** where the value at a path starts (used to point at bad values); computed on demand */
	valueAt: (segments: readonly Segment[]) => Pos | undefined;
	/** top-level key → where the key starts (to point at `metadata:` itself) */
	keyColumn: Map<string, number>;
}

export interface DuplicateKey {
	/** path of the repeated key, relative to the walked node */
	segments: Segment[];
	pos: Pos;
}

/** The `yaml` tree is loosely typed for our needs; these are the bits we read. */
type AnyNode = { range?: [number, number, number] | null } | null | undefined;

export function nodeStart(node: unknown): number | undefined {
	const range = (node as AnyNode)?.range;
	return range ? range[0] : undefined;
}

export function posAt(lc: LineCounter, offset: number): Pos {
	const { line, col } = lc.linePos(offset);
	return { line, column: col };
}

/** JS key of a mapping key node, the way `yaml`'s toJS spells it; undefined for complex keys. */
export function keyString(key: unknown): string | undefined {
	if (key === null || key === undefined) return '';
	if (isScalar(key)) {
		// with `merge: true` the `<<` key is a Symbol('<<')
		if (typeof key.value === 'symbol') return key.value.description ?? '';
		return key.value === null || key.value === undefined ? '' : String(key.value);
	}
	return undefined;
}

function isEmptyScalar(node: unknown): boolean {
	const range = (node as AnyNode)?.range;
	return isScalar(node) && node.value === null && !!range && range[0] === range[1];
}

/** Line lookups for one object, plus lazy value positions (no per-field Pos objects are kept). */
export function collectPositions(
	root: unknown,
	lc: LineCounter,
	onDuplicate?: (dup: DuplicateKey) => void
): FieldPositions {
	// null prototype: any key (even `__proto__`) is a plain entry, and a plain
	// assignment is far cheaper than defineProperty on objects with 100k fields
	const lines: Record<string, number> = Object.create(null);
	const keyColumn = new Map<string, number>();
	const segments: Segment[] = [];
	// dotted prefix per depth, so a path is built in O(key length), not O(depth)
	const prefixes: string[] = [''];
	const pathAt = (depth: number, seg: Segment) => (depth === 0 ? String(seg) : `${prefixes[depth]}.${seg}`);

	// recursion is bounded by MAX_DEPTH (and the input's nesting by MAX_NESTING, checked before parsing)
	const walk = (node: unknown, depth: number, parentLine: number): void => {
		if (depth > MAX_DEPTH || isAlias(node)) return;
		if (isMap(node)) {
			// a Set per mapping: duplicate detection is linear (the yaml package's own check is quadratic)
			const seen = new Set<string>();
			for (const pair of node.items) {
				if (!isPair(pair)) continue;
				const key = keyString(pair.key);
				// complex keys cannot be addressed by a dotted path; merge keys (`<<`) hold no field of their own
				if (key === undefined || key === '<<') continue;
				segments.push(key);
				const path = pathAt(depth, key);
				const keyOffset = nodeStart(pair.key) ?? nodeStart(pair.value);
				if (seen.has(key) && onDuplicate && keyOffset !== undefined)
					onDuplicate({ segments: [...segments], pos: posAt(lc, keyOffset) });
				seen.add(key);
				let line = -1;
				if (keyOffset !== undefined) {
					const at = posAt(lc, keyOffset);
					lines[path] = line = at.line;
					if (depth === 0) keyColumn.set(key, at.column);
				}
				prefixes[depth + 1] = path;
				walk(pair.value, depth + 1, line);
				segments.pop();
			}
		} else if (isSeq(node)) {
			// a scalar item on the same line as the list's own recorded line adds
			// nothing a lookup (which falls back to the parent) would not find: not
			// recorded, so a one-line list of a million numbers costs no million entries
			for (let i = 0; i < node.items.length; i++) {
				const item = node.items[i];
				const offset = nodeStart(isPair(item) ? item.key : item);
				if (offset === undefined) continue;
				const line = lc.linePos(offset).line;
				if (line === parentLine && isScalar(item)) continue;
				segments.push(i);
				const path = pathAt(depth, i);
				lines[path] = line;
				prefixes[depth + 1] = path;
				walk(item, depth + 1, line);
				segments.pop();
			}
		}
	};
	walk(root, 0, -1);
	return { lines, keyColumn, valueAt: (path) => valuePos(root, lc, path) };
}

/**
 * Where the value at `path` starts, found by walking the tree (only done for
 * the few fields a diagnostic points at). Undefined behind an alias or when
 * the path does not exist.
 */
function valuePos(root: unknown, lc: LineCounter, path: readonly Segment[]): Pos | undefined {
	let node: unknown = root;
	let keyNode: unknown;
	for (const seg of path) {
		if (isMap(node)) {
			let found: { key: unknown; value: unknown } | undefined;
			// the last of duplicate keys wins, as in the parsed value
			for (const pair of node.items) if (isPair(pair) && keyString(pair.key) === String(seg)) found = pair;
			if (!found) return undefined;
			keyNode = found.key ?? found.value;
			node = found.value;
		} else if (isSeq(node) && typeof seg === 'number') {
			const item = node.items[seg];
			if (item === undefined) return undefined;
			keyNode = isPair(item) ? item.key : item;
			node = isPair(item) ? item.key : item;
		} else return undefined;
	}
	// an empty value (`key:` and nothing) has a zero-width node at the end of the line: point at the key
	const offset = isEmptyScalar(node) ? nodeStart(keyNode) : nodeStart(node);
	return offset === undefined ? undefined : posAt(lc, offset);
}
