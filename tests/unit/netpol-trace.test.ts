// NetworkPolicy in traces: a denied connection is `dropped` at the hop where
// the CNI enforces it (source egress on the source node, after DNAT;
// destination ingress before the destination veth), naming the policy; an
// allowed one through an isolated pod names the rule; replies are not judged.
import { describe, expect, it } from 'vitest';
import { modelCluster, policy } from './netpol-helpers';
import { trace } from '../../src/lib/net';
import type { Hop } from '../../src/lib/net';

const svc = (ns: string, pod: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s-${ns}-${pod}\n  namespace: ${ns}\nspec:\n  selector: {pod: ${pod}}\n  ports:\n  - {name: http, port: 8080, targetPort: serve-80-tcp, protocol: TCP}\n`;
const policyHops = (hs: Hop[]) => hs.filter((h) => h.kind === 'policy');

describe('ingress drop at the destination', () => {
	const c = modelCluster(policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}'));
	it('y/b → x/a is dropped before x/a\'s veth, naming the policy that isolates it', () => {
		const t = trace(c, { from: 'pod/y/b', to: 'pod/x/a', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		const last = t.hops[t.hops.length - 1];
		expect(last).toMatchObject({ kind: 'policy', leg: 'request', netpol: { side: 'ingress', pod: 'x/a', allowed: false, isolatedBy: ['x/x-a-allows-x-b'] } });
		expect(last.at).toMatch(/· NetworkPolicy ingress of x\/a$/);
		expect(last.rule).toBe('no policy allows it — isolated by x/x-a-allows-x-b');
		expect(last.note).toContain('add an ingress rule to x/x-a-allows-x-b');
		expect(last.refs[0].line).toBeGreaterThan(1);
		expect(t.hops.some((h) => h.kind === 'pod-eth0' && h.anchor.pod === 'x/a')).toBe(false);
		expect(t.hops.some((h) => h.leg === 'reply')).toBe(false);
	});
	it('x/b → x/a is delivered and the policy hop names the rule that allowed it; the reply is not judged', () => {
		const t = trace(c, { from: 'pod/x/b', to: 'pod/x/a', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		const ph = policyHops(t.hops);
		expect(ph).toHaveLength(1);
		expect(ph[0]).toMatchObject({ leg: 'request', netpol: { side: 'ingress', allowed: true, policy: 'x/x-a-allows-x-b', rule: 0 } });
		expect(ph[0].rule).toMatch(/^x\/x-a-allows-x-b spec\.ingress\[0\] \(line \d+\)$/);
		expect(ph[0].note).toContain('allowed by x/x-a-allows-x-b, ingress rule 0');
		// the veth comes right after the policy hop
		const i = t.hops.indexOf(ph[0]);
		expect(t.hops[i + 1].kind).toBe('veth');
	});
	it('unpoliced pairs get no policy hop at all', () => {
		const t = trace(c, { from: 'pod/x/a', to: 'pod/y/c', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(policyHops(t.hops)).toEqual([]);
	});
});

describe('egress drop at the source, after DNAT', () => {
	const c = modelCluster(
		policy('x', 'a-egress-to-y-a', 'podSelector:\n  matchLabels: {pod: a}\npolicyTypes: [Egress]\negress:\n- ports:\n  - {port: 53, protocol: UDP}\n  - {port: 53, protocol: TCP}\n- to:\n  - namespaceSelector:\n      matchLabels: {ns: y}\n    podSelector:\n      matchLabels: {pod: a}'),
		svc('y', 'a') + '---\n' + svc('y', 'b')
	);
	it('x/a → Service y/s-y-b is dropped on x/a\'s node after kube-proxy picked the endpoint y/b', () => {
		const t = trace(c, { from: 'pod/x/a', to: 'svc/y/s-y-b', port: 8080 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		const last = t.hops[t.hops.length - 1];
		const a = c.pods.find((p) => p.id === 'x/a')!;
		const b = c.pods.find((p) => p.id === 'y/b')!;
		expect(last).toMatchObject({ kind: 'policy', anchor: { node: a.node, pod: 'x/a' }, netpol: { side: 'egress', pod: 'x/a', allowed: false, isolatedBy: ['x/a-egress-to-y-a'] } });
		// judged against the endpoint pod, after DNAT
		expect(last.packet.dst).toBe(`${b.ip}:80`);
		expect(t.hops.findIndex((h) => h.changed.includes('dst'))).toBeLessThan(t.hops.indexOf(last));
	});
	it('x/a → Service y/s-y-a is delivered: the egress hop names rule 1', () => {
		const t = trace(c, { from: 'pod/x/a', to: 'svc/y/s-y-a', port: 8080 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(policyHops(t.hops).map((h) => h.netpol)).toEqual([{ side: 'egress', pod: 'x/a', allowed: true, policy: 'x/a-egress-to-y-a', rule: 1, isolatedBy: ['x/a-egress-to-y-a'] }]);
	});
	it('a DNS name: the query is allowed by rule 0, then the connection is dropped', () => {
		const t = trace(c, { from: 'pod/x/a', to: 'dns/s-y-b.y', port: 8080 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		const ph = policyHops(t.hops);
		expect(ph[0]).toMatchObject({ leg: 'dns', netpol: { allowed: true, rule: 0 } });
		expect(ph[ph.length - 1]).toMatchObject({ leg: 'request', netpol: { allowed: false } });
	});
	it('deny-all egress also stops the DNS query', () => {
		const d = modelCluster(policy('x', 'deny-egress', 'podSelector: {}\npolicyTypes: [Egress]'), svc('y', 'b'));
		const t = trace(d, { from: 'pod/x/a', to: 'dns/s-y-b.y', port: 8080 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		expect(t.hops[t.hops.length - 1]).toMatchObject({ kind: 'policy', leg: 'dns', netpol: { side: 'egress', allowed: false } });
	});
	it('a pod calling itself through its own Service is never judged', () => {
		const d = modelCluster(policy('y', 'deny-all', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'), svc('y', 'b'));
		const t = trace(d, { from: 'pod/y/b', to: 'svc/y/s-y-b', port: 8080 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
	});
});

describe('other paths through the gates', () => {
	it('egress to a node address is judged at INPUT on the source node', () => {
		const c = modelCluster(policy('x', 'deny-egress', 'podSelector: {}\npolicyTypes: [Egress]'));
		const a = c.pods.find((p) => p.id === 'x/a')!;
		const t = trace(c, { from: 'pod/x/a', to: `node/${a.node}`, port: 10250 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		expect(t.hops[t.hops.length - 1]).toMatchObject({ kind: 'policy', anchor: { node: a.node }, netpol: { side: 'egress', pod: 'x/a', allowed: false, isolatedBy: ['x/deny-egress'] } });
	});
	it('a NodePort from outside: judged by the source address the pod sees (the client, or a node after SNAT)', () => {
		const np = `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: x}\nspec:\n  type: NodePort\n  selector: {pod: a}\n  ports: [{port: 80, targetPort: 80, nodePort: 30080}]\n`;
		const c = modelCluster(policy('x', 'from-office', 'podSelector: {matchLabels: {pod: a}}\ningress:\n- from:\n  - ipBlock: {cidr: 203.0.113.0/24}'), np);
		const a = c.pods.find((p) => p.id === 'x/a')!;
		const other = c.nodes.find((n) => n.name !== a.node)!;
		// via the pod's own node: kube-proxy SNATs to that node (externalTrafficPolicy Cluster): "from the pod's node", allowed
		const own = trace(c, { from: 'external/198.51.100.7', to: 'svc/x/web', port: 30080 }, { seed: 1, viaNode: a.node });
		expect(own.verdict).toBe('delivered');
		expect(own.hops.find((h) => h.kind === 'policy')!.rule).toBe("from x/a's own node: always allowed");
		// via another node: the source becomes that node's address, outside 203.0.113.0/24: dropped
		const via = trace(c, { from: 'external/203.0.113.9', to: 'svc/x/web', port: 30080 }, { seed: 1, viaNode: other.name });
		expect(via.verdict).toBe('dropped');
		expect(via.hops[via.hops.length - 1]).toMatchObject({ kind: 'policy', netpol: { side: 'ingress', allowed: false } });
	});
});
