// diffVersions(before, after) → DiffReport: "what does this change do?".
// Resources, Service endpoints, flows (traced in both versions), Istio splits,
// NetworkPolicy reachability cells and findings.
import type { DiffReport, DiffVersion } from './types';
import { diffResources } from './resources';
import { diffEndpoints } from './endpoints';
import { chooseFlows, diffFlows, type FlowOptions } from './flows';
import { diffRoutes } from './routes';
import { diffFindings } from './findings';
import { diffReach } from './reach';

export type DiffOptions = FlowOptions;

export function diffVersions(before: DiffVersion, after: DiffVersion, opts: DiffOptions = {}): DiffReport {
	const resources = diffResources(before.resources, after.resources);
	const endpoints = diffEndpoints(before.cluster, after.cluster);
	const chosen = chooseFlows(before, after, opts);
	const flows = diffFlows(before, after, chosen.flows);
	const routes = diffRoutes(before.cluster, after.cluster);
	const reach = diffReach(before.cluster, after.cluster);
	const findings = diffFindings(before.findings, after.findings);
	const count = (c: string) => resources.filter((r) => r.change === c).length;
	return {
		resources,
		endpoints,
		flows,
		flowSelection: { ...chosen.selection, compared: chosen.flows.length },
		routes,
		reach: reach.cells,
		findings,
		summary: {
			added: count('added'),
			removed: count('removed'),
			changed: count('changed'),
			endpoints: endpoints.length,
			flows: flows.length,
			verdictsChanged: flows.filter((f) => f.verdictChanged).length,
			routes: routes.length,
			reach: reach.changed,
			findingsAppeared: findings.filter((f) => f.change === 'appeared').length,
			findingsDisappeared: findings.filter((f) => f.change === 'disappeared').length
		}
	};
}

/** Nothing differs that the report looks at. */
export function isEmptyDiff(r: DiffReport): boolean {
	return r.resources.length + r.endpoints.length + r.flows.length + r.routes.length + r.reach.length + r.findings.length === 0;
}
