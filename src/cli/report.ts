// Diagnostics and findings on stderr, one per line as FILE:LINE[:COL]: SEVERITY:
// MESSAGE [CODE], so editors can jump to them. Every line names a file and a
// line: an engine finding without a place (an unknown --target, say) falls
// back to the given place, usually line 1 of the first input file. At most
// MAX_PRINTED_DIAGNOSTICS are printed, then "… and N more". Errors are counted
// on the IO, which makes the exit status 1.
import type { CliIO } from './io';

export const MAX_PRINTED_DIAGNOSTICS = 200;

export interface Reportable {
	severity: string;
	message: string;
	code?: string;
	file?: string;
	line?: number;
	column?: number;
}

export interface Place {
	file: string;
	line: number;
}

/** FILE:LINE[:COL] of an item, with `fallback` for a missing file or a line below 1. */
export function placeOf(d: Reportable, fallback: Place): string {
	const file = d.file || fallback.file;
	const line = Number.isInteger(d.line) && d.line! >= 1 ? d.line! : d.file ? 1 : fallback.line;
	return `${file}:${line}${d.column && d.column >= 1 ? `:${d.column}` : ''}`;
}

/** `FILE:LINE:COL SEVERITY MESSAGE [CODE]` lines (validate's text layout), capped, with "… and N more". */
export function listLines(items: Reportable[], fallback: Place, separator = ': '): string[] {
	const shown = items.slice(0, MAX_PRINTED_DIAGNOSTICS);
	const lines = shown.map((d) => `${placeOf(d, fallback)}${separator}${d.severity}${separator}${d.message}${d.code ? ` [${d.code}]` : ''}`);
	if (items.length > shown.length) lines.push(`… and ${items.length - shown.length} more`);
	return lines;
}

/** Prints the items on stderr (capped) and counts the errors on the IO. */
export function report(io: CliIO, items: Reportable[], fallback: Place): void {
	if (!items.length) return;
	io.errors += items.filter((d) => d.severity === 'error').length;
	io.err(listLines(items, fallback).join('\n') + '\n');
}
