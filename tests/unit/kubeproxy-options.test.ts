// kube-proxy flags and legacy address forms, against upstream's own tests
// (kubernetes pkg/proxy/iptables/proxier_test.go): TestOnlyLocalNodePorts
// (--nodeport-addresses, --iptables-localhost-nodeports=false),
// TestMasqueradeRule (--random-fully on/off), TestSyncProxyRulesRepeated and
// TestSyncProxyRulesLargeClusterMode (--masquerade-all), and ParseIPSloppy
// (k8s.io/utils/net) for `172.30.0.041`-style addresses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iptablesSave, nodeRules, servicePortEndpointChainName, nodePortAddresses } from '../../src/lib/net/kubeproxy';
import { cidrSloppy, ipSloppy } from '../../src/lib/model';
import { FAKE_PROXIER, TEST_NODE, cluster, ep, node, port, service, upstreamTestDump } from './kubeproxy-helpers';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');
// These upstream expectations predate the nfacct counters.
const OLD = { ...FAKE_PROXIER, nfacct: false };

// onlyLocalNodePorts(): NodePort 3001, externalTrafficPolicy Local, one endpoint here, one elsewhere.
const onlyLocal = () =>
	cluster([
		service('ns1', 'svc1', {
			type: 'NodePort',
			externalTrafficPolicy: 'Local',
			clusterIP: '172.30.0.41',
			ports: [port({ name: 'p80', port: 80, nodePort: 3001 })],
			endpoints: [ep('10.180.0.1', { portName: 'p80' }), ep('10.180.2.1', { portName: 'p80', node: TEST_NODE })]
		})
	]);

describe('--nodeport-addresses (upstream TestOnlyLocalNodePorts)', () => {
	it('192.168.0.0/24 (+ an IPv6 CIDR the IPv4 proxier ignores) with localhost NodePorts off: one -d 192.168.0.2 rule', () => {
		const t = nodeRules(onlyLocal(), TEST_NODE, { ...OLD, nodePortAddresses: ['192.168.0.0/24', '2001:db8::/64'], localhostNodePorts: false });
		expect(upstreamTestDump(t)).toBe(golden('kubeproxy-only-local-nodeports.txt'));
	});
	it('primary means the node IP as a /32 (cmd/kube-proxy/app/server.go)', () => {
		const t = nodeRules(onlyLocal(), TEST_NODE, { ...OLD, nodePortAddresses: ['primary'] });
		expect(t.nat.rules.filter((r) => r.target === 'KUBE-NODEPORTS').map((r) => r.text)).toEqual([
			'-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d 192.168.0.2 -j KUBE-NODEPORTS'
		]);
		// no loopback in the CIDRs: NewProxier turns localhost NodePorts off, so no KUBE-FIREWALL localnet rule
		expect(t.filter.rules.filter((r) => r.chain === 'KUBE-FIREWALL')).toEqual([]);
	});
	it('a CIDR with 127.0.0.0/8 keeps localhost NodePorts; lo gets its own rule', () => {
		const t = nodeRules(onlyLocal(), TEST_NODE, { ...OLD, nodePortAddresses: ['127.0.0.0/8', '192.168.0.2/32'] });
		expect(t.nat.rules.filter((r) => r.target === 'KUBE-NODEPORTS').map((r) => r.match?.destination)).toEqual(['127.0.0.1', '192.168.0.2']);
		expect(t.filter.rules.filter((r) => r.chain === 'KUBE-FIREWALL')).toHaveLength(1);
		const off = nodeRules(onlyLocal(), TEST_NODE, { ...OLD, nodePortAddresses: ['127.0.0.0/8', '192.168.0.2/32'], localhostNodePorts: false });
		expect(off.nat.rules.filter((r) => r.target === 'KUBE-NODEPORTS').map((r) => r.match?.destination)).toEqual(['192.168.0.2']);
	});
	it('resolves against the node addresses: lo, eth0, the bridge', () => {
		const c = cluster([], [node(TEST_NODE, '192.168.0.2')]);
		expect(nodePortAddresses(c, c.nodes[0], ['10.244.0.0/16', '0.0.0.0/0'])).toEqual({ matchAll: true, ips: [], containsLoopback: true });
		expect(nodePortAddresses(c, c.nodes[0], ['10.244.0.0/16'])).toEqual({ matchAll: false, ips: ['10.244.0.1'], containsLoopback: false });
		expect(nodePortAddresses(c, c.nodes[0], ['junk'])).toEqual({ matchAll: true, ips: [], containsLoopback: true });
	});
});

describe('--iptables-localhost-nodeports', () => {
	it('off: the KUBE-NODEPORTS jump excludes 127.0.0.0/8 and KUBE-FIREWALL has no localnet rule', () => {
		const t = nodeRules(onlyLocal(), TEST_NODE, { ...OLD, localhostNodePorts: false });
		expect(t.nat.rules.filter((r) => r.target === 'KUBE-NODEPORTS').map((r) => r.text)).toEqual([
			'-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS'
		]);
		expect(t.filter.rules.filter((r) => r.chain === 'KUBE-FIREWALL')).toEqual([]);
	});
});

describe('--random-fully (upstream TestMasqueradeRule)', () => {
	for (const randomFully of [false, true]) {
		it(`HasRandomFully()=${randomFully}`, () => {
			const t = nodeRules(cluster([]), TEST_NODE, { ...OLD, randomFully });
			expect(upstreamTestDump(t)).toBe(golden('kubeproxy-masquerade-rule.txt').replace('%s', randomFully ? ' --random-fully' : ''));
		});
	}
	it('is on by default (any iptables >= 1.6.2)', () => {
		const t = nodeRules(cluster([]), TEST_NODE, { clusterCIDR: '10.0.0.0/8' });
		expect(t.nat.rules.find((r) => r.target === 'MASQUERADE')!.text).toMatch(/ --random-fully$/);
	});
});

describe('--masquerade-all', () => {
	const twoServices = () =>
		cluster([
			service('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [port({ name: 'p80', port: 80 })], endpoints: [ep('10.0.1.1', { portName: 'p80' })] }),
			service('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [port({ name: 'p8080', port: 8080 })], endpoints: [ep('10.0.2.1', { portName: 'p8080', port: 8080 })] })
		]);
	it('off: the cluster-IP MASQ rule only for sources outside the cluster CIDR (upstream TestSyncProxyRulesRepeated)', () => {
		expect(upstreamTestDump(nodeRules(twoServices(), TEST_NODE, OLD))).toBe(golden('kubeproxy-sync-repeated.txt'));
	});
	it('on: every packet to the cluster IP is marked (proxier.go: masqueradeAll writes the rule without IfNotLocal)', () => {
		const dump = upstreamTestDump(nodeRules(twoServices(), TEST_NODE, { ...OLD, masqueradeAll: true }));
		expect(dump).toBe(golden('kubeproxy-sync-repeated.txt').replaceAll(' ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ', ' -j KUBE-MARK-MASQ'));
	});
	it('on, large cluster: first SEP rule as upstream TestSyncProxyRulesLargeClusterMode asserts', () => {
		const eps = (net: string, p: string, n: number, portNum: number) => Array.from({ length: n }, (_, i) => ep(`10.${net}.${i % 256}.${Math.floor(i / 256)}`, { portName: p, port: portNum }));
		const c = cluster([
			service('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [port({ name: 'p80', port: 80 })], endpoints: eps('0', 'p80', 499, 80) }),
			service('ns2', 'svc2', { clusterIP: '172.30.0.42', ports: [port({ name: 'p8080', port: 8080 })], endpoints: eps('1', 'p8080', 499, 8080) }),
			service('ns3', 'svc3', { clusterIP: '172.30.0.43', ports: [port({ name: 'p8081', port: 8081 })] })
		]);
		const lines = iptablesSave(nodeRules(c, TEST_NODE, { ...OLD, masqueradeAll: true })).split('\n');
		expect(lines.filter((l) => l.includes('10.0.0.0') && l.includes('DNAT'))).toEqual(['-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80']);
		expect(lines.filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes('DNAT'))).toHaveLength(998);
	});
});

describe('legacy IP forms: ParseIPSloppy, canonical output', () => {
	it('reads leading zeros as decimal and prints the canonical form', () => {
		expect(ipSloppy('172.30.0.041')).toBe('172.30.0.41');
		expect(ipSloppy('010.180.000.001')).toBe('10.180.0.1');
		expect(ipSloppy('1.2.3.256')).toBeNull();
		expect(cidrSloppy('203.0.113.000/025')).toBe('203.0.113.0/25');
		expect(cidrSloppy('203.0.113.7/33')).toBeNull();
	});
	it('a Service written with leading zeros gets the canonical rules and SEP hash', () => {
		const c = cluster([
			service('ns5', 'svc5', {
				type: 'LoadBalancer',
				clusterIP: '172.30.0.045',
				ports: [port({ name: 'p80', port: 80, nodePort: 3002 })],
				loadBalancerIPs: ['5.6.7.008'],
				externalIPs: ['192.168.99.033'],
				loadBalancerSourceRanges: ['203.0.113.000/025'],
				endpoints: [ep('10.180.0.003', { portName: 'p80' })]
			})
		]);
		const nat = nodeRules(c, TEST_NODE, OLD).nat.rules.map((r) => r.text);
		const sep = servicePortEndpointChainName('ns5/svc5:p80', 'tcp', '10.180.0.3:80');
		// the same chain upstream's TestOverallIPTablesRules names for 10.180.0.3:80
		expect(sep).toBe('KUBE-SEP-I77PXRDZVX7PMWMN');
		expect(nat).toContain('-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C');
		expect(nat).toContain('-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C');
		expect(nat).toContain('-A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-NUKIZ6OKUXPJNT4C');
		expect(nat).toContain('-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C');
		expect(nat).toContain(`-A ${sep} -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ`);
		expect(nat).toContain(`-A ${sep} -m comment --comment ns5/svc5:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80`);
		expect(nat.join('\n')).not.toMatch(/\.0\d/);
	});
});
