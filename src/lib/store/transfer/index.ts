// Workspace export and import, loaded on first use (the UI imports this
// folder with import(): fflate and the YAML reader stay out of the first
// download). Two formats:
//  - a .zip holding the user's files as they are plus `hopscope.json`
//    (name, presetId, view, the files' order and the open one);
//  - one multi-document YAML: a first comment line with the same metadata,
//    Hopscope's scenario header (README "Scenario files") unless the first
//    file has its own, then each file after a `# hopscope-file: "name"` line.
//    It loads as a scenario anywhere (the CLI, the gallery's format).
// Secret values never leave: every text passes through `redact` — the caller
// gives manifest/redact.ts redactSource — on the way out and again on the way
// in. (Given, not imported: this module then shares no code with the first
// download, which keeps that download's chunks whole.)
import type { InputFile } from '../../manifest';
import type { ViewName } from '../../scenario';

/** SECRETS: a text with every Secret value cut out (manifest redactSource). */
export type Redact = (text: string) => string;

/** What an import gives: a new workspace to create (never an overwrite). */
export interface WorkspaceExport {
	name: string;
	files: InputFile[];
	active: number;
	view: ViewName;
	presetId: string | null;
}

export type ImportResult = { ok: true; workspace: WorkspaceExport } | { ok: false; message: string };

export const META_FILE = 'hopscope.json';
const FORMAT = 'hopscope-workspace';
/** the same as store/mark.ts WORKSPACE_YAML_MARK (a unit test holds them equal) */
export const META_LINE = '# hopscope-workspace: ';
const FILE_LINE = '# hopscope-file: ';
const VIEWS: ViewName[] = ['architecture', 'network', 'mesh'];
const ACCEPTED = ['.yaml', '.yml', '.json'];
/** unzipped bytes read at most (a zip bomb stops here) */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** a fixed date in the zip: the same workspace gives the same bytes */
const ZIP_DATE = new Date(Date.UTC(2020, 0, 1));

interface Meta {
	format: typeof FORMAT;
	version: 1;
	name: string;
	presetId: string | null;
	view: ViewName;
	active: number;
	files: string[];
}

const clean = (files: InputFile[], redact: Redact): InputFile[] => files.map((f) => ({ name: String(f.name), text: redact(String(f.text)) }));

function metaOf(ws: WorkspaceExport): Meta {
	return { format: FORMAT, version: 1, name: ws.name, presetId: ws.presetId, view: ws.view, active: ws.active, files: ws.files.map((f) => f.name) };
}

/** Reads the metadata as written, defaulting what is missing or odd. */
function readMeta(v: unknown, fallbackName: string): Omit<Meta, 'format' | 'version'> {
	const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
	return {
		name: typeof o.name === 'string' && o.name.trim() ? o.name.slice(0, 200) : fallbackName,
		presetId: typeof o.presetId === 'string' ? o.presetId : null,
		view: VIEWS.includes(o.view as ViewName) ? (o.view as ViewName) : 'architecture',
		active: typeof o.active === 'number' && Number.isInteger(o.active) ? o.active : 0,
		files: Array.isArray(o.files) ? o.files.filter((x): x is string => typeof x === 'string') : []
	};
}

const stem = (fileName: string) => fileName.replace(/\.[^.]*$/, '') || 'workspace';
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'workspace';
/** A file name for the download: `<name>.zip`, without characters file systems refuse. */
export function exportFileName(name: string, ext: 'zip' | 'yaml'): string {
	return `${slug(name)}.${ext}`;
}

// ---- zip ----

export async function workspaceToZip(ws: WorkspaceExport, redact: Redact): Promise<Uint8Array> {
	const { zipSync, strToU8 } = await import('fflate');
	const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
	const opts = { mtime: ZIP_DATE };
	entries[META_FILE] = [strToU8(JSON.stringify(metaOf(ws), null, 2) + '\n'), opts];
	for (const f of clean(ws.files, redact)) entries[f.name] = [strToU8(f.text), opts];
	return zipSync(entries, { level: 6 });
}

export async function workspaceFromZip(bytes: Uint8Array, fileName: string, redact: Redact): Promise<ImportResult> {
	const { unzipSync, strFromU8 } = await import('fflate');
	let total = 0;
	let tooBig = false;
	let raw: Record<string, Uint8Array>;
	try {
		raw = unzipSync(bytes, {
			filter: (f) => {
				total += f.originalSize;
				if (total > MAX_IMPORT_BYTES) tooBig = true;
				return !tooBig && !f.name.endsWith('/') && (f.name === META_FILE || ACCEPTED.some((e) => f.name.toLowerCase().endsWith(e)));
			}
		});
	} catch (e) {
		return { ok: false, message: `${fileName} is not a readable .zip (${e instanceof Error ? e.message : String(e)}).` };
	}
	if (tooBig) return { ok: false, message: `${fileName} unpacks to more than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: not imported.` };
	let meta: unknown = null;
	if (raw[META_FILE]) {
		try {
			meta = JSON.parse(strFromU8(raw[META_FILE]));
		} catch {
			meta = null;
		}
	}
	const m = readMeta(meta, stem(fileName));
	const names = Object.keys(raw).filter((n) => n !== META_FILE);
	// the order written in hopscope.json, then any other file by name
	const order = [...m.files.filter((n) => names.includes(n)), ...names.filter((n) => !m.files.includes(n)).sort()];
	const files = clean(order.map((n) => ({ name: n, text: strFromU8(raw[n]) })), redact);
	if (!files.length) return { ok: false, message: `${fileName} holds no .yaml, .yml or .json files.` };
	return { ok: true, workspace: { name: m.name, files, active: m.active < files.length && m.active >= 0 ? m.active : 0, view: m.view, presetId: m.presetId } };
}

// ---- one multi-document YAML ----

/** The first document of a text is a Hopscope scenario header. */
function startsWithHeader(text: string): boolean {
	const first = text.split(/^---\s*$/m).find((d) => /\S/.test(d.replace(/^\s*#.*$/gm, ''))) ?? '';
	return /^apiVersion:\s*["']?hopscope\//m.test(first) && /^kind:\s*["']?Scenario\b/m.test(first);
}

export function workspaceToYaml(ws: WorkspaceExport, redact: Redact): string {
	const files = clean(ws.files, redact);
	const out = [`${META_LINE}${JSON.stringify(metaOf(ws))}`];
	if (!files.length || !startsWithHeader(files[0].text)) {
		out.push(
			'apiVersion: hopscope/v1',
			'kind: Scenario',
			'metadata:',
			`  name: ${slug(ws.name)}`,
			'spec:',
			`  title: ${JSON.stringify(ws.name)}`,
			`  summary: ${JSON.stringify(`A Hopscope workspace: ${files.map((f) => f.name).join(', ')}`)}`,
			'---'
		);
	}
	files.forEach((f, i) => {
		if (i > 0 || out.at(-1) !== '---') out.push('---');
		// a file without a final newline says so, so the round trip is exact
		out.push(`${FILE_LINE}${JSON.stringify(f.name)}${f.text.endsWith('\n') || f.text === '' ? '' : ' noeol'}`);
		out.push(f.text.endsWith('\n') ? f.text.slice(0, -1) : f.text);
	});
	return out.join('\n') + '\n';
}

/**
 * A YAML file as a new workspace: an export of ours is split back into its
 * files (the generated header dropped); any other YAML (a preset from
 * scenarios/, a kubectl dump) becomes one file, named after its header title.
 */
export function workspaceFromYaml(text: string, fileName: string, redact: Redact): ImportResult {
	const lines = text.split('\n');
	let meta: unknown = null;
	if (lines[0]?.startsWith(META_LINE)) {
		try {
			meta = JSON.parse(lines[0].slice(META_LINE.length));
		} catch {
			meta = null;
		}
	}
	const marks: number[] = [];
	for (let i = 1; i < lines.length; i++) if (lines[i].startsWith(FILE_LINE) && /^---\s*$/.test(lines[i - 1])) marks.push(i);
	if (!marks.length) {
		const title = /^\s+title:\s*(.+)$/m.exec(text)?.[1]?.trim();
		let name = stem(fileName);
		if (startsWithHeader(text) && title) name = title.replace(/^["']|["']$/g, '');
		const m = readMeta(meta, name);
		return { ok: true, workspace: { name: m.name, files: clean([{ name: fileName, text }], redact), active: 0, view: m.view, presetId: m.presetId } };
	}
	const files: InputFile[] = [];
	marks.forEach((at, k) => {
		const spec = lines[at].slice(FILE_LINE.length);
		const noeol = spec.endsWith(' noeol');
		let name: string;
		try {
			name = String(JSON.parse(noeol ? spec.slice(0, -' noeol'.length) : spec));
		} catch {
			name = `file-${k + 1}.yaml`;
		}
		// the file runs to the `---` before the next mark (or to the end, less the final newline)
		const end = k + 1 < marks.length ? marks[k + 1] - 1 : lines.length - (lines.at(-1) === '' ? 1 : 0);
		const body = lines.slice(at + 1, end).join('\n');
		files.push({ name, text: noeol || body === '' ? body : body + '\n' });
	});
	const m = readMeta(meta, stem(fileName));
	return { ok: true, workspace: { name: m.name, files: clean(files, redact), active: m.active >= 0 && m.active < files.length ? m.active : 0, view: m.view, presetId: m.presetId } };
}

/** A picked or dropped file: .zip, or YAML / JSON text. */
export async function importWorkspaceFile(name: string, bytes: Uint8Array, redact: Redact): Promise<ImportResult> {
	if (name.toLowerCase().endsWith('.zip') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return workspaceFromZip(bytes, name, redact);
	if (!ACCEPTED.some((e) => name.toLowerCase().endsWith(e))) return { ok: false, message: `${name}: a workspace is imported from a .zip or a .yaml file.` };
	if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, message: `${name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: not imported.` };
	return workspaceFromYaml(new TextDecoder().decode(bytes), name, redact);
}

/** Whether a dropped YAML is one of our exports (then it opens as a new workspace). */
export function isWorkspaceYaml(text: string): boolean {
	return text.startsWith(META_LINE);
}
