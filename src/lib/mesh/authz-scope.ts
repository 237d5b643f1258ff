// Which Envoys an AuthorizationPolicy applies to (istio.io reference
// "Authorization Policy": selector, targetRefs, root namespace). A module of
// its own so findings and views can ask without loading the evaluator.
import type { AuthorizationPolicy, Pod } from '../model';
import { matchesLabels } from '../model';
import { ROOT_NAMESPACE } from './policy';

/** label the Gateway API deployment controller puts on a Gateway's pods */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The workload whose Envoy decides: a pod with a sidecar or a gateway pod. */
export interface AuthzWorkload {
	namespace: string;
	labels: Record<string, string>;
	/** pod id, for the messages */
	name: string;
}

/** Does `p` apply to the Envoy of `w`? targetRefs: Gateway API Gateways only (Service/ServiceEntry targets are for waypoints). */
export function appliesTo(p: AuthorizationPolicy, w: AuthzWorkload): boolean {
	if (p.targetRefs.length) {
		return p.targetRefs.some(
			(t) => t.kind === 'Gateway' && t.group === 'gateway.networking.k8s.io' && (t.namespace ?? p.namespace) === w.namespace && p.namespace === w.namespace && w.labels[GATEWAY_NAME_LABEL] === t.name
		);
	}
	if (p.namespace === ROOT_NAMESPACE) return p.selector === null || matchesLabels(p.selector, w.labels);
	return p.namespace === w.namespace && (p.selector === null || matchesLabels(p.selector, w.labels));
}

/** The workload an Envoy belongs to. */
export function workloadOf(pod: Pick<Pod, 'id' | 'namespace' | 'labels'>): AuthzWorkload {
	return { namespace: pod.namespace, labels: pod.labels, name: pod.id };
}
