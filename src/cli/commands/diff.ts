// `hopscope diff BEFORE… -- AFTER… [--json] [--flow FROM->TO[:PORT[/PROTO]]]…`:
// what a change to the manifests does (src/lib/diff): resources added,
// removed and changed (with field paths), Service endpoints, flows whose
// verdict or path changes, Istio split percentages per host, findings that
// appear or disappear. Either side may name files and directories.
// Exit status: 4 when a compared flow's verdict changed (for CI on pull
// requests), 1 errors in the input, 2 usage, 3 internal error, else 0.
import type { CliIO } from '../io';
import type { InputFile } from '../../lib/manifest';
import { parseRef } from '../../lib/model';
import { loadVersion } from '../../lib/scenario';
import { diffVersions, formatField, type DiffReport, type NamedFlow } from '../../lib/diff';
import { helpOrUsageError, parseArgs, usageError, type ParsedArgs } from '../args';
import { inputName, readInputs } from '../inputs';
import { report } from '../report';
import { expandDirectories } from '../dirs';
import { EXIT } from '../exit';

export const summary = 'what a change does: resources, endpoints, flow verdicts, Istio splits, findings';

const USAGE = `Usage: npm run --silent cli -- diff BEFORE… -- AFTER… [--json] [--flow FROM->TO[:PORT[/PROTO]]]…

  BEFORE, AFTER  files or directories (their .yaml, .yml and .json files, as kubectl -f DIR)
  --flow F       compare this flow (repeatable), e.g. pod/default/client->svc/default/web:80;
                 without --flow: the scenario header's flows, else pod → Service pairs (budgeted)
  --json         print one JSON object (the report)
Exit status: 0 no compared flow changed its verdict, 4 a flow's verdict changed,
1 errors in the input, 2 usage error, 3 internal error.
`;

export async function run(argv: string[], io: CliIO): Promise<number> {
	const cut = argv.indexOf('--');
	const spec = { boolean: ['--json', '--debug'], valued: ['--flow'], needs: { '--flow': 'FROM->TO[:PORT]' }, dashDash: false };
	const left = parseArgs(cut < 0 ? argv : argv.slice(0, cut), spec);
	const early = helpOrUsageError(io, 'diff', USAGE, left);
	if (early !== null) return early;
	if (cut < 0) return usage(io, "separate the two versions with '--': diff BEFORE… -- AFTER…");
	const right = parseArgs(argv.slice(cut + 1), spec);
	const late = helpOrUsageError(io, 'diff', USAGE, right);
	if (late !== null) return late;
	if (right.files.includes('--')) return usage(io, "more than one '--'");
	if (!left.files.length) return usage(io, 'no BEFORE files given');
	if (!right.files.length) return usage(io, 'no AFTER files given');
	const flows: NamedFlow[] = [];
	for (const { value } of [...left.options, ...right.options]) {
		const f = parseFlow(value);
		if (typeof f === 'string') return usage(io, f);
		flows.push(f);
	}
	const json = flagged(left, right, '--json');

	const before = readSide(left.files, io);
	const after = readSide(right.files, io);
	if (!before || !after) return EXIT.input;
	const vb = loadVersion(before);
	const va = loadVersion(after);
	for (const [v, paths] of [[vb, left.files], [va, right.files]] as const)
		report(io, v.findings.filter((d) => d.severity === 'error'), { file: inputName(paths[0]), line: 1 });
	const r = diffVersions(vb, va, flows.length ? { flows } : {});
	if (json) io.json({ before: before.map((f) => f.name), after: after.map((f) => f.name), ...r });
	else io.out(formatDiff(r, before.length, after.length));
	if (io.errors > 0) return EXIT.input;
	return r.summary.verdictsChanged > 0 ? EXIT.verdictChanged : EXIT.ok;
}

const flagged = (a: ParsedArgs, b: ParsedArgs, f: string) => a.flags.has(f) || b.flags.has(f);

/** Files of one side (directories expanded); null after printing why one cannot be read. */
function readSide(paths: string[], io: CliIO): InputFile[] | null {
	const { paths: files, empty } = expandDirectories(paths);
	if (empty.length) {
		io.err(`hopscope diff: ${empty[0]} holds no .yaml, .yml or .json files\n`);
		return null;
	}
	const read = readInputs(files, io);
	if (read.failures.length) {
		io.err(`hopscope diff: ${read.failures[0].reason}\n`);
		return null;
	}
	return read.files;
}

/** `FROM->TO[:PORT[/PROTO]]`; a `url/…` target keeps its own port. */
export function parseFlow(text: string): NamedFlow | string {
	const arrow = text.indexOf('->');
	if (arrow < 0) return `--flow '${text}': write FROM->TO[:PORT], e.g. pod/default/client->svc/default/web:80`;
	const from = text.slice(0, arrow).trim();
	let to = text.slice(arrow + 2).trim();
	const flow: NamedFlow = { name: text, from, to };
	const m = to.startsWith('url/') ? null : /^(.*):(\d+)(?:\/(TCP|UDP))?$/i.exec(to);
	if (m) {
		to = m[1];
		const port = Number(m[2]);
		if (port < 1 || port > 65535) return `--flow '${text}': port ${m[2]} is not 1-65535`;
		flow.to = to;
		flow.port = port;
		if (m[3]) flow.protocol = m[3].toUpperCase();
	}
	for (const [end, ref] of [['FROM', from], ['TO', to]]) if (!parseRef(ref)) return `--flow '${text}': ${end} '${ref}' is not a REF (pod/NS/NAME, svc/NS/NAME, …)`;
	return flow;
}

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function formatDiff(r: DiffReport, before: number, after: number): string {
	const s = r.summary;
	const sel = r.flowSelection;
	const out: string[] = [];
	out.push(
		`diff: ${plural(before, 'file')} before, ${plural(after, 'file')} after — ${s.added} added, ${s.removed} removed, ${s.changed} changed; ` +
			`${plural(sel.compared, 'flow')} compared (${sel.source}${sel.truncated ? `, ${sel.compared} of ${sel.candidates} within the budget` : ''}), ${plural(s.verdictsChanged, 'verdict')} changed`
	);
	const section = (title: string, lines: string[]) => {
		if (lines.length) out.push('', title, ...lines);
	};
	const mark = { added: '+', removed: '-', changed: '~' } as const;
	section(
		'Resources',
		r.resources.flatMap((c) => [
			`  ${mark[c.change]} ${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}  (${c.file}:${c.line})`,
			...c.fields.map((f) => `      ${formatField(f)}`),
			...(c.more ? [`      … and ${c.more} more fields`] : [])
		])
	);
	section(
		'Service endpoints',
		r.endpoints.flatMap((e) => [
			`  ${mark[e.change]} ${e.service}: ${e.before} → ${e.after}`,
			...e.removed.map((x) => `      - ${x.id} (${x.ip})`),
			...e.added.map((x) => `      + ${x.id} (${x.ip})`),
			...e.ready.map((x) => `      ~ ${x.id} ready ${x.before} → ${x.after}`)
		])
	);
	section(
		'Flows (verdict or path changed)',
		r.flows.flatMap((f) => [
			`  ${f.verdictChanged ? '!' : '~'} ${f.name}`,
			`      ${f.summary}`,
			...(f.hopsRemoved.length ? [`      hops gone: ${f.hopsRemoved.join(' | ')}`] : []),
			...(f.hopsAdded.length ? [`      hops new:  ${f.hopsAdded.join(' | ')}`] : [])
		])
	);
	section(
		'Istio routes (share of each rule)',
		r.routes.flatMap((x) => [
			`  ${mark[x.change]} ${x.host}  ${x.protocol} match ${x.match}  (VirtualService ${x.virtualService})`,
			...x.splits.map((d) => `      ${d.destination}  ${pct(d.before)} → ${pct(d.after)}`)
		])
	);
	section('NetworkPolicy reachability (pod → pod on a port)', [
		...r.reach.map((c) => `  ${c.after === 'denied' ? '-' : '+'} ${c.from} → ${c.to} ${c.port}: ${c.before} → ${c.after}`),
		...(s.reach > r.reach.length ? [`  … and ${s.reach - r.reach.length} more cells`] : [])
	]);
	section(
		'Findings',
		r.findings.map((f) => `  ${f.change === 'appeared' ? '+' : '-'} ${f.file}:${f.line}: ${f.severity}: ${f.message} [${f.code}]`)
	);
	out.push('', s.verdictsChanged ? `${plural(s.verdictsChanged, 'flow')} changed verdict` : 'no flow changed its verdict');
	return out.join('\n') + '\n';
}

const usage = (io: CliIO, message: string) => usageError(io, 'diff', USAGE, message);
