// The CNI's own iptables rules, next to kube-proxy's. Hopscope's defaults are
// flannel's (10.244.0.0/16, one /24 per node, bridge cni0): `cni: bridge` is
// flannel's host-gw backend (plain routes between nodes), `cni: overlay` its
// vxlan backend (flannel.1). Both install the same --ip-masq rules
// (pkg/trafficmngr/iptables: masqRules, forwardRules), printed here as
// iptables-save shows them.
import type { Cluster, Node } from '../model';
import type { Rule } from './iptables';
import { m, rule } from './rulebuild';

/** flannel's trafficmngr.KubeProxyMark: it never masquerades what kube-proxy marked. */
export const FLANNEL_KUBE_PROXY_MARK = '0x4000/0x4000';
/** Linux's VXLAN default port, which flannel keeps (the IANA port is 4789). */
export const FLANNEL_VXLAN_PORT = 8472;
export const IANA_VXLAN_PORT = 4789;
export const FLANNEL_VNI = 1;
export const FLANNEL_DEVICE = 'flannel.1';

export interface CniRules {
	nat: Rule[];
	filter: Rule[];
}

/** flanneld's masquerade and forward rules on one node (IPv4, --ip-masq, iptables with --random-fully). */
export function flannelRules(cluster: Cluster, node: Node): CniRules {
	const cluster_cidr = cluster.settings.podCIDR;
	const pod_cidr = node.podCIDR;
	const masq = m.comment('flanneld masq');
	const fwd = m.comment('flanneld forward');
	const nat = [
		rule('POSTROUTING', [masq], 'FLANNEL-POSTRTG'),
		rule('FLANNEL-POSTRTG', [m.mark(FLANNEL_KUBE_PROXY_MARK), masq], 'RETURN'),
		rule('FLANNEL-POSTRTG', [m.src(pod_cidr), m.dst(cluster_cidr), masq], 'RETURN'),
		rule('FLANNEL-POSTRTG', [m.src(cluster_cidr), m.dst(pod_cidr), masq], 'RETURN'),
		rule('FLANNEL-POSTRTG', [m.src(cluster_cidr, true), m.dst(pod_cidr), masq], 'RETURN'),
		rule('FLANNEL-POSTRTG', [m.src(cluster_cidr), m.dst('224.0.0.0/4', true), masq], 'MASQUERADE', ['--random-fully']),
		rule('FLANNEL-POSTRTG', [m.src(cluster_cidr, true), m.dst(cluster_cidr), masq], 'MASQUERADE', ['--random-fully'])
	];
	const filter = [
		rule('FORWARD', [fwd], 'FLANNEL-FWD'),
		rule('FLANNEL-FWD', [m.src(cluster_cidr), fwd], 'ACCEPT'),
		rule('FLANNEL-FWD', [m.dst(cluster_cidr), fwd], 'ACCEPT')
	];
	return { nat, filter };
}
