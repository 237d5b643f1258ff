import { describe, expect, it } from 'vitest';
import { problemRange, problemsOf } from '../../src/lib/ui/editor/problems';
import { clampWidth } from '../../src/lib/ui/editor/prefs';
import type { Diagnostic, Finding } from '../../src/lib/manifest';

const text = 'apiVersion: v1\nkind: Service\n\nmetadata: {}';
const lines = text.split('\n');
const lineAt = (n: number) => {
	const from = lines.slice(0, n - 1).reduce((a, l) => a + l.length + 1, 0);
	return { from, to: from + lines[n - 1].length };
};

describe('editor problems (the lint gutter)', () => {
	it('takes the diagnostics and findings of one file, findings marking from column 1', () => {
		const d: Diagnostic[] = [
			{ severity: 'error', code: 'yaml-syntax', file: 'a.yaml', line: 2, column: 7, message: 'bad' },
			{ severity: 'warning', code: 'x', file: 'b.yaml', line: 1, column: 1, message: 'other file' }
		];
		const f = [{ severity: 'warning', code: 'HS-M001', file: 'a.yaml', line: 4, message: 'weights add up to 200' } as Finding];
		expect(problemsOf('a.yaml', d, f)).toEqual([
			{ line: 2, column: 7, severity: 'error', message: 'bad', code: 'yaml-syntax' },
			{ line: 4, column: 1, severity: 'warning', message: 'weights add up to 200', code: 'HS-M001' }
		]);
	});

	it('maps a problem to its column through the end of its line, clamped to the text', () => {
		const p = { column: 7, severity: 'error', message: '', code: '' } as const;
		expect(problemRange({ ...p, line: 2 }, lineAt, lines.length)).toEqual({ from: 21, to: 28 });
		expect(text.slice(21, 28)).toBe('Service');
		// an empty line: zero width at its start; a line past the end: the last line
		expect(problemRange({ ...p, line: 3 }, lineAt, lines.length)).toEqual({ from: 29, to: 29 });
		expect(problemRange({ ...p, line: 99, column: 1 }, lineAt, lines.length)).toEqual(lineAt(4));
		expect(problemRange({ ...p, line: 0, column: 500 }, lineAt, lines.length)).toEqual({ from: 14, to: 14 });
	});

	it('keeps the panel between 280 px and 70 % of the window', () => {
		expect(clampWidth(100, 1400)).toBe(280);
		expect(clampWidth(600, 1400)).toBe(600);
		expect(clampWidth(2000, 1400)).toBe(980);
	});
});
