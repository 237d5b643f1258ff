// Injected I/O so commands are testable without spawning a process.
import { readFileSync } from 'node:fs';

export interface CliIO {
	out(text: string): void;
	err(text: string): void;
	readFile(path: string): string;
}

export function nodeIO(): CliIO {
	return {
		out: (t) => process.stdout.write(t),
		err: (t) => process.stderr.write(t),
		readFile: (p) => readFileSync(p, 'utf8')
	};
}

/** An in-memory IO for tests: captures stdout/stderr, serves files from a map. */
export function memoryIO(files: Record<string, string>): CliIO & { stdout: string; stderr: string } {
	const io = {
		stdout: '',
		stderr: '',
		out(t: string) {
			io.stdout += t;
		},
		err(t: string) {
			io.stderr += t;
		},
		readFile(p: string) {
			if (!(p in files)) throw new Error(`no such file: ${p}`);
			return files[p];
		}
	};
	return io;
}
