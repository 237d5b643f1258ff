// Service endpoints, in the order of precedence the brief and reality share:
// EndpointSlices given in the input (discovery.k8s.io/v1), else core/v1
// Endpoints objects, else what the EndpointSlice controller would compute
// from the selector. Endpoints are listed per Service port (one Endpoint
// per address × port), like EndpointSlice ports.
import type { Diagnostic, Endpoint, Pod, Resource, Service } from './types';
import { makeDiag } from './diag';
import { selectByLabels, type PodIndex } from './podindex';
import { arr, num, obj, objs, protocol, str, strs } from './raw';
import { fmt, MAX_ENDPOINTS_PER_SERVICE, MAX_ENDPOINTS_TOTAL, type WorkBudget } from './budget';
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
export function selectorEndpoints(d: ServiceDraft, idx: PodIndex, budget: WorkBudget, diags: Diagnostic[]): void {
	const svc = d.svc;
	if (!svc.selector || svc.type === 'ExternalName') return;
	const pods = selectByLabels(idx, svc.namespace, svc.selector);
	svc.pods = pods.map((p) => p.id);
	svc.endpointsFrom = 'selector';
	const eps: Endpoint[] = [];
	const room = endpointRoom(budget, pods.length * Math.max(1, svc.ports.length));
	for (const pod of pods) {
		if (eps.length >= room.shown) break;
		// no address yet (Pending) or finished: not an endpoint
		if (!pod.ip || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
		const ready = pod.ready || d.publishNotReadyAddresses;
		if (svc.ports.length === 0) {
			// a headless Service may have no ports: its endpoints exist for DNS only (port 0)
			eps.push(endpoint(pod.ip, 0, '', 'TCP', pod.id, pod.node, ready, ready, false));
			continue;
		}
		for (const sp of svc.ports) {
			if (eps.length >= room.shown) break;
			const port = resolveTargetPort(pod, sp.targetPort, sp.protocol);
			if (port === undefined) continue;
			eps.push(endpoint(pod.ip, port, sp.name, sp.protocol, pod.id, pod.node, ready, ready, false));
		}
	}
	settle(svc, eps, room, budget, d.res, 'spec.selector', diags);
}

/** What a Service may still model of the `asked` endpoints (address × port pairs, an upper bound). */
function endpointRoom(budget: WorkBudget, asked: number): { shown: number; asked: number } {
	return { shown: Math.max(0, Math.min(asked, MAX_ENDPOINTS_PER_SERVICE, budget.endpoints)), asked };
}

/** Stores the endpoints, takes them from the budget, and says so when some were left out. */
function settle(svc: Service, eps: Endpoint[], room: { shown: number; asked: number }, budget: WorkBudget, res: Resource, path: string, diags: Diagnostic[]): void {
	svc.endpoints = eps;
	budget.endpoints -= eps.length;
	if (room.asked <= room.shown) return;
	svc.endpointsAggregated = { shown: eps.length, total: room.asked };
	const why = room.shown < MAX_ENDPOINTS_PER_SERVICE
		? `at most ${fmt(MAX_ENDPOINTS_TOTAL)} endpoints are modelled in all, and the Services before this one used them up`
		: `at most ${fmt(MAX_ENDPOINTS_PER_SERVICE)} endpoints are modelled per Service`;
	diags.push(makeDiag(res, 'warning', 'endpoints-aggregated',
		`Service ${svc.id} has up to ${fmt(room.asked)} endpoints (addresses × ports); ${why}, so ${fmt(eps.length)} are modelled — load balancing is shown over those only`, path));
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
export function sliceEndpoints(svc: Service, slices: Resource[], diags: Diagnostic[], budget: WorkBudget): void {
	const eps: Endpoint[] = [];
	const pods = new Set<string>();
	let asked = 0;
	for (const res of slices) asked += arr(res.raw.endpoints).length * arr(res.raw.ports).length;
	const room = endpointRoom(budget, asked);
	let cutAt: Resource | undefined;
	for (const res of slices) {
		if (eps.length >= room.shown) {
			cutAt ??= res;
			break;
		}
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
				if (eps.length >= room.shown) {
					cutAt ??= res;
					break;
				}
				eps.push(endpoint(ip, p.port, p.name, p.protocol, pod, node, ready, serving, terminating));
			}
			if (cutAt) break;
		}
	}
	svc.pods = [...pods];
	svc.endpointsFrom = 'EndpointSlice';
	settle(svc, eps, room, budget, cutAt ?? slices[0], 'endpoints', diags);
}

/** Endpoints from a core/v1 Endpoints object (subsets × ports). */
export function legacyEndpoints(svc: Service, res: Resource, budget: WorkBudget, diags: Diagnostic[]): void {
	const eps: Endpoint[] = [];
	const pods = new Set<string>();
	let asked = 0;
	for (const subset of objs(res.raw.subsets))
		asked += (arr(subset.addresses).length + arr(subset.notReadyAddresses).length) * arr(subset.ports).length;
	const room = endpointRoom(budget, asked);
	for (const subset of objs(res.raw.subsets)) {
		if (eps.length >= room.shown) break;
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
					if (p.port === undefined || eps.length >= room.shown) continue;
					eps.push(endpoint(ip, p.port, p.name, p.protocol, pod, node, ready, ready, false));
				}
			}
		}
	}
	svc.pods = [...pods];
	svc.endpointsFrom = 'Endpoints';
	settle(svc, eps, room, budget, res, 'subsets', diags);
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
