// Istio networking config (networking.istio.io v1, v1beta1, v1alpha3 share the
// same shape). Routes are kept as written; mesh/ interprets them.
import type { Cluster, DestinationRule, IstioGateway, PeerAuthentication, PeerAuthMode, Resource, ServiceEntry, VirtualService } from './types';
import { refAt } from './diag';
import { selectByLabels, type PodIndex } from './podindex';
import { isObj, num, obj, objs, str, strMap, strs } from './raw';

export const ISTIO_KINDS: ReadonlySet<string> = new Set(['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry']);

export function isIstioNetworking(res: Resource): boolean {
	return res.apiVersion.startsWith('networking.istio.io/') && ISTIO_KINDS.has(res.kind);
}

/** exportTo defaults to ['*'] (visible to every namespace). */
function exportTo(spec: Record<string, unknown>): string[] {
	return Array.isArray(spec.exportTo) ? strs(spec.exportTo) : ['*'];
}

export function readGateway(res: Resource, namespace: string, idx: PodIndex): IstioGateway {
	const spec = obj(res.raw.spec);
	const selector = strMap(spec.selector);
	// The selector picks gateway pods in any namespace (Istio's default, with
	// PILOT_SCOPE_GATEWAY_TO_NAMESPACE off). An empty selector picks none here.
	const pods: string[] = [];
	if (Object.keys(selector).length > 0) {
		for (const ns of idx.byNamespace.keys()) for (const p of selectByLabels(idx, ns, selector)) pods.push(p.id);
	}
	return {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		selector,
		servers: objs(spec.servers).map((s, i) => {
			const p = obj(s.port);
			const port: IstioGateway['servers'][number]['port'] = { number: num(p.number) ?? 0, protocol: str(p.protocol) ?? 'HTTP' };
			const name = str(p.name);
			if (name) port.name = name;
			const tp = num(p.targetPort);
			if (tp !== undefined) port.targetPort = tp;
			const server: IstioGateway['servers'][number] = { port, hosts: strs(s.hosts), source: refAt(res, `spec.servers.${i}`) };
			if (isObj(s.tls)) server.tls = s.tls;
			return server;
		}),
		pods,
		source: refAt(res)
	};
}

export function readVirtualService(res: Resource, namespace: string): VirtualService {
	const spec = obj(res.raw.spec);
	return {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		hosts: strs(spec.hosts),
		// omitted gateways mean the reserved `mesh` (all sidecars), per the Istio API
		gateways: Array.isArray(spec.gateways) ? strs(spec.gateways) : ['mesh'],
		exportTo: exportTo(spec),
		http: objs(spec.http),
		tcp: objs(spec.tcp),
		tls: objs(spec.tls),
		source: refAt(res),
		lines: { ...res.lines }
	};
}

export function readDestinationRule(res: Resource, namespace: string): DestinationRule {
	const spec = obj(res.raw.spec);
	const dr: DestinationRule = {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		host: str(spec.host) ?? '',
		subsets: objs(spec.subsets).map((s, i) => {
			const sub: DestinationRule['subsets'][number] = {
				name: str(s.name) ?? '',
				labels: strMap(s.labels),
				source: refAt(res, `spec.subsets.${i}`)
			};
			if (isObj(s.trafficPolicy)) sub.trafficPolicy = s.trafficPolicy;
			return sub;
		}),
		exportTo: exportTo(spec),
		source: refAt(res),
		lines: { ...res.lines }
	};
	if (isObj(spec.trafficPolicy)) dr.trafficPolicy = spec.trafficPolicy;
	return dr;
}

export function readServiceEntry(res: Resource, namespace: string): ServiceEntry {
	const spec = obj(res.raw.spec);
	const location = str(spec.location) === 'MESH_INTERNAL' ? 'MESH_INTERNAL' : 'MESH_EXTERNAL';
	const resRaw = str(spec.resolution);
	const resolution: ServiceEntry['resolution'] =
		resRaw === 'STATIC' || resRaw === 'DNS' || resRaw === 'DNS_ROUND_ROBIN' ? resRaw : 'NONE';
	return {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		hosts: strs(spec.hosts),
		addresses: strs(spec.addresses),
		ports: objs(spec.ports).map((p) => {
			const port: ServiceEntry['ports'][number] = { number: num(p.number) ?? 0 };
			const name = str(p.name);
			if (name) port.name = name;
			const protocol = str(p.protocol);
			if (protocol) port.protocol = protocol;
			const tp = num(p.targetPort);
			if (tp !== undefined) port.targetPort = tp;
			return port;
		}),
		location,
		resolution,
		endpoints: objs(spec.endpoints).map((e) => {
			const ep: ServiceEntry['endpoints'][number] = { address: str(e.address) ?? '' };
			if (isObj(e.ports)) {
				const ports: Record<string, number> = {};
				for (const [k, v] of Object.entries(e.ports)) {
					const n = num(v);
					if (n !== undefined) ports[k] = n;
				}
				ep.ports = ports;
			}
			if (isObj(e.labels)) ep.labels = strMap(e.labels);
			return ep;
		}),
		source: refAt(res)
	};
}

// ---- security.istio.io PeerAuthentication (v1 and v1beta1 share the shape)

export function isPeerAuthentication(res: Resource): boolean {
	return res.kind === 'PeerAuthentication' && res.apiVersion.startsWith('security.istio.io/');
}

function paMode(v: unknown): PeerAuthMode {
	const m = typeof v === 'string' ? v.toUpperCase() : '';
	return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : 'UNSET';
}

export function readPeerAuthentication(res: Resource, namespace: string): PeerAuthentication {
	const spec = obj(res.raw.spec);
	const sel = isObj(spec.selector) ? strMap(obj(spec.selector).matchLabels) : null;
	const portLevel: Record<number, PeerAuthMode> = {};
	if (isObj(spec.portLevelMtls)) {
		for (const [k, v] of Object.entries(spec.portLevelMtls)) {
			const n = Number(k);
			if (Number.isInteger(n) && n > 0) portLevel[n] = paMode(obj(v).mode);
		}
	}
	return {
		id: `${namespace}/${res.name}`,
		namespace,
		name: res.name,
		// an empty selector (or empty matchLabels) selects the whole namespace
		selector: sel && Object.keys(sel).length ? sel : null,
		mode: paMode(obj(spec.mtls).mode),
		portLevel,
		source: refAt(res)
	};
}

/** All PeerAuthentications of the parsed resources (later definitions of the same name win). */
export function readPeerAuthentications(resources: readonly Resource[]): PeerAuthentication[] {
	const byId = new Map<string, PeerAuthentication>();
	for (const res of resources) {
		if (!res || typeof res !== 'object' || !isPeerAuthentication(res)) continue;
		const pa = readPeerAuthentication(res, res.namespace || 'default');
		byId.delete(pa.id);
		byId.set(pa.id, pa);
	}
	return [...byId.values()];
}

/** The cluster with its PeerAuthentications read from `resources` (build.ts leaves them out). */
export function withPeerAuthentications(cluster: Cluster, resources: readonly Resource[]): Cluster {
	const pas = readPeerAuthentications(resources);
	return pas.length ? { ...cluster, peerAuthentications: pas } : cluster;
}
