// NetworkPolicy, preserving the spec's distinctions:
//  - rule `from`/`to` missing → peers null; written as [] → [] (both mean "all
//    peers" for the rule; kept apart so the UI can show what was written);
//  - `ports` missing → null, [] → [] (all ports);
//  - policyTypes defaulted as the API server does: Ingress always, plus Egress
//    when the policy has at least one egress rule (`egress: []` does not count).
//  - a selector written as `matchLabels:` with nothing under it (null) is the
//    empty selector {}, which selects every pod of the namespace.
import type { Diagnostic, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, Resource } from './types';
import { makeDiag, refAt } from './diag';
import { readLabelSelector } from './pods';
import { selectBySelector, type PodIndex } from './podindex';
import { arr, has, intOrString, isObj, num, obj, objs, protocol, str, strs, type Obj } from './raw';

function readPeer(p: Obj): NetworkPolicyPeer {
	const peer: NetworkPolicyPeer = {};
	if (has(p, 'podSelector')) peer.podSelector = readLabelSelector(p.podSelector) ?? {};
	if (has(p, 'namespaceSelector')) peer.namespaceSelector = readLabelSelector(p.namespaceSelector) ?? {};
	if (isObj(p.ipBlock)) {
		const ib: NonNullable<NetworkPolicyPeer['ipBlock']> = { cidr: str(p.ipBlock.cidr) ?? '' };
		if (Array.isArray(p.ipBlock.except)) ib.except = strs(p.ipBlock.except);
		peer.ipBlock = ib;
	}
	return peer;
}

function readPort(p: Obj): NetworkPolicyPort {
	const port: NetworkPolicyPort = { protocol: protocol(p.protocol) };
	const v = intOrString(p.port);
	if (v !== undefined) port.port = v;
	const end = num(p.endPort);
	if (end !== undefined) port.endPort = end;
	return port;
}

function readRules(res: Resource, list: unknown, dir: 'ingress' | 'egress'): NetworkPolicyRule[] {
	const peerKey = dir === 'ingress' ? 'from' : 'to';
	return arr(list).map((r, i) => {
		const rule = obj(r);
		return {
			peers: Array.isArray(rule[peerKey]) ? objs(rule[peerKey]).map(readPeer) : null,
			ports: Array.isArray(rule.ports) ? objs(rule.ports).map(readPort) : null,
			source: refAt(res, `spec.${dir}.${i}`)
		};
	});
}

export function readNetworkPolicy(res: Resource, namespace: string, idx: PodIndex, diags: Diagnostic[]): NetworkPolicy {
	const spec = obj(res.raw.spec);
	const id = `${namespace}/${res.name}`;
	if (!has(spec, 'podSelector')) {
		diags.push(makeDiag(res, 'warning', 'netpol-pod-selector', `NetworkPolicy ${id}: spec.podSelector is required; read as {} (all pods in ${namespace})`, 'spec'));
	}
	const podSelector = readLabelSelector(spec.podSelector) ?? {};
	const ingress = readRules(res, spec.ingress, 'ingress');
	const egress = readRules(res, spec.egress, 'egress');
	let policyTypes: NetworkPolicy['policyTypes'];
	const written = strs(spec.policyTypes).filter((t): t is 'Ingress' | 'Egress' => t === 'Ingress' || t === 'Egress');
	if (written.length > 0) policyTypes = written;
	else policyTypes = egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
	return {
		id,
		namespace,
		name: res.name,
		podSelector,
		policyTypes,
		ingress,
		egress,
		pods: selectBySelector(idx, namespace, podSelector).map((p) => p.id),
		source: refAt(res)
	};
}
