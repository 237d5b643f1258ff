// How deeply a YAML/JSON text nests, and about how many nodes it holds, found
// by one linear scan before the `yaml` package ever sees it. Its composer
// recurses once per level: a 10,000-level `[[[[…]]]]` then gives a clear
// diagnostic instead of a stack overflow whose depth differs between Node and
// each browser. And it spends about 600 bytes per node: a 5 MB one-line list of
// 2.5 million numbers is refused in milliseconds instead of taking 3 GB.
//
// The scan is an estimate on the safe side for real manifests: flow brackets
// outside quotes and comments, block indentation levels, and `- ` items that
// open a nested sequence on the same line. Block scalar bodies (`|`, `>`) are
// skipped, so indented text inside them never counts.

export interface NestingExcess {
	/** 1-based line where the limit was first passed */
	line: number;
	column: number;
	/** which limit: nesting depth, or the number of YAML nodes (see MAX_NODES) */
	limit: 'depth' | 'nodes';
}

const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#.*)?$/;

/**
 * First place where `text` nests deeper than `max` levels or holds more than
 * `maxNodes` YAML nodes (block lines plus flow items, an estimate), or null.
 */
export function findExcessNesting(text: string, max: number, maxNodes = Infinity): NestingExcess | null {
	let nodes = 0;
	let flow = 0;
	/** indentation of each open block level */
	const indents: number[] = [];
	/** indentation under which a block scalar body continues; -1 when not in one */
	let scalarIndent = -1;
	let quote: '"' | "'" | null = null;
	let lineNo = 0;
	let pos = 0;
	while (pos <= text.length) {
		let end = text.indexOf('\n', pos);
		if (end < 0) end = text.length;
		lineNo++;
		let indent = 0;
		while (pos + indent < end && text.charCodeAt(pos + indent) === 32) indent++;
		const blank = pos + indent >= end || text[pos + indent] === '\r' || text[pos + indent] === '#';
		if (scalarIndent >= 0) {
			if (blank || indent > scalarIndent) {
				pos = end + 1;
				continue;
			}
			scalarIndent = -1;
		}
		let i = pos + indent;
		if (flow === 0 && quote === null && !blank) {
			if (text.startsWith('---', pos) || text.startsWith('...', pos)) {
				indents.length = 0;
			} else {
				while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
				indents.push(indent);
				// `- - - x`: each dash opens one more sequence on this line
				while (i + 1 < end && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
					indents.push(indent + (i - pos) + 1);
					i += 2;
					while (i < end && text[i] === ' ') i++;
				}
				if (indents.length > max) return { line: lineNo, column: indent + 1, limit: 'depth' };
				if (++nodes > maxNodes) return { line: lineNo, column: indent + 1, limit: 'nodes' };
			}
		}
		// flow brackets (and quoted strings, which may span lines)
		for (; i < end; i++) {
			const c = text[i];
			if (quote !== null) {
				if (quote === '"' && c === '\\') i++;
				else if (c === quote) {
					if (quote === "'" && text[i + 1] === "'") i++;
					else quote = null;
				}
				continue;
			}
			if (c === '#' && (i === pos || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
			if (c === '"' || c === "'") {
				// a quote opens a string only where a scalar can start
				if (flow > 0 || startsScalar(text, pos, i)) quote = c;
			} else if (c === '[' || c === '{') {
				if (flow > 0 || startsScalar(text, pos, i)) {
					flow++;
					if (flow + indents.length > max) return { line: lineNo, column: i - pos + 1, limit: 'depth' };
					if (++nodes > maxNodes) return { line: lineNo, column: i - pos + 1, limit: 'nodes' };
				}
			} else if ((c === ']' || c === '}') && flow > 0) flow--;
			else if (c === ',' && flow > 0 && ++nodes > maxNodes) return { line: lineNo, column: i - pos + 1, limit: 'nodes' };
		}
		if (flow === 0 && quote === null && BLOCK_SCALAR_HEADER.test(text.slice(Math.max(pos, end - 40), end))) {
			scalarIndent = indent;
		}
		pos = end + 1;
	}
	return null;
}

/** In block context a `[`, `{` or quote starts a node only after `: `, `- `, `? ` or at the start of the line. */
function startsScalar(text: string, lineStart: number, i: number): boolean {
	let j = i - 1;
	while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
	if (j < lineStart) return true;
	const prev = text[j];
	return (prev === ':' || prev === '-' || prev === '?') && j + 1 < i;
}
