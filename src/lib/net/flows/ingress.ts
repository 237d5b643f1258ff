// Ingress: the request reaches the ingress controller's pod through its
// LoadBalancer Service, the controller matches host and path, and opens a NEW
// connection to the backend. ingress-nginx proxies to endpoint pod IPs from
// the EndpointSlices (its Lua balancer, round robin), bypassing the ClusterIP,
// unless the Ingress says nginx.ingress.kubernetes.io/service-upstream: "true".
import type { Ingress, IngressBackend, IngressPath, Service, ServicePort, SourceRef } from '../../model';

export interface IngressMatch {
	ingress: Ingress;
	/** undefined: spec.defaultBackend */
	path?: IngressPath;
	backend: IngressBackend;
	host?: string;
	refs: SourceRef[];
	why: string;
}

/** Host wildcard `*.foo.com` covers exactly one extra label. */
function hostMatches(ruleHost: string, host: string): boolean {
	if (ruleHost.startsWith('*.')) {
		const suffix = ruleHost.slice(1);
		return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
	}
	return ruleHost === host;
}

/** Prefix matching is by path element: /foo matches /foo and /foo/bar, not /foobar. */
function pathMatches(p: IngressPath, path: string): boolean {
	if (p.pathType === 'Exact') return p.path === path;
	const pre = p.path.replace(/\/+$/, '');
	if (pre === '') return true;
	return path === pre || path.startsWith(pre + '/') || path === pre + '/';
}

/** The rule that serves host + path, across all Ingresses (longest path wins, Exact beats Prefix on a tie). */
export function matchIngress(ingresses: Ingress[], host: string, path: string): IngressMatch | null {
	type Cand = { ingress: Ingress; ruleHost?: string; path: IngressPath; source?: SourceRef };
	const withHost: Cand[] = [];
	const anyHost: Cand[] = [];
	for (const ing of ingresses) {
		for (const r of ing.rules) {
			for (const p of r.paths) {
				if (r.host === undefined || r.host === '') anyHost.push({ ingress: ing, path: p, source: r.source });
				else if (hostMatches(r.host, host)) withHost.push({ ingress: ing, ruleHost: r.host, path: p, source: r.source });
			}
		}
	}
	// ingress-nginx: a host with its own server block never falls back to the host-less rules.
	const exactHost = withHost.filter((c) => c.ruleHost === host);
	const pool = exactHost.length ? exactHost : withHost.length ? withHost : anyHost;
	const hits = pool.filter((c) => pathMatches(c.path, path));
	hits.sort((a, b) => b.path.path.length - a.path.path.length || (a.path.pathType === 'Exact' ? -1 : 0) - (b.path.pathType === 'Exact' ? -1 : 0));
	const best = hits[0];
	if (best) {
		const refs = [best.ingress.source, ...(best.path.source ? [best.path.source] : [])];
		const why = `host ${best.ruleHost ?? '(any)'} and path ${best.path.path} (${best.path.pathType}${best.path.pathType === 'ImplementationSpecific' ? ', which ingress-nginx treats as Prefix' : ''})${hits.length > 1 ? `, the longest of ${hits.length} matching paths` : ''}`;
		return { ingress: best.ingress, path: best.path, backend: best.path.backend, host: best.ruleHost, refs, why };
	}
	const def = ingresses.find((i) => i.defaultBackend);
	if (def?.defaultBackend) return { ingress: def, backend: def.defaultBackend, refs: [def.source], why: 'no rule matched, so spec.defaultBackend' };
	return null;
}

export function backendPort(svc: Service, port: number | string | undefined): ServicePort | undefined {
	if (port === undefined) return svc.ports[0];
	return svc.ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
}
