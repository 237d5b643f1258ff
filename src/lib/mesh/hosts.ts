// Host names as Istio resolves them.
//  - Config hosts (VirtualService hosts/destinations, DestinationRule host):
//    pilot's ResolveShortnameToFQDN — a name WITHOUT a dot is relative to the
//    rule's namespace (`reviews` in `default` → reviews.default.svc.cluster.local);
//    a name WITH a dot is taken literally (`reviews.other` stays `reviews.other`
//    and matches no Kubernetes Service); `*` and IPs are left alone.
//  - Client hosts (what the app dials): the pod's DNS search path
//    `<ns>.svc.<domain> svc.<domain> <domain>` with ndots:5, as kubelet writes
//    resolv.conf, so `reviews.other` from a pod does reach reviews.other.svc.
//  - Wildcards `*.example.com` match any name ending in `.example.com`.
import type { Cluster, ServiceEntry, Service } from '../model/types';

export type HostTarget =
	| { kind: 'service'; fqdn: string; service: Service }
	| { kind: 'serviceEntry'; fqdn: string; entry: ServiceEntry }
	| { kind: 'external'; fqdn: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isIP(h: string): boolean {
	return IPV4.test(h) || h.includes(':');
}

/** pilot ResolveShortnameToFQDN. */
export function resolveConfigHost(host: string, namespace: string, domain: string): string {
	if (host === '' || host === '*' || isIP(host) || host.includes('.')) return host;
	return `${host}.${namespace}.svc.${domain}`;
}

export function serviceFqdn(svc: { name: string; namespace: string }, domain: string): string {
	return `${svc.name}.${svc.namespace}.svc.${domain}`;
}

/** Istio host matching: exact, or `*`/`*.suffix` wildcard (suffix match, any depth). */
export function hostMatches(pattern: string, host: string): boolean {
	const p = pattern.toLowerCase();
	const h = host.toLowerCase();
	if (p === '*') return true;
	if (p.startsWith('*.')) return h.endsWith(p.slice(1));
	if (p.startsWith('*')) return h.endsWith(p.slice(1));
	return p === h;
}

/** Two host patterns overlap (some name matches both). */
export function hostsIntersect(a: string, b: string): boolean {
	return hostMatches(a, b) || hostMatches(b, a);
}

/** How specific a pattern is: exact beats any wildcard; longer wildcard beats shorter. */
export function hostSpecificity(pattern: string): number {
	return pattern.startsWith('*') ? pattern.length : 10_000 + pattern.length;
}

/** exportTo visibility: `*` everyone, `.` own namespace, else the listed namespaces. */
export function visibleTo(exportTo: string[], owner: string, client: string): boolean {
	if (exportTo.length === 0) return true;
	return exportTo.some((e) => e === '*' || (e === '.' ? owner === client : e === client));
}

/** Service or ServiceEntry behind an exact FQDN (or null). */
export type KnownHost = Exclude<HostTarget, { kind: 'external' }>;

export function lookupHost(cluster: Cluster, fqdn: string): KnownHost | null {
	const domain = cluster.settings.clusterDomain;
	const h = fqdn.toLowerCase();
	for (const s of cluster.services) if (serviceFqdn(s, domain) === h) return { kind: 'service', fqdn: h, service: s };
	let best: { entry: ServiceEntry; spec: number } | null = null;
	for (const e of cluster.serviceEntries) {
		for (const p of e.hosts) {
			if (!hostMatches(p, h)) continue;
			const spec = hostSpecificity(p);
			if (!best || spec > best.spec) best = { entry: e, spec };
		}
	}
	return best ? { kind: 'serviceEntry', fqdn: h, entry: best.entry } : null;
}

/** The target a client pod in `clientNs` reaches when it dials `host` (DNS search path, ndots:5). */
export function resolveClientHost(cluster: Cluster, host: string, clientNs: string): HostTarget {
	const domain = cluster.settings.clusterDomain;
	const h = host.replace(/\.$/, '').toLowerCase();
	if (IPV4.test(h)) {
		const svc = cluster.services.find((s) => s.clusterIP === h);
		if (svc) return { kind: 'service', fqdn: serviceFqdn(svc, domain), service: svc };
		return { kind: 'external', fqdn: h };
	}
	const dots = h.split('.').length - 1;
	const search = [`${clientNs}.svc.${domain}`, `svc.${domain}`, domain];
	const candidates = dots >= 5 || host.endsWith('.') ? [h] : [...search.map((s) => `${h}.${s}`), h];
	for (const c of candidates) {
		const t = lookupHost(cluster, c);
		if (t) return t;
	}
	return { kind: 'external', fqdn: h };
}

/** pilot resolveGatewayName: `ns/name`, legacy `name.ns[.svc.domain]`, or `name` relative to the VS namespace. */
export function resolveGatewayRef(ref: string, vsNamespace: string): string {
	if (ref === 'mesh') return 'mesh';
	if (ref.includes('/')) return ref;
	const parts = ref.split('.');
	if (parts.length > 1) return `${parts[1]}/${parts[0]}`;
	return `${vsNamespace}/${ref}`;
}
