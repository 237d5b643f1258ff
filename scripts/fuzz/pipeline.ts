// One fuzz input through every engine, the way a user reaches them: the CLI
// commands, run in-process with in-memory I/O. parse → model → validate,
// iptables, trace, route, simulate and diff. A thrown exception or exit status 3
// (internal error) is a crash; 0, 1 (bad input) and 2 (our REF was refused)
// are answers.
import { memoryIO } from '../../src/cli/io';
import { CliStop } from '../../src/cli/exit';
import { loadScenario } from '../../src/lib/scenario/load';

export interface PipelineResult {
	/** one line per crash: `command: message` */
	crashes: string[];
	/** bytes printed on stdout + stderr by all commands */
	outBytes: number;
}

type Run = (argv: string[], io: ReturnType<typeof memoryIO>) => Promise<number>;
const commands: Record<string, () => Promise<{ run: Run }>> = {
	validate: () => import('../../src/cli/commands/validate'),
	iptables: () => import('../../src/cli/commands/iptables'),
	trace: () => import('../../src/cli/commands/trace'),
	route: () => import('../../src/cli/commands/route'),
	simulate: () => import('../../src/cli/commands/simulate'),
	diff: () => import('../../src/cli/commands/diff')
};

/** A REF-safe name: hostile names are skipped rather than quoted. */
const safe = (s: string | undefined) => (s && /^[a-z0-9.-]{1,63}$/.test(s) ? s : null);

export async function runPipeline(text: string, file = 'input.yaml'): Promise<PipelineResult> {
	const out: PipelineResult = { crashes: [], outBytes: 0 };
	const files = { [file]: text };
	const call = async (name: string, argv: string[]) => {
		const io = memoryIO(files);
		try {
			const code = await (await commands[name]()).run([file, ...argv], io);
			if (code === 3 || code === undefined || code === null) out.crashes.push(`${name} ${argv.join(' ')}: exit ${code}: ${io.stderr.slice(0, 300)}`);
		} catch (e) {
			// an expected stop (output over the CLI budget) is an answer, exit 1 through the real entry
			if (e instanceof CliStop) return void (out.outBytes += io.stdout.length + io.stderr.length);
			out.crashes.push(`${name} ${argv.join(' ')}: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e)}`);
		}
		out.outBytes += io.stdout.length + io.stderr.length;
	};

	await call('validate', ['--json']);
	let loaded: ReturnType<typeof loadScenario>;
	try {
		loaded = loadScenario([{ name: file, text }]);
	} catch (e) {
		out.crashes.push(`loadScenario: ${e instanceof Error ? e.message : String(e)}`);
		return out;
	}
	const { cluster } = loaded;
	const node = safe(cluster.nodes[0]?.name);
	await call('iptables', ['--json', ...(node ? ['--node', node] : [])]);
	const pod = cluster.pods.find((p) => safe(p.name) && safe(p.namespace));
	const svc = cluster.services.find((s) => safe(s.name) && safe(s.namespace));
	if (pod && svc) {
		await call('trace', ['--from', `pod/${pod.namespace}/${pod.name}`, '--to', `svc/${svc.namespace}/${svc.name}`, '--json']);
		await call('route', ['--host', `${svc.name}.${svc.namespace}`, '--from', `pod/${pod.namespace}/${pod.name}`, '--requests', '20', '--json']);
	}
	if (svc) await call('simulate', ['--target', `${svc.namespace}/${svc.name}`, '--duration', '5s', '--rps', '20', '--json']);
	// the input against itself: every section, and one flow traced in both (auto-chosen flows would trace up to 200)
	if (pod && svc) await call('diff', ['--', file, '--json', '--flow', `pod/${pod.namespace}/${pod.name}->svc/${svc.namespace}/${svc.name}`]);
	return out;
}
