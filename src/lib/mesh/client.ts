// Who sends the request: a pod named by a REF (`pod/ns/name`, `deploy/ns/name`,
// `ns/name`), the ingress gateway (`ingress`, `external/…`), or — when `from`
// is omitted — a made-up sidecar-injected client in `default` (said in notes).
import type { Cluster, Pod } from '../model';
import { parseRef, refPod } from '../model';

export interface Client {
	kind: 'pod' | 'synthetic' | 'ingress';
	pod: Pod | null;
	namespace: string;
	sidecar: boolean;
	labels: Record<string, string> | null;
	ip: string;
}

export const SYNTHETIC_CLIENT_IP = '10.244.255.254';
export const INTERNET_CLIENT_IP = '203.0.113.7';

export function resolveClient(cluster: Cluster, from: string | undefined): Client {
	if (from === undefined || from === '') {
		return { kind: 'synthetic', pod: null, namespace: 'default', sidecar: true, labels: null, ip: SYNTHETIC_CLIENT_IP };
	}
	if (from === 'ingress' || from.startsWith('external/') || from.startsWith('ext/')) {
		const ip = from.includes('/') ? from.slice(from.indexOf('/') + 1) : INTERNET_CLIENT_IP;
		return { kind: 'ingress', pod: null, namespace: 'istio-system', sidecar: false, labels: null, ip };
	}
	const pod = findPod(cluster, from);
	if (!pod) throw new Error(`unknown client '${from}': no such pod or workload`);
	return { kind: 'pod', pod, namespace: pod.namespace, sidecar: pod.sidecar, labels: pod.labels, ip: pod.ip };
}

/** A pod id (`ns/name`), or a pod/workload REF (a workload stands for its first pod). */
function findPod(cluster: Cluster, from: string): Pod | null {
	const direct = cluster.pods.find((p) => p.id === from);
	if (direct) return direct;
	const ref = parseRef(from);
	return ref && ref.kind !== 'container' ? refPod(cluster, ref) : null;
}
