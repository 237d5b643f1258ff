// Journey 9 (SCENARIOS.md): plain Docker hosts — docker0, `-p 7000:80`,
// MASQUERADE, docker-proxy, and why identical container IPs on two hosts need
// NAT. The preset loads like the other journeys and every flow traces to the
// verdict its narration promises, with Docker's real iptables rule texts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadedScenario } from '../../src/lib/scenario/load';
import { parseRef as parseHeaderRef, formatRef } from '../../src/lib/model/refs';
import { trace, type Hop, type Trace } from '../../src/lib/net/trace';
import { dockerHosts, dockerRules, iptablesSave, parsePublish, runChain } from '../../src/lib/net/docker';
import { isDockerFlow, traceDocker } from '../../src/lib/net/flows/docker';

const id = 'journey-9-docker';
let cached: LoadedScenario | undefined;
const load = () => (cached ??= loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]));

function run(name: string, seed = 1): Trace {
	const r = load();
	const f = r.header!.flows.find((x) => x.name === name);
	if (!f) throw new Error(`no flow ${name}`);
	return trace(r.cluster, { from: f.from, to: f.to, port: f.port, protocol: f.protocol }, { seed, resources: r.parse.resources });
}

const req = (t: Trace) => t.hops.filter((h) => h.leg === 'request');
const rep = (t: Trace) => t.hops.filter((h) => h.leg === 'reply');
const changed = (hs: Hop[], c: string) => hs.filter((h) => h.changed.includes(c as never));
const ip = (a: string) => a.split(':')[0];
const DNAT = '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 7000 -j DNAT --to-destination 172.17.3.3:80';
const MASQ = '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE';

describe('journey 9 preset: loads like the other journeys', () => {
	const r = load();
	it('loads with zero error or warning diagnostics, level intermediate, D1/D3 cited', () => {
		expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
		expect(r.header?.id).toBe(id);
		expect(r.header!.level).toBe('intermediate');
		expect(r.header!.source).toContain('the deck "Docker / Kubernetes / Istio');
		expect(r.header!.source).toContain('the deck "Cloud Computing, Chapter 3');
		expect(r.header!.source).toContain('Docker Networking: Node to Node');
		expect(r.header!.steps.length).toBeGreaterThanOrEqual(4);
		expect(r.header!.steps.length).toBeLessThanOrEqual(6);
	});
	it('keeps the slide topology: hosts 10.130.1.101/.102, docker0 172.17.3.1/16, identical container IPs', () => {
		const hosts = dockerHosts(r.parse.resources);
		expect(hosts.map((h) => [h.name, h.address, h.bridge.name, h.bridge.cidr, h.bridge.gateway])).toEqual([
			['host-a', '10.130.1.101', 'docker0', '172.17.0.0/16', '172.17.3.1'],
			['host-b', '10.130.1.102', 'docker0', '172.17.0.0/16', '172.17.3.1']
		]);
		expect(hosts.map((h) => h.containers.map((c) => c.ip))).toEqual([
			['172.17.3.2', '172.17.3.3'],
			['172.17.3.2', '172.17.3.3']
		]);
		expect(hosts.every((h) => h.problems.length === 0)).toBe(true);
		// the Kubernetes comparison keeps journey 2's addresses
		expect(r.cluster.nodes.map((n) => n.ip)).toEqual(['10.130.1.101', '10.130.1.102']);
		expect(r.cluster.pods.find((p) => p.name === 'pod3')!.ip).toBe('10.17.4.2');
		// hopscope/v1 documents are Hopscope's own: the Kubernetes model skips them quietly
		expect(r.parse.resources.filter((x) => x.kind === 'DockerHost').map((x) => x.name)).toEqual(['host-a', 'host-b']);
		expect(r.cluster.unknown.map((u) => u.kind)).not.toContain('DockerHost');
	});
	it('every step names an existing flow and a hop inside its trace', () => {
		const names = new Set(r.header!.flows.map((f) => f.name));
		for (const s of r.header!.steps) {
			expect(s.flow, `step '${s.title}'`).toBeDefined();
			expect(names.has(s.flow!)).toBe(true);
			expect(s.hop!).toBeLessThan(run(s.flow!).hops.length);
		}
	});
	it('every flow traces without an engine failure, and deterministically', () => {
		for (const f of r.header!.flows) {
			const t = run(f.name);
			expect(t.hops.length).toBeGreaterThan(0);
			expect(t.hops.some((h) => h.at === 'hopscope')).toBe(false);
			expect(JSON.stringify(run(f.name))).toBe(JSON.stringify(t));
		}
	});
	it('the steps stop at the hops their text describes', () => {
		const at = (flow: string, hop: number) => run(flow).hops[hop];
		const step = (title: RegExp) => r.header!.steps.find((s) => title.test(s.title))!;
		const s1 = step(/DNAT rule/);
		expect(at(s1.flow!, s1.hop!).rule).toBe(DNAT);
		const s3 = step(/un-DNATed/);
		expect(at(s3.flow!, s3.hop!).changed).toEqual(['un-dnat']);
		const s4 = step(/MASQUERADE/);
		expect(at(s4.flow!, s4.hop!).rule).toBe(MASQ);
		const s5 = step(/Same container IPs/);
		expect(at(s5.flow!, s5.hop!).kind).toBe('bridge');
		const s6 = step(/host address and published port/);
		expect(at(s6.flow!, s6.hop!).anchor.node).toBe('host-b');
		expect(at(s6.flow!, s6.hop!).changed).toEqual(['dst']);
	});
});

describe('REFs: docker/HOST/CONTAINER and dockerhost/HOST', () => {
	it('the scenario header parses them; trace() dispatches them to the Docker engine', () => {
		expect(parseHeaderRef('docker/host-a/web-server')).toEqual({ kind: 'docker', name: 'host-a', container: 'web-server' });
		expect(parseHeaderRef('dockerhost/host-b')).toEqual({ kind: 'dockerhost', name: 'host-b' });
		expect(formatRef(parseHeaderRef('docker/host-a/web-server')!)).toBe('docker/host-a/web-server');
		expect(parseHeaderRef('docker/host-a')).toBeNull();
		expect(parseHeaderRef('dockerhost/host-b/x')).toBeNull();
		expect(isDockerFlow({ from: 'external/1.2.3.4', to: 'dockerhost/host-b' })).toBe(true);
		expect(isDockerFlow({ from: 'pod/default/pod1', to: 'pod/default/pod3' })).toBe(false);
	});
	it('without the parsed resources a Docker flow explains what is missing', () => {
		const t = trace(load().cluster, { from: 'external/198.51.100.7', to: 'dockerhost/host-b', port: 7000 }, { seed: 1 });
		expect(t.verdict).toBe('no-route');
		expect(t.hops[0].note).toMatch(/DockerHost/);
	});
});

describe('(a) external client → host-b:7000 → DNAT → docker0 → myapp:80', () => {
	const t = run('client-to-published-port');
	it('PREROUTING jumps to DOCKER, which DNATs to 172.17.3.3:80; the filter DOCKER chain accepts', () => {
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('docker/host-b/myapp');
		expect(t.endpoint).toBe('172.17.3.3:80');
		const dnat = changed(req(t), 'dst');
		expect(dnat).toHaveLength(1);
		expect(dnat[0].rule).toBe(DNAT);
		expect(dnat[0].before).toEqual({ dst: '10.130.1.102:7000' });
		expect(dnat[0].rules!.map((s) => [s.chain, s.text, s.matched])).toEqual([
			['PREROUTING', '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER', true],
			['DOCKER', '-A DOCKER -i docker0 -j RETURN', false],
			['DOCKER', DNAT, true]
		]);
		const fwd = req(t).find((h) => h.anchor.hook === 'FORWARD')!;
		expect(fwd.rule).toBe('-A DOCKER -d 172.17.3.3/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT');
		expect(fwd.rules!.map((s) => s.chain)).toEqual(expect.arrayContaining(['DOCKER-USER', 'DOCKER-ISOLATION-STAGE-1']));
		expect(fwd.simplified).toMatch(/Docker 28/);
		expect(changed(req(t), 'src')).toEqual([]); // the container sees the real client
		expect(req(t).at(-1)!.packet).toMatchObject({ src: expect.stringMatching(/^198\.51\.100\.7:/), dst: '172.17.3.3:80' });
		expect(dnat[0].refs.some((r) => r.path === 'spec.containers.1.publish.0')).toBe(true);
	});
	it('the reply is un-DNATed by host-b conntrack: the client sees 10.130.1.102:7000', () => {
		const un = changed(rep(t), 'un-dnat');
		expect(un).toHaveLength(1);
		expect(un[0].kind).toBe('conntrack');
		expect(un[0].anchor.node).toBe('host-b');
		expect(un[0].before).toEqual({ src: '172.17.3.3:80' });
		expect(rep(t).at(-1)!.packet.src).toBe('10.130.1.102:7000');
		expect(rep(t).find((h) => h.anchor.hook === 'FORWARD')!.rule).toBe('-A FORWARD -i docker0 ! -o docker0 -j ACCEPT');
	});
});

describe('(b) container → internet: MASQUERADE to the host address', () => {
	const t = run('container-to-internet');
	it('POSTROUTING MASQUERADE rewrites 172.17.3.2 to 10.130.1.101; the reply is un-SNATed', () => {
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('external/93.184.215.14');
		const snat = changed(req(t), 'src');
		expect(snat).toHaveLength(1);
		expect(snat[0].rule).toBe(MASQ);
		expect(ip(snat[0].before!.src!)).toBe('172.17.3.2');
		expect(ip(snat[0].packet.src)).toBe('10.130.1.101');
		expect(req(t).find((h) => h.anchor.hook === 'FORWARD')!.rule).toBe('-A FORWARD -i docker0 ! -o docker0 -j ACCEPT');
		const un = changed(rep(t), 'un-snat');
		expect(un).toHaveLength(1);
		expect(un[0].anchor.node).toBe('host-a');
		expect(rep(t).find((h) => h.anchor.hook === 'FORWARD')!.rule).toBe('-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
		expect(ip(rep(t).at(-1)!.packet.dst)).toBe('172.17.3.2');
		expect(rep(t).at(-1)!.kind).toBe('container-eth0');
	});
});

describe('(c) container on host A → container on host B', () => {
	it('by its 172.17.3.3 address: the packet never leaves host A (its own 172.17.3.3 refuses)', () => {
		const t = run('container-ip-across-hosts');
		expect(t.verdict).toBe('rejected');
		expect(t.deliveredTo).toBe('docker/host-a/microservice');
		expect(t.hops.every((h) => !h.anchor.node || h.anchor.node === 'host-a')).toBe(true);
		expect(t.hops.map((h) => h.kind)).not.toContain('node-eth0');
		expect(t.hops.map((h) => h.kind)).not.toContain('wire');
		expect(t.hops.find((h) => h.kind === 'bridge')!.rule).toMatch(/^ARP: 172\.17\.3\.3 is at 02:42:ac:11:03:03 \(microservice/);
		expect(t.hops.find((h) => h.kind === 'netfilter')!.rule).toBe('-A FORWARD -i docker0 -o docker0 -j ACCEPT');
		expect(t.hops.at(-1)!.note).toMatch(/RST/);
		expect(t.notes.join(' ')).toMatch(/not docker\/host-b\/myapp/);
	});
	it('to an address no container has: ARP gets no answer on host A, "No route to host"', () => {
		const r = load();
		const t = traceDocker(r.parse.resources, { from: 'docker/host-a/web-server', to: 'external/172.17.3.9', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('no-route');
		expect(t.hops.at(-1)!.rule).toBe('ARP: who-has 172.17.3.9 tell 172.17.3.2 — no answer');
		expect(t.hops.map((h) => h.kind)).not.toContain('node-eth0');
	});
	it('from outside, a container address leads nowhere: publish a port', () => {
		const r = load();
		const t = traceDocker(r.parse.resources, { from: 'external/198.51.100.7', to: 'docker/host-b/myapp', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('no-route');
		expect(t.hops.at(-1)!.note).toMatch(/publish a port/);
	});
	it('the way that works: host B address + published port — MASQUERADE on A, DNAT on B, undone in reverse', () => {
		const t = run('container-to-published-port');
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('docker/host-b/myapp');
		const snat = changed(req(t), 'src');
		const dnat = changed(req(t), 'dst');
		expect(snat.map((h) => [h.anchor.node, h.rule])).toEqual([['host-a', MASQ]]);
		expect(dnat.map((h) => [h.anchor.node, h.rule])).toEqual([['host-b', DNAT]]);
		expect(req(t).filter((h) => h.kind === 'wire').map((h) => h.at)).toEqual(['wire · host-a eth0 → host-b eth0']);
		expect(req(t).at(-1)!.packet).toEqual({ src: expect.stringMatching(/^10\.130\.1\.101:/), dst: '172.17.3.3:80', proto: 'TCP' });
		expect(changed(rep(t), 'un-dnat').map((h) => h.anchor.node)).toEqual(['host-b']);
		expect(changed(rep(t), 'un-snat').map((h) => h.anchor.node)).toEqual(['host-a']);
		expect(rep(t).at(-1)!.packet).toEqual({ src: '10.130.1.102:7000', dst: expect.stringMatching(/^172\.17\.3\.2:/), proto: 'TCP' });
	});
	it('the Kubernetes comparison: unique pod ranges, pod1 → pod3 by address, no NAT', () => {
		const t = run('kubernetes-pod1-to-pod3');
		expect(t.verdict).toBe('delivered');
		expect(changed(t.hops, 'src')).toEqual([]);
		expect(changed(t.hops, 'dst')).toEqual([]);
	});
});

describe('(d) localhost on host B: docker-proxy', () => {
	it('nat OUTPUT skips 127.0.0.0/8; docker-proxy accepts and opens its own connection from docker0', () => {
		const t = run('localhost-on-host-b');
		expect(t.verdict).toBe('delivered');
		expect(t.deliveredTo).toBe('docker/host-b/myapp');
		expect(changed(t.hops, 'dst')).toEqual([]);
		const proxy = t.hops.find((h) => h.rule?.startsWith('/usr/bin/docker-proxy'))!;
		expect(proxy.rule).toBe('/usr/bin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 7000 -container-ip 172.17.3.3 -container-port 80');
		expect(proxy.simplified).toMatch(/userland-proxy/);
		expect(req(t).at(-1)!.packet).toMatchObject({ src: expect.stringMatching(/^172\.17\.3\.1:/), dst: '172.17.3.3:80' });
		expect(rep(t).at(-1)!.packet).toMatchObject({ src: '127.0.0.1:7000', dst: expect.stringMatching(/^127\.0\.0\.1:/) });
	});
	it('the host calling its own eth0 address is DNATed in nat OUTPUT instead, and un-DNATed on the way back', () => {
		const r = load();
		const t = traceDocker(r.parse.resources, { from: 'dockerhost/host-b', to: 'dockerhost/host-b', port: 7000 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		const dnat = changed(req(t), 'dst');
		expect(dnat.map((h) => [h.anchor.hook, h.rule])).toEqual([['OUTPUT', DNAT]]);
		expect(changed(rep(t), 'un-dnat')).toHaveLength(1);
		expect(rep(t).at(-1)!.packet.src).toBe('10.130.1.102:7000');
	});
});

describe('Docker rules (net/docker.ts)', () => {
	const hostB = dockerHosts(load().parse.resources)[1];
	it('writes the iptables-save dockerd would, for -p 7000:80', () => {
		const text = iptablesSave(dockerRules(hostB));
		for (const line of [
			':FORWARD DROP [0:0]',
			'-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
			'-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
			MASQ,
			'-A POSTROUTING -s 172.17.3.3/32 -d 172.17.3.3/32 -p tcp -m tcp --dport 80 -j MASQUERADE',
			'-A DOCKER -i docker0 -j RETURN',
			DNAT,
			'-A FORWARD -j DOCKER-USER',
			'-A FORWARD -j DOCKER-ISOLATION-STAGE-1',
			'-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
			'-A FORWARD -o docker0 -j DOCKER',
			'-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
			'-A FORWARD -i docker0 -o docker0 -j ACCEPT',
			'-A DOCKER -d 172.17.3.3/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
			'-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
			'-A DOCKER-ISOLATION-STAGE-1 -j RETURN',
			'-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
			'-A DOCKER-ISOLATION-STAGE-2 -j RETURN',
			'-A DOCKER-USER -j RETURN'
		])
			expect(text.split('\n')).toContain(line);
	});
	it('is printed by the one iptables-save printer (iptables.ts), byte for byte', () => {
		expect(iptablesSave(dockerRules(hostB))).toBe(readFileSync('tests/unit/golden/docker-host-b.txt', 'utf8'));
	});
	it('are ordinary structured rules the shared engine (netfilter.ts) runs: -i/-o, DNAT target', () => {
		const t = dockerRules(hostB);
		const dnat = t.nat.rules.find((r) => r.target === 'DNAT')!;
		expect(dnat).toMatchObject({ chain: 'DOCKER', toDestination: '172.17.3.3:80', match: { protocol: 'tcp', dport: 7000, inIface: 'docker0', inIfaceNegated: true } });
		expect(t.filter.chains.find((c) => c.name === 'FORWARD')).toEqual({ name: 'FORWARD', builtin: true, policy: 'DROP' });
		const r = runChain(t, 'nat', 'PREROUTING', { src: '198.51.100.7', sport: 40000, dst: '10.130.1.102', dport: 7000, proto: 'TCP', in: 'eth0', out: '', dstLocal: true, ctstate: 'NEW' });
		expect(r.verdict).toBe('DNAT');
		expect(r.pkt).toMatchObject({ src: '198.51.100.7', dst: '172.17.3.3', dport: 80 });
	});
	it('FORWARD drops a NEW connection into docker0 to an unpublished port (policy DROP)', () => {
		const r = runChain(dockerRules(hostB), 'filter', 'FORWARD', { src: '198.51.100.7', dst: '172.17.3.2', dport: 8080, proto: 'TCP', in: 'eth0', out: 'docker0', dstLocal: false, ctstate: 'NEW' });
		expect(r.verdict).toBe('DROP');
		expect(r.rule).toBeUndefined();
	});
	it('parses -p forms', () => {
		const src = { file: 'x', line: 1 };
		expect(parsePublish('7000:80', src)).toMatchObject({ hostIP: '0.0.0.0', hostPort: 7000, containerPort: 80, proto: 'tcp' });
		expect(parsePublish('127.0.0.1:53:5353/udp', src)).toMatchObject({ hostIP: '127.0.0.1', hostPort: 53, containerPort: 5353, proto: 'udp' });
		expect(parsePublish('80', src)).toBeNull();
	});
});

describe('trace CLI with Docker REFs', () => {
	it('accepts dockerhost/ and docker/ ends and shows the DOCKER DNAT', async () => {
		const { readFileSync } = await import('node:fs');
		const { run } = await import('../../src/cli/commands/trace');
		const { memoryIO } = await import('../../src/cli/io');
		const name = 'scenarios/journey-9-docker.yaml';
		const io = memoryIO({ [name]: readFileSync(name, 'utf8') });
		const code = await run([name, '--from', 'external/203.0.113.7', '--to', 'dockerhost/host-b', '--port', '7000', '--json'], io);
		expect(code).toBe(0);
		const out = JSON.parse(io.stdout);
		expect(out.verdict).toBe('delivered');
		const dnat = out.hops.find((h: { changed: string[] }) => h.changed.includes('dst'));
		expect(dnat.rule).toBe('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 7000 -j DNAT --to-destination 172.17.3.3:80');
		expect(dnat.dst).toBe('172.17.3.3:80');
	});
});
