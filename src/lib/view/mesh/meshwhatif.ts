// What-if for Istio routes: change the weights of one http rule on a COPY of
// the cluster (the manifests are never touched), and export the edited
// VirtualService back as YAML — the object as written, with only the edits.
import { stringify } from 'yaml';
import type { Resource } from '../../manifest';
import type { Cluster, VirtualService } from '../../model';

export interface RuleDestination {
	/** index in the rule's `route` list */
	index: number;
	host: string;
	subset: string | null;
	/** weight as written (undefined when not written) */
	written: number | undefined;
	/** effective weight: 100 for a lone destination, else as written (missing = 0) */
	weight: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The destinations of http rule `ruleIndex` of VirtualService `vsId`, as written. */
export function ruleDestinations(cluster: Cluster, vsId: string, ruleIndex: number): RuleDestination[] {
	const vs = cluster.virtualServices.find((v) => v.id === vsId);
	const rule = vs?.http[ruleIndex];
	const route = rule && Array.isArray(rule.route) ? rule.route : [];
	const out: RuleDestination[] = [];
	route.forEach((r, index) => {
		const d = isObj(r) && isObj(r.destination) ? r.destination : {};
		const w = isObj(r) && typeof r.weight === 'number' ? r.weight : undefined;
		out.push({ index, host: typeof d.host === 'string' ? d.host : '', subset: typeof d.subset === 'string' ? d.subset : null, written: w, weight: w ?? 0 });
	});
	if (out.length === 1) out[0].weight = 100;
	return out;
}

/** Integer weights in 0..100. */
function clampWeight(w: number): number {
	return Number.isFinite(w) ? Math.max(0, Math.min(100, Math.round(w))) : 0;
}

/**
 * Sets weight `index` to `value` and spreads the rest of 100 over the other
 * destinations in proportion to their current weights (evenly when they are
 * all 0), so the weights still add up to 100.
 */
export function rebalance(weights: number[], index: number, value: number): number[] {
	const n = weights.length;
	if (n === 0 || index < 0 || index >= n) return [...weights];
	const v = clampWeight(value);
	if (n === 1) return [100];
	const out = weights.map((w) => clampWeight(w));
	out[index] = v;
	const rest = 100 - v;
	const others = out.map((_, i) => i).filter((i) => i !== index);
	const sum = others.reduce((s, i) => s + out[i], 0);
	let given = 0;
	others.forEach((i, k) => {
		const share = k === others.length - 1 ? rest - given : Math.floor(sum > 0 ? (rest * out[i]) / sum : rest / others.length);
		out[i] = Math.max(0, share);
		given += out[i];
	});
	return out;
}

function editRoute(route: unknown, weights: number[]): unknown {
	if (!Array.isArray(route)) return route;
	return route.map((r, j) => (isObj(r) && j < weights.length && Number.isFinite(weights[j]) ? { ...r, weight: clampWeight(weights[j]) } : r));
}

/** A new Cluster in which http rule `ruleIndex` of `vsId` has these weights; the input is not mutated. */
export function withWeights(cluster: Cluster, vsId: string, ruleIndex: number, weights: number[]): Cluster {
	return {
		...cluster,
		virtualServices: cluster.virtualServices.map((vs): VirtualService => {
			if (vs.id !== vsId || !vs.http[ruleIndex]) return vs;
			return { ...vs, http: vs.http.map((r, i) => (i === ruleIndex ? { ...r, route: editRoute(r.route, weights) } : r)) };
		})
	};
}

/** The parsed resource a VirtualService of the model was read from (same file and line). */
export function findVirtualServiceResource(resources: readonly Resource[], vs: VirtualService): Resource | null {
	return (
		resources.find((r) => r.kind === 'VirtualService' && r.name === vs.name && r.source.file === vs.source.file && r.source.line === vs.source.line) ??
		resources.find((r) => r.kind === 'VirtualService' && r.name === vs.name && (r.namespace ?? vs.namespace) === vs.namespace) ??
		null
	);
}

/**
 * The VirtualService `vsId` of `cluster` as YAML. With the resource it was
 * parsed from, the object is kept as written (apiVersion, kind, metadata and
 * every other field) and only `spec.http` carries the cluster's (edited)
 * rules; without it, the object is rebuilt from the model.
 */
export function exportVirtualService(cluster: Cluster, vsId: string, original?: Resource | null): string {
	const vs = cluster.virtualServices.find((v) => v.id === vsId);
	if (!vs) return '';
	let obj: Record<string, unknown>;
	if (original) {
		const raw = structuredClone(original.raw);
		const spec = isObj(raw.spec) ? raw.spec : {};
		if (vs.http.length || Array.isArray(spec.http)) spec.http = structuredClone(vs.http);
		raw.spec = spec;
		obj = raw;
	} else {
		const spec: Record<string, unknown> = { hosts: [...vs.hosts] };
		if (!(vs.gateways.length === 1 && vs.gateways[0] === 'mesh')) spec.gateways = [...vs.gateways];
		if (!(vs.exportTo.length === 1 && vs.exportTo[0] === '*')) spec.exportTo = [...vs.exportTo];
		if (vs.http.length) spec.http = structuredClone(vs.http);
		if (vs.tcp.length) spec.tcp = structuredClone(vs.tcp);
		if (vs.tls.length) spec.tls = structuredClone(vs.tls);
		obj = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: vs.name, namespace: vs.namespace }, spec };
	}
	return stringify(obj, { lineWidth: 0 });
}

/** A file name for the download: `<name>.virtualservice.yaml`, safe characters only. */
export function exportFileName(vsId: string): string {
	const name = vsId.split('/').pop() ?? 'virtualservice';
	return `${name.replace(/[^A-Za-z0-9._-]/g, '_') || 'virtualservice'}.virtualservice.yaml`;
}
