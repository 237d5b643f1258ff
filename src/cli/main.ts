// Hopscope command line: the same engines as the browser, run in Node.
// Usage: npm run --silent cli -- <command> FILES… [options] [--debug]
// Each command lives in commands/<name>.ts and exports `run(argv, io)`;
// cli.ts dispatches and decides the exit status (exit.ts).
import { nodeIO } from './io';
import { globalFlags, runCli } from './cli';
import { EXIT } from './exit';

// a reader that went away (`… | head`) is no error of ours: stop quietly
for (const stream of [process.stdout, process.stderr])
	stream.on('error', (e: NodeJS.ErrnoException) => {
		if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
		process.exitCode = EXIT.internal;
	});

const { argv, debug } = globalFlags(process.argv.slice(2));
runCli(argv, nodeIO(), { debug }).then(
	// exitCode, not process.exit(): Node then exits once stdout has drained, so a
	// pipe (`… --json | jq`) gets the whole output, not its first 64 KiB
	(code) => (process.exitCode = code),
	(e) => {
		process.stderr.write(`hopscope: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
		process.exitCode = EXIT.internal;
	}
);
