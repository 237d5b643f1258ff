// A version for the diff engine (src/lib/diff): files loaded through the one
// pipeline (loadScenario), with the diagnostics and findings `validate`
// reports and the flows the scenario header declares.
import type { InputFile } from '../manifest';
import { validate } from '../checks';
import { diffVersions, type DiffOptions, type DiffReport, type DiffVersion, type NamedFlow } from '../diff';
import { loadScenario } from './load';
import { isScenarioHeader } from './header';

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

/** Loads both sides and compares them. */
export function diffFiles(before: InputFile[], after: InputFile[], opts: DiffOptions = {}): DiffReport {
	return diffVersions(loadVersion(before), loadVersion(after), opts);
}
