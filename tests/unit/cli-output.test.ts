// Issue "Trust: bounded work on any input": the CLI's output budget, the
// "… and N more" cap on printed diagnostics, and control characters from the
// input escaped in text output (JSON stays valid and exact). Real CLI entry.
import { describe, expect, it } from 'vitest';
import { cli, DIAGNOSTIC_LINE, manyPortsYaml, scratch, write } from './cli-helpers';
import { MAX_OUTPUT_BYTES, stringifyWithin } from '../../src/cli/output';
import { MAX_PRINTED_DIAGNOSTICS } from '../../src/cli/report';

const BUDGET_LINE = (size: string) =>
	`hopscope: the output would exceed the CLI output budget of ${size} — nothing more was printed; narrow the input (or raise HOPSCOPE_MAX_OUTPUT_BYTES)\n`;

describe('CLI output budget', () => {
	const dir = scratch();
	const big = write(dir, 'big-svc.yaml', manyPortsYaml(2000));

	it('iptables --json of a 2,000-port Service: whole under the default 64 MB budget, refused under 1 MB', async () => {
		expect(MAX_OUTPUT_BYTES).toBe(64 * 1024 * 1024);
		const full = await cli(['iptables', big, '--json']);
		expect(full.status).toBe(0);
		expect(full.stdout.length).toBeGreaterThan(1024 * 1024);
		const tables = JSON.parse(full.stdout);
		// one KUBE-SVC chain jump per port in KUBE-SERVICES
		expect(tables.nat.rules.filter((r: { chain: string }) => r.chain === 'KUBE-SERVICES').length).toBeGreaterThanOrEqual(2000);

		const capped = await cli(['iptables', big, '--json'], { env: { HOPSCOPE_MAX_OUTPUT_BYTES: String(1024 * 1024) } });
		expect(capped.status).toBe(1);
		expect(capped.stdout).toBe('');
		expect(capped.stderr).toBe(BUDGET_LINE('1 MB'));
	}, 120_000);

	it('text output is held to the budget too', async () => {
		const small = write(dir, 'svc-300.yaml', manyPortsYaml(300));
		const r = await cli(['iptables', small], { env: { HOPSCOPE_MAX_OUTPUT_BYTES: '50000' } });
		expect(r.status).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe(BUDGET_LINE('49 KB'));
	}, 60_000);

	it('stringifyWithin gives up before building a string past its limit, and is JSON.stringify below it', () => {
		const value = { a: 'x'.repeat(100), b: [1, 2, { c: true }] };
		expect(stringifyWithin(value, 1000)).toBe(JSON.stringify(value));
		expect(stringifyWithin(value, 50)).toBeNull();
		expect(stringifyWithin(undefined, 10)).toBe('null');
	});
});

describe('CLI diagnostics cap', () => {
	// 150 broken documents in each of two files: 300 errors in all
	const dir = scratch();
	const broken = Array.from({ length: 150 }, (_, i) => `a${i}: [\n`).join('---\n');
	const files = [write(dir, 'one.yaml', broken), write(dir, 'two.yaml', broken)];

	it(`trace prints ${MAX_PRINTED_DIAGNOSTICS} error lines, then "… and N more"`, async () => {
		const r = await cli(['trace', 'scenarios/bookinfo.yaml', ...files, '--from', 'deploy/default/productpage-v1', '--to', 'svc/default/reviews', '--port', '9080']);
		expect(r.status).toBe(1);
		const lines = r.stderr.trimEnd().split('\n');
		expect(lines).toHaveLength(MAX_PRINTED_DIAGNOSTICS + 1);
		for (const l of lines.slice(0, -1)) expect(l).toMatch(DIAGNOSTIC_LINE);
		expect(lines.at(-1)).toBe('… and 100 more');
	}, 60_000);

	it('validate text lists the same cap; --json keeps every diagnostic', async () => {
		const text = await cli(['validate', ...files]);
		expect(text.status).toBe(1);
		expect(text.stdout).toContain('\n… and 100 more\n');
		expect(text.stdout.split('\n').filter((l) => / error YAML syntax error/.test(l))).toHaveLength(MAX_PRINTED_DIAGNOSTICS);
		expect(text.stdout).toMatch(/^300 errors, 0 warnings, 0 info$/m);
		const json = await cli(['validate', ...files, '--json']);
		expect(JSON.parse(json.stdout).diagnostics).toHaveLength(300);
	}, 60_000);
});

describe('CLI control characters', () => {
	const ESC_NAME = String.raw`evil\e]0;pwned\a\x9b31m\x7f`;
	const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "${ESC_NAME}"\nspec:\n  nodeName: node-1\n  containers: [{name: c, image: x}]\nstatus:\n  podIP: 10.244.0.9\n---
apiVersion: v1\nkind: Pod\nmetadata:\n  name: "two\\e[2J"\nspec:\n  nodeName: node-1\n  containers: [{name: c, image: x}]\nstatus:\n  podIP: 10.244.0.9\n`;
	const file = write(scratch(), 'evil.yaml', yaml);
	// C0 but tab and newline, DEL, C1
	const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

	it('text output (stdout and stderr) shows them as \\xHH', async () => {
		const v = await cli(['validate', file]);
		expect(v.stdout).not.toMatch(RAW);
		expect(v.stdout).toContain(String.raw`default/evil\x1b]0;pwned\x07\x9b31m\x7f`);
		const t = await cli(['iptables', file]);
		expect(t.status).toBe(1);
		expect(t.stderr).not.toMatch(RAW);
		expect(t.stderr).toBe(`${file}:19:1: error: Pod default/two\\x1b[2J has IP 10.244.0.9, already used by pod default/evil\\x1b]0;pwned\\x07\\x9b31m\\x7f [pod-ip-collision]\n`);
	}, 60_000);

	it('JSON output carries no raw control character and parses back to the exact name', async () => {
		const r = await cli(['validate', file, '--json']);
		expect(r.stdout).not.toMatch(RAW);
		expect(r.stdout).toContain(String.raw`evil\u001b]0;pwned\u0007\u009b31m\u007f`);
		const names = JSON.parse(r.stdout).pods.map((p: { name: string }) => p.name);
		expect(names).toEqual(['evil\x1b]0;pwned\x07\x9b31m\x7f', 'two\x1b[2J']);
	}, 60_000);
});
