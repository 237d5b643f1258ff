// Hand-built Cluster objects for the kube-proxy tests, mirroring upstream's
// NewFakeProxier conventions (pkg/proxy/iptables/proxier_test.go): pod CIDR
// 10.0.0.0/8, node "test-node" at 192.168.0.2, masquerade mark 0x4000.
import type { Cluster, Endpoint, Node, Service, ServicePort } from '../../src/lib/model/types';
import type { KubeProxyOptions, Table, Tables } from '../../src/lib/net/kubeproxy';
import { iptablesSave } from '../../src/lib/net/kubeproxy';
import { emptyCluster } from './cluster-helpers';

export const TEST_NODE = 'test-node';

/** What upstream's fake proxier uses: no --random-fully, mark 0x4000, nfacct available. */
export const FAKE_PROXIER: KubeProxyOptions = { clusterCIDR: '10.0.0.0/8', masqueradeMark: '0x4000', randomFully: false };

export function node(name: string, ip: string): Node {
	return { name, ip, podCIDR: '10.244.0.0/24', bridgeIP: '10.244.0.1', labels: {}, synthesized: true };
}

export function port(p: Partial<ServicePort> & { port: number }): ServicePort {
	return { name: '', protocol: 'TCP', targetPort: p.port, ...p };
}

/** An endpoint; ready/serving default true like an EndpointSlice without conditions. */
export function ep(ip: string, p: Partial<Endpoint> = {}): Endpoint {
	return { ip, port: 80, portName: '', protocol: 'TCP', ready: true, serving: true, terminating: false, ...p };
}

export function service(namespace: string, name: string, s: Partial<Service>): Service {
	return {
		id: `${namespace}/${name}`,
		namespace,
		name,
		type: 'ClusterIP',
		headless: false,
		clusterIP: null,
		ports: [],
		selector: {},
		externalIPs: [],
		loadBalancerIPs: [],
		loadBalancerSourceRanges: [],
		externalTrafficPolicy: 'Cluster',
		internalTrafficPolicy: 'Cluster',
		sessionAffinity: 'None',
		sessionAffinityTimeoutSeconds: 10800,
		endpoints: [],
		endpointsFrom: 'EndpointSlice',
		pods: [],
		source: { file: 'test.yaml', line: 1 },
		...s
	};
}

export function cluster(services: Service[], nodes: Node[] = [node(TEST_NODE, '192.168.0.2'), node('host-1', '192.168.0.3')]): Cluster {
	return emptyCluster({ nodes, services }, { nodeCount: nodes.length });
}

/**
 * Upstream's test view of the tables (sortIPTablesRules): only the chains
 * kube-proxy writes with iptables-restore (no builtin chains, no canary),
 * KUBE-NODEPORTS then KUBE-SERVICES first, the rest by name.
 */
export function upstreamTestDump(t: Tables): string {
	const order = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
	const strip = (table: Table): Table => ({
		// kubelet's KUBE-FIREWALL is in kube-proxy's restore input only when it writes the localnet rule into it
		chains: table.chains
			.filter((c) => !c.builtin && c.name !== 'KUBE-PROXY-CANARY' && (c.name !== 'KUBE-FIREWALL' || table.rules.some((r) => r.chain === c.name)))
			.sort((a, b) => order(a.name, b.name)),
		rules: table.rules
	});
	return iptablesSave({ filter: strip(t.filter), nat: strip(t.nat) });
}

function rank(chain: string): number {
	return chain === 'KUBE-NODEPORTS' ? 0 : chain === 'KUBE-SERVICES' ? 1 : 2;
}
