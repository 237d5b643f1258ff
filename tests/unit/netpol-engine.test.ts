// The NetworkPolicy engine against the Kubernetes e2e suite
// (test/e2e/network/netpol/network_policy.go): each case transcribes one
// upstream test's policies and Reachability expectations over the 9-pod model.
import { describe, expect, it } from 'vitest';
import { modelCluster, policy, Reachability } from './netpol-helpers';
import { netpolVerdict, reachMatrix } from '../../src/lib/netpol';

describe('e2e netpol suite, 9-pod model', () => {
	it("should support a 'default-deny-ingress' policy", () => {
		const c = modelCluster(policy('x', 'deny-ingress', 'podSelector: {}\ningress: []'));
		expect(new Reachability().expectPeer({}, { ns: 'x' }, false).wrong(c, 80)).toEqual([]);
	});

	it("should support a 'default-deny-all' policy", () => {
		const c = modelCluster(policy('x', 'deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'));
		const r = new Reachability().expectPeer({}, { ns: 'x' }, false).expectPeer({ ns: 'x' }, {}, false);
		expect(r.wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy to allow traffic from pods within server namespace based on PodSelector', () => {
		const c = modelCluster(policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}'));
		expect(new Reachability().allIngress('x/a', false).expect('x/b', 'x/a', true).wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy to allow ingress traffic for a target (deny-all + allow-all-to-a: union)', () => {
		const c = modelCluster(
			policy('x', 'deny-all', 'podSelector: {}\ningress: []') +
				'---\n' +
				policy('x', 'allow-all-to-a', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector: {}\n    namespaceSelector: {}')
		);
		const r = new Reachability().allIngress('x/a', true).allIngress('x/b', false).allIngress('x/c', false);
		expect(r.wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector', () => {
		const c = modelCluster(policy('x', 'allow-client-a-via-ns-selector', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels: {ns: y}'));
		const r = new Reachability().expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
		expect(r.wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy based on NamespaceSelector with MatchExpressions (default ns label kubernetes.io/metadata.name)', () => {
		const c = modelCluster(
			policy('x', 'allow-ns-y-match-selector', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions:\n      - {key: kubernetes.io/metadata.name, operator: In, values: [y]}')
		);
		const r = new Reachability().expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
		expect(r.wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy based on PodSelector or NamespaceSelector (two peers: OR)', () => {
		const c = modelCluster(
			policy('x', 'allow-ns-y-match-selector', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions:\n      - {key: ns, operator: NotIn, values: [x]}\n  - podSelector:\n      matchLabels: {pod: b}')
		);
		// upstream also expects x/a → x/a false but ignores loopback; a pod can always reach itself
		expect(new Reachability().expect('x/c', 'x/a', false).wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy based on PodSelector and NamespaceSelector (one peer: AND)', () => {
		const c = modelCluster(
			policy('x', 'allow-ns-y-podselector-and-nsselector', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions:\n      - {key: ns, operator: NotIn, values: [x]}\n    podSelector:\n      matchLabels: {pod: b}')
		);
		const r = new Reachability().allIngress('x/a', false).expect('y/b', 'x/a', true).expect('z/b', 'x/a', true);
		expect(r.wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy based on Ports (81 from namespace y only) and stacked policies', () => {
		const p81 = policy('x', 'allow-client-a-via-ns-selector', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels: {ns: y}\n  ports:\n  - {port: 81, protocol: TCP}');
		const c = modelCluster(p81);
		const allow = new Reachability().expectPeer({ ns: 'x' }, { ns: 'x', pod: 'a' }, false).expectPeer({ ns: 'z' }, { ns: 'x', pod: 'a' }, false);
		expect(allow.wrong(c, 81)).toEqual([]);
		expect(new Reachability().allIngress('x/a', false).wrong(c, 80)).toEqual([]);
		const p80 = policy('x', 'allow-client-a-via-ns-selector-80', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels: {ns: y}\n  ports:\n  - {port: 80, protocol: TCP}');
		expect(allow.wrong(modelCluster(p81 + '---\n' + p80), 80)).toEqual([]);
	});

	it('should allow ingress access on one named port', () => {
		const c = modelCluster(policy('x', 'allow-all', 'podSelector: {}\ningress:\n- ports:\n  - port: serve-81-tcp'));
		expect(new Reachability().wrong(c, 81)).toEqual([]);
		expect(new Reachability().expectPeer({}, { ns: 'x' }, false).wrong(c, 80)).toEqual([]);
	});

	it('should allow egress access on one named port (resolved on the destination pod)', () => {
		const c = modelCluster(policy('x', 'allow-egress', 'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: serve-80-tcp'));
		expect(new Reachability().wrong(c, 80)).toEqual([]);
		expect(new Reachability().expectPeer({ ns: 'x' }, {}, false).wrong(c, 81)).toEqual([]);
	});

	it('should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector, with DNS allowed', () => {
		const c = modelCluster(
			policy('x', 'allow-to-ns-y-pod-a', 'podSelector:\n  matchLabels: {pod: a}\npolicyTypes: [Egress]\negress:\n- ports:\n  - {port: 53, protocol: UDP}\n- to:\n  - namespaceSelector:\n      matchLabels: {ns: y}\n    podSelector:\n      matchLabels: {pod: a}')
		);
		expect(new Reachability().allEgress('x/a', false).expect('x/a', 'y/a', true).wrong(c, 80)).toEqual([]);
		// DNS: the first rule allows 53/UDP to anywhere
		expect(netpolVerdict(c, { pod: 'x/a' }, { ip: '10.96.0.10' }, 53, 'UDP')).toMatchObject({ allowed: true, egress: { allowedBy: { policy: 'x/allow-to-ns-y-pod-a', rule: 0 } } });
		expect(netpolVerdict(c, { pod: 'x/a' }, { ip: '10.96.0.10' }, 53, 'TCP').allowed).toBe(false);
	});

	it('should enforce except clause while egress access to server in CIDR block', () => {
		const base = modelCluster('');
		const ip = (id: string) => base.pods.find((p) => p.id === id)!.ip;
		const wide = ip('x/b').split('.').slice(0, 2).join('.') + '.0.0/16';
		const c = modelCluster(policy('x', 'allow-client-a-via-cidr-egress-rule', `podSelector:\n  matchLabels: {pod: a}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock:\n      cidr: ${wide}\n      except: [${ip('x/b')}/32]`));
		expect(new Reachability().expect('x/a', 'x/b', false).wrong(c, 80)).toEqual([]);
	});

	it('should allow egress access to server in CIDR block', () => {
		const base = modelCluster('');
		const ipB = base.pods.find((p) => p.id === 'y/b')!.ip;
		const c = modelCluster(policy('x', 'allow-client-a-via-cidr-egress-rule', `podSelector:\n  matchLabels: {pod: a}\npolicyTypes: [Egress]\negress:\n- to:\n  - ipBlock:\n      cidr: ${ipB}/32`));
		expect(new Reachability().allEgress('x/a', false).expect('x/a', 'y/b', true).wrong(c, 80)).toEqual([]);
	});

	it('should enforce policy to allow ingress traffic from pods in all namespaces / allow-all', () => {
		const c = modelCluster(policy('x', 'allow-from-another-ns', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - namespaceSelector: {}'));
		expect(new Reachability().wrong(c, 80)).toEqual([]);
		expect(new Reachability().wrong(modelCluster(policy('x', 'allow-all', 'podSelector: {}\ningress:\n- {}')), 81)).toEqual([]);
	});

	it("should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP'; UDP-only does not allow TCP", () => {
		const sctp = modelCluster(policy('x', 'deny-ingress', 'podSelector: {}\ningress: []') + '---\n' + policy('x', 'allow-only-sctp-ingress-on-port-81', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- ports:\n  - {port: 81, protocol: SCTP}'));
		expect(new Reachability().expectPeer({}, { ns: 'x' }, false).wrong(sctp, 81, 'TCP')).toEqual([]);
		expect(new Reachability().expectPeer({}, { ns: 'x', pod: 'b' }, false).expectPeer({}, { ns: 'x', pod: 'c' }, false).wrong(sctp, 81, 'SCTP')).toEqual([]);
		const udp = modelCluster(policy('x', 'allow-only-udp-ingress-on-port-81', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- ports:\n  - {port: 81, protocol: UDP}'));
		expect(new Reachability().allIngress('x/a', false).wrong(udp, 81, 'TCP')).toEqual([]);
		expect(new Reachability().wrong(udp, 81, 'UDP')).toEqual([]);
	});

	it('should support egress policy with endPort (port 80 to 81 allowed, 82 denied)', () => {
		const c = modelCluster(policy('x', 'allow-egress-range', 'podSelector:\n  matchLabels: {pod: a}\npolicyTypes: [Egress]\negress:\n- ports:\n  - {port: 80, endPort: 81, protocol: TCP}'));
		expect(new Reachability().wrong(c, 80)).toEqual([]);
		expect(new Reachability().wrong(c, 81)).toEqual([]);
		expect(new Reachability().allEgress('x/a', false).wrong(c, 82)).toEqual([]);
	});

	it('should enforce ingress and egress independently based on PodSelector', () => {
		const c = modelCluster(
			policy('x', 'allow-egress-for-target', 'podSelector:\n  matchLabels: {pod: a}\npolicyTypes: [Egress]\negress:\n- {}') + '---\n' + policy('x', 'deny-ingress-via-label-selector', 'podSelector:\n  matchLabels: {pod: a}\ningress: []')
		);
		expect(new Reachability().allIngress('x/a', false).wrong(c, 80)).toEqual([]);
	});
});

describe('netpolVerdict explains', () => {
	const c = modelCluster(policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}\n  ports:\n  - port: serve-80-tcp'));
	it('names the policy and rule that allowed', () => {
		const v = netpolVerdict(c, { pod: 'x/b' }, { pod: 'x/a' }, 80, 'TCP');
		expect(v.allowed).toBe(true);
		expect(v.egress).toMatchObject({ isolated: false, exempt: 'not-isolated' });
		expect(v.ingress).toMatchObject({ isolated: true, allowed: true, allowedBy: { policy: 'x/x-a-allows-x-b', direction: 'ingress', rule: 0 } });
		expect(v.ingress!.allowedBy!.source!.line).toBeGreaterThan(1);
		expect(v.ingress!.text).toContain('x/x-a-allows-x-b ingress[0]');
	});
	it('says no policy allows it and lists the isolating policies', () => {
		const v = netpolVerdict(c, { pod: 'y/b' }, { pod: 'x/a' }, 80, 'TCP');
		expect(v).toMatchObject({ allowed: false, deniedAt: 'ingress', ingress: { isolated: true, allowed: false, isolatedBy: [{ policy: 'x/x-a-allows-x-b' }] } });
		expect(v.text).toMatch(/no policy allows from y\/b on 80\/TCP/);
		// the named port is resolved on the target: 81 is not serve-80-tcp
		expect(netpolVerdict(c, { pod: 'x/b' }, { pod: 'x/a' }, 81, 'TCP').allowed).toBe(false);
	});
	it('a pod always reaches itself; traffic from its own node is allowed', () => {
		const d = modelCluster(policy('x', 'deny', 'podSelector: {}\ningress: []'));
		expect(netpolVerdict(d, { pod: 'x/a' }, { pod: 'x/a' }, 80)).toMatchObject({ allowed: true, self: true });
		const pod = d.pods.find((p) => p.id === 'x/a')!;
		const node = d.nodes.find((n) => n.name === pod.node)!;
		expect(netpolVerdict(d, { ip: node.ip }, { pod: 'x/a' }, 80)).toMatchObject({ allowed: true, ingress: { exempt: 'own-node' } });
		const other = d.nodes.find((n) => n.name !== pod.node);
		if (other) expect(netpolVerdict(d, { ip: other.ip }, { pod: 'x/a' }, 80).allowed).toBe(false);
	});
	it('an IP that is a pod is judged as that pod', () => {
		const ipB = c.pods.find((p) => p.id === 'x/b')!.ip;
		expect(netpolVerdict(c, { ip: ipB }, { pod: 'x/a' }, 80).allowed).toBe(true);
	});
	it('matrix and verdict agree on every pair', () => {
		const m = reachMatrix(c, [{ port: 80, protocol: 'TCP' }, { port: 81, protocol: 'TCP' }]);
		const n = m.pods.length;
		m.ports.forEach((pp, k) => {
			for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect([m.pods[i], m.pods[j], m.allowed[k][i * n + j] === 1]).toEqual([m.pods[i], m.pods[j], netpolVerdict(c, { pod: m.pods[i] }, { pod: m.pods[j] }, pp.port, pp.protocol).allowed]);
		});
	});
});
