// Regression tests for the trace-engine bugs found while writing the journey
// presets: container/ refs in scenario headers, localhost and the pod's own
// addresses, upstream NXDOMAIN, absolute names, and smaller trace/CLI fixes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, FIXTURE } from './trace-fixture';
import { trace, toFlowEnd, type Trace } from '../../src/lib/net/trace';
import { answer } from '../../src/lib/net/dns';
import { parseRef as parseHeaderRef, formatRef } from '../../src/lib/model/refs';
import { loadScenario } from '../../src/lib/scenario/load';
import { memoryIO } from '../../src/cli/io';
import { run as cli } from '../../src/cli/commands/trace';

const C = fixture();
const scenario = (id: string) => loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]).cluster;
const req = (t: Trace) => t.hops.filter((h) => h.leg === 'request');
const rep = (t: Trace) => t.hops.filter((h) => h.leg === 'reply');
const ip = (a: string) => a.split(':')[0];
const NODE_KINDS = ['veth', 'bridge', 'netfilter', 'routing', 'node-eth0', 'wire', 'internet', 'nat-gateway'];

describe('bug 1: container/NS/POD/CONTAINER in scenario headers', () => {
	it('the header parser accepts it with the trace engine’s validation and formats it back', () => {
		const r = parseHeaderRef('container/default/duo/sidecar')!;
		expect(r).toEqual({ kind: 'container', namespace: 'default', name: 'duo', container: 'sidecar' });
		expect(formatRef(r)).toBe('container/default/duo/sidecar');
		for (const bad of ['container/duo/sidecar', 'container/default/duo/sidecar/x', 'container/default/Duo/sidecar', 'container/default/duo/-x']) {
			expect(parseHeaderRef(bad), bad).toBeNull();
			expect(toFlowEnd(bad), bad).toBeNull();
		}
		expect(toFlowEnd('container/default/duo/sidecar')).toEqual({ kind: 'container', namespace: 'default', name: 'duo', container: 'sidecar' });
	});
	it('a scenario whose flow uses container/ refs loads without diagnostics', () => {
		const text = `apiVersion: hopscope/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  title: t\n  flows:\n    - {name: lo, from: container/default/duo/app, to: container/default/duo/sidecar, port: 9090}\n---\n${FIXTURE}`;
		const r = loadScenario([{ name: 't.yaml', text }]);
		expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
		expect(r.header!.flows[0].from).toBe('container/default/duo/app');
	});
});

describe('bug 2: localhost comes from /etc/hosts and stays on lo', () => {
	const c8 = scenario('journey-8-localhost');
	it.each(['url/http://localhost:9000/', 'dns/localhost'])('pod1 → %s: /etc/hosts, no DNS query, then the flow-9 lo path', (to) => {
		const t = trace(c8, { from: 'pod/default/pod1', to, port: to.startsWith('dns/') ? 9000 : undefined }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('pod/default/pod1');
		expect(t.hops[0]).toMatchObject({ kind: 'dns', leg: 'dns', at: 'pod default/pod1 · resolver (/etc/hosts)' });
		expect(t.hops[0].rule).toContain('127.0.0.1\tlocalhost');
		expect(t.hops[0].rule).toContain('10.17.3.2\tpod1');
		expect(t.hops[0].note).toMatch(/No DNS query/);
		expect(t.hops.some((h) => h.at.endsWith('· CoreDNS') || h.dns)).toBe(false);
		expect(t.hops.slice(1).every((h) => h.kind === 'localhost')).toBe(true);
		expect(req(t)[0].rule).toBe('local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1');
		expect(req(t)[1]).toMatchObject({ at: 'pod default/pod1 · lo', anchor: { device: 'lo' } });
		expect(req(t)[1].packet.dst).toBe('127.0.0.1:9000');
		expect(req(t)[2].at).toBe('pod default/pod1 · container sidecar');
	});
	it('container → url/http://localhost…: the sending container is kept', () => {
		const t = trace(C, { from: 'container/default/duo/sidecar', to: 'url/http://localhost:8080/' }, { seed: 1 });
		expect(req(t).map((h) => h.at)).toEqual(['pod default/duo · container sidecar', 'pod default/duo · lo', 'pod default/duo · container app']);
	});
	it('the pod’s own hostname is in /etc/hosts too (its pod IP)', () => {
		const t = trace(c8, { from: 'pod/default/pod1', to: 'dns/pod1', port: 8080 }, { seed: 1 });
		expect(t.hops[0].at).toBe('pod default/pod1 · resolver (/etc/hosts)');
		expect(req(t)[0].packet.dst).toBe('10.17.3.2:8080');
		expect(t.hops.every((h) => !NODE_KINDS.includes(h.kind))).toBe(true);
	});
});

describe('bug 3: 127.0.0.1 and the pod’s own IP are local to the pod', () => {
	const client = C.pods.find((p) => p.id === 'default/client')!;
	const duo = C.pods.find((p) => p.id === 'default/duo')!;
	it.each(['external/127.0.0.1', 'url/http://127.0.0.1:80/'])('client → %s never leaves the pod (no KUBE-FIREWALL drop)', (to) => {
		const t = trace(C, { from: 'pod/default/client', to, port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('pod/default/client');
		expect(t.hops.every((h) => h.kind === 'localhost')).toBe(true);
		expect(t.hops.every((h) => ip(h.packet.src) === '127.0.0.1' && ip(h.packet.dst) === '127.0.0.1')).toBe(true);
		expect(t.hops.some((h) => h.rule?.includes('KUBE-FIREWALL'))).toBe(false);
	});
	it.each(['pod/default/duo', `external/${'DUO'}`, 'url/http://DUO:9090/'])('duo → its own IP (%s): local table entry, over lo, not out of the veth', (ref) => {
		const to = ref.replace('DUO', duo.ip);
		const t = trace(C, { from: 'pod/default/duo', to, port: 9090 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(t.hops.every((h) => h.kind === 'localhost')).toBe(true);
		expect(req(t)[0].rule).toBe(`local ${duo.ip} dev eth0 table local proto kernel scope host src ${duo.ip}`);
		expect(req(t)[0].packet).toMatchObject({ src: expect.stringMatching(new RegExp(`^${duo.ip.replace(/\./g, '\\.')}:`)), dst: `${duo.ip}:9090` });
		expect(req(t)[1].anchor.device).toBe('lo');
		expect(req(t)[2].at).toBe('pod default/duo · container sidecar');
		expect(rep(t)).toHaveLength(1);
	});
	it('another pod’s IP still goes over the network', () => {
		const t = trace(C, { from: 'pod/default/client', to: `external/${duo.ip}`, port: 9090 }, { seed: 1 });
		expect(t.hops.some((h) => h.kind === 'veth')).toBe(true);
		expect(client.ip).not.toBe(duo.ip);
	});
});

describe('bug 4: names that do not exist get NXDOMAIN, also upstream', () => {
	const c7 = scenario('journey-7-dns');
	it('k8s-demo-service from namespace other: three search domains, then as-is upstream, all NXDOMAIN → no-route', () => {
		const t = trace(c7, { from: 'pod/other/pod2', to: 'dns/k8s-demo-service', port: 8000 }, { seed: 1 });
		expect(t.verdict).toBe('no-route');
		const core = t.hops.find((h) => h.at.endsWith('· CoreDNS'))!;
		expect(core.dns!.map((d) => `${d.query} ${d.rcode}`)).toEqual([
			'k8s-demo-service.other.svc.cluster.local. NXDOMAIN',
			'k8s-demo-service.svc.cluster.local. NXDOMAIN',
			'k8s-demo-service.cluster.local. NXDOMAIN',
			'k8s-demo-service. NXDOMAIN'
		]);
		expect(core.note).toMatch(/upstream/);
		expect(t.hops.at(-1)!.note).toMatch(/did not resolve/);
		expect(t.hops.some((h) => h.leg === 'request' && h.kind !== 'dns')).toBe(false);
		expect(t.hops.some((h) => h.kind === 'internet')).toBe(false);
	});
	it('upstream answers only names with a public-looking TLD', () => {
		expect(answer(C, 'api.example.com.')).toMatchObject({ rcode: 'NOERROR', kind: 'upstream', addresses: [expect.stringMatching(/^192\.0\.2\./)] });
		expect(answer(C, 'shop.example.de.').rcode).toBe('NOERROR');
		for (const n of ['k8s-demo-service.', 'web.default.', 'db.internal.', 'printer.local.', 'x.test.']) expect(answer(C, n).rcode, n).toBe('NXDOMAIN');
		expect(answer(C, 'nothing.default.svc.cluster.local.').rcode).toBe('NXDOMAIN');
		const t = trace(C, { from: 'pod/default/client', to: 'dns/www.example.com', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toMatch(/^external\/192\.0\.2\./);
	});
});

describe('bug 5: a trailing dot makes the name absolute', () => {
	it('toFlowEnd keeps the dot for dns/ (and marks url hosts absolute)', () => {
		expect(toFlowEnd('dns/web.default.svc.cluster.local.')).toEqual({ kind: 'dns', name: 'web.default.svc.cluster.local.' });
		expect(toFlowEnd('dns/web.default.svc.cluster.local')).toEqual({ kind: 'dns', name: 'web.default.svc.cluster.local' });
		expect(toFlowEnd('url/http://www.example.com./')).toMatchObject({ kind: 'url', host: 'www.example.com', absolute: true });
	});
	it('dns/NAME. is asked once, with no search list', () => {
		const t = trace(C, { from: 'pod/default/client', to: 'dns/web.default.svc.cluster.local.', port: 8000 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		expect(t.hops[0].dns!.map((d) => `${d.query} ${d.rcode}`)).toEqual(['web.default.svc.cluster.local. NOERROR']);
		expect(t.hops[0].note).toMatch(/trailing dot makes it absolute/);
		const url = trace(C, { from: 'pod/default/client', to: 'url/http://www.example.com./' }, { seed: 1 });
		expect(url.hops[0].dns!.map((d) => d.query)).toEqual(['www.example.com.']);
	});
});

describe('bug 6: smaller fixes', () => {
	it('(a) same-node bridge: the reply’s bridge hop explains the conntrack fast path (no nat, filter FORWARD still)', () => {
		const [a, b] = C.pods.filter((p) => p.name.startsWith('web-') && p.node === 'node-1');
		const t = trace(C, { from: `pod/${a.id}`, to: `pod/${b.id}`, port: 80 }, { seed: 1 });
		const br = rep(t).find((h) => h.kind === 'bridge')!;
		expect(br.note).toMatch(/ESTABLISHED/);
		expect(br.note).toMatch(/nat table is only consulted for a connection's first packet/);
		expect(br.note).toMatch(/FORWARD accepts it/);
		expect(br.rules!.some((r) => r.table === 'filter' && r.chain !== 'FORWARD' && r.matched && r.text.endsWith('-j ACCEPT'))).toBe(true);
		expect(req(t).filter((h) => h.kind === 'netfilter').map((h) => h.anchor.hook)).toEqual(['PREROUTING', 'FORWARD', 'POSTROUTING']);
	});
	it('(b) Ingress: Trace.endpoint is the backend pod the controller picked, not the controller', () => {
		const t = trace(C, { from: 'external/203.0.113.7', to: 'url/http://shop.example.com/web/cart' }, { seed: 1 });
		const ctl = t.hops.find((h) => h.kind === 'ingress-controller')!;
		expect(t.endpoint).toBe(req(t).at(-1)!.packet.dst);
		expect(ip(t.endpoint!)).not.toBe(ip(ctl.packet.dst));
		expect(C.pods.filter((p) => p.name.startsWith('web-')).map((p) => `${p.ip}:80`)).toContain(t.endpoint);
		expect(ctl.note).toContain(t.endpoint!);
		const miss = trace(C, { from: 'external/203.0.113.7', to: 'url/http://shop.example.com/webx' }, { seed: 1 });
		expect(miss.status).toBe(404);
		expect(miss.endpoint).toBeUndefined();
	});
	it('(c) CLI text prints what changed: addresses, marks and the VXLAN outer header', async () => {
		const io = memoryIO({ 'a.yaml': FIXTURE });
		expect(await cli(['a.yaml', '--from', 'pod/default/client', '--to', 'svc/default/web', '--port', '8000'], io)).toBe(0);
		expect(io.stdout).not.toMatch(/was \]/);
		expect(io.stdout).toMatch(/\[dst: dst was 10\.\d+\.\d+\.\d+:8000\]/);
		expect(io.stdout).toMatch(/\[un-dnat: src was 10\.244\.\d+\.\d+:80\]/);
		const hdr = `apiVersion: hopscope/v1\nkind: Scenario\nmetadata: {name: t}\nspec:\n  title: t\n  settings: {cni: overlay}\n---\n`;
		const io2 = memoryIO({ 'b.yaml': hdr + FIXTURE });
		expect(await cli(['b.yaml', '--from', 'pod/default/client', '--to', 'svc/default/web', '--port', '8000'], io2)).toBe(0);
		expect(io2.stdout).not.toMatch(/\[(encap|decap): was/);
		expect(io2.stdout).toMatch(/\[encap: outer \d+\.\d+\.\d+\.\d+ → \d+\.\d+\.\d+\.\d+ UDP\/8472 VNI 1 added\]/);
		expect(io2.stdout).toMatch(/\[decap: outer \d+\.\d+\.\d+\.\d+ → \d+\.\d+\.\d+\.\d+ UDP\/8472 VNI 1 removed\]/);
	});
	it('(d) CLI --json keeps rules and before on hops (plus the contract fields)', async () => {
		const io = memoryIO({ 'a.yaml': FIXTURE });
		expect(await cli(['a.yaml', '--from', 'pod/default/client', '--to', 'svc/default/web', '--port', '8000', '--seed', '7', '--json'], io)).toBe(0);
		const out = JSON.parse(io.stdout);
		const t = trace(fixture(), { from: 'pod/default/client', to: 'svc/default/web', port: 8000 }, { seed: 7 });
		expect(out.hops.map((h: { rules?: unknown }) => h.rules)).toEqual(t.hops.map((h) => h.rules));
		expect(out.hops.map((h: { before?: unknown }) => h.before)).toEqual(t.hops.map((h) => h.before));
		const ladder = out.hops.find((h: { rules?: { probability?: number }[] }) => h.rules?.some((r) => r.probability !== undefined));
		expect(ladder).toBeDefined();
		for (const h of out.hops) for (const k of ['at', 'kind', 'src', 'dst', 'proto', 'changed', 'note']) expect(h).toHaveProperty(k);
	});
});
