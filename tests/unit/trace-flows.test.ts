import { describe, expect, it } from 'vitest';
import { fixture } from './trace-fixture';
import { trace, toFlowEnd } from '../../src/lib/net/trace';
import { world } from '../../src/lib/net/world';
import { resolvConf, searchList } from '../../src/lib/net/dns';
import type { Hop, Trace } from '../../src/lib/net/packet';

const C = fixture();
const W = world(C);
const rulesOf = (node: string) => new Set([...W.tables(node).natRules, ...W.tables(node).filterRules].map((r) => r.text));
const kindsAt = (hs: Hop[]) => hs.map((h) => `${h.kind} | ${h.at}`);
const req = (t: Trace) => t.hops.filter((h) => h.leg === 'request');
const rep = (t: Trace) => t.hops.filter((h) => h.leg === 'reply');
const pod = (prefix: string) => C.pods.find((p) => p.name.startsWith(prefix))!;
const web = C.pods.filter((p) => p.name.startsWith('web-'));
const web1 = web.filter((p) => p.node === 'node-1');

describe('toFlowEnd', () => {
	it('parses every REF kind, including container/ and URLs', () => {
		expect(toFlowEnd('pod/default/client')).toEqual({ kind: 'pod', namespace: 'default', name: 'client' });
		expect(toFlowEnd('container/default/duo/app')).toEqual({ kind: 'container', namespace: 'default', name: 'duo', container: 'app' });
		expect(toFlowEnd('url/http://shop.example.com:8080/a/b')).toMatchObject({ kind: 'url', host: 'shop.example.com', port: 8080, path: '/a/b' });
		expect(toFlowEnd('external/203.0.113.7')).toEqual({ kind: 'external', ip: '203.0.113.7' });
		expect(toFlowEnd('nonsense')).toBeNull();
	});
});

describe('flow 1: pod to pod on one node', () => {
	const [a, b] = web1;
	const t = trace(C, { from: `pod/${a.id}`, to: `pod/${b.id}`, port: 80 }, { seed: 1 });
	it('is switched by the bridge (ARP), passes br_netfilter, never routed', () => {
		expect(t.verdict).toBe('delivered');
		expect(kindsAt(req(t))).toEqual([
			`pod-eth0 | pod ${a.id} · eth0`,
			`veth | node-1 · ${req(t)[1].anchor.device} (veth of ${a.name})`,
			'bridge | node-1 · bridge cni0',
			'netfilter | node-1 · netfilter nat PREROUTING → KUBE-SERVICES',
			'netfilter | node-1 · netfilter filter FORWARD → FLANNEL-FWD',
			'netfilter | node-1 · netfilter nat POSTROUTING → FLANNEL-POSTRTG',
			`veth | node-1 · ${req(t)[6].anchor.device} (veth of ${b.name})`,
			`pod-eth0 | pod ${b.id} · eth0`
		]);
		expect(req(t)[0].rule).toBe(`10.244.0.0/24 dev eth0 proto kernel scope link src ${a.ip}`);
		expect(req(t)[2].rule).toBe(`ARP: ${b.ip} is at 0a:58:${b.ip.split('.').map((x) => Number(x).toString(16).padStart(2, '0')).join(':')}`);
		expect(req(t).every((h) => h.packet.src.startsWith(a.ip + ':') && h.packet.dst === `${b.ip}:80`)).toBe(true);
		const nf = req(t).filter((h) => h.kind === 'netfilter');
		expect(nf.length).toBeGreaterThan(0);
		for (const h of nf) expect(rulesOf('node-1').has(h.rule!)).toBe(true);
		expect(rep(t).at(-1)!.at).toBe(`pod ${a.id} · eth0`);
	});
});

describe('flow 2: pod to pod across nodes', () => {
	const client = pod('client');
	const target = web1[0];
	it('routed (host-gw): default route of the pod, node route via the peer, wire, peer bridge', () => {
		const t = trace(C, { from: 'pod/default/client', to: `pod/${target.id}`, port: 80 }, { seed: 1 });
		expect(req(t).map((h) => h.kind)).toEqual(['pod-eth0', 'veth', 'bridge', 'netfilter', 'routing', 'netfilter', 'netfilter', 'node-eth0', 'wire', 'node-eth0', 'netfilter', 'routing', 'netfilter', 'netfilter', 'bridge', 'veth', 'pod-eth0']);
		expect(req(t)[0].rule).toBe('10.244.0.0/16 via 10.244.1.1 dev eth0');
		expect(req(t)[2].rule).toMatch(/^ARP: 10\.244\.1\.1 is at /);
		expect(req(t)[4].rule).toBe('10.244.0.0/24 via 192.168.49.2 dev eth0');
		expect(req(t)[11].rule).toBe('10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1');
		expect(req(t).at(-1)!.packet.ttl).toBe(62);
		expect(req(t).at(-1)!.packet.src.split(':')[0]).toBe(client.ip);
	});
	it('overlay: VXLAN encap on flannel.1 with outer node addresses, UDP 8472, decap on the peer', () => {
		const O = fixture('cni: overlay');
		const t = trace(O, { from: 'pod/default/client', to: `pod/${target.id}`, port: 80 }, { seed: 1 });
		const enc = t.hops.find((h) => h.changed.includes('encap'))!;
		const dec = t.hops.find((h) => h.changed.includes('decap'))!;
		expect(enc.at).toBe('node-2 · flannel.1 (VXLAN encap)');
		expect(enc.packet.outer).toEqual({ src: '192.168.49.3', dst: '192.168.49.2', proto: 'UDP', port: 8472, vni: 1 });
		expect(enc.packet.src.split(':')[0]).toBe(client.ip);
		expect(dec.at).toBe('node-1 · flannel.1 (VXLAN decap)');
		expect(dec.packet.outer).toBeUndefined();
		expect(t.hops.find((h) => h.kind === 'routing')!.rule).toBe('10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink');
		expect(t.verdict).toBe('delivered');
	});
});

describe('flow 3: pod to Service ClusterIP', () => {
	const svc = C.services.find((s) => s.name === 'web')!;
	const t = trace(C, { from: 'pod/default/client', to: 'svc/default/web', port: 8000 }, { seed: 7 });
	it('KUBE-SERVICES → KUBE-SVC (probability ladder) → KUBE-SEP DNAT, rules are nodeRules texts', () => {
		const nf = req(t).filter((h) => h.kind === 'netfilter' && h.anchor.node === 'node-2' && h.anchor.hook === 'PREROUTING');
		expect(nf.map((h) => h.anchor.chain!.replace(/-[A-Z0-9]{16}$/, ''))).toEqual(['KUBE-SERVICES', 'KUBE-SVC', 'KUBE-SEP']);
		for (const h of nf) expect(rulesOf('node-2').has(h.rule!)).toBe(true);
		const ladder = nf[1].rules!.filter((r) => r.probability !== undefined);
		expect(ladder.length).toBeGreaterThanOrEqual(1);
		expect(ladder[0].probability).toBeCloseTo(1 / 3);
		const dnat = nf[2];
		expect(dnat.changed).toEqual(['dst']);
		expect(dnat.before).toEqual({ dst: `${svc.clusterIP}:8000` });
		expect(dnat.packet.dst).toBe(t.endpoint);
		expect(dnat.rule).toBe(`-A ${dnat.anchor.chain} -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination ${t.endpoint}`);
		expect(web.map((p) => `${p.ip}:80`)).toContain(t.endpoint);
	});
	it('the reply is un-DNATed by conntrack on the client node: the client sees the Service IP', () => {
		const un = rep(t).find((h) => h.changed.includes('un-dnat'))!;
		expect(un.anchor).toMatchObject({ node: 'node-2', hook: 'POSTROUTING' });
		expect(un.before).toEqual({ src: t.endpoint });
		expect(un.rule).toMatch(/^tcp {6}6 60 SYN_RECV src=10\.244\.1\.4 dst=/);
		expect(rep(t).at(-1)!.packet.src).toBe(`${svc.clusterIP}:8000`);
		expect(rep(t).at(-1)!.at).toBe('pod default/client · eth0');
	});
	it('is reproducible per seed, and the pick is uniform over 3,000 seeds (±3 pp)', () => {
		expect(trace(C, { from: 'pod/default/client', to: 'svc/default/web', port: 8000 }, { seed: 7 })).toEqual(t);
		const counts = new Map<string, number>();
		for (let s = 0; s < 3000; s++) {
			const e = trace(C, { from: 'pod/default/client', to: 'svc/default/web', port: 8000 }, { seed: s }).endpoint!;
			counts.set(e, (counts.get(e) ?? 0) + 1);
		}
		expect(counts.size).toBe(3);
		for (const n of counts.values()) expect(Math.abs(n / 3000 - 1 / 3)).toBeLessThan(0.03);
	});
	it('hairpin: a pod reaching itself through the Service is marked and masqueraded', () => {
		const me = web1[0];
		let h: Trace | undefined;
		for (let s = 0; s < 50 && !h; s++) {
			const x = trace(C, { from: `pod/${me.id}`, to: 'svc/default/web', port: 8000 }, { seed: s });
			if (x.endpoint === `${me.ip}:80`) h = x;
		}
		expect(h).toBeDefined();
		const mark = h!.hops.find((x) => x.changed.includes('mark'))!;
		expect(mark.rule).toBe('-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000');
		const masq = h!.hops.find((x) => x.changed.includes('src'))!;
		expect(masq.rule).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
		expect(masq.packet.src.split(':')[0]).toBe('10.244.0.1');
	});
	it('session affinity: the first pick is random, a trace with affinityFrom sticks via the recent match', () => {
		const first = trace(C, { from: 'pod/default/client', to: 'svc/default/sticky' }, { seed: 3 });
		expect(first.recent).toEqual([{ node: 'node-2', name: expect.stringMatching(/^KUBE-SEP-/), ip: '10.244.1.4' }]);
		for (const seed of [11, 12, 13, 14]) {
			const again = trace(C, { from: 'pod/default/client', to: 'svc/default/sticky' }, { seed, affinityFrom: first });
			expect(again.endpoint).toBe(first.endpoint);
			expect(again.hops.some((h) => h.rules?.some((r) => r.matched && r.text.includes('--rcheck')))).toBe(true);
		}
	});
});

describe('flow 8: no endpoints, headless, ExternalName', () => {
	it('a Service without endpoints is REJECTed by filter KUBE-SERVICES', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'svc/default/empty' }, { seed: 1 });
		expect(t.verdict).toBe('rejected');
		const last = t.hops.at(-1)!;
		expect(last.anchor).toMatchObject({ node: 'node-2', table: 'filter', hook: 'FORWARD', chain: 'KUBE-SERVICES' });
		const ip = C.services.find((s) => s.name === 'empty')!.clusterIP;
		expect(last.rule).toBe(`-A KUBE-SERVICES -m comment --comment "default/empty has no endpoints" -m tcp -p tcp -d ${ip} --dport 80 -j REJECT`);
		expect(rulesOf('node-2').has(last.rule!)).toBe(true);
		expect(last.note).toMatch(/ICMP port unreachable/);
	});
	it('headless: DNS returns pod IPs and the connection goes straight to a pod (no DNAT)', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'svc/default/db', port: 5432 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		const core = t.hops.find((h) => h.at.endsWith('· CoreDNS'))!;
		expect(core.dns![0]).toMatchObject({ query: 'db.default.svc.cluster.local.', rcode: 'NOERROR' });
		expect(new Set(core.dns![0].answers)).toEqual(new Set(C.pods.filter((p) => p.name.startsWith('db-')).map((p) => p.ip)));
		expect(req(t).some((h) => h.changed.includes('dst'))).toBe(false);
		expect(t.deliveredTo).toMatch(/^pod\/default\/db-/);
	});
	it('StatefulSet pod name db-0.db resolves to that pod', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'dns/db-0.db', port: 5432 }, { seed: 1 });
		expect(t.deliveredTo).toBe('pod/default/db-0');
		const core = t.hops.find((h) => h.at.endsWith('· CoreDNS'))!;
		expect(core.rule).toBe(`db-0.db.default.svc.cluster.local.\t30\tIN\tA\t${pod('db-0').ip}`);
	});
	it('ExternalName: a CNAME answer, then straight out to the internet', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'svc/default/ext', port: 443 }, { seed: 1 });
		const core = t.hops.find((h) => h.at.endsWith('· CoreDNS'))!;
		expect(core.rule!.split('\n')[0]).toBe('ext.default.svc.cluster.local.\t30\tIN\tCNAME\tapi.example.com.');
		expect(req(t).some((h) => h.anchor.chain?.startsWith('KUBE-SVC'))).toBe(false);
		expect(t.deliveredTo).toMatch(/^external\/192\.0\.2\./);
	});
});

describe('flow 4: DNS first', () => {
	it('search-path order with ndots:5', () => {
		const conf = resolvConf(C, 'default');
		expect(conf.text).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5');
		expect(searchList('k8s-demo-service', conf)).toEqual([
			'k8s-demo-service.default.svc.cluster.local.',
			'k8s-demo-service.svc.cluster.local.',
			'k8s-demo-service.cluster.local.',
			'k8s-demo-service.'
		]);
		expect(searchList('a.b.c.d.e', conf)[0]).toBe('a.b.c.d.e.default.svc.cluster.local.');
		expect(searchList('a.b.c.d.e.f', conf)[0]).toBe('a.b.c.d.e.f.');
		expect(searchList('x.', conf)).toEqual(['x.']);
	});
	it('resolves through the (synthesised) kube-dns Service, then connects as flow 3', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'dns/web.default', port: 8000 }, { seed: 2 });
		const legs = [...new Set(t.hops.map((h) => h.leg))];
		expect(legs).toEqual(['dns', 'dns-reply', 'request', 'reply']);
		const resolver = t.hops[0];
		expect(resolver.dns!.map((d) => [d.query, d.rcode])).toEqual([
			['web.default.default.svc.cluster.local.', 'NXDOMAIN'],
			['web.default.svc.cluster.local.', 'NOERROR']
		]);
		const dnsDnat = t.hops.find((h) => h.leg === 'dns' && h.changed.includes('dst'))!;
		expect(dnsDnat.before).toEqual({ dst: '10.96.0.10:53' });
		expect(t.hops.find((h) => h.at.endsWith('· CoreDNS'))!.simplified).toMatch(/synthesised/);
		expect(t.hops.filter((h) => h.leg === 'dns-reply').at(-1)!.packet.src).toBe('10.96.0.10:53');
		expect(web.map((p) => `${p.ip}:80`)).toContain(t.endpoint);
		expect(t.verdict).toBe('delivered');
	});
});

describe('flow 5: external → NodePort / LoadBalancer', () => {
	it('externalTrafficPolicy Local: a node without a local endpoint drops (KUBE-EXT falls through, filter DROP)', () => {
		const C4 = fixture('nodeCount: 4');
		const empty = C4.nodes.find((n) => !C4.pods.some((p) => p.name.startsWith('web-') && p.node === n.name))!;
		const t = trace(C4, { from: 'external/203.0.113.7', to: `node/${empty.name}`, port: 31234 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		const ext = t.hops.find((h) => h.anchor.chain?.startsWith('KUBE-EXT-'))!;
		expect(ext.note).toMatch(/no endpoint on this node/);
		const last = t.hops.at(-1)!;
		expect(last.anchor).toMatchObject({ table: 'filter', hook: 'INPUT', chain: 'KUBE-EXTERNAL-SERVICES' });
		expect(last.rule).toBe('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web-local has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 31234 -j DROP');
		const w4 = world(C4).tables(empty.name);
		expect(w4.filterRules.map((r) => r.text)).toContain(last.rule);
	});
	it('Local on a node with an endpoint keeps the client IP (no SNAT)', () => {
		const t = trace(C, { from: 'external/203.0.113.7', to: 'node/node-2', port: 31234 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(req(t).some((h) => h.anchor.chain?.startsWith('KUBE-SVL'))).toBe(true);
		expect(req(t).at(-1)!.packet.src.split(':')[0]).toBe('203.0.113.7');
	});
	it('LoadBalancer, Cluster policy: KUBE-FW allows the range, KUBE-EXT marks, MASQUERADE, reply un-SNAT + un-DNAT', () => {
		const lb = C.services.find((s) => s.name === 'web-lb')!;
		const t = trace(C, { from: 'external/203.0.113.7', to: 'svc/default/web-lb' }, { seed: 3 });
		expect(t.hops[1]).toMatchObject({ kind: 'load-balancer', at: `cloud load balancer ${lb.loadBalancerIPs[0]}` });
		expect(req(t).some((h) => h.anchor.chain?.startsWith('KUBE-FW') && h.rule?.includes('-s 203.0.113.0/25'))).toBe(true);
		const masq = req(t).find((h) => h.changed.includes('src'))!;
		expect(masq.anchor.chain).toBe('KUBE-POSTROUTING');
		expect(masq.before!.src!.split(':')[0]).toBe('203.0.113.7');
		const last = rep(t).at(-1)!;
		expect(last.packet.src).toBe(`${lb.loadBalancerIPs[0]}:80`);
		expect(last.packet.dst.split(':')[0]).toBe('203.0.113.7');
		expect(rep(t).some((h) => h.changed.includes('un-snat'))).toBe(true);
		expect(rep(t).some((h) => h.changed.includes('un-dnat'))).toBe(true);
	});
	it('loadBalancerSourceRanges: a source outside is dropped by KUBE-PROXY-FIREWALL', () => {
		const t = trace(C, { from: 'external/198.51.100.77', to: 'svc/default/web-lb' }, { seed: 3 });
		expect(t.verdict).toBe('dropped');
		expect(t.hops.at(-1)!.rule).toMatch(/^-A KUBE-PROXY-FIREWALL -m comment --comment "default\/web-lb traffic not accepted by KUBE-FW-[A-Z0-9]{16}" -m tcp -p tcp -d 203\.0\.113\.\d+ --dport 80 -j DROP$/);
	});
	it('a ClusterIP is not reachable from the internet', () => {
		const t = trace(C, { from: 'external/203.0.113.7', to: 'svc/default/web' }, { seed: 1 });
		expect(t.verdict).toBe('no-route');
		expect(t.hops.at(-1)!.note).toMatch(/ClusterIP/);
	});
});

describe('flow 6: Ingress', () => {
	it('LB → synthesised ingress-nginx → host/path match → new connection to an endpoint, X-Forwarded-For', () => {
		const t = trace(C, { from: 'external/203.0.113.7', to: 'url/http://shop.example.com/web/cart' }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		const ctl = t.hops.find((h) => h.kind === 'ingress-controller')!;
		expect(ctl.http!.headers['X-Forwarded-For']).toBe('203.0.113.7');
		expect(ctl.rule).toBe('default/shop: host shop.example.com path /web (Prefix) → web:8000');
		expect(ctl.simplified).toMatch(/synthesised ingress-nginx\/ingress-nginx-controller/);
		expect(t.deliveredTo).toMatch(/^pod\/default\/web-/);
		expect(rep(t).at(-1)!.at).toBe('internet · client 203.0.113.7');
	});
	it('no matching path (Prefix is by element: /webx is not /web) → 404', () => {
		const t = trace(C, { from: 'external/203.0.113.7', to: 'url/http://shop.example.com/webx' }, { seed: 1 });
		expect(t.verdict).toBe('rejected');
		expect(t.status).toBe(404);
	});
});

describe('flow 7: pod → internet', () => {
	it('flannel MASQUERADE to the node IP, then the NAT gateway; the reply undoes both', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'external/93.184.216.34', port: 80 }, { seed: 1 });
		const masq = req(t).find((h) => h.changed.includes('src') && h.kind === 'netfilter')!;
		expect(masq.rule).toBe('-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully');
		expect(masq.packet.src.split(':')[0]).toBe('192.168.49.3');
		const gw = req(t).find((h) => h.kind === 'nat-gateway')!;
		expect(gw.packet.src.split(':')[0]).toBe('198.51.100.10');
		expect(rep(t).map((h) => h.changed).flat()).toEqual(expect.arrayContaining(['un-snat']));
		expect(rep(t).at(-1)!.packet.dst.split(':')[0]).toBe('10.244.1.4');
		expect(rep(t).at(-1)!.packet.src).toBe('93.184.216.34:80');
	});
});

describe('flow 9: containers of one pod over localhost', () => {
	it('stays on lo inside the pod', () => {
		const t = trace(C, { from: 'container/default/duo/app', to: 'container/default/duo/sidecar' }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(kindsAt(t.hops)).toEqual([
			'localhost | pod default/duo · container app',
			'localhost | pod default/duo · lo',
			'localhost | pod default/duo · container sidecar',
			'localhost | pod default/duo · lo'
		]);
		expect(t.hops[1].packet).toMatchObject({ src: expect.stringMatching(/^127\.0\.0\.1:/), dst: '127.0.0.1:9090' });
		expect(t.hops[0].note).toMatch(/pause container/);
	});
});

describe('robustness', () => {
	it('never throws; impossible flows are no-route with an explaining hop', () => {
		for (const [from, to] of [
			['pod/default/nope', 'pod/default/client'],
			['bogus', 'svc/default/web'],
			['pod/default/client', 'svc/default/nope'],
			['external/203.0.113.7', `pod/default/client`]
		]) {
			const t = trace(C, { from, to }, { seed: 1 });
			expect(t.verdict).toBe('no-route');
			expect(t.hops.length).toBeGreaterThan(0);
		}
	});
});
