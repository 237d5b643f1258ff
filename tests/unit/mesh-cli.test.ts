// `hopscope route`: the JSON contract and usage errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io';
import { run } from '../../src/cli/commands/route';

const file = (p: string) => readFileSync(p, 'utf8');

describe('route command', () => {
	it('--json: rule, destinations and counts over N requests', async () => {
		const io = memoryIO({ 'c.yaml': file('scenarios/istio-canary-90-10.yaml') });
		const code = await run(['c.yaml', '--host', 'myapp.demo.com', '--from', 'ingress', '--path', '/demo', '--requests', '10000', '--seed', '3', '--json'], io);
		expect(code).toBe(0);
		const out = JSON.parse(io.stdout);
		expect(out.virtualService).toBe('default/helloworld');
		expect(out.rule).toBe(0);
		expect(out.destinations).toEqual([
			{ host: 'helloworld.default.svc.cluster.local', subset: 'v1', weight: 90 },
			{ host: 'helloworld.default.svc.cluster.local', subset: 'v2', weight: 10 }
		]);
		const v1 = out.counts['helloworld.default.svc.cluster.local|v1'];
		expect(v1 + out.counts['helloworld.default.svc.cluster.local|v2']).toBe(10000);
		expect(Math.abs(v1 / 100 - 90)).toBeLessThanOrEqual(1.5);
		expect(out.faults).toEqual({ delayed: 0, aborted: 0 });
		expect(out.hops.length).toBeGreaterThan(5);
	});
	it('rule is null when nothing matches; headers and --inject', async () => {
		const io = memoryIO({ 'g.yaml': file('scenarios/istio-helloworld-gateway.yaml') });
		await run(['g.yaml', '--host', 'myapp.demo.com', '--from', 'ingress', '--path', '/nope', '--json'], io);
		expect(JSON.parse(io.stdout).rule).toBeNull();
		const d = 'tests/fixtures/istio-bookinfo/';
		const io2 = memoryIO({ a: file(d + 'bookinfo.yaml'), b: file(d + 'destination-rule-all.yaml'), c: file(d + 'virtual-service-ratings-test-abort.yaml') });
		await run(['a', 'b', 'c', '--host', 'ratings', '--from', 'deploy/default/reviews-v2', '--header', 'end-user=jason', '--requests', '20', '--inject', '--json'], io2);
		const out = JSON.parse(io2.stdout);
		expect(out.faults).toEqual({ delayed: 0, aborted: 20 });
		expect(out.response).toMatchObject({ status: 500, flags: ['FI'] });
	});
	it('usage errors exit 2; unknown client exits 1', async () => {
		expect(await run(['x.yaml'], memoryIO({ 'x.yaml': '' }))).toBe(2);
		expect(await run(['--host', 'a'], memoryIO({}))).toBe(2);
		expect(await run(['x.yaml', '--host', 'a', '--bogus', '1'], memoryIO({ 'x.yaml': '' }))).toBe(2);
		const io = memoryIO({ 'x.yaml': file('scenarios/istio-mirroring.yaml') });
		expect(await run(['x.yaml', '--host', 'helloworld', '--from', 'deploy/default/nope'], io)).toBe(1);
		expect(io.stderr).toContain("unknown client 'deploy/default/nope'");
	});
});

describe('blue-green preset', () => {
	it('sends every /ui request to the stable subset until the switch', async () => {
		const { readFileSync } = await import('node:fs');
		const { run } = await import('../../src/cli/commands/route');
		const { memoryIO } = await import('../../src/cli/io');
		const name = 'scenarios/istio-blue-green.yaml';
		const io = memoryIO({ [name]: readFileSync(name, 'utf8') });
		await run([name, '--from', 'ingress', '--host', 'shop.example.com', '--path', '/ui', '--requests', '500', '--json'], io);
		const out = JSON.parse(io.stdout);
		expect(out.virtualService).toBe('shop/ui');
		expect(out.counts).toEqual({ 'ui.shop.svc.cluster.local|v1': 500 });
	});
});
