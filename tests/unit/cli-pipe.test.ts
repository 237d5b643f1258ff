// Issue "One interpretation per concept", item 7: stdout was cut at 64 KiB in a
// pipe because process.exit() ran before it drained.
import { describe, expect, it } from 'vitest';
import { cli, podsYaml, scratch, write } from './cli-helpers';

describe('CLI output through a pipe', () => {
	it('validate --json of 10,000 pods arrives whole (> 1 MB) and parses', async () => {
		const file = write(scratch(), 'pods.yaml', podsYaml(10_000));
		const r = await cli(['validate', file, '--json']);
		expect(r.status).toBe(0);
		expect(r.stdout.length).toBeGreaterThan(1_000_000);
		expect(r.stdout.endsWith('}\n')).toBe(true);
		const report = JSON.parse(r.stdout);
		expect(report.pods).toHaveLength(10_000);
		expect(report.pods.at(-1)).toMatchObject({ namespace: 'default', name: 'p9999' });
		expect(report.resources).toHaveLength(10_000);
	}, 120_000);

	it('a long simulate --json arrives whole', async () => {
		const r = await cli(['simulate', 'scenarios/bookinfo.yaml', '--target', 'reviews', '--rps', '500', '--duration', '300s', '--json']);
		expect(r.status).toBe(0);
		expect(r.stdout.length).toBeGreaterThan(500_000);
		const out = JSON.parse(r.stdout);
		// one worker, 50 ms per request, for 300 s: about 20 requests a second, each an event the summary counts
		expect(out.events.length).toBeGreaterThan(5000);
		expect(out.summary.ok + out.summary.errors5xx + out.summary.overflow503 + out.summary.ratelimited429).toBe(out.events.length);
	}, 120_000);
});
