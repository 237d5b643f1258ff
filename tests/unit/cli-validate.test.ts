import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io';
import { run } from '../../src/cli/commands/validate';

const BOOKINFO = 'tests/fixtures/istio-bookinfo/bookinfo.yaml';
const fixture = (p: string) => readFileSync(p, 'utf8');

describe('validate (in process)', () => {
	it('--json prints exactly one JSON object with the contract fields', async () => {
		const io = memoryIO({ [BOOKINFO]: fixture(BOOKINFO) });
		const code = await run([BOOKINFO, '--json'], io);
		expect(code).toBe(0);
		expect(io.stderr).toBe('');
		expect(io.stdout.trim().split('\n')).toHaveLength(1);
		const out = JSON.parse(io.stdout);
		expect(Object.keys(out)).toEqual(['resources', 'pods', 'services', 'diagnostics', 'findings']);
		expect(out.pods).toHaveLength(6);
		expect(out.services).toHaveLength(4);
		expect(out.resources).toHaveLength(14);
		expect(out.resources[0]).toEqual({ kind: 'Service', namespace: 'default', name: 'details', file: BOOKINFO, line: expect.any(Number) });
		expect(fixture(BOOKINFO).split('\n')[out.resources[0].line - 1]).toMatch(/^apiVersion: v1/);
		for (const p of out.pods) expect(Object.keys(p).sort()).toEqual(['ip', 'name', 'namespace', 'node']);
		const reviews = out.services.find((s: { name: string }) => s.name === 'reviews');
		expect(reviews.type).toBe('ClusterIP');
		expect(reviews.clusterIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
		expect(reviews.endpoints).toHaveLength(3);
		for (const e of reviews.endpoints) expect(e).toMatch(/^10\.244\.\d+\.\d+:9080$/);
	});

	it('reports diagnostics with file, line and severity; errors exit 1', async () => {
		const bad = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: "eighty"\n---\nkind: [\n';
		const io = memoryIO({ 'bad.yaml': bad });
		const code = await run(['--json', 'bad.yaml'], io);
		expect(code).toBe(1);
		const out = JSON.parse(io.stdout);
		expect(out.diagnostics.length).toBeGreaterThan(0);
		for (const d of out.diagnostics) {
			expect(d.file).toBe('bad.yaml');
			expect(d.line).toBeGreaterThanOrEqual(1);
			expect(['error', 'warning', 'info']).toContain(d.severity);
			expect(typeof d.message).toBe('string');
		}
		expect(out.diagnostics.some((d: { severity: string }) => d.severity === 'error')).toBe(true);
	});

	it('a missing file is an error diagnostic naming it, and the others still load', async () => {
		const io = memoryIO({ [BOOKINFO]: fixture(BOOKINFO) });
		const code = await run([BOOKINFO, 'nope.yaml', '--json'], io);
		expect(code).toBe(1);
		const out = JSON.parse(io.stdout);
		expect(out.pods).toHaveLength(6);
		expect(out.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', file: 'nope.yaml', code: 'file-not-found' }));
		expect(out.diagnostics.find((d: { file: string }) => d.file === 'nope.yaml').message).toContain('nope.yaml');
	});

	it('text output: counts by kind, pods per node, Services, editor-style diagnostics', async () => {
		const slide = fixture('scenarios/ingress-slide-bug.yaml');
		const io = memoryIO({ 'slide.yaml': slide });
		const code = await run(['slide.yaml'], io);
		expect(code).toBe(0); // the port mismatch is a warning
		const out = io.stdout;
		expect(out).toMatch(/^Loaded 1 file, 4 resources — scenario "Spot the bug/);
		expect(out).toMatch(/^ {2}Deployment {2,}1$/m);
		expect(out).toMatch(/^Pods per node$/m);
		expect(out).toMatch(/^ {2}node-1 +192\.168\.49\.2 +10\.244\.0\.0\/24 +\d pods?$/m);
		expect(out).toMatch(/^ {2}default +nginx-service +ClusterIP +10\.\d+\.\d+\.\d+ +8000→80\/TCP +10\.244\.\d+\.\d+:80 /m);
		const servicePortLine = slide.split('\n').findIndex((l) => /servicePort: 80$/.test(l)) + 1;
		expect(out).toContain(`slide.yaml:${servicePortLine}:`);
		expect(out).toMatch(new RegExp(`^slide\\.yaml:${servicePortLine}:\\d+ warning .*8000`, 'm'));
		expect(out.trimEnd().split('\n').at(-1)).toMatch(/^0 errors, 1 warning, 1 info$/);
		// aligned: every line of the Services table has the same column starts
		const rows = out.split('\n').filter((l) => /^ {2}(NAMESPACE|default) /.test(l));
		expect(new Set(rows.map((l) => l.indexOf(l.includes('NAMESPACE') ? 'TYPE' : 'ClusterIP'))).size).toBe(1);
	});

	it.each([
		[[], /no files given/],
		[['--frobnicate', 'a.yaml'], /unknown option '--frobnicate'/]
	])('usage errors exit 2 (%j)', async (argv, msg) => {
		const io = memoryIO({});
		expect(await run(argv as string[], io)).toBe(2);
		expect(io.stdout).toBe('');
		expect(io.stderr).toMatch(msg);
		expect(io.stderr).toMatch(/Usage:/);
	});

	it('--help prints usage and exits 0', async () => {
		const io = memoryIO({});
		expect(await run(['--help'], io)).toBe(0);
		expect(io.stdout).toMatch(/^Usage: npm run --silent cli -- validate/);
	});
});

describe('validate (child process)', () => {
	it('npm run --silent cli -- validate bookinfo.yaml --json', () => {
		const stdout = execFileSync('npm', ['run', '--silent', 'cli', '--', 'validate', BOOKINFO, '--json'], {
			encoding: 'utf8',
			timeout: 60_000
		});
		const out = JSON.parse(stdout);
		expect(out.pods).toHaveLength(6);
		expect(out.services).toHaveLength(4);
	}, 70_000);

	it('exit codes: 1 for a missing file, 2 for no files', () => {
		const missing = spawnSync('npm', ['run', '--silent', 'cli', '--', 'validate', 'does/not/exist.yaml', '--json'], { encoding: 'utf8', timeout: 60_000 });
		expect(missing.status).toBe(1);
		expect(JSON.parse(missing.stdout).diagnostics[0]).toMatchObject({ severity: 'error', file: 'does/not/exist.yaml', code: 'file-not-found' });
		const usage = spawnSync('npm', ['run', '--silent', 'cli', '--', 'validate'], { encoding: 'utf8', timeout: 60_000 });
		expect(usage.status).toBe(2);
		expect(usage.stdout).toBe('');
	}, 130_000);
});

describe('validate: configuration findings', () => {
	it('reports mesh findings with code and line, and --silence drops a code', async () => {
		const { readFileSync } = await import('node:fs');
		const { run } = await import('../../src/cli/commands/validate');
		const { memoryIO } = await import('../../src/cli/io');
		const name = 'scenarios/istio-ab-header-slide-bug.yaml';
		const text = readFileSync(name, 'utf8');
		const io = memoryIO({ [name]: text });
		const code = await run([name, '--json'], io);
		const out = JSON.parse(io.stdout);
		const codes = out.findings.map((f: { code: string }) => f.code);
		expect(codes).toContain('HS-M001');
		const weights = out.findings.find((f: { code: string }) => f.code === 'HS-M001');
		expect(text.split('\n')[weights.line - 1]).toMatch(/weight|route|http/);
		expect(code).toBe(out.findings.some((f: { severity: string }) => f.severity === 'error') ? 1 : 0);
		const io2 = memoryIO({ [name]: text });
		await run([name, '--json', '--silence', 'HS-M001'], io2);
		expect(JSON.parse(io2.stdout).findings.map((f: { code: string }) => f.code)).not.toContain('HS-M001');
	});
});
