// Service endpoints before and after: per Service, the endpoints added,
// removed, and those whose readiness changed. Endpoints are keyed by their pod
// and port (`ns/pod:port`), not by IP: adding a pod can shift the addresses
// Hopscope assigns to others, which is no change of the Service's backends.
import type { Cluster, Service } from '../model';
import type { EndpointChange, EndpointRef } from './types';
import { byText } from './keys';

export function diffEndpoints(before: Cluster, after: Cluster): EndpointChange[] {
	const a = new Map(before.services.map((s) => [s.id, s]));
	const b = new Map(after.services.map((s) => [s.id, s]));
	const ids = [...new Set([...a.keys(), ...b.keys()])].sort(byText);
	const out: EndpointChange[] = [];
	for (const id of ids) {
		const ea = endpointsOf(a.get(id));
		const eb = endpointsOf(b.get(id));
		const added = [...eb.values()].filter((e) => !ea.has(e.id));
		const removed = [...ea.values()].filter((e) => !eb.has(e.id));
		const ready = [...ea.values()].flatMap((e) => {
			const n = eb.get(e.id);
			return n && n.ready !== e.ready ? [{ id: e.id, before: e.ready, after: n.ready }] : [];
		});
		if (!added.length && !removed.length && !ready.length) continue;
		const change = !a.has(id) ? 'added' : !b.has(id) ? 'removed' : 'changed';
		out.push({ service: id, change, added, removed, ready, before: ea.size, after: eb.size });
	}
	return out;
}

/** One entry per pod (or address) and port, in id order. */
export function endpointsOf(s: Service | undefined): Map<string, EndpointRef> {
	const m = new Map<string, EndpointRef>();
	for (const e of s?.endpoints ?? []) {
		const id = `${e.pod ?? e.ip}:${e.port}`;
		if (!m.has(id)) m.set(id, { id, ip: e.ip, port: e.port, ready: e.ready });
	}
	return new Map([...m].sort((x, y) => byText(x[0], y[0])));
}
