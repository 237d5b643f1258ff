// The one loading pipeline the UI and the CLI share:
// text files → parse → split off the scenario header → buildCluster(settings).
import type { Diagnostic, InputFile, ParseResult } from '../manifest';
import type { Cluster } from '../model';
import { parseFiles } from '../manifest/index';
import { buildCluster } from '../model/index';
import { splitScenario, type ScenarioHeader } from './header';
import { namesClusterObject, parseRef, resolveRef } from '../model';

export interface LoadedScenario {
	header: ScenarioHeader | null;
	cluster: Cluster;
	parse: ParseResult;
	/** parse + header + model + flow-reference diagnostics, ordered by file then line */
	diagnostics: Diagnostic[];
}

export function loadScenario(files: InputFile[]): LoadedScenario {
	const parse = parseFiles(files);
	const split = splitScenario(parse.resources);
	const cluster = buildCluster(split.resources, split.header?.settings ?? {});
	const refs = split.header ? checkFlowRefs(split.header, cluster) : [];
	const all = [...parse.diagnostics, ...split.diagnostics, ...cluster.diagnostics, ...refs];
	return { header: split.header, cluster, parse, diagnostics: sortDiagnostics(all, files) };
}

/** Flow ends that name cluster objects must exist once the model is built. */
function checkFlowRefs(header: ScenarioHeader, cluster: Cluster): Diagnostic[] {
	const out: Diagnostic[] = [];
	for (const flow of header.flows) {
		for (const end of ['from', 'to'] as const) {
			const ref = parseRef(flow[end]);
			if (!ref || !namesClusterObject(ref) || resolveRef(cluster, ref)) continue;
			out.push({
				severity: 'warning',
				message: `flow '${flow.name}': ${end} '${flow[end]}' does not match any ${ref.kind} in the manifests`,
				file: flow.source?.file ?? header.at.file,
				line: flow.source?.line ?? header.at.line,
				column: 1,
				code: 'scenario-ref-unresolved',
				path: flow.source?.path
			});
		}
	}
	return out;
}

/** Stable order: input file order, then line, then column. */
export function sortDiagnostics(ds: Diagnostic[], files: InputFile[]): Diagnostic[] {
	const order = new Map(files.map((f, i) => [f.name, i]));
	return ds
		.map((d, i) => ({ d, i }))
		.sort(
			(a, b) =>
				(order.get(a.d.file) ?? files.length) - (order.get(b.d.file) ?? files.length) ||
				a.d.line - b.d.line ||
				a.d.column - b.d.column ||
				a.i - b.i
		)
		.map((x) => x.d);
}
