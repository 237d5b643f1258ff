// Injected I/O so commands are testable without spawning a process. Both the
// Node and the in-memory IO escape control characters and keep the output
// budget (output.ts), so tests see exactly what a terminal would.
import { budgetedWriter, MAX_OUTPUT_BYTES, type Writer } from './output';
import { readBounded, ReadRefused } from './read';
import { utf8Length } from '../lib/manifest';

export interface CliIO extends Writer {
	/** the UTF-8 text of a file (`-`: standard input) of at most maxBytes bytes; throws ReadRefused */
	readFile(path: string, maxBytes: number): string;
	/** error diagnostics reported so far (report.ts counts them); any makes the exit status 1 */
	errors: number;
}

export function nodeIO(budget: number = outputBudget()): CliIO {
	const writer = budgetedWriter({ stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }, budget);
	return { ...writer, readFile: readBounded, errors: 0 };
}

/** The stdout budget: HOPSCOPE_MAX_OUTPUT_BYTES when it is a positive integer, else MAX_OUTPUT_BYTES. */
export function outputBudget(env: string | undefined = process.env.HOPSCOPE_MAX_OUTPUT_BYTES): number {
	return env && /^\d+$/.test(env) && Number(env) > 0 ? Number(env) : MAX_OUTPUT_BYTES;
}

/** An in-memory IO for tests: captures stdout/stderr, serves files from a map. */
export function memoryIO(files: Record<string, string>, budget = MAX_OUTPUT_BYTES): CliIO & { stdout: string; stderr: string } {
	const captured = { stdout: '', stderr: '' };
	const writer = budgetedWriter({ stdout: (t) => void (captured.stdout += t), stderr: (t) => void (captured.stderr += t) }, budget);
	return Object.assign(captured, writer, {
		errors: 0,
		readFile(p: string, maxBytes: number) {
			if (!Object.hasOwn(files, p)) throw new ReadRefused('file-not-found', `no such file: ${p}`);
			const bytes = utf8Length(files[p]);
			if (bytes > maxBytes) throw new ReadRefused('too-large', `${bytes} bytes`);
			return files[p];
		}
	});
}
