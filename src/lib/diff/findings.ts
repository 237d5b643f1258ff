// Findings (and diagnostics) that appear or disappear. A finding is the same
// one in both versions when its code, resource and message agree: its line
// and file may move (the two versions are often two files).
import type { Finding } from '../manifest';
import type { FindingChange } from './types';
import { byText } from './keys';

const keyOf = (f: Finding): string => `${f.code}\u0000${f.ref ? `${f.ref.kind}/${f.ref.namespace}/${f.ref.name}` : ''}\u0000${f.message}`;

export function diffFindings(before: Finding[], after: Finding[]): FindingChange[] {
	const a = counts(before);
	const b = counts(after);
	const out: FindingChange[] = [];
	const push = (change: FindingChange['change'], f: Finding) =>
		out.push({ change, code: f.code, severity: f.severity, message: f.message, file: f.file, line: f.line, ...(f.ref ? { ref: f.ref } : {}) });
	// as many copies as one side has more than the other
	for (const [k, fs] of a) for (const f of fs.slice(b.get(k)?.length ?? 0)) push('disappeared', f);
	for (const [k, fs] of b) for (const f of fs.slice(a.get(k)?.length ?? 0)) push('appeared', f);
	return out.sort((x, y) => byText(x.change, y.change) || byText(x.code, y.code) || byText(x.message, y.message) || byText(x.file, y.file) || x.line - y.line);
}

function counts(fs: Finding[]): Map<string, Finding[]> {
	const m = new Map<string, Finding[]>();
	for (const f of fs) {
		const k = keyOf(f);
		const list = m.get(k);
		if (list) list.push(f);
		else m.set(k, [f]);
	}
	return m;
}
