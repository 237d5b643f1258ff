// Fast path for JSON input (`kubectl get … -o json`): the `yaml` package reads
// JSON as YAML flow collections at about 1 MB/s, so a 10,000-pod dump took
// most of its load time there. Strict JSON is parsed by JSON.parse instead,
// and one pass over the text builds a position tree shaped like the yaml
// package's (maps, sequences, pairs and scalars with `range`, told apart by
// the package's registered `Symbol.for('yaml.node.type')` tags, which its
// isMap / isSeq / isPair / isScalar read), so line numbers, duplicate keys
// and value positions come from the very same code as for YAML
// (positions.ts, documents.ts). Plain objects: the package's classes define
// their tag with defineProperty, which made this pass 5× slower. Anything JSON.parse refuses
// goes the YAML way, which reports syntax errors with their positions.
import { LineCounter } from 'yaml';

const TYPE = Symbol.for('yaml.node.type');
const MAP = Symbol.for('yaml.map');
const SEQ = Symbol.for('yaml.seq');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');

type Range = [number, number, number];
export interface JScalar {
	[TYPE]: typeof SCALAR;
	value: unknown;
	range: Range;
}
export interface JPair {
	[TYPE]: typeof PAIR;
	key: JScalar;
	value: JNode;
}
export interface JMap {
	[TYPE]: typeof MAP;
	items: JPair[];
	range: Range;
}
export interface JSeq {
	[TYPE]: typeof SEQ;
	items: JNode[];
	range: Range;
}
export type JNode = JMap | JSeq | JScalar;

export interface JsonDocument {
	value: unknown;
	/** the position tree of the value */
	node: JNode;
	lc: LineCounter;
}

/** Starts like JSON (after blanks): `{` or `[`. */
export function looksLikeJson(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 32 || c === 9 || c === 10 || c === 13) continue;
		return c === 123 || c === 91;
	}
	return false;
}

/** The JSON value and its position tree, or null when the text is not strict JSON. */
export function readJson(text: string): JsonDocument | null {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return null;
	}
	const lc = new LineCounter();
	lc.addNewLine(0);
	for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lc.addNewLine(at + 1);
	return { value, node: scan(text), lc };
}

/** Position tree of valid JSON text (JSON.parse accepted it, so no checks here). Nesting is bounded before parsing (nesting.ts). */
function scan(text: string): JNode {
	let i = 0;
	const skip = () => {
		for (;;) {
			const c = text.charCodeAt(i);
			if (c === 32 || c === 10 || c === 13 || c === 9) i++;
			else return;
		}
	};
	const string = (): string => {
		const start = i++;
		let escaped = false;
		for (;;) {
			const c = text.charCodeAt(i);
			if (c === 92) {
				escaped = true;
				i += 2;
			} else if (c === 34) break;
			else i++;
		}
		i++;
		return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
	};
	const value = (): JNode => {
		skip();
		const s = i;
		const c = text.charCodeAt(i);
		if (c === 123) {
			const map: JMap = { [TYPE]: MAP, items: [], range: [s, s, s] };
			i++;
			skip();
			if (text.charCodeAt(i) === 125) i++;
			else
				for (;;) {
					skip();
					const ks = i;
					const key: JScalar = { [TYPE]: SCALAR, value: string(), range: [ks, i, i] };
					skip();
					i++; // ':'
					map.items.push({ [TYPE]: PAIR, key, value: value() });
					skip();
					if (text.charCodeAt(i++) === 125) break; // '}' ends, ',' goes on
				}
			map.range = [s, i, i];
			return map;
		}
		if (c === 91) {
			const seq: JSeq = { [TYPE]: SEQ, items: [], range: [s, s, s] };
			i++;
			skip();
			if (text.charCodeAt(i) === 93) i++;
			else
				for (;;) {
					seq.items.push(value());
					skip();
					if (text.charCodeAt(i++) === 93) break;
				}
			seq.range = [s, i, i];
			return seq;
		}
		let v: unknown = null;
		if (c === 34) v = string();
		else {
			while (i < text.length) {
				const d = text.charCodeAt(i);
				if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
				i++;
			}
			v = JSON.parse(text.slice(s, i));
		}
		return { [TYPE]: SCALAR, value: v, range: [s, i, i] };
	};
	return value();
}
