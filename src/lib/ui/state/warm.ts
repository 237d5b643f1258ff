// The first packet trace of a fresh page used to build the whole trace world
// (the simulated cluster, kube-proxy's rules) on the click: 27–30 ms on the
// main thread, 5 ms budget. The same work now runs step by step while the
// page is idle after a load (world, then the busiest nodes' tables), so the
// first trace only walks. Cancelled when another cluster arrives.
import type { Cluster } from '../../model';
import type { Resource } from '../../manifest';
import { scenarioKubeProxy, warmSteps } from '../../net';

type Idle = (cb: () => void) => number;

export function warmTracesWhenIdle(cluster: Cluster, resources: Resource[]): () => void {
	const idle: Idle = (cb) =>
		typeof requestIdleCallback === 'function' ? requestIdleCallback(cb, { timeout: 2000 }) : (setTimeout(cb, 50) as unknown as number);
	const cancel = (id: number) => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(id) : clearTimeout(id));
	let steps: Generator<string> | null = null;
	let id = idle(function step() {
		try {
			steps ??= warmSteps(cluster, scenarioKubeProxy(resources));
			if (!steps.next().done) id = idle(step);
		} catch {
			// a trace reports its own failure when it runs; warming is best effort
		}
	});
	return () => cancel(id);
}
