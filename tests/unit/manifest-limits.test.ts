// Limits against hostile input: size, alias bombs, document and object counts,
// deep nesting, floods of errors. Each refuses with a diagnostic, never a hang or a throw.
import { describe, expect, it } from 'vitest';
import {
	MAX_ALIAS_COUNT,
	MAX_DIAGNOSTICS_PER_FILE,
	MAX_DOCUMENTS,
	MAX_FILE_BYTES,
	MAX_RESOURCES,
	MAX_TOTAL_BYTES,
	parseFiles,
	parseText
} from '../../src/lib/manifest';
import { formatBytes, utf8Length } from '../../src/lib/manifest/limits';

const brief = (r: ReturnType<typeof parseText>) => r.diagnostics.map((d) => `${d.file} ${d.severity} ${d.code} ${d.line}:${d.column}`);

describe('documented limits', () => {
	it('have the values the README cites', () => {
		expect([MAX_FILE_BYTES, MAX_TOTAL_BYTES, MAX_ALIAS_COUNT, MAX_DOCUMENTS, MAX_RESOURCES]).toEqual([
			10 * 1024 * 1024,
			20 * 1024 * 1024,
			100,
			20_000,
			20_000
		]);
		expect(formatBytes(MAX_FILE_BYTES)).toBe('10 MB');
	});

	it('counts UTF-8 bytes, not UTF-16 units', () => {
		expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
		expect(utf8Length('\ud800x')).toBe(3 + 1);
	});
});

describe('size', () => {
	it('refuses a file over 10 MB before parsing', () => {
		const start = performance.now();
		const r = parseText('huge.yaml', 'a'.repeat(MAX_FILE_BYTES + 1));
		expect(performance.now() - start).toBeLessThan(1000);
		expect(r.resources).toEqual([]);
		expect(brief(r)).toEqual(['huge.yaml error too-large 1:1']);
		expect(r.diagnostics[0].message).toBe('huge.yaml is larger than 10 MB (the limit per file) — not read');
	});

	it('counts bytes: 4 M three-byte characters are 12 MB', () => {
		const r = parseText('wide.yaml', '€'.repeat(4 * 1024 * 1024));
		expect(brief(r)).toEqual(['wide.yaml error too-large 1:1']);
	});

	it('refuses files that take the total over 20 MB, and still reads the others', () => {
		const filler = '#'.repeat(9 * 1024 * 1024);
		const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n';
		const r = parseFiles([
			{ name: 'a.yaml', text: filler },
			{ name: 'b.yaml', text: filler },
			{ name: 'c.yaml', text: filler },
			{ name: 'd.yaml', text: small }
		]);
		expect(r.resources.map((x) => `${x.source.file} ${x.name}`)).toEqual(['d.yaml small']);
		expect(brief(r).filter((d) => !d.includes(' empty '))).toEqual(['c.yaml error too-large 1:1']);
		expect(r.diagnostics.find((d) => d.code === 'too-large')?.message).toBe(
			'all files together are larger than 20 MB (the limit per input) — c.yaml was not read'
		);
	}, 20_000);
});

describe('alias bombs', () => {
	const laughs = () => {
		const lines = ['lol0: &lol0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
		for (let i = 1; i <= 9; i++) lines.push(`lol${i}: &lol${i} [${Array(10).fill(`*lol${i - 1}`).join(',')}]`);
		return lines.join('\n') + '\n';
	};

	it('a classic billion laughs document is refused in well under a second', () => {
		const start = performance.now();
		const r = parseText('bomb.yaml', laughs());
		expect(performance.now() - start).toBeLessThan(500);
		expect(r.resources).toEqual([]);
		expect(brief(r)).toEqual(['bomb.yaml error alias-bomb 2:14']);
		expect(r.diagnostics[0].message).toBe(
			'this document repeats YAML aliases (*name) more than 100 times, which looks like a "billion laughs" attack — refused'
		);
	});

	it('a bomb inside a ConfigMap does not stop the next document', () => {
		const bomb = laughs().trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
		const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${bomb}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n`;
		const r = parseText('b.yaml', text);
		expect(r.resources.map((x) => x.name)).toEqual(['fine']);
		expect(brief(r)).toEqual(['b.yaml error alias-bomb 6:16']);
	});

	// found by the fuzzer (tests/fuzz/regressions/hang-alias-cycle.yaml): it made
	// the regex check walk a cyclic value until the heap ran out
	it('an anchor that contains an alias of itself is refused at the alias, and the next document loads', () => {
		const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata:\n  x: &a [1, *a]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n';
		const r = parseText('loop.yaml', text);
		expect(r.resources.map((x) => x.name)).toEqual(['fine']);
		expect(brief(r)).toEqual(['loop.yaml error yaml-alias-cycle 5:13']);
		expect(r.diagnostics[0].message).toBe('YAML anchor &a contains an alias of itself (*a), a value that never ends — this document was skipped');
		const nested = parseText('nested.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\ndata: &top\n  x: {y: [*top]}\n');
		expect(brief(nested)).toEqual(['nested.yaml error yaml-alias-cycle 5:11']);
	});

	it('a few honest aliases are fine', () => {
		const r = parseText('ok.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  labels: &l {app: web}\n  annotations: *l\n');
		expect(r.diagnostics).toEqual([]);
		expect(r.resources[0].annotations).toEqual({ app: 'web' });
	});
});

describe('counts', () => {
	it(`stops after ${MAX_DOCUMENTS} documents with an error where it stopped`, () => {
		const doc = (i: number) => `apiVersion: v1\nkind: A\nmetadata: {name: a${i}}\n`;
		const text = Array.from({ length: MAX_DOCUMENTS + 5 }, (_, i) => doc(i)).join('---\n');
		const r = parseText('many.yaml', text);
		expect(r.resources).toHaveLength(MAX_DOCUMENTS);
		expect(brief(r)).toEqual([`many.yaml error too-many-documents ${MAX_DOCUMENTS * 4}:1`]);
	}, 30_000);

	it(`reads at most ${MAX_RESOURCES} objects, List items included`, () => {
		const items = Array.from({ length: MAX_RESOURCES + 2 }, (_, i) => `- {apiVersion: v1, kind: A, metadata: {name: a${i}}}`);
		const r = parseText('list.yaml', `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`);
		expect(r.resources).toHaveLength(MAX_RESOURCES);
		expect(brief(r)).toEqual([`list.yaml error too-many-resources ${MAX_RESOURCES + 4}:3`]);
	}, 30_000);

	it(`shows at most ${MAX_DIAGNOSTICS_PER_FILE} diagnostics per file, then one summary`, () => {
		const text = Array.from({ length: 250 }, () => '- x').join('\n');
		const r = parseText('flood.yaml', text);
		expect(r.diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE + 1);
		expect(r.diagnostics.at(-1)).toEqual({
			severity: 'error',
			code: 'too-many-problems',
			file: 'flood.yaml',
			line: 201,
			column: 3,
			message: '… and 50 more problems in flood.yaml are not shown'
		});
	});
});

describe('nesting', () => {
	it('a very deeply nested document is an error, not a crash', () => {
		const r = parseText('deep.yaml', 'a: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n');
		expect(r.resources).toEqual([]);
		expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['too-deep', 'error', 1]]);
	}, 20_000);

	it('fields deeper than MAX_DEPTH fall back to an ancestor line', () => {
		let nested = 'leaf';
		for (let i = 0; i < 150; i++) nested = `{k: ${nested}}`;
		const r = parseText('d.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ${nested}\n`);
		expect(r.diagnostics).toEqual([]);
		const deepest = Object.keys(r.resources[0].lines).reduce((a, b) => (b.length > a.length ? b : a));
		expect(deepest.split('.').length).toBe(129);
	});
});
