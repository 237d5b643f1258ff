// Entry points of the manifest layer: files or text in, Resources and
// Diagnostics out. Pure and synchronous; never throws — any failure becomes a
// Diagnostic so the UI and CLI can always show something.
import { Composer, LineCounter, Parser } from 'yaml';
import { findExcessNesting } from './nesting';
import { readDocument, readJsonValue, type Budget, type FileContext } from './documents';
import { looksLikeJson, readJson } from './json';
import {
	MAX_DIAGNOSTICS_PER_FILE,
	MAX_DIAGNOSTICS_TOTAL,
	MAX_DOCUMENTS,
	MAX_FILE_BYTES,
	MAX_NESTING,
	MAX_NODES,
	MAX_TOTAL_BYTES,
	formatBytes,
	utf8Length
} from './limits';
import { capDiagnostics } from './cap';
import type { Diagnostic, InputFile, ParseResult, Resource } from './types';

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
		for (const d of capDiagnostics(ctx.diagnostics, MAX_DIAGNOSTICS_PER_FILE, `in ${file}`)) diagnostics.push(d);
	}
	return { resources, diagnostics: capDiagnostics(diagnostics, MAX_DIAGNOSTICS_TOTAL, 'in all files') };
}

function readFile(ctx: FileContext): void {
	const before = ctx.resources.length;
	try {
		// the BOM is invisible to the user; dropping it keeps line-1 columns as they see them
		if (ctx.text.charCodeAt(0) === 0xfeff) ctx.text = ctx.text.slice(1);
		const excess = findExcessNesting(ctx.text, MAX_NESTING, MAX_NODES);
		if (excess) {
			ctx.diagnostics.push({
				severity: 'error',
				code: excess.limit === 'nodes' ? 'too-many-nodes' : 'too-deep',
				file: ctx.file,
				line: excess.line,
				column: excess.column,
				message: excess.limit === 'nodes'
					? `${ctx.file} holds more than ${MAX_NODES.toLocaleString('en-US')} YAML values (counted up to here) — the file was not read`
					: `${ctx.file} nests more than ${MAX_NESTING} levels deep here — the file was not read`
			});
			return;
		}
		// strict JSON (kubectl -o json): JSON.parse, far faster than reading it as YAML
		const json = looksLikeJson(ctx.text) ? readJson(ctx.text) : null;
		if (json) {
			ctx.budget.documents++;
			ctx.lc = json.lc;
			readJsonValue(json.value, json.node, ctx);
		} else readYaml(ctx);
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

function readYaml(ctx: FileContext): void {
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
}
