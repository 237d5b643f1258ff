// A version for the diff engine (src/lib/diff): files loaded through the one
// pipeline (loadScenario), with the diagnostics and findings `validate`
// reports and the flows the scenario header declares.
// A subfolder entry of its own (like view/mesh), so the compute worker can
// take the loading pipeline without scenario/index's worker clients.
import type { InputFile } from '../../manifest';
import type { Cluster } from '../../model';
import { validate } from '../../checks';
import { diffVersions, type DiffOptions, type DiffReport, type DiffVersion, type NamedFlow } from '../../diff';
import { loadScenario } from '../load';
import { isScenarioHeader } from '../header';

export function loadVersion(files: InputFile[]): DiffVersion {
	const loaded = loadScenario(files);
	const resources = loaded.parse.resources.filter((r) => !isScenarioHeader(r));
	const findings = [
		...loaded.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, file: d.file, line: d.line, ...(d.path ? { path: d.path } : {}) })),
		...validate(loaded.cluster, loaded.parse.resources)
	];
	const flows: NamedFlow[] = (loaded.header?.flows ?? []).map(({ source: _source, ...f }) => f);
	return { resources, cluster: loaded.cluster, findings, flows, ...(loaded.header && Object.keys(loaded.header.kubeProxy).length ? { kubeProxy: loaded.header.kubeProxy } : {}) };
}

/** Compare: the report and both clusters, which the two diagrams draw. */
export interface DiffRun {
	report: DiffReport;
	before: Cluster;
	after: Cluster;
}

/** Loads both sides and compares them (the compute worker's diff job). */
export function compareFiles(before: InputFile[], after: InputFile[], opts: DiffOptions = {}): DiffRun {
	const b = loadVersion(before);
	const a = loadVersion(after);
	return { report: diffVersions(b, a, opts), before: b.cluster, after: a.cluster };
}

/** Loads both sides and compares them: the report alone. */
export function diffFiles(before: InputFile[], after: InputFile[], opts: DiffOptions = {}): DiffReport {
	return compareFiles(before, after, opts).report;
}
