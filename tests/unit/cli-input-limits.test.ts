// Issue "Trust: bounded work on any input": input size is checked with stat
// before reading, only regular files are read, standard input (`-`) has a
// running byte cap. Limits from src/lib/manifest/limits.ts. Real CLI entry.
import { openSync, closeSync, ftruncateSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from './cli-helpers';
import { memoryIO } from '../../src/cli/io';
import { readInputs } from '../../src/cli/inputs';
import { MAX_FILE_BYTES, MAX_TOTAL_BYTES } from '../../src/lib/manifest/limits';

const B = 'scenarios/bookinfo.yaml';

/** A sparse file of `bytes` zero bytes: stat reports the size, nothing is written. */
function sparse(bytes: number): string {
	const p = join(scratch(), `sparse-${bytes}.yaml`);
	const fd = openSync(p, 'w');
	ftruncateSync(fd, bytes);
	closeSync(fd);
	return p;
}

describe('CLI input limits', () => {
	it.each([
		['/dev/zero', "it is a character device, not a regular file (use '-' to read standard input)"],
		['/dev/null', "it is a character device, not a regular file (use '-' to read standard input)"],
		['tests', 'it is a directory, not a regular file']
	])('%s is refused without reading it', async (path, why) => {
		const r = await cli(['validate', path, '--json']);
		expect(r.status).toBe(1);
		expect(r.ms).toBeLessThan(30_000);
		const [d] = JSON.parse(r.stdout).diagnostics;
		expect(d).toMatchObject({ severity: 'error', code: 'not-a-file', file: path, line: 1, column: 1 });
		expect(d.message).toBe(`${path} was not read: ${why}`);
	}, 60_000);

	it('a file over 10 MB is refused from its size alone; the other files still load', async () => {
		const big = sparse(MAX_FILE_BYTES + 1);
		const r = await cli(['validate', big, B, '--json']);
		expect(r.status).toBe(1);
		const out = JSON.parse(r.stdout);
		expect(out.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'too-large', file: big, message: `${big} is larger than 10 MB (the limit per file) — not read` })
		);
		expect(out.pods).toHaveLength(6);
	}, 60_000);

	it('the other commands stop on an oversized file with exit 1 and one line', async () => {
		const big = sparse(MAX_FILE_BYTES + 1);
		const r = await cli(['iptables', B, big]);
		expect(r.status).toBe(1);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe(`hopscope iptables: ${big} is larger than 10 MB (the limit per file) — not read\n`);
	}, 60_000);

	it('standard input (-) is read, with the same limit as a file', async () => {
		const ok = await cli(['validate', '-', '--json'], { input: readFileSync(B) });
		expect(ok.status).toBe(0);
		const out = JSON.parse(ok.stdout);
		expect(out.pods).toHaveLength(6);
		expect(out.resources[0].file).toBe('(stdin)');

		const flood = await cli(['validate', '-', '--json'], { input: Buffer.alloc(MAX_FILE_BYTES + 4096, 0x20) });
		expect(flood.status).toBe(1);
		expect(JSON.parse(flood.stdout).diagnostics).toEqual([
			expect.objectContaining({ code: 'too-large', file: '(stdin)', message: 'standard input is larger than 10 MB (the limit per file) — not read' })
		]);
	}, 60_000);

	it('all files together are held to 20 MB: the file that passes the total is refused', () => {
		const nine = 'x'.repeat(9 * 1024 * 1024);
		const io = memoryIO({ a: nine, b: nine, c: nine });
		const read = readInputs(['a', 'b', 'c'], io);
		expect(read.files.map((f) => f.name)).toEqual(['a', 'b']);
		expect(MAX_TOTAL_BYTES).toBe(20 * 1024 * 1024);
		expect(read.diagnostics).toEqual([
			expect.objectContaining({ code: 'too-large', file: 'c', message: 'all files together are larger than 20 MB (the limit per input) — c was not read' })
		]);
	});
});
