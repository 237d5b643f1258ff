// Browser entry to the layout: one reused Web Worker, created on the first
// request. The served app fetches the worker (and ELK inside it) as its own
// file then, so neither is downloaded before first paint. The offline single
// file cannot load a worker by URL from file://, so there it is an inlined
// Blob (`?worker&inline`); the build-time constant drops the other branch.
// Only the newest request's result is delivered; older requests reject with
// a StaleLayoutError so callers can keep showing the last scene.
import type { Graph, Scene } from '../types';
import type { Cluster } from '../../model';
import type { BuildOptions } from '../lod/build';
import type { LayoutRequest, LayoutResponse } from './layout-worker';
import { NO_CLUSTER } from './layout-errors';
import { createWorkerClient, isStaleError, StaleError } from '../../worker-client';

/** set by vite.config.ts `define` from HOPSCOPE_OFFLINE=1 */

export interface LayoutOptions {
	/** give up (and restart the worker) after this long; default 30 s (2,000 pods take ~15 s) */
	timeoutMs?: number;
}

export function isStale(err: unknown): boolean {
	return isStaleError(err, 'StaleLayoutError');
}

const client = createWorkerClient<LayoutRequest, LayoutResponse, Scene>({
	name: 'Layout',
	load: () => (__HOPSCOPE_OFFLINE__ ? import('./layout-worker?worker&inline') : import('./layout-worker?worker')),
	failed: 'Layout failed',
	result: (res) => res.scene,
	stale: () => new StaleError('layout superseded by a newer request', 'StaleLayoutError')
});

export function layoutInWorker(graph: Graph, options: LayoutOptions = {}): Promise<Scene> {
	const timeoutMs = options.timeoutMs ?? 30_000;
	return client.request(
		// $state proxies do not clone: send a plain copy (now, before the caller mutates it)
		(id) => ({ id, graph: JSON.parse(JSON.stringify(graph)) }),
		{ timeoutMs, timedOut: () => `Layout timed out after ${Math.round(timeoutMs / 1000)} s (${graph.nodes.length} nodes)` }
	);
}

// the cluster the worker keeps: sent with the first request for it, then named by key
const keys = new WeakMap<Cluster, number>();
let nextKey = 0;
let sentKey = -1;

/**
 * Build the view's graph and lay it out in the worker: the main thread
 * never builds a big graph (a 10,000-pod one takes longer than a frame).
 * The cluster crosses to the worker once; later requests send options only.
 */
export async function layoutClusterInWorker(cluster: Cluster, build: BuildOptions, options: LayoutOptions = {}): Promise<Scene> {
	const timeoutMs = options.timeoutMs ?? 30_000;
	let key = keys.get(cluster);
	if (key === undefined) keys.set(cluster, (key = nextKey++));
	// $state proxies do not clone: plain copies of the small options
	const opts: BuildOptions = JSON.parse(JSON.stringify(build));
	const send = (withCluster: boolean) =>
		client.request((id) => ({ id, build: { ...opts, key: key!, cluster: withCluster ? cluster : undefined } }), {
			timeoutMs,
			timedOut: () => `Layout timed out after ${Math.round(timeoutMs / 1000)} s (${cluster.pods.length} pods)`
		});
	const first = sentKey !== key;
	sentKey = key;
	try {
		return await send(first);
	} catch (e) {
		// a restarted worker has lost the cluster: send it again, once
		if (!first && e instanceof Error && e.message.endsWith(NO_CLUSTER)) return send(true);
		if (first) sentKey = -1;
		throw e;
	}
}

/** Boot the layout worker ahead of the first layout (see worker-client `warm`). */
export function warmLayoutWorker(): void {
	client.warm();
}
