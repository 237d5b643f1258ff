// Issue 12 §3: `diff BEFORE… -- AFTER… [--json] [--flow …]` — the JSON shape,
// exit 4 when a flow's verdict changes (CI on pull requests), `--` parsing,
// directories on either side.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io';
import { run, parseFlow } from '../../src/cli/commands/diff';
import { cli, scratch, write } from './cli-helpers';

const B = 'tests/data/diff/before.yaml';
const A = 'tests/data/diff/after.yaml';
const files = { [B]: readFileSync(B, 'utf8'), [A]: readFileSync(A, 'utf8') };

describe('diff (in process)', () => {
	it('--json prints one object: inputs, each section, the flow selection and a summary', async () => {
		const io = memoryIO(files);
		const code = await run([B, '--', A, '--json'], io);
		expect(code).toBe(4);
		expect(io.stderr).toBe('');
		expect(io.stdout.trim().split('\n')).toHaveLength(1);
		const out = JSON.parse(io.stdout);
		expect(Object.keys(out)).toEqual(['before', 'after', 'resources', 'endpoints', 'flows', 'flowSelection', 'routes', 'reach', 'findings', 'summary']);
		expect(out.before).toEqual([B]);
		expect(out.after).toEqual([A]);
		expect(out.summary).toEqual({ added: 1, removed: 0, changed: 2, endpoints: 1, flows: 4, verdictsChanged: 4, routes: 1, reach: 0, findingsAppeared: 2, findingsDisappeared: 0 });
		expect(out.routes[0].splits).toEqual([
			{ destination: 'web.default.svc.cluster.local subset v1', before: 90, after: 50 },
			{ destination: 'web.default.svc.cluster.local subset v2', before: 10, after: 50 }
		]);
		expect(out.reach).toEqual([]);
	});

	it('text: a section per change class, the field paths, the shares and the verdict change', async () => {
		const io = memoryIO(files);
		expect(await run([B, '--', A], io)).toBe(4);
		const t = io.stdout;
		expect(t.split('\n')[0]).toBe('diff: 1 file before, 1 file after — 1 added, 0 removed, 2 changed; 4 flows compared (auto), 4 verdicts changed');
		expect(t).toContain('\nResources\n  + ConfigMap default/web-config  (tests/data/diff/after.yaml:91)\n  ~ Service default/web  (tests/data/diff/after.yaml:55)\n      spec.selector.app: "web" → "webapp"\n');
		expect(t).toContain('      spec.http[0].route[1].weight: 10 → 50\n');
		expect(t).toContain('\nService endpoints\n  ~ default/web: 3 → 0\n');
		expect(t).toContain('\n  ! default/client → default/web:80\n      delivered → rejected: REJECT: the Service has no endpoints');
		expect(t).toContain('\nIstio routes (share of each rule)\n  ~ web.default.svc.cluster.local  http match (any)  (VirtualService default/web)\n      web.default.svc.cluster.local subset v1  90% → 50%\n      web.default.svc.cluster.local subset v2  10% → 50%\n');
		expect(t).toContain('\nFindings\n  + tests/data/diff/after.yaml:72: warning: subset \'v1\'');
		expect(t.trimEnd().split('\n').pop()).toBe('4 flows changed verdict');
	});

	it('exit 0 when nothing changed a verdict, even with a changed split', async () => {
		const io = memoryIO({ ...files, 'split.yaml': files[B].replace('weight: 90', 'weight: 70').replace('weight: 10', 'weight: 30') });
		expect(await run([B, '--', 'split.yaml', '--flow', 'pod/default/client->svc/default/web:80'], io)).toBe(0);
		expect(io.stdout).toContain('web.default.svc.cluster.local subset v2  10% → 30%');
		expect(io.stdout).toContain('1 flow compared (given)');
		expect(io.stdout.trimEnd().split('\n').pop()).toBe('no flow changed its verdict');
	});

	it('--flow: only the given flows are compared (options on either side of --)', async () => {
		const io = memoryIO(files);
		expect(await run(['--flow', 'pod/default/client->svc/default/web:80/TCP', B, '--', A, '--json'], io)).toBe(4);
		const out = JSON.parse(io.stdout);
		expect(out.flowSelection).toEqual({ source: 'given', candidates: 1, truncated: false, compared: 1 });
		expect(out.flows.map((f: { name: string; port: number; protocol: string }) => [f.name, f.port, f.protocol])).toEqual([['pod/default/client->svc/default/web:80/TCP', 80, 'TCP']]);
	});

	it('usage errors exit 2: no --, an empty side, a malformed --flow, a second --', async () => {
		const cases: [string[], string][] = [
			[[B, A], "separate the two versions with '--'"],
			[['--', A], 'no BEFORE files given'],
			[[B, '--'], 'no AFTER files given'],
			[[B, '--', A, '--flow', 'pod/default/client'], "--flow 'pod/default/client': write FROM->TO[:PORT]"],
			[[B, '--', A, '--flow', 'pod/default/client->nope:80'], "TO 'nope' is not a REF"],
			[[B, '--', A, '--', A], "unknown option '--'"],
			[[B, '--', A, '--bogus'], "unknown option '--bogus'"]
		];
		for (const [argv, message] of cases) {
			const io = memoryIO(files);
			expect(await run(argv, io)).toBe(2);
			expect(io.stderr).toContain(message);
		}
	});

	it('parseFlow: a port and protocol on TO; a url/ target keeps its own port', () => {
		expect(parseFlow('pod/default/a->svc/default/b:8080/udp')).toEqual({ name: 'pod/default/a->svc/default/b:8080/udp', from: 'pod/default/a', to: 'svc/default/b', port: 8080, protocol: 'UDP' });
		expect(parseFlow('external/203.0.113.7->url/http://web.example:8080/x')).toEqual({ name: 'external/203.0.113.7->url/http://web.example:8080/x', from: 'external/203.0.113.7', to: 'url/http://web.example:8080/x' });
		expect(parseFlow('pod/default/a->svc/default/b:70000')).toMatch(/port 70000 is not 1-65535/);
	});

	it('an unreadable file exits 1', async () => {
		const io = memoryIO(files);
		expect(await run([B, '--', 'missing.yaml'], io)).toBe(1);
		expect(io.stderr).toContain('file not found: missing.yaml');
	});
});

describe('diff (real entry)', () => {
	it('directories on both sides; exit 4 on a verdict change, 0 on the same manifests', async () => {
		const before = scratch();
		const after = scratch();
		write(before, 'app.yaml', files[B]);
		write(before, 'notes.txt', 'not a manifest');
		write(after, 'app.yaml', files[A]);
		const changed = await cli(['diff', before, '--', after]);
		expect(changed.stderr).toBe('');
		expect(changed.status).toBe(4);
		expect(changed.stdout).toMatch(/^diff: 1 file before, 1 file after/);
		const same = await cli(['diff', before, '--', `${before}/app.yaml`, '--json']);
		expect(same.status).toBe(0);
		expect(JSON.parse(same.stdout).summary.verdictsChanged).toBe(0);
		const empty = await cli(['diff', scratch(), '--', after]);
		expect(empty.status).toBe(1);
		expect(empty.stderr).toMatch(/holds no \.yaml, \.yml or \.json files/);
	}, 60_000);
});
