// Runs the real CLI entry (src/cli/main.ts under the tsx loader) in a child
// process, the way `npm run --silent cli -- …` does, with stdout and stderr
// as pipes. Also builds hostile inputs for the CLI tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
	status: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CliRunOptions {
	/** written to the child's stdin, which is then closed */
	input?: string | Buffer;
	env?: Record<string, string>;
	/** node options before the entry, e.g. ['--import', './fault.mjs'] */
	preload?: string[];
}

export function cli(args: string[], opts: CliRunOptions = {}): Promise<CliRun> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', ...(opts.preload ?? []), 'src/cli/main.ts', ...args], {
			env: { ...process.env, ...opts.env },
			stdio: ['pipe', 'pipe', 'pipe']
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (b: Buffer) => out.push(b));
		child.stderr.on('data', (b: Buffer) => err.push(b));
		child.on('error', reject);
		child.on('close', (status) =>
			resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - started })
		);
		child.stdin.on('error', () => {}); // the CLI may stop reading early (a refused stdin)
		child.stdin.end(opts.input ?? '');
	});
}

/** A fresh directory for one test's files. */
export function scratch(): string {
	return mkdtempSync(join(tmpdir(), 'hopscope-cli-'));
}

export function write(dir: string, name: string, text: string | Buffer): string {
	const p = join(dir, name);
	writeFileSync(p, text);
	return p;
}

/** n Pods of one Deployment-less app, one YAML document each. */
export function podsYaml(n: number): string {
	const docs: string[] = [];
	for (let i = 0; i < n; i++) docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  labels: {app: a}\nspec:\n  containers: [{name: c, image: x}]`);
	return docs.join('\n---\n') + '\n';
}

/** A Service with `ports` ports and a 3-replica Deployment behind it. */
export function manyPortsYaml(ports: number): string {
	const list = Array.from({ length: ports }, (_, i) => `    - name: p${i}\n      port: ${10000 + i}\n      targetPort: ${10000 + i}`).join('\n');
	return `apiVersion: v1\nkind: Service\nmetadata:\n  name: big\nspec:\n  selector:\n    app: big\n  ports:\n${list}\n---
apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n        - name: c\n          image: x\n`;
}

/** One `FILE:LINE[:COL]: SEVERITY: MESSAGE [CODE]` line, as report.ts prints it. */
export const DIAGNOSTIC_LINE = /^(?<file>[^:\s][^:]*):(?<line>[1-9]\d*)(?::[1-9]\d*)?: (?<severity>error|warning): .+ \[[\w-]+\]$/;
