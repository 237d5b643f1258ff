// Browser entry to the layout: one reused Web Worker, created on the first
// request. The served app fetches the worker (and ELK inside it) as its own
// file then, so neither is downloaded before first paint. The offline single
// file cannot load a worker by URL from file://, so there it is an inlined
// Blob (`?worker&inline`); the build-time constant drops the other branch.
// Only the newest request's result is delivered; older requests reject with
// a StaleLayoutError so callers can keep showing the last scene.
import type { Graph, Scene } from '../types';
import type { LayoutRequest, LayoutResponse } from './layout-worker';
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
	// a sandboxed embed cannot start a worker by URL: from a Blob of the fetched script instead
	url: () => (__HOPSCOPE_OFFLINE__ ? Promise.reject(new Error('the offline file inlines its workers')) : import('./layout-worker?worker&url')),
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

/** Boot the layout worker ahead of the first layout (see worker-client `warm`). */
export function warmLayoutWorker(): void {
	client.warm();
}
