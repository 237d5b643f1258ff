// Entry points of the manifest layer: files or text in, Resources and
// Diagnostics out. Pure and synchronous; never throws — any failure becomes a
// Diagnostic so the UI and CLI can always show something.
import { Composer, LineCounter, Parser } from 'yaml';
import { findExcessNesting } from './nesting';
import { readDocument, type Budget, type FileContext } from './documents';
import {
	MAX_DIAGNOSTICS_PER_FILE,
	MAX_DOCUMENTS,
	MAX_FILE_BYTES,
	MAX_NESTING,
	MAX_TOTAL_BYTES,
	formatBytes,
	utf8Length
} from './limits';
import type { Diagnostic, InputFile, ParseResult, Resource, Severity } from './types';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function parseText(name: string, text: string): ParseResult {
	return parseFiles([{ name, text }]);
}

export function parseFiles(files: InputFile[]): ParseResult {
	const resources: Resource[] = [];
	const diagnostics: Diagnostic[] = [];
	const budget: Budget = { documents: 0, resources: 0, full: false };
	let total = 0;
	for (const input of Array.isArray(files) ? files : []) {
		const file = typeof input?.name === 'string' ? input.name : String(input?.name ?? '');
		const text = input?.text;
		const refuse = (message: string) =>
			diagnostics.push({ severity: 'error', code: 'too-large', file, line: 1, column: 1, message });
		if (typeof text !== 'string') {
			diagnostics.push({ severity: 'error', code: 'internal', file, line: 1, column: 1, message: `${file} has no text to read` });
			continue;
		}
		// cheap bound first: a UTF-8 byte count is never below the UTF-16 length
		const bytes = text.length > MAX_FILE_BYTES ? text.length : utf8Length(text);
		if (bytes > MAX_FILE_BYTES) {
			refuse(`${file} is larger than ${formatBytes(MAX_FILE_BYTES)} (the limit per file) — not read`);
			continue;
		}
		if (total + bytes > MAX_TOTAL_BYTES) {
			refuse(`all files together are larger than ${formatBytes(MAX_TOTAL_BYTES)} (the limit per input) — ${file} was not read`);
			continue;
		}
		total += bytes;
		const ctx: FileContext = { file, text, lc: new LineCounter(), budget, resources, diagnostics: [], sawContent: false };
		readFile(ctx);
		diagnostics.push(...capped(ctx.diagnostics, file));
	}
	return { resources, diagnostics };
}

function readFile(ctx: FileContext): void {
	const before = ctx.resources.length;
	try {
		// the BOM is invisible to the user; dropping it keeps line-1 columns as they see them
		if (ctx.text.charCodeAt(0) === 0xfeff) ctx.text = ctx.text.slice(1);
		const deep = findExcessNesting(ctx.text, MAX_NESTING);
		if (deep) {
			ctx.diagnostics.push({
				severity: 'error',
				code: 'too-deep',
				file: ctx.file,
				line: deep.line,
				column: deep.column,
				message: `${ctx.file} nests more than ${MAX_NESTING} levels deep here — the file was not read`
			});
			return;
		}
		const parser = new Parser(ctx.lc.addNewLine);
		const composer = new Composer({ prettyErrors: false, merge: true, uniqueKeys: false });
		for (const doc of composer.compose(parser.parse(ctx.text))) {
			if (++ctx.budget.documents > MAX_DOCUMENTS) {
				const { line, col } = ctx.lc.linePos(doc.range[0]);
				ctx.diagnostics.push({
					severity: 'error',
					code: 'too-many-documents',
					file: ctx.file,
					line,
					column: col,
					message: `the input holds more than ${MAX_DOCUMENTS} YAML documents; the rest, from here on, was not read`
				});
				break;
			}
			readDocument(doc, ctx);
		}
	} catch (err) {
		const text = err instanceof Error ? err.message : String(err);
		const why = err instanceof RangeError ? 'it is nested too deeply or is too large' : text;
		ctx.diagnostics.push({
			severity: 'error',
			code: 'internal',
			file: ctx.file,
			line: 1,
			column: 1,
			message: `could not read ${ctx.file}: ${why}`
		});
	}
	if (ctx.resources.length === before && ctx.diagnostics.length === 0 && !ctx.sawContent)
		ctx.diagnostics.push({
			severity: 'info',
			code: 'empty',
			file: ctx.file,
			line: 1,
			column: 1,
			message: `${ctx.file} is empty (only blank lines, comments or "---") — nothing to show`
		});
}

/** Keeps a flood of errors (say, a binary file) from drowning the UI. */
function capped(diagnostics: Diagnostic[], file: string): Diagnostic[] {
	if (diagnostics.length <= MAX_DIAGNOSTICS_PER_FILE) return diagnostics;
	const kept = diagnostics.slice(0, MAX_DIAGNOSTICS_PER_FILE);
	const rest = diagnostics.slice(MAX_DIAGNOSTICS_PER_FILE);
	const worst = rest.reduce<Severity>((s, d) => (RANK[d.severity] > RANK[s] ? d.severity : s), 'info');
	const first = rest[0];
	kept.push({
		severity: worst,
		code: 'too-many-problems',
		file,
		line: first.line,
		column: first.column,
		message: `${rest.length} more problems in ${file} are not shown`
	});
	return kept;
}
