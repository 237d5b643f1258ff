// Issue "Trust: bounded work on any input": one set of exit statuses for every
// command — 0 ok, 1 errors in the input, 2 usage, 3 internal error — and every
// diagnostic printed with a file and a line. Run through the real CLI entry.
import { describe, expect, it } from 'vitest';
import { cli, DIAGNOSTIC_LINE, scratch, write } from './cli-helpers';

const B = 'scenarios/bookinfo.yaml';
const COMMANDS: Record<string, string[]> = {
	trace: ['--from', 'deploy/default/productpage-v1', '--to', 'svc/default/reviews', '--port', '9080'],
	route: ['--host', 'reviews'],
	simulate: ['--target', 'reviews', '--duration', '2s'],
	iptables: [],
	validate: []
};

describe('CLI exit status', () => {
	const broken = write(scratch(), 'broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: [\n');

	it.each(Object.keys(COMMANDS))('%s: 0 on a clean input', async (cmd) => {
		const r = await cli([cmd, B, ...COMMANDS[cmd]]);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout.length).toBeGreaterThan(0);
	}, 60_000);

	it('validate: 1 when the input has error diagnostics, listed as FILE:LINE:COL', async () => {
		const r = await cli(['validate', B, broken]);
		expect(r.status).toBe(1);
		expect(r.stdout).toContain(`${broken}:7:1 error YAML syntax error`);
	}, 60_000);

	it.each(['trace', 'route', 'simulate', 'iptables'])('%s: 1 when the input has error diagnostics, each printed as FILE:LINE', async (cmd) => {
		const r = await cli([cmd, B, broken, ...COMMANDS[cmd]]);
		expect(r.status).toBe(1);
		// the command still did its work on what loaded
		expect(r.stdout.length).toBeGreaterThan(0);
		const lines = r.stderr.trimEnd().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(DIAGNOSTIC_LINE);
		expect(lines[0].match(DIAGNOSTIC_LINE)!.groups).toMatchObject({ file: broken, severity: 'error' });
	}, 60_000);

	it.each(Object.keys(COMMANDS))('%s: 2 on a usage error', async (cmd) => {
		const r = await cli([cmd, B, ...COMMANDS[cmd], '--no-such-option']);
		expect(r.status).toBe(2);
		// route reads every option's value first, so it complains that the value is missing
		expect(r.stderr).toMatch(/^hopscope \w+: (unknown option '--no-such-option'|--no-such-option needs a value)\n/);
		expect(r.stdout).toBe('');
	}, 60_000);

	it('2 for an unknown command or none', async () => {
		expect((await cli(['frobnicate'])).status).toBe(2);
		expect((await cli([])).status).toBe(2);
		expect((await cli(['--help'])).status).toBe(0);
	}, 60_000);

	it('3 on an internal error: one line, no stack; --debug adds the stack', async () => {
		const preload = ['--import', './tests/fixtures/cli/fault-stdout.mjs'];
		const r = await cli(['iptables', B], { preload });
		expect(r.status).toBe(3);
		expect(r.stderr).toBe('hopscope: internal error: TypeError: injected fault (run with --debug for the stack)\n');
		const d = await cli(['iptables', B, '--debug'], { preload });
		expect(d.status).toBe(3);
		expect(d.stderr.split('\n')[0]).toBe('hopscope: internal error: TypeError: injected fault');
		expect(d.stderr).toMatch(/^ {4}at .*fault-stdout\.mjs/m);
	}, 60_000);

	it('simulate: an unknown --target is placed at line 1 of the first file, never :0: without a file', async () => {
		const r = await cli(['simulate', B, '--target', 'nope', '--duration', '1s']);
		expect(r.status).toBe(1);
		expect(r.stderr).toBe(`${B}:1: error: no Service matches --target 'nope' [resilience-unknown-target]\n`);
	}, 60_000);

	it('a YAML merge key (<<) on a scalar is a yaml-merge error at the key, not an internal one', async () => {
		const f = write(scratch(), 'merge.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  <<: [1, 2]\n');
		const r = await cli(['validate', f, '--json']);
		expect(r.status).toBe(1);
		const [d] = JSON.parse(r.stdout).diagnostics;
		expect(d).toMatchObject({ severity: 'error', code: 'yaml-merge', file: f, line: 6, column: 3 });
		expect(d.message).toMatch(/merge key \(<<\) must point to a mapping/);
	}, 60_000);

	it("a scenario step whose flow is a mapping says so, not '[object Object]'", async () => {
		const header = `apiVersion: hopscope/v1\nkind: Scenario\nmetadata:\n  name: s\nspec:\n  title: t\n  steps:\n    - title: one\n      flow: {name: x}\n`;
		const f = write(scratch(), 'steps.yaml', header);
		const r = await cli(['validate', f]);
		expect(r.stdout).not.toContain('[object Object]');
		expect(r.stdout).toMatch(/step 'one': flow must be the name of one of spec\.flows, not a mapping/);
	}, 60_000);
});
