// The user's workspace: the manifests they are looking at and how. Pure
// functions for keeping it safe — serialisation for localStorage, which
// result to show after an edit (a bad paste never replaces a good diagram),
// and which dropped files to accept.
import type { Diagnostic, InputFile } from '../manifest';
import { redactSource } from '../manifest';

export type ViewName = 'architecture' | 'network' | 'mesh';

export interface Workspace {
	files: InputFile[];
	/** index of the file open in the editor */
	active: number;
	/** the preset the files came from, if untouched since */
	presetId: string | null;
	view: ViewName;
}

/** What the shell needs to know about one load to decide what to draw. */
export interface LoadSummary {
	resourceCount: number;
	errorCount: number;
}

export const STORAGE_KEY = 'hopscope.workspace.v1';
/** localStorage is small (5 MB in Chromium): larger workspaces are not persisted. */
export const MAX_PERSISTED_CHARS = 4_000_000;
export const ACCEPTED_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function emptyWorkspace(): Workspace {
	return { files: [{ name: 'manifests.yaml', text: '' }], active: 0, presetId: null, view: 'architecture' };
}

export function serializeWorkspace(ws: Workspace): string | null {
	const s = JSON.stringify({ v: 1, ...ws });
	return s.length > MAX_PERSISTED_CHARS ? null : s;
}

/** Reads a stored workspace back; anything malformed gives null, never throws. */
export function deserializeWorkspace(s: string | null | undefined): Workspace | null {
	if (!s) return null;
	try {
		const o = JSON.parse(s) as Record<string, unknown>;
		if (!o || o.v !== 1 || !Array.isArray(o.files)) return null;
		const files = (o.files as unknown[])
			.filter(
				(f): f is InputFile =>
					!!f && typeof (f as InputFile).name === 'string' && typeof (f as InputFile).text === 'string'
			)
			.map((f) => ({ name: f.name, text: f.text }));
		if (files.length === 0) return null;
		const active = typeof o.active === 'number' && o.active >= 0 && o.active < files.length ? o.active : 0;
		const presetId = typeof o.presetId === 'string' ? o.presetId : null;
		const view: ViewName = o.view === 'network' || o.view === 'mesh' ? o.view : 'architecture';
		return { files, active, presetId, view };
	} catch {
		return null;
	}
}

/**
 * After an edit: draw the new result unless it lost everything to errors, in
 * which case the last good diagram stays up (marked stale) while the editor
 * keeps the user's text and shows the errors.
 */
export function shouldReplaceDiagram(next: LoadSummary): boolean {
	return next.errorCount === 0 || next.resourceCount > 0;
}

/** Splits dropped/opened files into accepted inputs and diagnostics for the rest. */
export function acceptFiles(files: InputFile[]): { accepted: InputFile[]; diagnostics: Diagnostic[] } {
	const accepted: InputFile[] = [];
	const diagnostics: Diagnostic[] = [];
	for (const f of files) {
		const lower = f.name.toLowerCase();
		if (ACCEPTED_EXTENSIONS.some((e) => lower.endsWith(e))) accepted.push(f);
		else
			diagnostics.push({
				severity: 'warning',
				code: 'skipped-file',
				file: f.name,
				line: 1,
				column: 1,
				message: `Skipped ${f.name}: only .yaml, .yml and .json files are read.`
			});
	}
	return { accepted, diagnostics };
}

/** Names must be unique in the editor's tabs: `a.yaml`, `a (2).yaml`, … */
export function uniqueName(name: string, taken: string[]): string {
	if (!taken.includes(name)) return name;
	const dot = name.lastIndexOf('.');
	const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
	for (let i = 2; ; i++) {
		const n = `${stem} (${i})${ext}`;
		if (!taken.includes(n)) return n;
	}
}

/** Merges newly opened files into the workspace, replacing an empty scratch file. */
export function addFiles(ws: Workspace, incoming: InputFile[]): Workspace {
	const keep = ws.files.filter((f) => f.text.trim() !== '');
	const files = [...keep];
	for (const f of incoming) files.push({ name: uniqueName(f.name, files.map((x) => x.name)), text: f.text });
	if (files.length === 0) return ws;
	return { ...ws, files, active: keep.length, presetId: null };
}

/** 1-based line → character offset of its start in `text` (clamped). */
export function offsetOfLine(text: string, line: number): number {
	let off = 0;
	for (let l = 1; l < line; l++) {
		const nl = text.indexOf('\n', off);
		if (nl < 0) return text.length;
		off = nl + 1;
	}
	return off;
}

export function lineCount(text: string): number {
	let n = 1;
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
	return n;
}

/** `count` lines around `line` (1-based), for showing a resource's YAML (the Source block): Secret values redacted. */
export function linesAround(text: string, line: number, count: number): { n: number; text: string }[] {
	const all = redactSource(text).split(/\r?\n/);
	const start = Math.max(1, line);
	return all.slice(start - 1, start - 1 + count).map((t, i) => ({ n: start + i, text: t }));
}
