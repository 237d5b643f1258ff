// Parsing stays linear: big mappings, one-line lists and deep nesting. The
// time bounds are generous (the CI machine is shared) but far below what the
// quadratic steps took before (a Pod with 100k labels: over 90 s).
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, MAX_NODES, parseText } from '../../src/lib/manifest/index';
import { findExcessNesting } from '../../src/lib/manifest/nesting';

function timed<T>(label: string, f: () => T): { value: T; ms: number } {
	const start = performance.now();
	const value = f();
	const ms = performance.now() - start;
	console.log(`[bench] ${label}: ${Math.round(ms)} ms`);
	return { value, ms };
}

const podWithLabels = (n: number, dupAt = -1) => {
	const lines: string[] = [];
	for (let i = 0; i < n; i++) lines.push(`    l${i === dupAt ? 0 : i}: v${i}`);
	return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n${lines.join('\n')}\nspec:\n  containers: [{name: c, image: nginx}]\n`;
};

describe('linear parsing', () => {
	it('a Pod with 100,000 labels parses in well under 30 s (was over 90 s: a quadratic duplicate-key check)', () => {
		const { value, ms } = timed('Pod with 100,000 labels', () => parseText('pod.yaml', podWithLabels(100_000)));
		expect(value.diagnostics).toEqual([]);
		expect(Object.keys(value.resources[0].labels)).toHaveLength(100_000);
		expect(value.resources[0].lines['metadata.labels.l99999']).toBe(100_005);
		expect(ms).toBeLessThan(30_000);
	}, 60_000);

	it('doubling the labels does not quadruple the time', () => {
		const small = timed('Pod with 20,000 labels', () => parseText('a.yaml', podWithLabels(20_000))).ms;
		const big = timed('Pod with 80,000 labels', () => parseText('b.yaml', podWithLabels(80_000))).ms;
		// linear: ×4 input → about ×4 time; quadratic would be ×16
		expect(big / Math.max(small, 1)).toBeLessThan(10);
	}, 60_000);

	it('still reports a duplicate key, with its line and the last value winning', () => {
		const r = parseText('dup.yaml', podWithLabels(10, 7));
		expect(r.diagnostics.map((d) => [d.code, d.line, d.path, d.message])).toEqual([
			['duplicate-key', 13, 'metadata.labels.l0', 'metadata.labels.l0 is written twice in the same mapping — the last one wins']
		]);
		expect(r.resources[0].labels.l0).toBe('v7');
	});

	it('a one-line list of 400,000 numbers records no line per item and keeps the parent line', () => {
		const nums = Array.from({ length: 400_000 }, (_, i) => i % 10).join(',');
		const text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":[${nums}]}}`;
		const { value, ms } = timed(`one-line list, ${(text.length / 1e6).toFixed(1)} MB`, () => parseText('one.json', text));
		expect(value.resources).toHaveLength(1);
		expect(Object.keys(value.resources[0].lines)).toEqual(['apiVersion', 'kind', 'metadata', 'metadata.name', 'data', 'data.k']);
		expect(ms).toBeLessThan(30_000);
	}, 60_000);

	it('a 5 MB one-line list of 2.5 million numbers is refused before parsing (was 23 s and 3 GB)', () => {
		const nums = Array.from({ length: 2_500_000 }, (_, i) => i % 10).join(',');
		const text = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"k":[${nums}]}}`;
		const { value, ms } = timed('5 MB one-line list, refused', () => parseText('huge.json', text));
		expect(value.resources).toEqual([]);
		expect(value.diagnostics).toEqual([
			{ severity: 'error', code: 'too-many-nodes', file: 'huge.json', line: 1, column: 1_000_061, message: `huge.json holds more than ${MAX_NODES.toLocaleString('en-US')} YAML values (counted up to here) — the file was not read` }
		]);
		expect(ms).toBeLessThan(5_000);
	}, 60_000);

	it('items of a one-line list still point at their column when their value is wrong', () => {
		const r = parseText('np.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}, {port: http}]\n');
		expect(r.diagnostics.map((d) => [d.line, d.column, d.path])).toEqual([[5, 30, 'spec.ports.1.port']]);
	});
});

describe('nesting', () => {
	it('a 10,000-level flow sequence is one diagnostic, not a stack overflow', () => {
		const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  k: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
		const r = parseText('deep.yaml', text);
		expect(r.resources).toEqual([]);
		expect(r.diagnostics).toEqual([
			{ severity: 'error', code: 'too-deep', file: 'deep.yaml', line: 5, column: 260, message: `deep.yaml nests more than ${MAX_NESTING} levels deep here — the file was not read` }
		]);
	});

	it('deep block indentation and `- - -` items count too; quotes, comments and block scalars do not', () => {
		const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
		expect(findExcessNesting(block, MAX_NESTING)).toEqual({ line: 257, column: 257, limit: 'depth' });
		expect(findExcessNesting(`a: ${'- '.repeat(300)}x`, MAX_NESTING)).toBeNull(); // `- ` after a key on one line is a plain scalar
		expect(findExcessNesting(`${'- '.repeat(300)}x`, MAX_NESTING)).toEqual({ line: 1, column: 1, limit: 'depth' });
		expect(findExcessNesting(`a: "${'['.repeat(1000)}"\nb: '${'{'.repeat(1000)}'\n# ${'['.repeat(1000)}\n`, MAX_NESTING)).toBeNull();
		const scalar = `a: |\n${Array.from({ length: 400 }, (_, i) => `  ${' '.repeat(i)}x`).join('\n')}\nb: 1\n`;
		expect(findExcessNesting(scalar, MAX_NESTING)).toBeNull();
		expect(findExcessNesting(`a: x[${'['.repeat(1000)}`, MAX_NESTING)).toBeNull(); // inside a plain scalar
	});

	it('150 levels of ordinary nesting are read', () => {
		let nested = 'leaf';
		for (let i = 0; i < 150; i++) nested = `{k: ${nested}}`;
		const r = parseText('d.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ${nested}\n`);
		expect(r.diagnostics).toEqual([]);
		expect(r.resources).toHaveLength(1);
	});
});
