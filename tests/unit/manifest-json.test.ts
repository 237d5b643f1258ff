// JSON input goes through JSON.parse and a position scan (manifest/json.ts):
// the same resources, lines and problems as reading the text as YAML.
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/lib/manifest/index';
import { syntheticDump } from '../../src/lib/scenario/synthetic-dump';

describe('JSON fast path', () => {
	it('gives the same resources and field lines as the YAML reader', () => {
		const text = syntheticDump({ pods: 30, podsPerNode: 10, format: 'json' }).text;
		const fast = parseText('d.json', text);
		// a leading comment is not JSON: the same text then goes through the YAML reader, one line lower
		const slow = parseText('d.json', `# yaml\n${text}`);
		expect(fast.diagnostics).toEqual([]);
		expect(fast.resources.length).toBe(slow.resources.length);
		expect(fast.resources.map((r) => r.raw)).toEqual(slow.resources.map((r) => r.raw));
		for (const [i, r] of fast.resources.entries()) {
			expect(r.source.line).toBe(slow.resources[i].source.line - 1);
			const shifted = Object.fromEntries(Object.entries(slow.resources[i].lines).map(([k, v]) => [k, v - 1]));
			expect(r.lines).toEqual(shifted);
		}
	});

	it('points type errors and duplicate keys at their line', () => {
		const text = '{\n "apiVersion": "v1",\n "kind": "Service",\n "metadata": {"name": "a", "name": "b"},\n "spec": {\n  "ports": [{"port": "eighty"}]\n }\n}';
		const r = parseText('s.json', text);
		const at = (code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => [d.line, d.path]);
		expect(at('duplicate-key')).toEqual([[4, 'metadata.name']]);
		expect(r.diagnostics.find((d) => d.path === 'spec.ports.0.port')).toMatchObject({ line: 6, severity: 'error' });
		expect(r.resources[0].name).toBe('b');
	});

	it('invalid JSON is read as YAML and reported with its position', () => {
		const r = parseText('bad.json', '{"apiVersion": "v1",\n "kind": "Pod",\n "metadata": {"name": "x"}');
		expect(r.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', severity: 'error' });
		expect(r.resources).toEqual([]);
	});
});
