// One way to cut a flood of diagnostics down: keep the first `max`, then one
// "… and N more" entry with the worst severity of the rest, placed where the
// first dropped one was. Used per document, per file and per parse here, and
// per resource and per cluster by the model.
import type { Diagnostic, Severity } from './types';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The summary line for `count` dropped diagnostics, the first at `first`. */
export function moreProblems(first: Diagnostic, count: number, worst: Severity, scope: string): Diagnostic {
	return {
		severity: worst,
		code: 'too-many-problems',
		file: first.file,
		line: first.line,
		column: first.column,
		message: `… and ${count} more ${count === 1 ? 'problem' : 'problems'} ${scope} ${count === 1 ? 'is' : 'are'} not shown`
	};
}

/** At most `max` diagnostics plus one summary; `scope` reads "in web.yaml", "in this document". */
export function capDiagnostics(list: Diagnostic[], max: number, scope: string): Diagnostic[] {
	if (list.length <= max) return list;
	const kept = list.slice(0, max);
	let worst: Severity = 'info';
	for (let i = max; i < list.length; i++) if (RANK[list[i].severity] > RANK[worst]) worst = list[i].severity;
	kept.push(moreProblems(list[max], list.length - max, worst, scope));
	return kept;
}

/** Worse of two severities. */
export function worse(a: Severity, b: Severity): Severity {
	return RANK[b] > RANK[a] ? b : a;
}
