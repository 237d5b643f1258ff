// Walks the YAML syntax tree of one object and records where each field is.
// Works on the tree, not on the JS value, so aliases are never expanded here
// (an alias records its own position; fields behind it fall back to it).
import { isAlias, isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';
import { MAX_DEPTH } from './limits';
import { dotted, setOwn, type Segment } from './paths';

export interface Pos {
	line: number;
	column: number;
}

export interface FieldPositions {
	/** dotted path → 1-based line of its key (mapping entry) or of its `-` item start */
	lines: Record<string, number>;
	/** dotted path → where the value itself starts (used to point at bad values) */
	values: Map<string, Pos>;
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
	if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
	return undefined;
}

function isEmptyScalar(node: unknown): boolean {
	const range = (node as AnyNode)?.range;
	return isScalar(node) && node.value === null && !!range && range[0] === range[1];
}

export function collectPositions(
	root: unknown,
	lc: LineCounter,
	onDuplicate?: (dup: DuplicateKey) => void
): FieldPositions {
	const lines: Record<string, number> = {};
	const values = new Map<string, Pos>();
	const keyColumn = new Map<string, number>();
	const segments: Segment[] = [];

	const walk = (node: unknown, depth: number): void => {
		if (depth > MAX_DEPTH || isAlias(node)) return;
		if (isMap(node)) {
			const seen = new Set<string>();
			for (const pair of node.items) {
				if (!isPair(pair)) continue;
				const key = keyString(pair.key);
				// complex keys cannot be addressed by a dotted path; merge keys (`<<`) hold no field of their own
				if (key === undefined || key === '<<') continue;
				segments.push(key);
				const path = dotted(segments);
				const keyOffset = nodeStart(pair.key) ?? nodeStart(pair.value);
				if (seen.has(key) && onDuplicate && keyOffset !== undefined)
					onDuplicate({ segments: [...segments], pos: posAt(lc, keyOffset) });
				seen.add(key);
				if (keyOffset !== undefined) {
					const at = posAt(lc, keyOffset);
					setOwn(lines, path, at.line);
					if (depth === 0) keyColumn.set(key, at.column);
				}
				// an empty value (`key:` and nothing) has a zero-width node at the end of the line: point at the key
				const valueOffset = isEmptyScalar(pair.value) ? keyOffset : nodeStart(pair.value);
				if (valueOffset !== undefined) values.set(path, posAt(lc, valueOffset));
				else values.delete(path);
				walk(pair.value, depth + 1);
				segments.pop();
			}
		} else if (isSeq(node)) {
			node.items.forEach((item, i) => {
				segments.push(i);
				const offset = nodeStart(isPair(item) ? item.key : item);
				if (offset !== undefined) {
					const path = dotted(segments);
					setOwn(lines, path, lc.linePos(offset).line);
					values.set(path, posAt(lc, offset));
				}
				walk(item, depth + 1);
				segments.pop();
			});
		}
	};
	walk(root, 0);
	return { lines, values, keyColumn };
}
