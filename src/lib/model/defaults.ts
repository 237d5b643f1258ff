// Documented defaults for everything the manifests leave out (shown in the UI's
// cluster settings and the README). They follow a kubeadm/minikube-like cluster:
// flannel-style 10.244.0.0/16 pod network with one /24 per node, the kubeadm
// service range 10.96.0.0/12 with kube-dns at .10, minikube's 192.168.49.x nodes.
import type { ClusterSettings } from './types';

export const DEFAULT_SETTINGS: ClusterSettings = {
	nodeCount: 2,
	podCIDR: '10.244.0.0/16',
	podCIDRMaskSize: 24,
	serviceCIDR: '10.96.0.0/12',
	clusterDNS: '10.96.0.10',
	clusterDomain: 'cluster.local',
	nodeIPStart: '192.168.49.2',
	nodeSubnetPrefix: 24,
	cni: 'bridge',
	bridgeName: 'cni0',
	kubeProxyMode: 'iptables',
	nodePortRange: [30000, 32767],
	nodeNamePrefix: 'node-'
};

/** Defaults overlaid with the given values (undefined values do not override). */
export function resolveSettings(partial?: Partial<ClusterSettings>): ClusterSettings {
	const out: ClusterSettings = { ...DEFAULT_SETTINGS, nodePortRange: [...DEFAULT_SETTINGS.nodePortRange] };
	if (!partial) return out;
	for (const [k, v] of Object.entries(partial)) {
		if (v !== undefined && v !== null) (out as unknown as Record<string, unknown>)[k] = v;
	}
	if (!Array.isArray(out.nodePortRange) || out.nodePortRange.length !== 2) {
		out.nodePortRange = [...DEFAULT_SETTINGS.nodePortRange];
	}
	return out;
}
