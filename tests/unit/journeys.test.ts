// The "packet journeys" presets (SCENARIOS.md 1–8, D1's slides): every preset
// loads cleanly, every flow traces to the verdict the narration promises, the
// key hops are there, and every presenter step points at a real flow and hop.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadedScenario } from '../../src/lib/scenario/load';
import { parseRef as parseHeaderRef } from '../../src/lib/model/refs';
import { trace, type Hop, type Trace } from '../../src/lib/net/trace';

const dir = 'scenarios';
const JOURNEYS = [
	'journey-1-same-node',
	'journey-2-cross-node',
	'journey-2-overlay',
	'journey-3-service',
	'journey-4-reply',
	'journey-5-egress',
	'journey-6-nodeport-lb',
	'journey-6-ingress-controller',
	'journey-7-dns',
	'journey-8-localhost'
];
const LEVEL: Record<string, string> = {
	'journey-1-same-node': 'beginner',
	'journey-2-cross-node': 'beginner',
	'journey-2-overlay': 'beginner',
	'journey-3-service': 'beginner',
	'journey-4-reply': 'intermediate',
	'journey-5-egress': 'intermediate',
	'journey-6-nodeport-lb': 'intermediate',
	'journey-6-ingress-controller': 'intermediate',
	'journey-7-dns': 'beginner',
	'journey-8-localhost': 'beginner'
};

// which journeys have the second node and the slide's pod1 / pod3 (the rest must not: checked, not skipped)
const ONE_NODE = new Set(['journey-1-same-node', 'journey-5-egress', 'journey-8-localhost']);
const NO_POD1 = new Set(['journey-6-nodeport-lb', 'journey-6-ingress-controller']);
const WITH_POD3 = new Set(['journey-2-cross-node', 'journey-2-overlay', 'journey-3-service', 'journey-4-reply']);

const cache = new Map<string, LoadedScenario>();
function load(id: string): LoadedScenario {
	if (!cache.has(id)) cache.set(id, loadScenario([{ name: `${id}.yaml`, text: readFileSync(`${dir}/${id}.yaml`, 'utf8') }]));
	return cache.get(id)!;
}

function run(id: string, name: string): Trace {
	const r = load(id);
	const f = r.header!.flows.find((x) => x.name === name);
	if (!f) throw new Error(`${id}: no flow ${name}`);
	return trace(r.cluster, { from: f.from, to: f.to, port: f.port, protocol: f.protocol, method: f.method, path: f.path, headers: f.headers }, { seed: 1 });
}

const req = (t: Trace) => t.hops.filter((h) => h.leg === 'request');
const rep = (t: Trace) => t.hops.filter((h) => h.leg === 'reply');
const kinds = (hs: Hop[]) => hs.map((h) => h.kind);
const ip = (a: string) => a.split(':')[0];
const changed = (hs: Hop[], c: string) => hs.filter((h) => h.changed.includes(c as never));

describe('journey presets: load, flows, steps', () => {
	it('ships one preset per journey (journey 9, Docker hosts, is tested in trace-docker.test.ts)', () => {
		const ids = readdirSync(dir).filter((f) => /^journey-.*\.yaml$/.test(f) && !f.startsWith('journey-9-')).map((f) => f.slice(0, -5));
		expect(ids.sort()).toEqual([...JOURNEYS].sort());
	});

	describe.each(JOURNEYS)('%s', (id) => {
		const r = load(id);
		it('loads with zero error or warning diagnostics', () => {
			expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
			expect(r.header?.id).toBe(id);
			expect(r.header!.level).toBe(LEVEL[id]);
			expect(r.header!.source).toMatch(/the deck "[^"]+"/);
			expect(r.header!.flows.length).toBeGreaterThan(0);
			expect(r.header!.steps.length).toBeGreaterThanOrEqual(3);
			expect(r.header!.steps.length).toBeLessThanOrEqual(6);
		});
		it('keeps the slide topology: node eth0 10.130.1.101/102, per-node /24 pod ranges of 10.17.0.0/16', () => {
			const n1 = r.cluster.nodes.find((n) => n.name === 'node-1')!;
			expect(n1.ip).toBe('10.130.1.101');
			expect(r.cluster.nodes.find((n) => n.name === 'node-2')?.ip).toBe(ONE_NODE.has(id) ? undefined : '10.130.1.102');
			expect(r.cluster.pods.find((p) => p.id === 'default/pod1')?.ip).toBe(NO_POD1.has(id) ? undefined : '10.17.3.2');
			expect(r.cluster.pods.find((p) => p.id === 'default/pod3')?.ip).toBe(WITH_POD3.has(id) ? '10.17.4.2' : undefined);
			for (const p of r.cluster.pods) expect(p.ip).not.toMatch(/^10\.17\.\d+\.1$/); // never a bridge address
		});
		it('every step names an existing flow and a hop inside its trace', () => {
			const names = new Set(r.header!.flows.map((f) => f.name));
			for (const s of r.header!.steps) {
				expect(names.has(s.flow ?? ''), `step '${s.title}' names flow '${s.flow}'`).toBe(true);
				const t = run(id, s.flow!);
				expect(s.hop, `step '${s.title}' has no hop`).toEqual(expect.any(Number));
				expect(s.hop!, `step '${s.title}'`).toBeLessThan(t.hops.length);
			}
		});
		it('every flow traces without an engine failure', () => {
			for (const f of r.header!.flows) {
				const t = run(id, f.name);
				expect(t.hops.length).toBeGreaterThan(0);
				expect(t.hops.some((h) => h.at === 'hopscope')).toBe(false);
			}
		});
	});
});

describe('journey 1: same node', () => {
	const t = run('journey-1-same-node', 'pod1-to-pod2');
	it('pod1 eth0 → veth → bridge → veth → pod2 eth0, never leaving node 1', () => {
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('pod/default/pod2');
		expect(kinds(t.hops)).not.toContain('node-eth0');
		expect(kinds(t.hops)).not.toContain('wire');
		expect(kinds(t.hops)).not.toContain('routing');
		expect(kinds(req(t)).filter((k) => k !== 'netfilter')).toEqual(['pod-eth0', 'veth', 'bridge', 'veth', 'pod-eth0']);
		expect(req(t)[2].rule).toMatch(/^ARP: 10\.17\.3\.3 is at /);
		expect(req(t).every((h) => ip(h.packet.src) === '10.17.3.2' && h.packet.dst === '10.17.3.3:9002')).toBe(true);
		expect(t.hops.every((h) => !h.anchor.node || h.anchor.node === 'node-1')).toBe(true);
		expect(rep(t).at(-1)!.at).toBe('pod default/pod1 · eth0');
	});
});

describe('journey 2: across nodes', () => {
	it('routed: wire between both nodes, no NAT, no tunnel', () => {
		const t = run('journey-2-cross-node', 'pod1-to-pod3');
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('pod/default/pod3');
		expect(kinds(req(t))).toContain('wire');
		expect(kinds(t.hops)).not.toContain('tunnel');
		const nodes = new Set(req(t).map((h) => h.anchor.node).filter(Boolean));
		expect(nodes).toEqual(new Set(['node-1', 'node-2']));
		expect(req(t).filter((h) => h.kind === 'node-eth0').map((h) => h.anchor.node)).toEqual(['node-1', 'node-2']);
		expect(req(t).find((h) => h.kind === 'routing' && h.anchor.node === 'node-1')!.rule).toBe('10.17.4.0/24 via 10.130.1.102 dev eth0');
		expect(changed(t.hops, 'src')).toEqual([]);
		expect(changed(t.hops, 'dst')).toEqual([]);
		expect(kinds(rep(t))).toContain('wire');
	});
	it('overlay: VXLAN encap on node 1 (outer node → node), decap on node 2, inner header untouched', () => {
		const t = run('journey-2-overlay', 'pod1-to-pod3');
		expect(t.verdict).toBe('delivered');
		const enc = changed(req(t), 'encap');
		const dec = changed(req(t), 'decap');
		expect(enc).toHaveLength(1);
		expect(dec).toHaveLength(1);
		expect(enc[0].anchor.node).toBe('node-1');
		expect(dec[0].anchor.node).toBe('node-2');
		const wire = req(t).find((h) => h.kind === 'wire')!;
		expect(wire.packet.outer).toMatchObject({ src: '10.130.1.101', dst: '10.130.1.102', proto: 'UDP' });
		expect(ip(wire.packet.src)).toBe('10.17.3.2');
		expect(ip(wire.packet.dst)).toBe('10.17.4.2');
		expect(changed(rep(t), 'encap')[0].anchor.node).toBe('node-2');
		expect(changed(rep(t), 'decap')[0].anchor.node).toBe('node-1');
	});
});

const SVC_PODS = ['10.17.4.2', '10.17.4.3', '10.17.5.2'];

describe('journey 3: pod to Service via iptables', () => {
	it('KUBE-SERVICES → KUBE-SVC (1/3 ladder) → KUBE-SEP DNAT to one of the three pods', () => {
		const t = run('journey-3-service', 'pod1-to-service1');
		expect(t.verdict).toBe('delivered');
		const chains = req(t).filter((h) => h.kind === 'netfilter' && h.anchor.node === 'node-1').map((h) => h.anchor.chain ?? '');
		expect(chains.slice(0, 3).map((c) => c.replace(/-[A-Z0-9]{16}$/, '-…'))).toEqual(['KUBE-SERVICES', 'KUBE-SVC-…', 'KUBE-SEP-…']);
		const dnat = changed(req(t), 'dst');
		expect(dnat).toHaveLength(1);
		expect(dnat[0].before?.dst).toBe('10.96.0.100:9002');
		expect(SVC_PODS).toContain(ip(dnat[0].packet.dst));
		// the narration: roll below 1/3 → Pod3, then journey 2 across the wire
		expect(t.endpoint).toBe('10.17.4.2:9002');
		const svcHop = req(t).find((h) => h.anchor.chain?.startsWith('KUBE-SVC-'))!;
		expect(svcHop.rules?.[0].probability).toBeCloseTo(1 / 3, 6);
		expect(kinds(req(t))).toContain('wire');
		expect(kinds(req(t))).toContain('conntrack');
	});
	it('the second connection falls down the ladder (1/3 ✗, 1/2 ✗, last rule) to pod5', () => {
		const t = run('journey-3-service', 'pod1-to-service1-by-name');
		expect(t.verdict).toBe('delivered');
		const svcHop = req(t).find((h) => h.anchor.chain?.startsWith('KUBE-SVC-'))!;
		const tried = (svcHop.rules ?? []).filter((s) => s.probability !== undefined);
		expect(tried.map((s) => [Number(s.probability!.toFixed(4)), s.matched])).toEqual([
			[0.3333, false],
			[0.5, false]
		]);
		expect(t.endpoint).toBe('10.17.5.2:9002');
		expect(t.deliveredTo).toBe('pod/default/pod5');
	});
});

describe('journey 4: the reply through conntrack', () => {
	it('Pod3 answers from 10.17.4.2; node 1 conntrack un-DNATs it to the Service IP', () => {
		const t = run('journey-4-reply', 'pod1-to-service1');
		expect(t.verdict).toBe('delivered');
		expect(rep(t)[0].packet.src).toBe('10.17.4.2:9002');
		const un = changed(rep(t), 'un-dnat');
		expect(un).toHaveLength(1);
		expect(un[0].kind).toBe('conntrack');
		expect(un[0].anchor.node).toBe('node-1');
		expect(un[0].before?.src).toBe('10.17.4.2:9002');
		expect(un[0].packet.src).toBe('10.96.0.100:9002');
		expect(rep(t).at(-1)!.at).toBe('pod default/pod1 · eth0');
		expect(rep(t).at(-1)!.packet.src).toBe('10.96.0.100:9002');
		expect(kinds(rep(t))).toContain('wire');
	});
});

describe('journey 5: egress', () => {
	it('MASQUERADE to node 1 10.130.1.101, then the cloud NAT gateway; the reply undoes both', () => {
		const t = run('journey-5-egress', 'pod1-to-example-com');
		expect(t.verdict).toBe('delivered');
		expect(t.hops[0].kind).toBe('dns');
		const snat = changed(req(t), 'src');
		expect(snat.length).toBe(2);
		expect(ip(snat[0].before!.src!)).toBe('10.17.3.2');
		expect(ip(snat[0].packet.src)).toBe('10.130.1.101');
		expect(snat[0].rule).toMatch(/MASQUERADE/);
		expect(snat[1].kind).toBe('nat-gateway');
		expect(ip(snat[1].before!.src!)).toBe('10.130.1.101');
		expect(kinds(req(t))).toContain('internet');
		const undo = changed(rep(t), 'un-snat');
		expect(undo.map((h) => h.kind)).toEqual(['nat-gateway', 'conntrack']);
		expect(ip(rep(t).at(-1)!.packet.dst)).toBe('10.17.3.2');
	});
});

describe('journey 6: internet to pod', () => {
	const id = 'journey-6-nodeport-lb';
	it('NodePort on a node without the pod: DNAT to Pod 8, SNAT to node 1, second hop to node 2', () => {
		const t = run(id, 'nodeport-via-node-1');
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('pod/default/pod8');
		expect(req(t).some((h) => h.anchor.chain === 'KUBE-NODEPORTS')).toBe(true);
		expect(changed(req(t), 'mark')).toHaveLength(1);
		expect(changed(req(t), 'dst')[0].packet.dst).toBe('10.17.4.2:80');
		const snat = changed(req(t), 'src');
		expect(snat).toHaveLength(1);
		expect(ip(snat[0].packet.src)).toBe('10.130.1.101');
		expect(ip(req(t).at(-1)!.packet.src)).toBe('10.130.1.101');
		expect(kinds(req(t))).toContain('wire');
	});
	it('LoadBalancer, externalTrafficPolicy Cluster: any node, client IP lost', () => {
		const t = run(id, 'lb-cluster');
		expect(t.verdict).toBe('delivered');
		expect(req(t)[1].kind).toBe('load-balancer');
		expect(changed(req(t), 'src')).toHaveLength(1);
		expect(ip(req(t).at(-1)!.packet.src)).not.toBe('198.51.100.7');
		expect(rep(t).at(-1)!.packet.src).toBe('203.0.113.10:80');
	});
	it('LoadBalancer, externalTrafficPolicy Local: only node 2, client IP kept', () => {
		const t = run(id, 'lb-local');
		expect(t.verdict).toBe('delivered');
		expect(req(t).find((h) => h.kind === 'node-eth0')!.anchor.node).toBe('node-2');
		expect(changed(req(t), 'src')).toEqual([]);
		expect(ip(req(t).at(-1)!.packet.src)).toBe('198.51.100.7');
		expect(req(t).filter((h) => h.kind === 'wire').map((h) => h.at)).toEqual(['wire · load balancer → node-2 eth0']);
	});
	it('externalTrafficPolicy Local on a node without an endpoint: dropped', () => {
		const t = run(id, 'lb-local-via-node-1');
		expect(t.verdict).toBe('dropped');
		expect(t.hops.at(-1)!.rule).toMatch(/-j DROP$/);
	});

	const ing = 'journey-6-ingress-controller';
	it.each([
		['ui', 'ui-pod', '/ui'],
		['productms', 'product-pod', '/productms'],
		['productreview', 'review-pod', '/productreview']
	])('Ingress %s: controller matches host + path and connects to %s', (flow, pod, path) => {
		const t = run(ing, flow);
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe(`pod/default/${pod}`);
		const ctl = req(t).find((h) => h.kind === 'ingress-controller')!;
		expect(ctl.http?.host).toBe('shop.example.com');
		expect(ctl.rule).toContain(`path ${path} (Prefix)`);
		const backend = load(ing).cluster.pods.find((p) => p.name === pod)!;
		expect(ip(req(t).at(-1)!.packet.dst)).toBe(backend.ip);
		expect(rep(t).at(-1)!.kind).toBe('internet');
	});
	it("Ingress productms: step 'A new connection to a pod' (hop 17) is the controller's new connection to the backend", () => {
		expect(req(run(ing, 'productms'))[17].packet).toMatchObject({ src: expect.stringMatching(/^10\.17\.3\.4:/), dst: '10.17.4.2:8080' });
	});
	it.each(['no-rule', 'other-host'])('Ingress %s: 404 from the controller', (flow) => {
		const t = run(ing, flow);
		expect(t.verdict).toBe('rejected');
		expect(t.status).toBe(404);
		expect(t.hops.at(-1)!.kind).toBe('ingress-controller');
	});
});

describe('journey 7: DNS first', () => {
	const id = 'journey-7-dns';
	const clusterIP = () => load(id).cluster.services.find((s) => s.name === 'k8s-demo-service')!.clusterIP!;
	const firstDns = (t: Trace) => t.hops.find((h) => h.kind === 'dns')!;
	const q = (t: Trace) => firstDns(t).dns!.map((d) => `${d.query} ${d.rcode}`);
	it('the resolver hop lists the search-path names it asks, in order', () => {
		expect(q(run(id, 'short-name'))).toEqual(['k8s-demo-service.default.svc.cluster.local. NOERROR']);
		expect(q(run(id, 'with-namespace'))).toEqual([
			'k8s-demo-service.default.other.svc.cluster.local. NXDOMAIN',
			'k8s-demo-service.default.svc.cluster.local. NOERROR'
		]);
		expect(q(run(id, 'fqdn'))).toEqual([
			'k8s-demo-service.default.svc.cluster.local.default.svc.cluster.local. NXDOMAIN',
			'k8s-demo-service.default.svc.cluster.local.svc.cluster.local. NXDOMAIN',
			'k8s-demo-service.default.svc.cluster.local.cluster.local. NXDOMAIN',
			'k8s-demo-service.default.svc.cluster.local. NOERROR'
		]);
	});
	it.each(['short-name', 'with-namespace', 'fqdn'])('%s: answered with the ClusterIP, then DNATed to a k8s-demo pod', (flow) => {
		const t = run(id, flow);
		expect(t.verdict).toBe('delivered');
		expect(t.hops[0].kind).toBe('dns');
		expect(t.hops[0].leg).toBe('dns');
		expect(firstDns(t).dns!.at(-1)!.answers).toEqual([clusterIP()]);
		expect(t.hops.some((h) => h.leg === 'dns' && h.changed.includes('dst') && h.before?.dst === '10.96.0.10:53')).toBe(true);
		expect(req(t)[0].packet.dst).toBe(`${clusterIP()}:8000`);
		const pods = load(id).cluster.pods.filter((p) => p.labels.app === 'k8s-demo').map((p) => `${p.ip}:80`);
		expect(pods).toContain(t.endpoint);
	});
});

describe('journey 8: localhost inside one pod', () => {
	const id = 'journey-8-localhost';
	it('container → container over lo: only localhost/process hops, 127.0.0.1 both ways', () => {
		const t = trace(load(id).cluster, { from: 'container/default/pod1/web-server', to: 'container/default/pod1/sidecar', port: 9000, protocol: 'TCP' }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(t.hops.every((h) => h.kind === 'localhost' || h.kind === 'process')).toBe(true);
		expect(t.hops.every((h) => ip(h.packet.src) === '127.0.0.1' && ip(h.packet.dst) === '127.0.0.1')).toBe(true);
		expect(t.hops.some((h) => h.anchor.device === 'lo')).toBe(true);
		expect(t.hops[0].note).toMatch(/pause/);
	});
	it('from another pod the two containers are one IP: port 9000 reaches the sidecar via the bridge', () => {
		const t = run(id, 'pod2-to-sidecar');
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('pod/default/pod1');
		expect(req(t).at(-1)!.packet.dst).toBe('10.17.3.2:9000');
		expect(kinds(t.hops)).not.toContain('node-eth0');
	});
	it('the scenario header accepts container/ refs (like the trace engine), so the preset plays the localhost flow', () => {
		expect(parseHeaderRef('container/default/pod1/web-server')).toEqual({ kind: 'container', namespace: 'default', name: 'pod1', container: 'web-server' });
		expect(parseHeaderRef('container/default/pod1/web-server')).toEqual({ kind: 'container', namespace: 'default', name: 'pod1', container: 'web-server' });
		expect(parseHeaderRef('container/pod1/web-server')).toBeNull();
		expect(parseHeaderRef('container/default/pod1/Web')).toBeNull();
		const t = run(id, 'web-server-to-sidecar');
		expect(t.verdict).toBe('delivered');
		expect(t.hops.every((h) => h.kind === 'localhost')).toBe(true);
		expect(t.hops[1].anchor.device).toBe('lo');
	});
});
