// `hopscope validate FILES… [--json]`: load manifests the way the app does and
// report what came out — diagnostics (as file:line:col for editors), resources
// by kind, pods per node, Services with their ClusterIP and endpoints.
// Exit 1 when any diagnostic is an error, 2 on usage errors, 3 on an internal error, else 0.
import type { CliIO } from '../io';
import type { Diagnostic, Resource } from '../../lib/manifest';
import { CLUSTER_SCOPED_KINDS } from '../../lib/manifest';
import type { Cluster } from '../../lib/model';
import { loadScenario, sortDiagnostics } from '../../lib/scenario';
import { isScenarioHeader } from '../../lib/scenario';
import { silence, validate, type Finding } from '../../lib/checks/index';
import { helpOrUsageError, parseArgs, usageError } from '../args';
import { inputName, readInputs } from '../inputs';
import { listLines } from '../report';

export const summary = 'load manifests; print diagnostics, pods per node, Services and endpoints';

const USAGE = `Usage: npm run --silent cli -- validate FILES… [--json] [--silence CODE,CODE…]

  --json      print one JSON object: {resources, pods, services, diagnostics, findings}
  --silence   leave out findings with these codes (e.g. HS-M001)
Exit status: 0 ok (warnings allowed), 1 error diagnostics or error findings, 2 usage error, 3 internal error.
`;

export interface ValidateReport {
	resources: { kind: string; namespace: string | null; name: string; file: string; line: number }[];
	pods: { namespace: string; name: string; node: string; ip: string }[];
	services: { namespace: string; name: string; type: string; clusterIP: string | null; endpoints: string[] }[];
	diagnostics: { severity: string; file: string; line: number; column: number; code: string; message: string }[];
	/** configuration findings (Istio routing, resilience settings): valid YAML that will not do what was meant */
	findings: { code: string; severity: string; file: string; line: number; message: string }[];
}

export async function run(argv: string[], io: CliIO): Promise<number> {
	const args = parseArgs(argv, { boolean: ['--json'], valued: ['--silence'], needs: { '--silence': 'a list of codes' } });
	const silenced: string[] = [];
	for (const { value } of args.options) {
		if (!value) return usage(io, '--silence needs a list of codes');
		silenced.push(...value.split(',').filter(Boolean));
	}
	const early = helpOrUsageError(io, 'validate', USAGE, args);
	if (early !== null) return early;
	const json = args.flags.has('--json');
	const paths = args.files;
	if (paths.length === 0) return usage(io, 'no files given');

	const { files, diagnostics: readErrors } = readInputs(paths, io);
	const loaded = loadScenario(files);
	const diagnostics = sortDiagnostics([...readErrors, ...loaded.diagnostics], paths.map((p) => ({ name: inputName(p), text: '' })));
	const findings = silence(validate(loaded.cluster, loaded.parse.resources), silenced);
	const report = buildReport(loaded.parse.resources, loaded.cluster, diagnostics, findings);
	if (json) io.json(report);
	else io.out(formatText(report, loaded.cluster, files.length, loaded.header?.title));
	const failed = diagnostics.some((d) => d.severity === 'error') || findings.some((f) => f.severity === 'error');
	return failed ? 1 : 0;
}

export function buildReport(resources: Resource[], cluster: Cluster, diagnostics: Diagnostic[], findings: Finding[] = []): ValidateReport {
	return {
		resources: resources.map((r) => ({
			kind: r.kind,
			namespace: CLUSTER_SCOPED_KINDS.has(r.kind) || isScenarioHeader(r) ? null : (r.namespace ?? 'default'),
			name: r.name,
			file: r.source.file,
			line: r.source.line
		})),
		pods: cluster.pods.map((p) => ({ namespace: p.namespace, name: p.name, node: p.node, ip: p.ip })),
		services: cluster.services.map((s) => ({
			namespace: s.namespace,
			name: s.name,
			type: s.type,
			clusterIP: s.headless ? 'None' : s.clusterIP,
			endpoints: [...new Set(s.endpoints.map((e) => `${e.ip}:${e.port}`))]
		})),
		diagnostics: diagnostics.map((d) => ({
			severity: d.severity,
			file: d.file,
			line: d.line,
			column: d.column,
			code: d.code,
			message: d.message
		})),
		findings: findings.map((f) => ({ code: f.code, severity: f.severity, file: f.file, line: f.line, message: f.message }))
	};
}

function formatText(r: ValidateReport, cluster: Cluster, fileCount: number, title?: string): string {
	const out: string[] = [];
	const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
	out.push(`Loaded ${plural(fileCount, 'file')}, ${plural(r.resources.length, 'resource')}${title ? ` — scenario "${title}"` : ''}`);
	const byKind = new Map<string, number>();
	for (const x of r.resources) byKind.set(x.kind, (byKind.get(x.kind) ?? 0) + 1);
	out.push(...table([...byKind].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => [k, String(n)]), '  ', [false, true]));

	if (cluster.nodes.length) {
		out.push('', 'Pods per node');
		const rows: string[][] = [];
		for (const n of cluster.nodes) {
			const pods = cluster.pods.filter((p) => p.node === n.name);
			rows.push([n.name, n.ip, n.podCIDR, plural(pods.length, 'pod')]);
			for (const p of pods) rows.push([`  ${p.namespace}/${p.name}`, p.ip, '', '']);
		}
		const unscheduled = cluster.pods.filter((p) => !cluster.nodes.some((n) => n.name === p.node));
		for (const p of unscheduled) rows.push([`  ${p.namespace}/${p.name}`, p.ip || '-', `(node ${p.node || 'none'})`, '']);
		out.push(...table(rows, '  '));
	}

	if (r.services.length) {
		out.push('', 'Services');
		const rows = [['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'PORTS', 'ENDPOINTS']];
		for (const s of cluster.services) {
			const ports = s.ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}→${p.targetPort}/${p.protocol}`).join(',');
			const eps = [...new Set(s.endpoints.map((e) => `${e.ip}:${e.port}`))];
			rows.push([s.namespace, s.name, s.type, s.headless ? 'None' : (s.clusterIP ?? '-'), ports || '-', eps.join(' ') || '<none>']);
		}
		out.push(...table(rows, '  '));
	}

	out.push('');
	// every line names a place; a finding the engine could not place goes to the first file
	const place = { file: r.resources[0]?.file ?? r.diagnostics[0]?.file ?? '(input)', line: 1 };
	if (r.diagnostics.length) {
		out.push('Diagnostics');
		out.push(...listLines(r.diagnostics, place, ' '));
		out.push('');
	}
	if (r.findings.length) {
		out.push('Findings');
		out.push(...listLines(r.findings.map((f) => ({ ...f, column: 1 })), place, ' '));
		out.push('');
	}
	const count = (s: string) => r.diagnostics.filter((d) => d.severity === s).length + r.findings.filter((f) => f.severity === s).length;
	out.push(`${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`);
	return out.join('\n') + '\n';
}

/** Left-aligned columns (right-aligned where `right[i]`), no trailing spaces. */
function table(rows: string[][], indent: string, right: boolean[] = []): string[] {
	const widths: number[] = [];
	for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
	return rows.map((row) => (indent + row.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')).trimEnd());
}

const usage = (io: CliIO, message: string) => usageError(io, 'validate', USAGE, message);
