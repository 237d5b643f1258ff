// warmSteps: the trace world and the busiest nodes' tables, built ahead of the first trace.
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/lib/manifest/index';
import { buildCluster } from '../../src/lib/model/index';
import { trace, warmSteps, world } from '../../src/lib/net';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';
import { benchFlow } from '../../src/lib/view';

describe('warmSteps', () => {
	const cluster = buildCluster(parseText('s.yaml', syntheticCluster({ pods: 300, seed: 2 }).text).resources, { nodeCount: 6 });

	it('builds the world first, then the tables of the three busiest nodes, one step each', () => {
		const steps = [...warmSteps(cluster)];
		expect(steps[0]).toBe('world');
		const load = new Map<string, number>();
		for (const p of cluster.pods) load.set(p.node, (load.get(p.node) ?? 0) + 1);
		const busiest = [...cluster.nodes].sort((a, b) => (load.get(b.name) ?? 0) - (load.get(a.name) ?? 0) || a.name.localeCompare(b.name)).slice(0, 3);
		expect(steps.slice(1)).toEqual(busiest.map((n) => n.name));
	});

	it('a trace after warming uses the same world and gives the same hops as a cold one', () => {
		const w = world(cluster);
		const f = benchFlow(cluster, 1)!;
		const warmRun = trace(cluster, { from: f.from, to: f.to }, { seed: f.seed });
		expect(world(cluster)).toBe(w);
		const cold = buildCluster(parseText('s.yaml', syntheticCluster({ pods: 300, seed: 2 }).text).resources, { nodeCount: 6 });
		const coldRun = trace(cold, { from: f.from, to: f.to }, { seed: f.seed });
		expect(warmRun.verdict).toBe(coldRun.verdict);
		expect(warmRun.hops.map((h) => h.at)).toEqual(coldRun.hops.map((h) => h.at));
	});
});
