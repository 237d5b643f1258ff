// Browser entry to the layout: one reused Web Worker, started from an inlined
// Blob (`?worker&inline`) so it also works in the single-file build opened
// from file://. Only the newest request's result is delivered; older requests
// reject with a StaleLayoutError so callers can keep showing the last scene.
import type { Graph } from './graph';
import type { LayoutRequest, LayoutResponse } from './layout-worker';
import type { Scene } from './scene';
import LayoutWorker from './layout-worker?worker&inline';

export interface LayoutOptions {
	/** give up (and restart the worker) after this long; default 30 s (2,000 pods take ~15 s) */
	timeoutMs?: number;
}

function staleError(): Error {
	const err = new Error('layout superseded by a newer request');
	err.name = 'StaleLayoutError';
	return err;
}

export function isStale(err: unknown): boolean {
	return err instanceof Error && err.name === 'StaleLayoutError';
}

interface Pending {
	resolve: (s: Scene) => void;
	reject: (e: Error) => void;
	timer: ReturnType<typeof setTimeout>;
}

let worker: Worker | null = null;
let seq = 0;
const pending = new Map<number, Pending>();

function settle(id: number, fn: (p: Pending) => void) {
	const p = pending.get(id);
	if (!p) return;
	clearTimeout(p.timer);
	pending.delete(id);
	fn(p);
}

function failAll(message: string) {
	for (const id of [...pending.keys()]) settle(id, (p) => p.reject(new Error(message)));
	worker?.terminate();
	worker = null;
}

function getWorker(): Worker {
	if (worker) return worker;
	const w = new LayoutWorker();
	w.onmessage = (ev: MessageEvent<LayoutResponse>) => {
		const msg = ev.data;
		if ('error' in msg) settle(msg.id, (p) => p.reject(new Error(`Layout failed: ${msg.error}`)));
		else settle(msg.id, (p) => p.resolve(msg.scene));
	};
	w.onerror = (ev: ErrorEvent) => {
		ev.preventDefault?.();
		failAll(`Layout worker failed to start or crashed${ev.message ? `: ${ev.message}` : ''}`);
	};
	w.onmessageerror = () => failAll('Layout worker sent an unreadable message');
	worker = w;
	return w;
}

export function layoutInWorker(graph: Graph, options: LayoutOptions = {}): Promise<Scene> {
	const timeoutMs = options.timeoutMs ?? 30_000;
	const id = ++seq;
	// stale-while-revalidate: older requests will never be shown
	for (const old of [...pending.keys()]) settle(old, (p) => p.reject(staleError()));
	return new Promise<Scene>((resolve, reject) => {
		const timer = setTimeout(() => {
			settle(id, (p) => p.reject(new Error(`Layout timed out after ${Math.round(timeoutMs / 1000)} s (${graph.nodes.length} nodes)`)));
			// the worker may be stuck in ELK: start afresh next time
			worker?.terminate();
			worker = null;
		}, timeoutMs);
		pending.set(id, { resolve, reject, timer });
		try {
			// $state proxies do not clone: send a plain copy
			const msg: LayoutRequest = { id, graph: JSON.parse(JSON.stringify(graph)) };
			getWorker().postMessage(msg);
		} catch (err) {
			settle(id, (p) => p.reject(new Error(`Layout worker unavailable: ${err instanceof Error ? err.message : String(err)}`)));
		}
	});
}
