// Service endpoints, in the order of precedence the brief and reality share:
// EndpointSlices given in the input (discovery.k8s.io/v1), else core/v1
// Endpoints objects, else what the EndpointSlice controller would compute
// from the selector. Endpoints are listed per Service port (one Endpoint
// per address × port), like EndpointSlice ports.
import type { Diagnostic, Endpoint, Pod, Resource, Service } from './types';
import { makeDiag } from './diag';
import { selectByLabels, type PodIndex } from './podindex';
import { num, obj, objs, protocol, str, strs } from './raw';
import type { ServiceDraft } from './services';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Resolve a Service port's targetPort for one pod, as the endpoints
 * controller's FindPort does: a number is used as is; a name is looked up
 * among the pod's (non-init) container ports with the same name AND protocol.
 * undefined → the pod is not an endpoint for this port.
 */
export function resolveTargetPort(pod: Pod, targetPort: number | string, proto: Endpoint['protocol']): number | undefined {
	if (typeof targetPort === 'number') return targetPort;
	for (const c of pod.containers) {
		if (c.init) continue;
		for (const p of c.ports) if (p.name === targetPort && p.protocol === proto) return p.containerPort;
	}
	return undefined;
}

/** Endpoints from the selector (what the EndpointSlice controller computes). */
export function selectorEndpoints(d: ServiceDraft, idx: PodIndex): void {
	const svc = d.svc;
	if (!svc.selector || svc.type === 'ExternalName') return;
	const pods = selectByLabels(idx, svc.namespace, svc.selector);
	svc.pods = pods.map((p) => p.id);
	svc.endpointsFrom = 'selector';
	const eps: Endpoint[] = [];
	for (const pod of pods) {
		// no address yet (Pending) or finished: not an endpoint
		if (!pod.ip || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
		const ready = pod.ready || d.publishNotReadyAddresses;
		if (svc.ports.length === 0) {
			// a headless Service may have no ports: its endpoints exist for DNS only (port 0)
			eps.push(endpoint(pod.ip, 0, '', 'TCP', pod.id, pod.node, ready, ready, false));
			continue;
		}
		for (const sp of svc.ports) {
			const port = resolveTargetPort(pod, sp.targetPort, sp.protocol);
			if (port === undefined) continue;
			eps.push(endpoint(pod.ip, port, sp.name, sp.protocol, pod.id, pod.node, ready, ready, false));
		}
	}
	svc.endpoints = eps;
}

// optional fields are only set when known (no `undefined` keys in JSON/tests)
function endpoint(
	ip: string,
	port: number,
	portName: string,
	protocol: Endpoint['protocol'],
	pod: string | undefined,
	node: string | undefined,
	ready: boolean,
	serving: boolean,
	terminating: boolean
): Endpoint {
	const e: Endpoint = { ip, port, portName, protocol, ready, serving, terminating };
	if (pod) e.pod = pod;
	if (node) e.node = node;
	return e;
}

function podRef(targetRef: unknown, ns: string): string | undefined {
	const t = obj(targetRef);
	if (str(t.kind) !== 'Pod' || !str(t.name)) return undefined;
	return `${str(t.namespace) ?? ns}/${str(t.name)}`;
}

/** Endpoints from EndpointSlices labelled with the Service's name. */
export function sliceEndpoints(svc: Service, slices: Resource[], diags: Diagnostic[]): void {
	const eps: Endpoint[] = [];
	const pods = new Set<string>();
	for (const res of slices) {
		const addressType = str(res.raw.addressType) ?? 'IPv4';
		if (addressType !== 'IPv4') {
			diags.push(makeDiag(res, 'info', 'endpointslice-address-type', `EndpointSlice ${res.name}: addressType ${addressType} is not modelled (IPv4 only)`, 'addressType'));
			continue;
		}
		const ports = objs(res.raw.ports).map((p) => ({ name: str(p.name) ?? '', port: num(p.port), protocol: protocol(p.protocol) }));
		for (const e of objs(res.raw.endpoints)) {
			// all addresses of one endpoint are fungible; kube-proxy uses the first
			const ip = strs(e.addresses)[0];
			if (!ip) continue;
			const cond = obj(e.conditions);
			// EndpointConditions: nil ready means unknown and is read as ready;
			// nil serving follows ready; nil terminating is false.
			const ready = cond.ready === undefined || cond.ready === null ? true : cond.ready === true;
			const serving = cond.serving === undefined || cond.serving === null ? ready : cond.serving === true;
			const terminating = cond.terminating === true;
			const pod = podRef(e.targetRef, svc.namespace);
			if (pod) pods.add(pod);
			const node = str(e.nodeName);
			for (const p of ports) {
				if (p.port === undefined) continue;
				eps.push(endpoint(ip, p.port, p.name, p.protocol, pod, node, ready, serving, terminating));
			}
		}
	}
	svc.endpoints = eps;
	svc.pods = [...pods];
	svc.endpointsFrom = 'EndpointSlice';
}

/** Endpoints from a core/v1 Endpoints object (subsets × ports). */
export function legacyEndpoints(svc: Service, res: Resource): void {
	const eps: Endpoint[] = [];
	const pods = new Set<string>();
	for (const subset of objs(res.raw.subsets)) {
		const ports = objs(subset.ports).map((p) => ({ name: str(p.name) ?? '', port: num(p.port), protocol: protocol(p.protocol) }));
		for (const [list, ready] of [
			['addresses', true],
			['notReadyAddresses', false]
		] as const) {
			for (const a of objs(subset[list])) {
				const ip = str(a.ip);
				if (!ip) continue;
				const pod = podRef(a.targetRef, svc.namespace);
				if (pod) pods.add(pod);
				const node = str(a.nodeName);
				for (const p of ports) {
					if (p.port === undefined) continue;
					eps.push(endpoint(ip, p.port, p.name, p.protocol, pod, node, ready, ready, false));
				}
			}
		}
	}
	svc.endpoints = eps;
	svc.pods = [...pods];
	svc.endpointsFrom = 'Endpoints';
}

/** Group EndpointSlices by `ns/service` from their kubernetes.io/service-name label. */
export function groupSlices(slices: { res: Resource; namespace: string }[], diags: Diagnostic[]): Map<string, Resource[]> {
	const out = new Map<string, Resource[]>();
	for (const { res, namespace } of slices) {
		const svc = res.labels[SERVICE_NAME_LABEL];
		if (!svc) {
			diags.push(makeDiag(res, 'warning', 'endpointslice-unowned', `EndpointSlice ${namespace}/${res.name} has no ${SERVICE_NAME_LABEL} label, so no Service uses it`, 'metadata.labels'));
			continue;
		}
		const key = `${namespace}/${svc}`;
		let l = out.get(key);
		if (!l) out.set(key, (l = []));
		l.push(res);
	}
	return out;
}
