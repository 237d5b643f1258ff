// What a VirtualService's rules put on the diagram's edges: the weight of each
// share of a split ("90%", "10%") and small badges for what else the rule
// does — a fault (delay / abort), a timeout, a mirror. Pure: the Mesh and
// Architecture views label their edges from these, and a what-if edit (a copy
// of the cluster with other weights) relabels them.
// Field meanings follow the VirtualService reference (istio.io,
// networking/v1 VirtualService: HTTPRoute.fault / timeout / mirror, and
// HTTPRouteDestination.weight); the parsing is the mesh engine's (mesh/routes.ts).
import type { Cluster, VirtualService } from '../model';
import type { HttpRouteRule } from '../mesh';
import { lookupHost, parseHttpRoutes } from '../mesh';
import { formatMs } from '../util';
import { proxyNamespaces, subsetFor } from './routing';

/** Weight labels of the shares of split rules, by where the share lands. */
export interface SplitLabels {
	/** Service id (`ns/name`) → pod id → labels ("90%"; "#1 50%" when the VirtualService has several http rules) */
	pods: Map<string, Map<string, string[]>>;
	/** Service id → labels of shares sent to the whole Service (no subset) */
	services: Map<string, string[]>;
}

const pct = (v: number) => `${Math.round(v * 100) / 100}%`;
const part = (v: number) => (v < 100 ? ` ${pct(v)}` : '');

/** Badges for one http rule: fault delay / abort, timeout, mirror (in that order). */
export function ruleBadges(rule: Pick<HttpRouteRule, 'fault' | 'timeoutMs' | 'mirrors'>): string[] {
	const out: string[] = [];
	const f = rule.fault;
	if (f?.delay) out.push(`delay ${formatMs(f.delay.fixedDelayMs)}${part(f.delay.percentage.value)}`);
	if (f?.abort) out.push(`abort ${f.abort.httpStatus ?? f.abort.grpcStatus ?? ''}${part(f.abort.percentage.value)}`.replace('  ', ' '));
	if (rule.timeoutMs !== null && rule.timeoutMs !== undefined) out.push(`timeout ${formatMs(rule.timeoutMs)}`);
	for (const m of rule.mirrors) out.push(`mirror${part(m.percentage.value)}`);
	return out;
}

/** The weight label of one share: "90%", or "#1 90%" when the VirtualService has several http rules. */
export function weightLabel(vs: Pick<VirtualService, 'http'>, rule: number, weight: number): string {
	return `${vs.http.length > 1 ? `#${rule} ` : ''}${pct(weight)}`;
}

/**
 * Every split (an http rule with two or more destinations) of every
 * VirtualService, as labels on the pods (subset shares) or Services (whole-
 * Service shares) it sends to. DestinationRules are looked up from the
 * namespace of the first Envoy that applies the VirtualService, as the mesh
 * view does.
 */
export function splitLabels(cluster: Cluster): SplitLabels {
	const out: SplitLabels = { pods: new Map(), services: new Map() };
	const add = <K>(m: Map<K, string[]>, k: K, l: string) => {
		const list = m.get(k) ?? [];
		if (!list.includes(l)) list.push(l);
		m.set(k, list);
	};
	const domain = cluster.settings.clusterDomain;
	for (const vs of cluster.virtualServices) {
		const ns = proxyNamespaces(cluster, vs)[0];
		for (const r of parseHttpRoutes(vs, domain)) {
			if (r.route.length < 2) continue;
			for (const d of r.route) {
				const host = lookupHost(cluster, d.fqdn);
				if (host?.kind !== 'service') continue;
				const svc = host.service;
				const label = weightLabel(vs, r.index, d.weight);
				if (!d.subset) {
					add(out.services, svc.id, label);
					continue;
				}
				const choice = subsetFor(cluster, svc, d.subset, ns);
				if (!choice) continue;
				const byPod = out.pods.get(svc.id) ?? new Map<string, string[]>();
				for (const p of choice.pods) add(byPod, p.id, label);
				out.pods.set(svc.id, byPod);
			}
		}
	}
	return out;
}

/** Labels of several pods (a stack) on one edge: each label once, in first-seen order. */
export function labelsOf(byPod: Map<string, string[]> | undefined, pods: readonly string[]): string[] {
	const out: string[] = [];
	for (const p of pods) for (const l of byPod?.get(p) ?? []) if (!out.includes(l)) out.push(l);
	return out;
}
