// Hopscope command line: the same engines as the browser, run in Node.
// Usage: npm run --silent cli -- <command> FILES… [options]
// Each command lives in commands/<name>.ts and exports `run(argv, io)`.
import type { CliIO } from './io';
import { nodeIO } from './io';

type Command = { summary: string; run: (argv: string[], io: CliIO) => Promise<number> };

const commands: Record<string, () => Promise<Command>> = {
	validate: () => import('./commands/validate'),
	iptables: () => import('./commands/iptables'),
	trace: () => import('./commands/trace'),
	route: () => import('./commands/route'),
	simulate: () => import('./commands/simulate')
};

async function main(argv: string[]): Promise<number> {
	const io = nodeIO();
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		io.out('Usage: npm run --silent cli -- <command> FILES… [options]\n\nCommands:\n');
		for (const [n, load] of Object.entries(commands)) {
			const c = await load().catch(() => null);
			io.out(`  ${n.padEnd(10)} ${c?.summary ?? ''}\n`);
		}
		return name ? 0 : 2;
	}
	const load = commands[name];
	if (!load) {
		io.err(`hopscope: unknown command '${name}'. Try --help.\n`);
		return 2;
	}
	const cmd = await load();
	return cmd.run(rest, io);
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`hopscope: ${e instanceof Error ? e.message : String(e)}\n`);
		process.exit(2);
	}
);
