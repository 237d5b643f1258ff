import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io';
import { run } from '../../src/cli/commands/trace';
import { FIXTURE } from './trace-fixture';
import { loadScenario } from '../../src/lib/scenario/load';
import { trace } from '../../src/lib/net/trace';

describe('cli trace', () => {
	it('--json: {verdict, hops:[{at, kind, src, dst, proto, changed, rule, note}]}', async () => {
		const io = memoryIO({ 'a.yaml': FIXTURE });
		expect(await run(['a.yaml', '--from', 'pod/default/client', '--to', 'svc/default/web', '--port', '8000', '--seed', '7', '--json'], io)).toBe(0);
		const out = JSON.parse(io.stdout);
		expect(out.verdict).toBe('delivered');
		expect(out.hops.length).toBeGreaterThan(10);
		for (const h of out.hops) {
			expect(typeof h.at).toBe('string');
			expect(typeof h.kind).toBe('string');
			expect(h.src).toMatch(/^\d+\.\d+\.\d+\.\d+(:\d+)?$/);
			expect(h.dst).toMatch(/^\d+\.\d+\.\d+\.\d+(:\d+)?$/);
			expect(['TCP', 'UDP', 'ICMP']).toContain(h.proto);
			expect(Array.isArray(h.changed)).toBe(true);
			expect(typeof h.note).toBe('string');
		}
		const dnat = out.hops.find((h: { changed: string[] }) => h.changed.includes('dst'));
		expect(dnat.rule).toMatch(/-j DNAT --to-destination /);
		// same data as the engine
		const { cluster } = loadScenario([{ name: 'a.yaml', text: FIXTURE }]);
		const t = trace(cluster, { from: 'pod/default/client', to: 'svc/default/web', port: 8000 }, { seed: 7 });
		expect(out.hops.map((h: { at: string }) => h.at)).toEqual(t.hops.map((h) => h.at));
	});

	it('text output: numbered hops with addresses, rule and note, then the verdict', async () => {
		const io = memoryIO({ 'a.yaml': FIXTURE });
		expect(await run(['a.yaml', '--from=pod/default/client', '--to=svc/default/empty'], io)).toBe(0);
		expect(io.stdout).toMatch(/^ {2}1\. request {3}pod default\/client · eth0\n/);
		expect(io.stdout).toContain('-j REJECT');
		expect(io.stdout.trimEnd().split('\n').at(-1)).toBe('verdict: rejected');
	});

	it('usage errors exit 2, unreadable files 1', async () => {
		expect(await run(['a.yaml', '--to', 'svc/default/web'], memoryIO({ 'a.yaml': FIXTURE }))).toBe(2);
		expect(await run(['a.yaml', '--from', 'bogus', '--to', 'svc/default/web'], memoryIO({ 'a.yaml': FIXTURE }))).toBe(2);
		expect(await run(['a.yaml', '--from', 'pod/default/client', '--to', 'svc/default/web', '--protocol', 'SCTP'], memoryIO({ 'a.yaml': FIXTURE }))).toBe(2);
		expect(await run(['nope.yaml', '--from', 'pod/default/client', '--to', 'svc/default/web'], memoryIO({}))).toBe(1);
	});
});

describe('trace at scale', () => {
	// its time is a figure of `npm run bench` (one trace, 1,000 Services), not asserted here
	it('traces in a cluster of 1,000 Services reach the 1,000th Service, seed after seed', () => {
		const docs = [FIXTURE];
		for (let i = 0; i < 1000; i++) docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec:\n  selector: {app: web}\n  ports: [{port: ${1000 + i}, targetPort: 80}]\n`);
		const { cluster } = loadScenario([{ name: 'big.yaml', text: docs.join('---\n') }]);
		const flow = { from: 'pod/default/client', to: 'svc/default/s999', port: 1999 };
		trace(cluster, flow, { seed: 0 }); // warm the per-node rule cache
		for (let s = 1; s <= 50; s++) {
			const t = trace(cluster, flow, { seed: s });
			expect(t.verdict).toBe('delivered');
			expect(t.hops.some((h) => h.rule?.includes('KUBE-SVC-') && h.rule.includes('default/s999'))).toBe(true);
		}
	});
});
