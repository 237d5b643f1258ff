// The one loading pipeline the UI and the CLI share:
// text files → parse → split off the scenario header → buildCluster(settings).
import type { Diagnostic, InputFile, ParseResult } from '../manifest/types';
import type { Cluster } from '../model/types';
import { parseFiles } from '../manifest/index';
import { buildCluster } from '../model/index';
import { splitScenario, type ScenarioHeader } from './header';
import { parseRef, type FlowRef } from './refs';

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
			if (!ref || resolves(ref, cluster)) continue;
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

function resolves(ref: FlowRef, c: Cluster): boolean {
	const inNs = (o: { namespace: string; name: string }) => o.namespace === ref.namespace && o.name === ref.name;
	switch (ref.kind) {
		case 'pod':
			return c.pods.some(inNs);
		case 'svc':
			return c.services.some(inNs);
		case 'deploy':
			return c.workloads.some((w) => w.kind === 'Deployment' && inNs(w));
		case 'sts':
			return c.workloads.some((w) => w.kind === 'StatefulSet' && inNs(w));
		case 'ds':
			return c.workloads.some((w) => w.kind === 'DaemonSet' && inNs(w));
		case 'node':
			return c.nodes.some((n) => n.name === ref.name);
		case 'ingress':
			return c.ingresses.some(inNs);
		case 'gateway':
			return c.gateways.some(inNs);
		default:
			// external addresses, DNS names and URLs are resolved by the engines
			return true;
	}
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
