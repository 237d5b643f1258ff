// Cluster DNS as a pod sees it: the /etc/hosts and /etc/resolv.conf kubelet
// writes (dnsPolicy ClusterFirst), the resolver's search-list expansion (glibc
// rules, ndots:5), and what CoreDNS's kubernetes plugin answers for each name
// (and what upstream DNS answers for the names CoreDNS forwards).
import type { Cluster, Pod, Service } from '../model';
import { upstreamAddress } from './addresses';

export interface ResolvConf {
	nameserver: string;
	search: string[];
	ndots: number;
	/** the file's text, as `cat /etc/resolv.conf` shows it */
	text: string;
}

export type AnswerKind = 'service' | 'headless' | 'pod-hostname' | 'externalname' | 'pod-ip' | 'upstream' | 'nxdomain';

export interface DnsAnswer {
	query: string;
	rcode: 'NOERROR' | 'NXDOMAIN';
	kind: AnswerKind;
	/** A records (addresses) in the order returned */
	addresses: string[];
	/** ExternalName: the CNAME target */
	cname?: string;
	service?: Service;
	pod?: Pod;
	/** answer lines as dig prints them */
	lines: string[];
	/** outside the cluster domain: CoreDNS forwarded the question upstream */
	upstream?: boolean;
}

/** kubelet's resolv.conf for a ClusterFirst pod in `namespace`. */
export function resolvConf(cluster: Cluster, namespace: string): ResolvConf {
	const d = cluster.settings.clusterDomain;
	const search = [`${namespace}.svc.${d}`, `svc.${d}`, d];
	const nameserver = cluster.settings.clusterDNS;
	return { nameserver, search, ndots: 5, text: `search ${search.join(' ')}\nnameserver ${nameserver}\noptions ndots:5` };
}

export interface HostsFile {
	/** IPv4 entries: address and the names it carries */
	entries: { ip: string; names: string[] }[];
	/** the file's text, as `cat /etc/hosts` shows it */
	text: string;
}

/**
 * The kubelet-managed /etc/hosts of a (non-hostNetwork) pod: localhost and the
 * IPv6 names, then the pod's own IP with its hostname (and, with a subdomain,
 * its FQDN). nsswitch `hosts: files dns` reads it before any DNS query.
 */
export function hostsFile(cluster: Cluster, pod: Pod): HostsFile {
	const host = pod.hostname ?? pod.name;
	const own = pod.subdomain ? [`${host}.${pod.subdomain}.${pod.namespace}.svc.${cluster.settings.clusterDomain}`, host] : [host];
	const entries = [
		{ ip: '127.0.0.1', names: ['localhost'] },
		...(pod.ip ? [{ ip: pod.ip, names: own }] : [])
	];
	const text = [
		'# Kubernetes-managed hosts file.',
		'127.0.0.1\tlocalhost',
		'::1\tlocalhost ip6-localhost ip6-loopback',
		'fe00::0\tip6-localnet',
		'fe00::0\tip6-mcastprefix',
		'fe00::1\tip6-allnodes',
		'fe00::2\tip6-allrouters',
		...(pod.ip ? [`${pod.ip}\t${own.join('\t')}`] : [])
	].join('\n');
	return { entries, text };
}

/** The IPv4 address /etc/hosts gives `name` (nss_files: exact, case-insensitive match; a trailing dot does not match). */
export function hostsLookup(hosts: HostsFile, name: string): string | undefined {
	const n = name.toLowerCase();
	return hosts.entries.find((e) => e.names.some((x) => x.toLowerCase() === n))?.ip;
}

// Special-use or never-delegated top-level domains (RFC 2606, 6761, 6762,
// 8375, ICANN's .internal, the usual private suffixes): no answer upstream.
const RESERVED_TLDS = new Set(['local', 'localhost', 'localdomain', 'test', 'invalid', 'example', 'internal', 'home', 'lan', 'corp', 'intranet', 'private']);
// Generic TLDs Hopscope treats as public (ccTLDs: any two letters).
const GENERIC_TLDS = new Set(
	'com net org edu gov mil int info biz name pro mobi app dev io ai cloud tech online site xyz me tv shop store blog news page web live services digital systems network solutions agency company global world media'.split(' ')
);

/** Whether upstream (internet) DNS can have an answer for `name`: it has at least two labels and a public-looking TLD. */
export function publicName(name: string): boolean {
	const labels = name.replace(/\.$/, '').toLowerCase().split('.');
	if (labels.length < 2 || labels.some((l) => l === '')) return false;
	const tld = labels[labels.length - 1];
	if (RESERVED_TLDS.has(tld)) return false;
	return /^[a-z]{2}$/.test(tld) || GENERIC_TLDS.has(tld) || /^xn--[a-z0-9-]+$/.test(tld);
}

/**
 * The names the resolver asks for, in order (glibc res_search): a trailing dot
 * means absolute; with at least `ndots` dots the name is tried as-is first,
 * otherwise each search domain is appended first and the bare name comes last.
 */
export function searchList(name: string, conf: ResolvConf): string[] {
	if (name.endsWith('.')) return [name];
	const dots = (name.match(/\./g) ?? []).length;
	const expanded = conf.search.map((s) => `${name}.${s}.`);
	return dots >= conf.ndots ? [`${name}.`, ...expanded] : [...expanded, `${name}.`];
}

/** CoreDNS (kubernetes plugin for the cluster domain, `forward .` upstream for the rest). */
export function answer(cluster: Cluster, fqdn: string, rotate = 0): DnsAnswer {
	const q = fqdn.endsWith('.') ? fqdn : `${fqdn}.`;
	const name = q.slice(0, -1).toLowerCase();
	const zone = cluster.settings.clusterDomain.toLowerCase();
	const nx = (): DnsAnswer => ({ query: q, rcode: 'NXDOMAIN', kind: 'nxdomain', addresses: [], lines: [] });
	if (name !== zone && !name.endsWith(`.${zone}`)) {
		// CoreDNS forwards it upstream (forward . /etc/resolv.conf); single-label
		// names and private TLDs do not exist there.
		if (!publicName(name)) return { query: q, rcode: 'NXDOMAIN', kind: 'nxdomain', addresses: [], lines: [], upstream: true };
		const ip = upstreamAddress(name);
		return { query: q, rcode: 'NOERROR', kind: 'upstream', addresses: [ip], lines: [`${q}\t300\tIN\tA\t${ip}`], upstream: true };
	}
	const labels = name.slice(0, -(zone.length + 1)).split('.');
	if (labels.length === 3 && labels[2] === 'pod') {
		// `pods insecure`: the dashed IP is answered as is.
		const ip = labels[0].replace(/-/g, '.');
		if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return nx();
		return { query: q, rcode: 'NOERROR', kind: 'pod-ip', addresses: [ip], lines: [`${q}\t30\tIN\tA\t${ip}`] };
	}
	if (labels[labels.length - 1] !== 'svc' || labels.length < 3 || labels.length > 4) return nx();
	const [svcName, ns] = labels.length === 3 ? [labels[0], labels[1]] : [labels[1], labels[2]];
	const svc = cluster.services.find((s) => s.namespace === ns && s.name === svcName);
	if (!svc) return nx();
	if (labels.length === 4) {
		// hostname.subdomain: a pod of a headless Service with spec.hostname/subdomain (StatefulSets)
		const host = labels[0];
		const pod = cluster.pods.find((p) => p.namespace === ns && (p.hostname ?? p.name) === host && p.subdomain === svcName && svc.pods.includes(p.id));
		if (!svc.headless || !pod) return nx();
		return { query: q, rcode: 'NOERROR', kind: 'pod-hostname', addresses: [pod.ip], pod, service: svc, lines: [`${q}\t30\tIN\tA\t${pod.ip}`] };
	}
	if (svc.type === 'ExternalName' && svc.externalName) {
		const target = `${svc.externalName.replace(/\.$/, '')}.`;
		return { query: q, rcode: 'NOERROR', kind: 'externalname', addresses: [], cname: target, service: svc, lines: [`${q}\t30\tIN\tCNAME\t${target}`] };
	}
	if (svc.headless) {
		const ips = [...new Set(svc.endpoints.filter((e) => e.ready).map((e) => e.ip))];
		// the `loadbalance` plugin rotates the A records (round robin)
		const r = ips.length ? rotate % ips.length : 0;
		const order = [...ips.slice(r), ...ips.slice(0, r)];
		if (order.length === 0) return { query: q, rcode: 'NOERROR', kind: 'headless', addresses: [], service: svc, lines: [] };
		return { query: q, rcode: 'NOERROR', kind: 'headless', addresses: order, service: svc, lines: order.map((ip) => `${q}\t30\tIN\tA\t${ip}`) };
	}
	if (!svc.clusterIP) return nx();
	return { query: q, rcode: 'NOERROR', kind: 'service', addresses: [svc.clusterIP], service: svc, lines: [`${q}\t30\tIN\tA\t${svc.clusterIP}`] };
}
