// What every real cluster has but a manifest rarely shows: the cluster DNS
// (Service kube-system/kube-dns in front of CoreDNS) and, when Ingresses exist,
// an ingress controller (ingress-nginx). The trace engine works on a copy of
// the cluster with these added when missing; each addition is listed so hops
// can say "simplified: synthesised".
import type { Cluster, Endpoint, Pod, Service, ServicePort } from '../model';
import { cidrContains, cidrSize, hostIndex, nthHost, parseCidr } from '../model';
import { nameSuffix, podTemplateHash } from '../model';
import { fnv1a } from '../util';
import { cidrSloppy, ipSloppy } from '../model';

export interface Simulated {
	cluster: Cluster;
	/** ids (`ns/name`) of Services and pods made up here */
	synthesized: Set<string>;
	dnsService: Service | null;
	ingressService: Service | null;
}

export const INGRESS_NS = 'ingress-nginx';
export const INGRESS_SVC = 'ingress-nginx-controller';

const cache = new WeakMap<Cluster, Simulated>();

/** The cluster as traces see it (cached per cluster object). */
export function simulated(cluster: Cluster): Simulated {
	let s = cache.get(cluster);
	if (!s) {
		s = build(cluster);
		cache.set(cluster, s);
	}
	return s;
}

function build(input: Cluster): Simulated {
	const cluster: Cluster = { ...input, pods: [...input.pods], services: input.services.map(canonicalService) };
	const synthesized = new Set<string>();
	let dnsService = cluster.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns') ?? null;
	if (!dnsService && cluster.nodes.length > 0) {
		const pod = makePod(cluster, 'kube-system', `coredns-${podTemplateHash('kube-system/coredns')}-${nameSuffix('kube-system/coredns/0')}`, { 'k8s-app': 'kube-dns' }, [
			{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }] }
		]);
		const ports: ServicePort[] = [
			{ name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
			{ name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
			{ name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 }
		];
		dnsService = makeService('kube-system', 'kube-dns', { type: 'ClusterIP', clusterIP: cluster.settings.clusterDNS, selector: { 'k8s-app': 'kube-dns' }, ports }, pod);
		cluster.pods.push(pod);
		cluster.services.push(dnsService);
		synthesized.add(pod.id).add(dnsService.id);
	}
	let ingressService: Service | null = null;
	if (cluster.ingresses.length > 0) {
		ingressService =
			cluster.services.find((s) => s.name === INGRESS_SVC || s.selector?.['app.kubernetes.io/name'] === 'ingress-nginx') ?? null;
		if (!ingressService && cluster.nodes.length > 0) {
			const labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
			const pod = makePod(cluster, INGRESS_NS, `${INGRESS_SVC}-${podTemplateHash('ingress-nginx/controller')}-${nameSuffix('ingress-nginx/controller/0')}`, labels, [
				{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.10.0', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }, { name: 'https', containerPort: 443, protocol: 'TCP' }] }
			]);
			const lbIP = cluster.ingresses.flatMap((i) => i.loadBalancerIPs)[0] ?? freeLbIP(cluster);
			const usedPorts = new Set(cluster.services.flatMap((s) => [...s.ports.map((p) => p.nodePort ?? 0), s.healthCheckNodePort ?? 0]));
			const ports: ServicePort[] = [
				{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: freeNodePort(cluster, usedPorts, 'http') },
				{ name: 'https', protocol: 'TCP', port: 443, targetPort: 'https', nodePort: freeNodePort(cluster, usedPorts, 'https') }
			];
			// The upstream cloud manifests set externalTrafficPolicy: Local so the controller sees client IPs.
			ingressService = makeService(INGRESS_NS, INGRESS_SVC, { type: 'LoadBalancer', clusterIP: freeClusterIP(cluster, `${INGRESS_NS}/${INGRESS_SVC}`), selector: labels, ports, lb: lbIP, local: true, hc: freeNodePort(cluster, usedPorts, 'hc') }, pod, { http: 80, https: 443 });
			cluster.pods.push(pod);
			cluster.services.push(ingressService);
			synthesized.add(pod.id).add(ingressService.id);
		}
	}
	return { cluster, synthesized, dnsService, ingressService };
}

/**
 * A Service as kube-proxy and CoreDNS see it: addresses written the legacy way
 * (`172.30.0.041`) in canonical form, as ParseIPSloppy reads them (see
 * model/cidr.ts), so packets carry the address the rules match. The same object
 * when nothing changes.
 */
function canonicalService(svc: Service): Service {
	const ip = (x: string) => ipSloppy(x) ?? x;
	const next: Service = {
		...svc,
		clusterIP: svc.clusterIP ? ip(svc.clusterIP) : svc.clusterIP,
		externalIPs: svc.externalIPs.map(ip),
		loadBalancerIPs: svc.loadBalancerIPs.map(ip),
		loadBalancerSourceRanges: svc.loadBalancerSourceRanges.map((c) => cidrSloppy(c) ?? c),
		endpoints: svc.endpoints.map((e) => (ip(e.ip) === e.ip ? e : { ...e, ip: ip(e.ip) }))
	};
	const same = (a: unknown[], b: unknown[]) => a.every((x, i) => x === b[i]);
	return next.clusterIP === svc.clusterIP &&
		same(next.externalIPs, svc.externalIPs) &&
		same(next.loadBalancerIPs, svc.loadBalancerIPs) &&
		same(next.loadBalancerSourceRanges, svc.loadBalancerSourceRanges) &&
		same(next.endpoints, svc.endpoints)
		? svc
		: next;
}

function makePod(cluster: Cluster, namespace: string, name: string, labels: Record<string, string>, containers: Pod['containers']): Pod {
	const node = cluster.nodes[0];
	const used = new Set(cluster.pods.map((p) => p.ip));
	let ip = '';
	for (let k = 2; k < cidrSize(node.podCIDR) - 1; k++) {
		const cand = nthHost(node.podCIDR, k)!;
		if (cand !== node.bridgeIP && !used.has(cand)) {
			ip = cand;
			break;
		}
	}
	return {
		id: `${namespace}/${name}`,
		namespace,
		name,
		labels,
		annotations: {},
		node: node.name,
		ip,
		hostNetwork: false,
		containers,
		phase: 'Running',
		ready: true,
		uses: [],
		sidecar: false,
		source: { file: '(synthesised)', line: 0 }
	};
}

interface SvcDraft {
	type: Service['type'];
	clusterIP: string;
	selector: Record<string, string>;
	ports: ServicePort[];
	lb?: string;
	local?: boolean;
	hc?: number;
}

function makeService(namespace: string, name: string, d: SvcDraft, pod: Pod, named: Record<string, number> = {}): Service {
	const endpoints: Endpoint[] = d.ports.map((p) => ({
		ip: pod.ip,
		port: typeof p.targetPort === 'number' ? p.targetPort : (named[p.targetPort] ?? p.port),
		portName: p.name,
		protocol: p.protocol,
		pod: pod.id,
		node: pod.node,
		ready: true,
		serving: true,
		terminating: false
	}));
	return {
		id: `${namespace}/${name}`,
		namespace,
		name,
		type: d.type,
		headless: false,
		clusterIP: d.clusterIP,
		ports: d.ports,
		selector: d.selector,
		externalIPs: [],
		loadBalancerIPs: d.lb ? [d.lb] : [],
		loadBalancerSourceRanges: [],
		externalTrafficPolicy: d.local ? 'Local' : 'Cluster',
		internalTrafficPolicy: 'Cluster',
		sessionAffinity: 'None',
		sessionAffinityTimeoutSeconds: 10800,
		...(d.hc ? { healthCheckNodePort: d.hc } : {}),
		endpoints,
		endpointsFrom: 'selector',
		pods: [pod.id],
		source: { file: '(synthesised)', line: 0 }
	};
}

function freeClusterIP(cluster: Cluster, id: string): string {
	const cidr = parseCidr(cluster.settings.serviceCIDR) ? cluster.settings.serviceCIDR : '10.96.0.0/12';
	const size = cidrSize(cidr);
	const used = new Set(cluster.services.map((s) => s.clusterIP));
	const dns = hostIndex(cidr, cluster.settings.clusterDNS);
	for (let k = 0; k < size; k++) {
		const off = (fnv1a(id) + k) % size;
		if (off < 2 || off === size - 1 || off === dns) continue;
		const ip = nthHost(cidr, off)!;
		if (!used.has(ip)) return ip;
	}
	return nthHost(cidr, 2)!;
}

function freeNodePort(cluster: Cluster, used: Set<number>, key: string): number {
	const [lo, hi] = cluster.settings.nodePortRange;
	const n = hi - lo + 1;
	for (let k = 0; k < n; k++) {
		const p = lo + ((fnv1a(`ingress-nginx/${key}`) + k) % n);
		if (!used.has(p)) {
			used.add(p);
			return p;
		}
	}
	return lo;
}

/** A free LB address in TEST-NET-3 above .100 (the client default is 203.0.113.7). */
function freeLbIP(cluster: Cluster): string {
	const used = new Set(cluster.services.flatMap((s) => s.loadBalancerIPs));
	for (let k = 100; k < 255; k++) {
		const ip = `203.0.113.${k}`;
		if (!used.has(ip)) return ip;
	}
	return '203.0.113.254';
}

/** Is this pod IP inside some node's pod CIDR (so the bridge/route story applies)? */
export function inPodNetwork(cluster: Cluster, ip: string): boolean {
	return cidrContains(cluster.settings.podCIDR, ip);
}
