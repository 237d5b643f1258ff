// One host model for both walkers: a Kubernetes node (world.host) and a
// Docker host (docker.ts netHost) are NetHosts with the same routing-table
// lookup, and stack.ts orders the kernel steps the same way for both.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { world } from '../../src/lib/net/world';
import { dockerHosts, netHost } from '../../src/lib/net/docker';
import { localRoute, routeLookup, type NetHost } from '../../src/lib/net/host';
import { arrive, fromEndpoint, routeOut, type Site } from '../../src/lib/net/stack';

const load = (id: string) => loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]);

describe('NetHost routing table', () => {
	it('a Docker host: docker0 on-link, eth0 subnet on-link, else the default gateway', () => {
		const r = load('journey-9-docker');
		const hostB = netHost(dockerHosts(r.parse.resources).find((h) => h.name === 'host-b')!);
		expect(routeLookup(hostB, '172.17.3.3')).toEqual({ text: '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.3.1', dev: 'docker0', kind: 'bridge' });
		expect(routeLookup(hostB, '10.130.1.101')).toEqual({ text: '10.130.1.0/24 dev eth0 proto kernel scope link src 10.130.1.102', dev: 'eth0', kind: 'link' });
		expect(routeLookup(hostB, '93.184.215.14')).toEqual({ text: 'default via 10.130.1.1 dev eth0', dev: 'eth0', via: '10.130.1.1', kind: 'default' });
		expect(localRoute('127.0.0.1', 'lo')).toBe('local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1');
		expect(['10.130.1.102', '172.17.3.1', '127.0.0.9', '172.17.3.3'].map((ip) => hostB.isLocal(ip))).toEqual([true, true, true, false]);
		expect(hostB.policies?.filter?.FORWARD).toBe('DROP');
	});
	it('a Kubernetes node: the same lookup, plus a route per other node (host-gw via its IP, VXLAN onlink into flannel.1)', () => {
		const gw = world(load('journey-2-cross-node').cluster);
		const n1 = gw.host(gw.nodesByName.get('node-1')!);
		expect(routeLookup(n1, '10.17.3.7').text).toBe(`10.17.3.0/24 dev ${n1.bridge.name} proto kernel scope link src 10.17.3.1`);
		expect(routeLookup(n1, '10.17.4.7')).toEqual({ text: '10.17.4.0/24 via 10.130.1.102 dev eth0', dev: 'eth0', via: '10.130.1.102', kind: 'node', peer: 'node-2' });
		expect(routeLookup(n1, '93.184.215.14').text).toBe('default via 10.130.1.1 dev eth0');
		const vx = world(load('journey-2-overlay').cluster);
		const o1 = vx.host(vx.nodesByName.get('node-1')!);
		expect(routeLookup(o1, '10.17.4.7')).toEqual({ text: '10.17.4.0/24 via 10.17.4.0 dev flannel.1 onlink', dev: 'flannel.1', via: '10.17.4.0', kind: 'overlay', peer: 'node-2' });
		expect(o1.isLocal('10.17.3.0')).toBe(true);
		expect(n1.isLocal('10.17.3.0')).toBe(false);
	});
});

describe('stack.ts: the order of the kernel steps', () => {
	type P = { dst: string };
	const host: NetHost = {
		name: 'h',
		eth0: { ip: '10.0.0.2', subnet: '10.0.0.0/24', gateway: '10.0.0.1' },
		bridge: { name: 'br0', cidr: '172.17.0.0/16', ip: '172.17.0.1' },
		peers: [],
		isLocal: (ip) => ip === '10.0.0.2' || ip === '172.17.0.1',
		table: () => new Map()
	};
	/** records every step; `stop` ends the walk at that step */
	const recorder = (log: string[], stop?: string): Site<null, string, P, string, string> => ({
		net: () => host,
		leave: (_w, _h, ep, _p, onLink) => void log.push(`leave ${ep} ${onLink ? 'on-link' : 'off-link'}`),
		switched: () => (log.push('switched'), 'switched'),
		up: () => void log.push('up'),
		prerouting: (_w, _h, p, inDev) => (log.push(`prerouting ${inDev}`), { pkt: p, end: stop === 'prerouting' ? 'stopped' : undefined }),
		input: () => (log.push('input'), 'local'),
		route: (_w, _h, p, rt, fwd) => (log.push(`route ${rt.dev}${fwd ? ' forwarded' : ''}`), p),
		forward: () => (log.push('forward'), stop === 'forward' ? 'dropped' : undefined),
		postrouting: (_w, _h, p) => (log.push('postrouting'), { pkt: p }),
		out: (_w, _h, _p, rt) => (log.push(`out ${rt.kind}`), 'sent')
	});
	it('forwarded: PREROUTING → routing → FORWARD → POSTROUTING → device', () => {
		const log: string[] = [];
		expect(arrive(recorder(log), null, 'h', { dst: '93.184.215.14' }, 'eth0')).toBe('sent');
		expect(log).toEqual(['prerouting eth0', 'route eth0 forwarded', 'forward', 'postrouting', 'out default']);
	});
	it("to one of the host's own addresses: PREROUTING → INPUT, no routing hop", () => {
		const log: string[] = [];
		expect(arrive(recorder(log), null, 'h', { dst: '10.0.0.2' }, 'eth0')).toBe('local');
		expect(log).toEqual(['prerouting eth0', 'input']);
	});
	it('a verdict ends the walk where it is given', () => {
		const a: string[] = [];
		expect(arrive(recorder(a, 'prerouting'), null, 'h', { dst: '93.184.215.14' }, 'eth0')).toBe('stopped');
		expect(a).toEqual(['prerouting eth0']);
		const b: string[] = [];
		expect(arrive(recorder(b, 'forward'), null, 'h', { dst: '172.17.0.5' }, 'eth0')).toBe('dropped');
		expect(b).toEqual(['prerouting eth0', 'route br0 forwarded', 'forward']);
	});
	it('locally generated: no PREROUTING and no FORWARD', () => {
		const log: string[] = [];
		expect(routeOut(recorder(log), null, 'h', { dst: '172.17.0.5' }, { dst: '172.17.0.5' }, null)).toBe('sent');
		expect(log).toEqual(['route br0', 'postrouting', 'out bridge']);
	});
	it("from an endpoint: on-link is switched on the bridge; the bridge's own address and off-link go up into the host", () => {
		const a: string[] = [];
		expect(fromEndpoint(recorder(a), null, 'h', 'c1', { dst: '172.17.0.5' })).toBe('switched');
		expect(a).toEqual(['leave c1 on-link', 'switched']);
		const b: string[] = [];
		expect(fromEndpoint(recorder(b), null, 'h', 'c1', { dst: '172.17.0.1' })).toBe('local');
		expect(b).toEqual(['leave c1 off-link', 'up', 'prerouting br0', 'input']);
		const c: string[] = [];
		expect(fromEndpoint(recorder(c), null, 'h', 'c1', { dst: '8.8.8.8' })).toBe('sent');
		expect(c).toEqual(['leave c1 off-link', 'up', 'prerouting br0', 'route eth0 forwarded', 'forward', 'postrouting', 'out default']);
	});
});
