// The one interpreter of Istio config for a request: which VirtualService
// rule routes it (and so its retries and timeout), which DestinationRule and
// subset apply to the destination it picks, and the merged traffic policy.
// route() (the hop-by-hop router) and the resilience simulator both decide
// through these functions, so they can never disagree.
//  - VirtualServices for a sidecar: exported to the caller, bound to `mesh`,
//    host matching the target; only the first is used (Istio merges them only
//    at gateways); rules in order, first match wins.
//  - DestinationRule: findDestinationRule (caller namespace, then the
//    Service's, then istio-system), merged with mergeTrafficPolicy.
import type { Cluster, DestinationRule, DestinationRuleSubset, VirtualService } from '../model';
import type { HttpRetry, HttpRouteRule, L4RouteRule, RouteDestination, RouteRequest, TrafficPolicy } from './types';
import { hostMatches, lookupHost, resolveClientHost, resolveConfigHost, visibleTo, type HostTarget } from './hosts';
import { whyNotRule, type MatchContext } from './match';
import { DEFAULT_RETRIES, parseHttpRoutes, parseL4Routes } from './routes';
import { findDestinationRule, findSubset, mergeTrafficPolicy, type PolicySources } from './policy';
import { boundVirtualServices, serversFor } from './gateway';
import { resolveClient, type Client } from './client';

/** A request as the router sees it: lower-case host and header names, path split from the query. */
export interface RouteInput {
	host: string;
	path: string;
	query: Record<string, string>;
	method: string;
	headers: Record<string, string>;
	protocol: 'http' | 'tcp' | 'tls';
}

/** The Envoy deciding: its namespace and labels (for sourceNamespace/sourceLabels) and `mesh` or a Gateway id. */
export interface RouteProxy {
	namespace: string;
	labels: Record<string, string> | null;
	gateway: string;
}

export interface RouteChoice {
	/** VirtualServices claiming the host for this proxy, in precedence order */
	virtualServices: VirtualService[];
	/** true at a gateway (rules of all bound VirtualServices, in order); a sidecar uses the first only */
	merged: boolean;
	/** 'rule': a rule matched; 'default': no VirtualService (default route to the Service); 'passthrough': unknown host, no VirtualService; 'noMatch': 404 NR */
	kind: 'rule' | 'default' | 'passthrough' | 'noMatch';
	/** the matched rule and its VirtualService */
	match: { virtualService: VirtualService; rule: HttpRouteRule | L4RouteRule } | null;
	whyNot: { rule: number; reason: string }[];
	/** weighted destinations of the matched rule, or the default route's one */
	destinations: RouteDestination[];
	/** the route's retry policy as written or Istio's default; null: no retries (tcp/tls, passthrough, attempts 0) */
	retries: HttpRetry | null;
	/** route timeout; null: none (Istio's default) */
	timeoutMs: number | null;
}

export interface UpstreamChoice {
	destinationRule: DestinationRule | null;
	/** the subset named by the destination, when the DestinationRule defines it */
	subset: DestinationRuleSubset | null;
	/** a subset was asked for but no DestinationRule defines it (Envoy: no such cluster, 503 NC) */
	missingSubset: boolean;
	port: number | null;
	policy: TrafficPolicy;
	/** YAML path of each merged group inside the DestinationRule */
	sources: PolicySources;
}

/** Splits `path?query`, lower-cases host and header names. */
export function normalizeRequest(req: RouteRequest): RouteInput {
	const raw = req.path ?? '/';
	const q = raw.indexOf('?');
	const path = q < 0 ? raw : raw.slice(0, q);
	const query: Record<string, string> = {};
	if (q >= 0) {
		for (const kv of raw.slice(q + 1).split('&')) {
			if (!kv) continue;
			const eq = kv.indexOf('=');
			query[safeDecode(eq < 0 ? kv : kv.slice(0, eq))] = eq < 0 ? '' : safeDecode(kv.slice(eq + 1));
		}
	}
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
	return { host: req.host.toLowerCase(), path: path || '/', query, method: (req.method ?? 'GET').toUpperCase(), headers, protocol: req.protocol ?? 'http' };
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/** The port a client dials when none is given: the Service's only port, the ServiceEntry's first, else 80. */
export function defaultPort(t: HostTarget): number {
	if (t.kind === 'service') return t.service.ports.length === 1 ? t.service.ports[0].port : 80;
	if (t.kind === 'serviceEntry') return t.entry.ports[0]?.number ?? 80;
	return 80;
}

/** Candidate VirtualServices for this proxy and host (the first one wins for sidecars; a gateway merges them in order). */
export function virtualServicesFor(cluster: Cluster, proxy: RouteProxy, t: HostTarget, host: string): { list: VirtualService[]; merged: boolean } {
	const domain = cluster.settings.clusterDomain;
	if (proxy.gateway !== 'mesh') {
		const gw = cluster.gateways.find((g) => g.id === proxy.gateway);
		const server = gw?.servers.find((s) => serversFor(gw, s.port.number, host).length > 0);
		return { list: boundVirtualServices(cluster, proxy.gateway, host, server, gw?.namespace), merged: true };
	}
	const list = cluster.virtualServices.filter(
		(vs) =>
			vs.gateways.includes('mesh') &&
			visibleTo(vs.exportTo, vs.namespace, proxy.namespace) &&
			vs.hosts.some((h) => {
				// short VS hosts are relative to the VS namespace (never a bare name a client dials elsewhere)
				const fq = resolveConfigHost(h, vs.namespace, domain);
				return hostMatches(fq, t.fqdn) || (t.kind !== 'service' && hostMatches(fq, host));
			})
	);
	return { list, merged: false };
}

/** Which route an Envoy (`proxy`) applies to `input` sent to `t` on `port`. */
export function chooseRoute(cluster: Cluster, proxy: RouteProxy, t: HostTarget, port: number, input: RouteInput): RouteChoice {
	const domain = cluster.settings.clusterDomain;
	const { list, merged } = virtualServicesFor(cluster, proxy, t, input.host);
	const out: RouteChoice = { virtualServices: list, merged, kind: 'noMatch', match: null, whyNot: [], destinations: [], retries: null, timeoutMs: null };
	if (list.length === 0) {
		if (t.kind === 'external') out.kind = 'passthrough';
		else {
			// no VirtualService: Istio's default route to the whole Service, with the default retry policy
			out.kind = 'default';
			out.destinations = [{ host: t.fqdn, fqdn: t.fqdn, weight: 100, line: 0, path: '' }];
			out.retries = input.protocol === 'http' ? DEFAULT_RETRIES : null;
		}
		return out;
	}
	const ctx: MatchContext = {
		path: input.path,
		query: input.query,
		method: input.method,
		authority: input.host,
		scheme: 'http',
		headers: input.headers,
		port,
		sourceLabels: proxy.labels,
		sourceNamespace: proxy.namespace,
		gateway: proxy.gateway,
		sni: input.protocol === 'tls' ? input.host : undefined,
		vsNamespace: list[0].namespace
	};
	for (const vs of merged ? list : list.slice(0, 1)) {
		const rules = input.protocol === 'http' ? parseHttpRoutes(vs, domain) : parseL4Routes(vs, input.protocol, domain);
		for (const rule of rules) {
			const why = whyNotRule(rule.matches, { ...ctx, vsNamespace: vs.namespace });
			if (why !== null) {
				out.whyNot.push({ rule: rule.index, reason: merged && list.length > 1 ? `${vs.id}: ${why}` : why });
				continue;
			}
			out.kind = 'rule';
			out.match = { virtualService: vs, rule };
			out.destinations = rule.route;
			if (isHttpRule(rule)) {
				out.timeoutMs = rule.timeoutMs;
				out.retries = rule.retries;
			}
			return out;
		}
	}
	return out;
}

export function isHttpRule(r: HttpRouteRule | L4RouteRule): r is HttpRouteRule {
	return 'retries' in r;
}

/** The DestinationRule a proxy in `clientNs` applies to `fqdn`. */
export function chooseDestinationRule(cluster: Cluster, fqdn: string, clientNs: string): DestinationRule | null {
	const t = lookupHost(cluster, fqdn);
	const serviceNs = t?.kind === 'service' ? t.service.namespace : t?.kind === 'serviceEntry' ? t.entry.namespace : null;
	return findDestinationRule(cluster, fqdn, clientNs, serviceNs);
}

/** DestinationRule, subset and merged traffic policy for one destination (host, subset, port) seen from `clientNs`. */
export function chooseUpstream(cluster: Cluster, dest: { fqdn: string; subset?: string | null; port: number | null }, clientNs: string): UpstreamChoice {
	const dr = chooseDestinationRule(cluster, dest.fqdn, clientNs);
	const subset = findSubset(dr, dest.subset ?? undefined);
	const merged = mergeTrafficPolicy(dr, subset, dest.port);
	return { destinationRule: dr, subset, missingSubset: !!dest.subset && !subset, port: dest.port, policy: merged.policy, sources: merged.sources };
}

/** The whole decision for a request from a sidecar client: who calls, what it reaches, the route, each destination's upstream. */
export interface UpstreamDecision {
	client: Client | null;
	/** null: the client is unknown (see error) */
	target: HostTarget | null;
	port: number;
	input: RouteInput;
	route: RouteChoice | null;
	/** one per route destination, same order */
	upstreams: UpstreamChoice[];
	error: string | null;
}

/** Client, target, route and upstreams for `request` as a sidecar client sends it (gateways are route()'s business). */
export function decideUpstream(cluster: Cluster, request: RouteRequest): UpstreamDecision {
	const input = normalizeRequest(request);
	let client: Client;
	try {
		client = resolveClient(cluster, request.from);
	} catch (e) {
		return { client: null, target: null, port: request.port ?? 80, input, route: null, upstreams: [], error: (e as Error).message };
	}
	const namespace = client.kind === 'ingress' ? 'istio-system' : client.namespace;
	const target = resolveClientHost(cluster, input.host, namespace);
	// the name does not resolve (NXDOMAIN): no target, no route; the client is still known
	if (target.kind === 'nxdomain') return { client, target: null, port: request.port ?? 80, input, route: null, upstreams: [], error: null };
	const port = request.port ?? defaultPort(target);
	const proxy: RouteProxy = { namespace, labels: client.labels, gateway: 'mesh' };
	const route = chooseRoute(cluster, proxy, target, port, input);
	const upstreams = route.destinations.map((d) => chooseUpstream(cluster, { fqdn: d.fqdn, subset: d.subset ?? null, port: destinationPort(cluster, d, port) }, namespace));
	return { client, target, port, input, route, upstreams, error: null };
}

/** The port a destination's cluster is built for: the destination's port, else the request's (a single-port Service's only port). */
export function destinationPort(cluster: Cluster, d: RouteDestination, port: number): number {
	if (d.port !== undefined) return d.port;
	const t = lookupHost(cluster, d.fqdn);
	if (t?.kind === 'service' && t.service.ports.length === 1) return t.service.ports[0].port;
	if (t?.kind === 'serviceEntry') return (t.entry.ports.find((p) => p.number === port) ?? t.entry.ports[0])?.number ?? port;
	return port;
}
