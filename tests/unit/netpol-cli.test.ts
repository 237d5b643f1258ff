// `reach` and `trace` on the command line, in-process (runCli + memoryIO).
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io';
import { runCli } from '../../src/cli/cli';
import { ALL, modelYaml, policy } from './netpol-helpers';

const denyX = policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}');
const files = { 'm.yaml': modelYaml() + '---\n' + denyX };

async function run(argv: string[], f: Record<string, string> = files) {
	const io = memoryIO(f);
	const code = await runCli(argv, io);
	return { code, out: io.stdout, err: io.stderr };
}

describe('reach --json', () => {
	it('prints pods, ports and every pair per port, exactly in the documented shape', async () => {
		const r = await run(['reach', 'm.yaml', '--ports', '80/TCP,81/udp', '--json']);
		expect(r.code).toBe(0);
		const j = JSON.parse(r.out);
		expect(Object.keys(j)).toEqual(['pods', 'ports', 'matrix']);
		expect(j.pods).toEqual(ALL);
		expect(j.ports).toEqual([{ port: 80, protocol: 'TCP' }, { port: 81, protocol: 'UDP' }]);
		expect(Object.keys(j.matrix)).toEqual(['80/TCP', '81/UDP']);
		for (const k of ['80/TCP', '81/UDP']) {
			expect(Object.keys(j.matrix[k])).toEqual(ALL);
			for (const from of ALL) expect(Object.keys(j.matrix[k][from])).toEqual(ALL);
		}
		expect(j.matrix['80/TCP']['x/b']['x/a']).toBe(true);
		expect(j.matrix['80/TCP']['y/b']['x/a']).toBe(false);
		expect(j.matrix['80/TCP']['x/a']['x/a']).toBe(true);
		expect(j.matrix['80/TCP']['x/a']['y/b']).toBe(true);
		const denied = ALL.flatMap((f) => ALL.filter((t) => !j.matrix['81/UDP'][f][t]).map((t) => `${f}>${t}`));
		expect(denied).toEqual(['x/c>x/a', 'y/a>x/a', 'y/b>x/a', 'y/c>x/a', 'z/a>x/a', 'z/b>x/a', 'z/c>x/a']);
	});
	it('human output: a compact matrix per port with ✓/✗ and a count', async () => {
		const r = await run(['reach', 'm.yaml', '--ports', '80']);
		expect(r.code).toBe(0);
		expect(r.out).toContain('80/TCP — rows: from, columns: to');
		expect(r.out).toMatch(/^4\. y\/a  ✗ ✓ ✓ ✓ ✓ ✓ ✓ ✓ ✓$/m);
		expect(r.out.split('\n')[1]).toBe('        1 2 3 4 5 6 7 8 9');
		expect(r.out).toContain('7 of 81 pairs denied on 80/TCP.');
	});
	it('usage errors exit 2; over the cell budget exits 1 with the arithmetic', async () => {
		expect((await run(['reach', 'm.yaml'])).code).toBe(2);
		const bad = await run(['reach', 'm.yaml', '--ports', '80/ICMP']);
		expect(bad.code).toBe(2);
		expect(bad.err).toContain("'80/ICMP' is not PORT/PROTOCOL");
		const ports = Array.from({ length: 60000 }, (_, i) => `${i + 1}/TCP`).join(',');
		const big = await run(['reach', 'm.yaml', '--ports', ports]);
		expect(big.code).toBe(1);
		expect(big.err).toContain('9 pods × 9 pods × 60000 ports = 4,860,000 cells, over the budget of 4,000,000');
	});
});

describe('trace shows the drop', () => {
	it('text: the policy hop and verdict dropped; json: the netpol field', async () => {
		const t = await run(['trace', 'm.yaml', '--from', 'pod/y/b', '--to', 'pod/x/a', '--port', '80']);
		expect(t.code).toBe(0);
		expect(t.out).toMatch(/NetworkPolicy ingress of x\/a\n.*\n\s+no policy allows it — isolated by x\/x-a-allows-x-b\n\s+DROP: x\/a is isolated for ingress/);
		expect(t.out.trimEnd().split('\n').pop()).toBe('verdict: dropped');
		const j = JSON.parse((await run(['trace', 'm.yaml', '--from', 'pod/y/b', '--to', 'pod/x/a', '--port', '80', '--json'])).out);
		expect(j.verdict).toBe('dropped');
		expect(j.hops[j.hops.length - 1]).toMatchObject({ kind: 'policy', netpol: { side: 'ingress', allowed: false, isolatedBy: ['x/x-a-allows-x-b'] } });
	});
	it('validate lists NetworkPolicy findings with their lines', async () => {
		const bad = policy('x', 'bad', 'podSelector: {}\npolicyTypes: [Ingres]');
		const r = await run(['validate', 'b.yaml', '--json'], { 'b.yaml': bad });
		const j = JSON.parse(r.out);
		expect(j.findings).toContainEqual(expect.objectContaining({ code: 'HS-N001', file: 'b.yaml', line: 8 }));
	});
});
