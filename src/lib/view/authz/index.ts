// Public API of the authorization part of the Inspector, loaded lazily (it
// brings the policy evaluator and the legacy RBAC translation): complete()
// fills in what describe() leaves for it.
import type { Cluster } from '../../model';
import type { Details } from '../details';
import { describeAuthz, policyRelationsOfPod } from './details';

export { describeAuthz, policyRelationsOfPod } from './details';

/** The Inspector's details with the authorization part: policy and legacy RBAC resources in full, a pod's policies as relations. */
export function complete(cluster: Cluster, ref: { kind: string; namespace?: string; name: string }, base: Details): Details {
	if (ref.kind === 'Pod') {
		const pod = cluster.pods.find((p) => p.name === ref.name && (!ref.namespace || p.namespace === ref.namespace));
		return pod ? { ...base, relations: [...base.relations, ...policyRelationsOfPod(cluster, pod)] } : base;
	}
	return describeAuthz(cluster, ref.kind, ref.namespace ?? '', ref.name, (kind, namespace, name, source) => ({ ref: { kind, namespace, name }, title: name, subtitle: namespace ? `${kind} · ${namespace}` : kind, source, fields: [], tables: [], labels: {}, relations: [], notes: [] })) ?? base;
}
