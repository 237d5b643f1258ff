// Reading the files named on the command line into InputFile[]. validate
// reports unreadable files as diagnostics; the other commands stop with exit 1.
import type { CliIO } from './io';
import type { Diagnostic, InputFile } from '../lib/manifest/types';
import { loadScenario, type LoadedScenario } from '../lib/scenario/load';

export interface ReadInputs {
	files: InputFile[];
	/** one error per file that could not be read (file-not-found / file-unreadable) */
	diagnostics: Diagnostic[];
	/** the same failures with the raw reason, for commands that print and stop */
	failures: { path: string; reason: string }[];
}

export function readInputs(paths: string[], io: CliIO): ReadInputs {
	const out: ReadInputs = { files: [], diagnostics: [], failures: [] };
	for (const p of paths) {
		try {
			out.files.push({ name: p, text: io.readFile(p) });
		} catch (e) {
			const reason = e instanceof Error ? e.message : String(e);
			const missing = /ENOENT|no such file/i.test(String(e));
			out.failures.push({ path: p, reason });
			out.diagnostics.push({
				severity: 'error',
				file: p,
				line: 1,
				column: 1,
				code: missing ? 'file-not-found' : 'file-unreadable',
				message: missing ? `file not found: ${p}` : `cannot read ${p}: ${reason}`
			});
		}
	}
	return out;
}

/**
 * Reads and loads the files, printing error diagnostics as file:line:col on
 * stderr. Null (after printing why) when a file cannot be read: exit 1.
 */
export function loadInputs(command: string, paths: string[], io: CliIO): LoadedScenario | null {
	const { files, failures } = readInputs(paths, io);
	if (failures.length) {
		io.err(`hopscope ${command}: cannot read ${failures[0].path}: ${failures[0].reason}\n`);
		return null;
	}
	const loaded = loadScenario(files);
	for (const d of loaded.diagnostics) if (d.severity === 'error') io.err(`${d.file}:${d.line}:${d.column}: error: ${d.message} [${d.code}]\n`);
	return loaded;
}
