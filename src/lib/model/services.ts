// Services: read every type and give each its addresses.
// ClusterIP: explicit spec.clusterIP wins; otherwise a deterministic pick in
// serviceCIDR (FNV-1a of ns/name, linear probing) that never takes the network
// address, .1 (the `kubernetes` Service), the cluster DNS IP or the broadcast.
// NodePort: explicit wins (checked against the range and for reuse), else a
// deterministic pick in nodePortRange. LoadBalancer: status.loadBalancer IPs
// when given (or the deprecated spec.loadBalancerIP), else ONE SYNTHESISED
// address from the documentation range 203.0.113.0/24 (RFC 5737) — no real
// cloud assigned it; the UI says so.
import type { ClusterSettings, Diagnostic, Resource, Service, ServicePort, ServiceType } from './types';
import { cidrContains, cidrSize, hostIndex, nonStandardIPv4, nthHost, parseCidr, parseIPv4 } from './cidr';
import { makeDiag, refAt } from './diag';
import { fnv1a } from '../util';
import { intOrString, num, obj, objs, protocol, str, strMap, strs } from './raw';

export const SYNTH_LB_CIDR = '203.0.113.0/24';

export interface ServiceDraft {
	svc: Service;
	res: Resource;
	/** spec.clusterIP as written (not None) */
	explicitIP?: string;
	publishNotReadyAddresses: boolean;
	/** spec.allocateLoadBalancerNodePorts (default true) */
	allocateNodePorts: boolean;
}

const TYPES: ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

export function readService(res: Resource, namespace: string, diags: Diagnostic[]): ServiceDraft {
	const spec = obj(res.raw.spec);
	const typeRaw = str(spec.type) ?? 'ClusterIP';
	let type: ServiceType = 'ClusterIP';
	if ((TYPES as string[]).includes(typeRaw)) type = typeRaw as ServiceType;
	else diags.push(makeDiag(res, 'error', 'service-type', `Service ${namespace}/${res.name}: unknown type "${typeRaw}" (read as ClusterIP)`, 'spec.type'));
	const ipWritten = str(spec.clusterIP) ?? str(strs(spec.clusterIPs)[0]);
	const headless = type !== 'ExternalName' && ipWritten === 'None';
	const rawPorts = objs(spec.ports);
	const ports: ServicePort[] = rawPorts.map((p, i) => {
		const port = num(p.port) ?? 0;
		const sp: ServicePort = {
			name: str(p.name) ?? '',
			protocol: protocol(p.protocol),
			port,
			targetPort: intOrString(p.targetPort) ?? port,
			source: refAt(res, `spec.ports.${i}`)
		};
		const np = num(p.nodePort);
		if (np !== undefined) sp.nodePort = np;
		const ap = str(p.appProtocol);
		if (ap) sp.appProtocol = ap;
		if (!port) diags.push(makeDiag(res, 'error', 'service-port', `Service ${namespace}/${res.name}: ports[${i}] has no valid port number`, `spec.ports.${i}.port`));
		return sp;
	});
	if (ports.length > 1) {
		ports.forEach((p, i) => {
			if (!p.name) diags.push(makeDiag(res, 'error', 'service-port-name', `Service ${namespace}/${res.name}: ports[${i}] needs a name when a Service has more than one port`, `spec.ports.${i}`));
		});
	}
	const selectorMap = strMap(spec.selector);
	// An empty or missing selector means "endpoints are managed elsewhere".
	const selector = type === 'ExternalName' || Object.keys(selectorMap).length === 0 ? null : selectorMap;
	const affinity = str(spec.sessionAffinity) === 'ClientIP' ? 'ClientIP' : 'None';
	const svc: Service = {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		type,
		headless,
		clusterIP: null,
		ports,
		selector,
		externalIPs: strs(spec.externalIPs),
		loadBalancerIPs: [],
		loadBalancerSourceRanges: strs(spec.loadBalancerSourceRanges),
		externalTrafficPolicy: str(spec.externalTrafficPolicy) === 'Local' ? 'Local' : 'Cluster',
		internalTrafficPolicy: str(spec.internalTrafficPolicy) === 'Local' ? 'Local' : 'Cluster',
		sessionAffinity: affinity,
		sessionAffinityTimeoutSeconds: num(obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds) ?? 10800,
		endpoints: [],
		endpointsFrom: 'none',
		pods: [],
		source: refAt(res)
	};
	if (type === 'ExternalName') {
		const en = str(spec.externalName);
		if (en) svc.externalName = en;
		else diags.push(makeDiag(res, 'error', 'external-name', `Service ${svc.id} is of type ExternalName but has no spec.externalName`, 'spec'));
	}
	if (headless && type !== 'ClusterIP') {
		diags.push(makeDiag(res, 'error', 'headless-type', `Service ${svc.id}: clusterIP None (headless) is only valid with type ClusterIP, not ${type}`, 'spec.clusterIP'));
	}
	const hc = num(spec.healthCheckNodePort);
	if (hc !== undefined) svc.healthCheckNodePort = hc;
	const draft: ServiceDraft = {
		svc,
		res,
		publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
		allocateNodePorts: spec.allocateLoadBalancerNodePorts !== false
	};
	if (ipWritten && ipWritten !== 'None' && type !== 'ExternalName') draft.explicitIP = ipWritten;
	warnNonStandardIPs(res, diags);
	// status.loadBalancer.ingress[].ip, else the deprecated spec.loadBalancerIP
	if (type === 'LoadBalancer') {
		svc.loadBalancerIPs = objs(obj(obj(res.raw.status).loadBalancer).ingress)
			.map((i) => str(i.ip))
			.filter((s): s is string => !!s);
		const lbIP = str(spec.loadBalancerIP);
		if (svc.loadBalancerIPs.length === 0 && lbIP) svc.loadBalancerIPs = [lbIP];
	}
	return draft;
}

/** Give every draft its ClusterIP, NodePorts, health-check port and LB IPs. */
export function allocateServices(drafts: ServiceDraft[], s: ClusterSettings, diags: Diagnostic[]): void {
	allocateClusterIPs(drafts, s, diags);
	allocateNodePorts(drafts, s, diags);
	allocateLoadBalancerIPs(drafts);
}

function allocateClusterIPs(drafts: ServiceDraft[], s: ClusterSettings, diags: Diagnostic[]): void {
	const cidr = parseCidr(s.serviceCIDR) ? s.serviceCIDR : '10.96.0.0/12';
	const size = cidrSize(cidr);
	const reserved = new Set([0, 1, size - 1, hostIndex(cidr, s.clusterDNS)]);
	const used = new Map<string, string>();
	for (const d of drafts) {
		const ip = d.explicitIP;
		if (!ip) continue;
		const id = d.svc.id;
		if (parseIPv4(ip) === null) {
			diags.push(makeDiag(d.res, 'error', 'invalid-ip', `Service ${id}: spec.clusterIP "${ip}" is not an IPv4 address`, 'spec.clusterIP'));
			delete d.explicitIP;
			continue;
		}
		d.svc.clusterIP = ip;
		if (!cidrContains(cidr, ip)) {
			diags.push(makeDiag(d.res, 'warning', 'cluster-ip-outside-cidr', `Service ${id}: clusterIP ${ip} is outside the service CIDR ${cidr}; the API server would reject it`, 'spec.clusterIP'));
		}
		const other = used.get(ip);
		if (other) diags.push(makeDiag(d.res, 'error', 'cluster-ip-collision', `Service ${id}: clusterIP ${ip} is already allocated to Service ${other}`, 'spec.clusterIP'));
		else used.set(ip, id);
	}
	for (const d of drafts) {
		const svc = d.svc;
		if (d.explicitIP || svc.headless || svc.type === 'ExternalName') continue;
		const start = fnv1a(svc.id) % size;
		for (let k = 0; k < size; k++) {
			const off = (start + k) % size;
			if (reserved.has(off)) continue;
			const ip = nthHost(cidr, off)!;
			if (used.has(ip)) continue;
			used.set(ip, svc.id);
			svc.clusterIP = ip;
			break;
		}
	}
}

function wantsNodePorts(d: ServiceDraft): boolean {
	const t = d.svc.type;
	return !d.svc.headless && (t === 'NodePort' || (t === 'LoadBalancer' && d.allocateNodePorts));
}

function allocateNodePorts(drafts: ServiceDraft[], s: ClusterSettings, diags: Diagnostic[]): void {
	const [lo, hi] = s.nodePortRange;
	const count = hi - lo + 1;
	const used = new Map<number, string>(); // nodePort → service id
	const claim = (d: ServiceDraft, port: number, path: string, what: string) => {
		const id = d.svc.id;
		if (port < lo || port > hi) {
			diags.push(makeDiag(d.res, 'error', 'node-port-out-of-range', `Service ${id}: ${what} ${port} is outside the NodePort range ${lo}-${hi}`, path));
		}
		const other = used.get(port);
		if (other && other !== id) {
			diags.push(makeDiag(d.res, 'error', 'node-port-collision', `Service ${id}: ${what} ${port} is already allocated to Service ${other}`, path));
		} else used.set(port, id);
	};
	for (const d of drafts) {
		if (!wantsNodePorts(d)) {
			d.svc.ports.forEach((p, i) => {
				if (p.nodePort !== undefined) {
					diags.push(makeDiag(d.res, 'warning', 'node-port-ignored', `Service ${d.svc.id}: nodePort ${p.nodePort} is ignored for type ${d.svc.type}`, `spec.ports.${i}.nodePort`));
					delete p.nodePort;
				}
			});
			continue;
		}
		d.svc.ports.forEach((p, i) => {
			if (p.nodePort !== undefined) claim(d, p.nodePort, `spec.ports.${i}.nodePort`, 'nodePort');
		});
		if (d.svc.healthCheckNodePort !== undefined) claim(d, d.svc.healthCheckNodePort, 'spec.healthCheckNodePort', 'healthCheckNodePort');
	}
	const pick = (key: string, id: string): number | undefined => {
		const start = fnv1a(key) % count;
		for (let k = 0; k < count; k++) {
			const port = lo + ((start + k) % count);
			if (!used.has(port)) {
				used.set(port, id);
				return port;
			}
		}
		return undefined;
	};
	for (const d of drafts) {
		if (!wantsNodePorts(d)) continue;
		const svc = d.svc;
		for (const p of svc.ports) {
			if (p.nodePort === undefined) {
				const np = pick(`${svc.id}/${p.port}/${p.protocol}`, svc.id);
				if (np !== undefined) p.nodePort = np;
			}
		}
		if (svc.type === 'LoadBalancer' && svc.externalTrafficPolicy === 'Local' && svc.healthCheckNodePort === undefined) {
			const hc = pick(`${svc.id}/healthCheckNodePort`, svc.id);
			if (hc !== undefined) svc.healthCheckNodePort = hc;
		}
	}
}

function allocateLoadBalancerIPs(drafts: ServiceDraft[]): void {
	const used = new Set<string>();
	for (const d of drafts) for (const ip of d.svc.loadBalancerIPs) used.add(ip);
	for (const d of drafts) {
		const svc = d.svc;
		if (svc.type !== 'LoadBalancer' || svc.loadBalancerIPs.length > 0) continue;
		// status.loadBalancer with only hostnames (e.g. AWS ELB) still counts as given
		if (objs(obj(obj(d.res.raw.status).loadBalancer).ingress).length > 0) continue;
		const start = fnv1a(svc.id) % 254;
		for (let k = 0; k < 254; k++) {
			const ip = nthHost(SYNTH_LB_CIDR, 1 + ((start + k) % 254))!;
			if (!used.has(ip)) {
				used.add(ip);
				svc.loadBalancerIPs = [ip];
				break;
			}
		}
	}
}

/**
 * IPv4 written with leading zeros (`172.30.0.041`, `203.0.113.000/025`): the
 * API server accepts it with a warning (Service fields since 1.27; KEP-4858
 * "IP/CIDR validation improvements", wording of pkg/api/service/warnings.go)
 * and kube-proxy reads it sloppily as decimal (netutils.ParseIPSloppy), while
 * libc-based tools read such octets as octal. The packet engine programs the
 * canonical form (model/cidr.ts); this says so at the line.
 */
function warnNonStandardIPs(res: Resource, diags: Diagnostic[]): void {
	const spec = obj(res.raw.spec);
	const fields: [string, unknown][] = [
		['spec.clusterIP', spec.clusterIP],
		...strs(spec.clusterIPs).map((v, i): [string, unknown] => [`spec.clusterIPs.${i}`, v]),
		...strs(spec.externalIPs).map((v, i): [string, unknown] => [`spec.externalIPs.${i}`, v]),
		...strs(spec.loadBalancerSourceRanges).map((v, i): [string, unknown] => [`spec.loadBalancerSourceRanges.${i}`, v]),
		['spec.loadBalancerIP', spec.loadBalancerIP],
		...objs(obj(obj(res.raw.status).loadBalancer).ingress).map((g, i): [string, unknown] => [`status.loadBalancer.ingress.${i}.ip`, g.ip])
	];
	for (const [path, v] of fields) {
		const fixed = typeof v === 'string' ? nonStandardIPv4(v) : null;
		if (fixed) diags.push(makeDiag(res, 'warning', 'ip-non-standard', `${path}: non-standard IP address "${v}" will be considered invalid in a future Kubernetes release: use "${fixed}" (kube-proxy reads it as ${fixed})`, path));
	}
}
