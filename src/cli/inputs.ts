// Reading the files named on the command line into InputFile[], within the
// manifest layer's limits (src/lib/manifest/limits.ts: 10 MB per file, 20 MB
// in all), checked before reading (read.ts). validate reports unreadable files
// as diagnostics; the other commands stop with exit 1.
import type { CliIO } from './io';
import type { Diagnostic, InputFile } from '../lib/manifest';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES, formatBytes } from '../lib/manifest';
import { loadScenario, type LoadedScenario } from '../lib/scenario';
import { ReadRefused } from './read';
import { report } from './report';

export interface ReadInputs {
	files: InputFile[];
	/** one error per file that could not be read (file-not-found, file-unreadable, not-a-file, too-large) */
	diagnostics: Diagnostic[];
	/** the same failures with the message, for commands that print and stop */
	failures: { path: string; reason: string }[];
}

/** The name an input goes by in diagnostics: `-` is standard input. */
export const inputName = (path: string): string => (path === '-' ? '(stdin)' : path);

export function readInputs(paths: string[], io: CliIO): ReadInputs {
	const out: ReadInputs = { files: [], diagnostics: [], failures: [] };
	let total = 0;
	for (const p of paths) {
		const room = MAX_TOTAL_BYTES - total;
		const cap = Math.min(MAX_FILE_BYTES, room);
		try {
			const text = io.readFile(p, cap);
			total += Buffer.byteLength(text, 'utf8');
			out.files.push({ name: inputName(p), text });
		} catch (e) {
			const refused = e instanceof ReadRefused ? e : new ReadRefused('file-unreadable', e instanceof Error ? e.message : String(e));
			const message = refusal(p, refused, cap < MAX_FILE_BYTES);
			out.failures.push({ path: p, reason: message });
			out.diagnostics.push({ severity: 'error', file: inputName(p), line: 1, column: 1, code: refused.code, message });
		}
	}
	return out;
}

function refusal(p: string, e: ReadRefused, totalLimited: boolean): string {
	const name = p === '-' ? 'standard input' : p;
	switch (e.code) {
		case 'file-not-found':
			return `file not found: ${name}`;
		case 'not-a-file':
			return `${name} was not read: ${e.detail}`;
		case 'too-large':
			return totalLimited
				? `all files together are larger than ${formatBytes(MAX_TOTAL_BYTES)} (the limit per input) — ${name} was not read`
				: `${name} is larger than ${formatBytes(MAX_FILE_BYTES)} (the limit per file) — not read`;
		default:
			return `cannot read ${name}: ${e.detail}`;
	}
}

/**
 * Reads and loads the files, printing error diagnostics as file:line:col on
 * stderr (they make the exit status 1). Null (after printing why) when a file
 * cannot be read: exit 1.
 */
export function loadInputs(command: string, paths: string[], io: CliIO): LoadedScenario | null {
	const { files, failures } = readInputs(paths, io);
	if (failures.length) {
		io.err(`hopscope ${command}: ${failures[0].reason}\n`);
		return null;
	}
	const loaded = loadScenario(files);
	report(
		io,
		loaded.diagnostics.filter((d) => d.severity === 'error'),
		{ file: inputName(paths[0]), line: 1 }
	);
	return loaded;
}
