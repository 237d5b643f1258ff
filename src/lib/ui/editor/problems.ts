// Diagnostics (the input's problems) and findings (what the config does wrong)
// as one list of editor problems for one file: what the lint gutter marks.
// Pure, so the mapping from file:line:column to the gutter is tested without
// a browser.
import type { Diagnostic, Finding } from '../../manifest';

export interface Problem {
	/** 1-based */
	line: number;
	/** 1-based; a finding marks the whole line */
	column: number;
	severity: 'error' | 'warning' | 'info';
	message: string;
	code: string;
}

export function problemsOf(file: string, diagnostics: Diagnostic[], findings: Finding[]): Problem[] {
	return [
		...diagnostics.filter((d) => d.file === file).map((d) => ({ line: d.line, column: d.column || 1, severity: d.severity, message: d.message, code: d.code })),
		...findings.filter((f) => f.file === file).map((f) => ({ line: f.line, column: 1, severity: f.severity, message: f.message, code: f.code }))
	];
}

/** A problem's range in a text given as line lengths (the editor's doc): from its column to the end of its line. */
export function problemRange(p: Problem, lineStart: (n: number) => { from: number; to: number }, lines: number): { from: number; to: number } {
	const l = lineStart(Math.min(Math.max(1, p.line | 0), Math.max(1, lines)));
	const from = Math.min(l.from + Math.max(0, (p.column | 0) - 1), l.to);
	// an empty stretch still gets a marker: CodeMirror draws zero-width diagnostics at their position
	return { from, to: l.to };
}
