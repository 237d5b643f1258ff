// Host names as Istio resolves them.
//  - Config hosts (VirtualService hosts/destinations, DestinationRule host):
//    pilot's ResolveShortnameToFQDN — a name WITHOUT a dot is relative to the
//    rule's namespace (`reviews` in `default` → reviews.default.svc.cluster.local);
//    a name WITH a dot is taken literally (`reviews.other` stays `reviews.other`
//    and matches no Kubernetes Service); `*` and IPs are left alone.
//  - Client hosts (what the app dials): the packet engine's DNS model
//    (net/dns.ts: kubelet's resolv.conf search path `<ns>.svc.<domain>
//    svc.<domain> <domain>` with ndots:5, CoreDNS answers), so `reviews.other`
//    from a pod reaches reviews.other.svc, a bare `reviews` only reaches the
//    client's own namespace, and an unknown `*.svc.<domain>` name is NXDOMAIN.
//  - Virtual host domains: pilot generateVirtualHostDomains — a sidecar gets
//    the short name of a Service only in the Service's own namespace.
//  - Wildcards `*.example.com` match any name ending in `.example.com`.
import type { Cluster, ServiceEntry, Service } from '../model';
import { answer, resolvConf, searchList } from '../net';

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

/** Every name the resolver asked for came back NXDOMAIN: the app never connects. */
export interface NxDomain {
	kind: 'nxdomain';
	fqdn: string;
	/** the queries, in the resolver's order (absolute, with the trailing dot) */
	tried: string[];
}

/**
 * The target a client pod in `clientNs` reaches when it dials `host`: the
 * resolver walks the pod's search list (net/dns searchList) and CoreDNS
 * answers each name (net/dns answer). A ServiceEntry host is taken as
 * resolvable (simplified: as Istio's DNS proxy or upstream DNS would answer it).
 */
export function resolveClientHost(cluster: Cluster, host: string, clientNs: string): HostTarget | NxDomain {
	const domain = cluster.settings.clusterDomain;
	const h = host.replace(/\.$/, '').toLowerCase();
	if (IPV4.test(h)) {
		const svc = cluster.services.find((s) => s.clusterIP === h);
		if (svc) return { kind: 'service', fqdn: serviceFqdn(svc, domain), service: svc };
		return { kind: 'external', fqdn: h };
	}
	const tried = searchList(host.endsWith('.') ? `${h}.` : h, resolvConf(cluster, clientNs));
	for (const q of tried) {
		const name = q.slice(0, -1);
		const a = answer(cluster, q);
		// A/CNAME records of a Service name (not the per-pod names of a headless one)
		if (a.rcode === 'NOERROR' && a.service && a.kind !== 'pod-hostname') return { kind: 'service', fqdn: serviceFqdn(a.service, domain), service: a.service };
		const entry = lookupHost(cluster, name);
		if (entry?.kind === 'serviceEntry') return entry;
		if (a.rcode === 'NOERROR') return { kind: 'external', fqdn: name };
	}
	return { kind: 'nxdomain', fqdn: h, tried };
}

/**
 * The domains of a Kubernetes Service's virtual host in the outbound route
 * config of a sidecar in `proxyNs` (istio pilot/pkg/networking/core/httproute.go
 * generateVirtualHostDomains + generateAltVirtualHostsForKubernetesService;
 * sidecars set IgnorePortInHostMatching, so no `:port` variants): the FQDN
 * with and without the trailing dot, then `name`, `name.ns.svc`, `name.ns` in
 * the Service's own namespace but only `name.ns`, `name.ns.svc` elsewhere,
 * `*.` copies of all of them for a headless Service, then the ClusterIP.
 */
export function virtualHostDomains(svc: Service, proxyNs: string, domain: string): string[] {
	const fqdn = serviceFqdn(svc, domain);
	const nsName = `${svc.name}.${svc.namespace}`;
	const alt = svc.namespace === proxyNs ? [svc.name, `${nsName}.svc`, nsName] : [nsName, `${nsName}.svc`];
	const names = [fqdn, `${fqdn}.`, ...alt];
	const wild = svc.headless ? names.map((n) => `*.${n}`) : [];
	return [...names, ...wild, ...(svc.clusterIP ? [svc.clusterIP] : [])];
}

/** pilot resolveGatewayName: `ns/name`, legacy `name.ns[.svc.domain]`, or `name` relative to the VS namespace. */
export function resolveGatewayRef(ref: string, vsNamespace: string): string {
	if (ref === 'mesh') return 'mesh';
	if (ref.includes('/')) return ref;
	const parts = ref.split('.');
	if (parts.length > 1) return `${parts[1]}/${parts[0]}`;
	return `${vsNamespace}/${ref}`;
}
