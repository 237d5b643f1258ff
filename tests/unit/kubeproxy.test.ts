// Golden tests: expected dumps are upstream kube-proxy's own test expectations
// (pkg/proxy/iptables/proxier_test.go: TestOverallIPTablesRules,
// TestInternalTrafficPolicyE2E, TestTerminatingEndpointsTrafficPolicyLocal).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	iptablesSave,
	masqueradeMarkFor,
	nodeRules,
	serviceExternalChainName,
	serviceFirewallChainName,
	servicePortChainName,
	servicePortEndpointChainName,
	servicePortLocalChainName,
	servicePortName
} from '../../src/lib/net/kubeproxy';
import { FAKE_PROXIER, TEST_NODE, cluster, ep, port, service, upstreamTestDump } from './kubeproxy-helpers';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

// The six services of upstream's TestOverallIPTablesRules.
function overallCluster() {
	const p80 = [port({ name: 'p80', port: 80 })];
	const e = (ip: string, node?: string) => ep(ip, { portName: 'p80', node });
	return cluster([
		service('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: p80, endpoints: [e('10.180.0.1')] }),
		service('ns2', 'svc2', {
			type: 'LoadBalancer',
			externalTrafficPolicy: 'Local',
			clusterIP: '172.30.0.42',
			ports: [port({ name: 'p80', port: 80, nodePort: 3001 })],
			loadBalancerIPs: ['1.2.3.4'],
			externalIPs: ['192.168.99.22'],
			healthCheckNodePort: 30000,
			// no node name: not local, so external traffic has no local endpoint
			endpoints: [e('10.180.0.2')]
		}),
		service('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: [port({ name: 'p80', port: 80, nodePort: 3003 })], endpoints: [e('10.180.0.3')] }),
		service('ns4', 'svc4', {
			type: 'NodePort',
			clusterIP: '172.30.0.44',
			externalIPs: ['192.168.99.33'],
			ports: p80,
			endpoints: [e('10.180.0.4'), e('10.180.0.5', TEST_NODE)]
		}),
		service('ns5', 'svc5', {
			type: 'LoadBalancer',
			clusterIP: '172.30.0.45',
			ports: [port({ name: 'p80', port: 80, nodePort: 3002 })],
			loadBalancerIPs: ['5.6.7.8'],
			healthCheckNodePort: 30000,
			loadBalancerSourceRanges: [' 203.0.113.0/25'],
			sessionAffinity: 'ClientIP',
			sessionAffinityTimeoutSeconds: 10800,
			endpoints: [e('10.180.0.3')]
		}),
		service('ns6', 'svc6', { clusterIP: '172.30.0.46', ports: p80 })
	]);
}

const overall = () => nodeRules(overallCluster(), TEST_NODE, FAKE_PROXIER);
const linesFor = (text: string, needle: string) => text.split('\n').filter((l) => l.startsWith('-A') && l.includes(needle));

describe('kube-proxy iptables: upstream TestOverallIPTablesRules', () => {
	it('matches the upstream expected dump exactly', () => {
		expect(upstreamTestDump(overall())).toBe(golden('kubeproxy-overall.txt'));
	});

	const want = golden('kubeproxy-overall.txt');
	const got = () => upstreamTestDump(overall());
	it.each([
		['ClusterIP, one endpoint', 'ns1/svc1:p80'],
		['LoadBalancer, externalTrafficPolicy Local, externalIP, health check node port', 'ns2/svc2:p80'],
		['NodePort', 'ns3/svc3:p80'],
		['externalIPs with two endpoints', 'ns4/svc4:p80'],
		['LoadBalancer Cluster, loadBalancerSourceRanges, session affinity', 'ns5/svc5:p80'],
		['no endpoints: REJECT', 'ns6/svc6:p80']
	])('%s', (_, svc) => {
		const lines = linesFor(got(), svc);
		expect(lines.length).toBeGreaterThan(0);
		expect(lines).toEqual(linesFor(want, svc));
	});

	it('exposes structured rules for the packet engine', () => {
		const nat = overall().nat.rules;
		const split = nat.filter((r) => r.chain === 'KUBE-SVC-4SW47YFZTEDKD3PK' && r.endpoint);
		expect(split.map((r) => [r.endpoint, r.match?.probability, r.target])).toEqual([
			['10.180.0.4:80', 0.5, 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
			['10.180.0.5:80', undefined, 'KUBE-SEP-C6EBXVWJJZMIWKLZ']
		]);
		const dnat = nat.find((r) => r.chain === 'KUBE-SEP-I77PXRDZVX7PMWMN' && r.target === 'DNAT')!;
		expect(dnat).toMatchObject({
			service: 'ns5/svc5:p80',
			endpoint: '10.180.0.3:80',
			toDestination: '10.180.0.3:80',
			match: { protocol: 'tcp', recent: { name: 'KUBE-SEP-I77PXRDZVX7PMWMN', op: 'set' } }
		});
		const fw = nat.filter((r) => r.chain === 'KUBE-FW-NUKIZ6OKUXPJNT4C');
		expect(fw.map((r) => [r.match?.source, r.target])).toEqual([
			['203.0.113.0/25', 'KUBE-EXT-NUKIZ6OKUXPJNT4C'],
			[undefined, undefined]
		]);
		const reject = overall().filter.rules.find((r) => r.target === 'REJECT')!;
		expect(reject).toMatchObject({ chain: 'KUBE-SERVICES', comment: 'ns6/svc6:p80 has no endpoints', match: { destination: '172.30.0.46', dport: 80 } });
	});
});

describe('kube-proxy iptables: internalTrafficPolicy (upstream TestInternalTrafficPolicyE2E)', () => {
	// The upstream version of this test predates the nfacct counters.
	const opts = { ...FAKE_PROXIER, nfacct: false };
	const itp = (policy: 'Cluster' | 'Local', nodes: string[]) =>
		cluster([
			service('ns1', 'svc1', {
				clusterIP: '172.30.1.1',
				internalTrafficPolicy: policy,
				ports: [port({ port: 80 })],
				endpoints: ['10.0.1.1', '10.0.1.2', '10.0.1.3'].map((ip, i) => ep(ip, { node: nodes[i] }))
			})
		]);

	it('Cluster, three endpoints: 0.3333333333, 0.5000000000, then unconditional', () => {
		expect(upstreamTestDump(nodeRules(itp('Cluster', [TEST_NODE, 'host1', 'host2']), TEST_NODE, opts))).toBe(golden('kubeproxy-itp-cluster.txt'));
	});
	it('Local with a local endpoint: KUBE-SVL- chain', () => {
		expect(upstreamTestDump(nodeRules(itp('Local', [TEST_NODE, 'host1', 'host2']), TEST_NODE, opts))).toBe(golden('kubeproxy-itp-local.txt'));
	});
	it('Local without local endpoints: DROP in filter KUBE-SERVICES', () => {
		expect(upstreamTestDump(nodeRules(itp('Local', ['host0', 'host1', 'host2']), TEST_NODE, opts))).toBe(golden('kubeproxy-itp-local-none.txt'));
	});
});

describe('kube-proxy iptables: terminating endpoints (upstream TestTerminatingEndpointsTrafficPolicyLocal)', () => {
	const opts = { ...FAKE_PROXIER, nfacct: false };
	const lb = (eps: ReturnType<typeof ep>[]) =>
		cluster([
			service('ns1', 'svc1', {
				type: 'LoadBalancer',
				externalTrafficPolicy: 'Local',
				clusterIP: '172.30.1.1',
				ports: [port({ port: 80 })],
				healthCheckNodePort: 30000,
				sessionAffinity: 'ClientIP',
				sessionAffinityTimeoutSeconds: 10800,
				loadBalancerIPs: ['1.2.3.4'],
				endpoints: eps
			})
		]);
	const cond = (ready: boolean, serving: boolean, terminating: boolean, node = TEST_NODE) => ({ ready, serving, terminating, node });

	it('ready endpoints exist: terminating ones are ignored', () => {
		const c = lb([
			ep('10.0.1.1', cond(true, true, false)),
			ep('10.0.1.2', cond(true, true, false)),
			ep('10.0.1.3', cond(false, true, true)),
			ep('10.0.1.4', cond(false, false, true)),
			ep('10.0.1.5', cond(true, true, false, 'host-1'))
		]);
		expect(upstreamTestDump(nodeRules(c, TEST_NODE, opts))).toBe(golden('kubeproxy-term-ready.txt'));
	});
	it('only terminating local endpoints: serving-terminating fallback for Local', () => {
		const c = lb([
			ep('10.0.1.2', cond(false, true, true)),
			ep('10.0.1.3', cond(false, true, true)),
			ep('10.0.1.4', cond(false, false, true)),
			ep('10.0.1.5', cond(true, true, false, 'host-1'))
		]);
		expect(upstreamTestDump(nodeRules(c, TEST_NODE, opts))).toBe(golden('kubeproxy-term-only.txt'));
	});
});

describe('chain names', () => {
	// Hashes published in upstream's expected dumps for these service port names.
	it.each([
		['ns1/svc1:p80', 'KUBE-SVC-XPGD46QRK7WJZT7O'],
		['ns2/svc2:p80', 'KUBE-SVC-GNZBNJ2PO5MGZ6GT'],
		['ns3/svc3:p80', 'KUBE-SVC-X27LE4BHSL4DOUIK'],
		['ns4/svc4:p80', 'KUBE-SVC-4SW47YFZTEDKD3PK'],
		['ns5/svc5:p80', 'KUBE-SVC-NUKIZ6OKUXPJNT4C'],
		['ns1/svc1', 'KUBE-SVC-AQI2S6QIMU7PVVRP']
	])('%s → %s', (name, chain) => {
		expect(servicePortChainName(name, 'tcp')).toBe(chain);
		expect(servicePortChainName(name, 'TCP')).toBe(chain);
	});
	it('shares the hash across SVC/SVL/EXT/FW', () => {
		expect(servicePortLocalChainName('ns1/svc1', 'tcp')).toBe('KUBE-SVL-AQI2S6QIMU7PVVRP');
		expect(serviceExternalChainName('ns2/svc2:p80', 'tcp')).toBe('KUBE-EXT-GNZBNJ2PO5MGZ6GT');
		expect(serviceFirewallChainName('ns5/svc5:p80', 'tcp')).toBe('KUBE-FW-NUKIZ6OKUXPJNT4C');
	});
	it.each([
		['ns1/svc1:p80', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
		['ns2/svc2:p80', '10.180.0.2:80', 'KUBE-SEP-RS4RBKLTHTF2IUXJ'],
		['ns4/svc4:p80', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
		['ns5/svc5:p80', '10.180.0.3:80', 'KUBE-SEP-I77PXRDZVX7PMWMN'],
		['ns1/svc1', '10.0.1.3:80', 'KUBE-SEP-XGJFVO3L2O5SRFNT']
	])('endpoint %s %s → %s', (name, endpoint, chain) => {
		expect(servicePortEndpointChainName(name, 'tcp', endpoint)).toBe(chain);
	});
	it('formats service port names like proxy.ServicePortName.String()', () => {
		expect(servicePortName('ns1', 'svc1', 'p80')).toBe('ns1/svc1:p80');
		expect(servicePortName('ns1', 'svc1', '')).toBe('ns1/svc1');
	});
});

describe('node-level rules', () => {
	const text = () => iptablesSave(nodeRules(overallCluster(), TEST_NODE, { clusterCIDR: '10.0.0.0/8' }), { header: ['Generated by hopscope'] });

	it('prints builtin chains first, user chains sorted, and kube-proxy jump rules', () => {
		const lines = text().split('\n');
		expect(lines.slice(0, 5)).toEqual(['# Generated by hopscope', '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]']);
		expect(lines.filter((l) => /^-A (INPUT|FORWARD|OUTPUT|PREROUTING|POSTROUTING) /.test(l))).toEqual([
			'-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
			'-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
			'-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
			'-A INPUT -j KUBE-FIREWALL',
			'-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
			'-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
			'-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
			'-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
			'-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
			'-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
			'-A OUTPUT -j KUBE-FIREWALL',
			'-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
			'-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
			'-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'
		]);
		const natChains = lines.slice(lines.indexOf('*nat') + 1).filter((l) => l.startsWith(':')).map((l) => l.split(' ')[0]);
		expect(natChains.slice(0, 4)).toEqual([':PREROUTING', ':INPUT', ':OUTPUT', ':POSTROUTING']);
		expect(natChains.slice(4)).toEqual([...natChains.slice(4)].sort());
		expect(lines.at(-2)).toBe('COMMIT');
	});

	it('uses the real mark and --random-fully by default', () => {
		expect(masqueradeMarkFor(14)).toBe('0x00004000');
		expect(linesFor(text(), 'KUBE-POSTROUTING')).toContain(
			'-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully'
		);
		expect(linesFor(text(), '-A KUBE-MARK-MASQ')).toEqual(['-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000']);
	});

	it('cluster CIDR drives the off-cluster MASQ rule; empty disables it', () => {
		const c = overallCluster();
		const masq = (cidr?: string) =>
			nodeRules(c, TEST_NODE, { ...FAKE_PROXIER, clusterCIDR: cidr }).nat.rules.filter((r) => r.chain === 'KUBE-SVC-XPGD46QRK7WJZT7O' && r.target === 'KUBE-MARK-MASQ').map((r) => r.text);
		expect(masq('10.244.0.0/16')).toEqual([
			'-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ'
		]);
		expect(masq(undefined)).toEqual([
			'-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ'
		]);
		expect(masq('')).toEqual([]);
	});

	it('large clusters (> 1000 endpoints) drop the per-endpoint comments', () => {
		const eps = Array.from({ length: 1001 }, (_, i) => ep(`10.1.${i >> 8}.${i & 255}`));
		const c = cluster([service('ns1', 'big', { clusterIP: '172.30.0.9', ports: [port({ port: 80 })], endpoints: eps })]);
		const nat = nodeRules(c, TEST_NODE, FAKE_PROXIER).nat.rules;
		const sep = servicePortEndpointChainName('ns1/big', 'tcp', '10.1.0.0:80');
		expect(nat.filter((r) => r.chain === sep).map((r) => r.text)).toEqual([
			`-A ${sep} -s 10.1.0.0 -j KUBE-MARK-MASQ`,
			`-A ${sep} -m tcp -p tcp -j DNAT --to-destination 10.1.0.0:80`
		]);
		expect(nat.find((r) => r.target === sep)!.text).toBe(`-A KUBE-SVC-${servicePortChainName('ns1/big', 'tcp').slice(9)} -m statistic --mode random --probability 0.0009990010 -j ${sep}`);
	});

	it('names unknown nodes and lists the known ones', () => {
		expect(() => nodeRules(overallCluster(), 'nope')).toThrow("unknown node 'nope' (nodes: test-node, host-1)");
	});
});
