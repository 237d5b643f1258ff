// The dispatcher behind main.ts: finds the command, runs it and turns what
// happened into one exit status (exit.ts). Kept apart from main.ts so tests
// can run it in-process with a memory IO.
import type { CliIO } from './io';
import { CliStop, EXIT } from './exit';

type Command = { summary: string; run: (argv: string[], io: CliIO) => Promise<number> };

const commands: Record<string, () => Promise<Command>> = {
	validate: () => import('./commands/validate'),
	iptables: () => import('./commands/iptables'),
	trace: () => import('./commands/trace'),
	route: () => import('./commands/route'),
	simulate: () => import('./commands/simulate'),
	reach: () => import('./commands/reach'),
	diff: () => import('./commands/diff'),
	render: () => import('./commands/render')
};

export interface RunOptions {
	/** print the stack of an internal error (--debug) */
	debug?: boolean;
}

/** Splits the global `--debug` flag (before any `--`) from the command's arguments. */
export function globalFlags(argv: string[]): { argv: string[]; debug: boolean } {
	const end = argv.indexOf('--');
	const head = end < 0 ? argv : argv.slice(0, end);
	const rest = end < 0 ? [] : argv.slice(end);
	return { argv: [...head.filter((a) => a !== '--debug'), ...rest], debug: head.includes('--debug') };
}

export async function runCli(argv: string[], io: CliIO, opts: RunOptions = {}): Promise<number> {
	try {
		const code = await dispatch(argv, io);
		// a command that printed error diagnostics did not succeed, whatever else it printed
		return code === EXIT.ok && io.errors > 0 ? EXIT.input : code;
	} catch (e) {
		if (e instanceof CliStop) {
			io.err(`hopscope: ${e.message}\n`);
			return e.status;
		}
		const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
		io.err(`hopscope: internal error: ${message.split('\n')[0]}${opts.debug ? '' : ' (run with --debug for the stack)'}\n`);
		if (opts.debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
		return EXIT.internal;
	}
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		io.out('Usage: npm run --silent cli -- <command> FILES… [options] [--debug]\n\nCommands:\n');
		for (const [n, load] of Object.entries(commands)) {
			const c = await load();
			io.out(`  ${n.padEnd(10)} ${c.summary}\n`);
		}
		io.out('\nExit status: 0 ok, 1 errors in the input, 2 usage error, 3 internal error, 4 (diff) a flow\'s verdict changed.\n');
		return name ? EXIT.ok : EXIT.usage;
	}
	const load = commands[name];
	if (!load) {
		io.err(`hopscope: unknown command '${name}'. Try --help.\n`);
		return EXIT.usage;
	}
	const cmd = await load();
	return cmd.run(rest, io);
}
