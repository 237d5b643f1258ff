import ELK from 'elkjs/lib/elk.bundled.js';
import { loadScenario } from '../src/lib/scenario/load';
import { syntheticCluster } from '../src/lib/scenario/synthetic';
import { toGraph } from '../src/lib/view/graph';
import { layoutGraph } from '../src/lib/view/layout-core';
for (const pods of [100, 1000]) {
	const c = loadScenario([{ name: 's.yaml', text: syntheticCluster({ pods }).text }]).cluster;
	for (const collapseAt of [4]) {
		const t0 = Date.now();
		const g = toGraph(c, { view: 'architecture', collapseAt });
		const t1 = Date.now();
		const s = await layoutGraph(g, new ELK());
		console.log(pods, 'pods collapseAt', collapseAt, ':', g.nodes.length, 'nodes', g.edges.length, 'edges; graph', t1 - t0, 'ms; layout', Date.now() - t1, 'ms', s.width, 'x', s.height);
	}
}
