// Argument parsing shared by the CLI commands: files, `--flag V` / `--flag=V`,
// boolean flags, `--help`, `--` and unknown options. It only splits argv; each
// command still checks values itself, in command-line order (see `options`),
// so which error is reported first stays the command's business.
import type { CliIO } from './io';

export interface ArgSpec {
	/** flags without a value, matched exactly (`--help`/`-h` always are) */
	boolean?: string[];
	/**
	 * flags that take a value; 'any' gives every other option a value and leaves
	 * rejecting unknown ones to the command (route reads the value first)
	 */
	valued: string[] | 'any';
	/** what a flag lacks when its value is missing (default 'a value') */
	needs?: Record<string, string>;
	/** `--` ends the options (default true; trace calls it an unknown option) */
	dashDash?: boolean;
}

export interface ParsedArgs {
	files: string[];
	/** boolean flags given */
	flags: Set<string>;
	/** last value of each valued flag */
	values: Record<string, string>;
	/** valued flags in command-line order, up to the first error or --help */
	options: { flag: string; value: string; arg: string }[];
	/** --help/-h was given (parsing stopped there) */
	help: boolean;
	/** the first usage error (parsing stopped there) */
	error: string | null;
}

export function parseArgs(argv: string[], spec: ArgSpec): ParsedArgs {
	const out: ParsedArgs = { files: [], flags: new Set(), values: {}, options: [], help: false, error: null };
	const dashDash = spec.dashDash ?? true;
	let optionsDone = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (optionsDone || a === '-' || !a.startsWith('-')) out.files.push(a);
		else if (dashDash && a === '--') optionsDone = true;
		else if (a === '--help' || a === '-h') {
			out.help = true;
			break;
		} else if (spec.boolean?.includes(a)) out.flags.add(a);
		else {
			const eq = a.startsWith('--') ? a.indexOf('=') : -1;
			const flag = eq > 0 ? a.slice(0, eq) : a;
			if (spec.valued !== 'any' && !spec.valued.includes(flag)) {
				out.error = `unknown option '${a}'`;
				break;
			}
			const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
			if (value === undefined) {
				out.error = `${flag} needs ${spec.needs?.[flag] ?? 'a value'}`;
				break;
			}
			out.values[flag] = value;
			out.options.push({ flag, value, arg: a });
		}
	}
	return out;
}

/** A usage error: the message, then the command's usage text, on stderr; exit status 2. */
export function usageError(io: CliIO, command: string, usage: string, message: string): number {
	io.err(`hopscope ${command}: ${message}\n${usage}`);
	return 2;
}

/**
 * Where parsing stopped early: usage on stdout for --help (exit 0), or the
 * usage error (exit 2). Null when the command should go on.
 */
export function helpOrUsageError(io: CliIO, command: string, usage: string, args: ParsedArgs): number | null {
	if (args.error) return usageError(io, command, usage, args.error);
	if (!args.help) return null;
	io.out(usage);
	return 0;
}
