// Browser entry to the layout: one reused Web Worker, created on the first
// request. The served app fetches the worker (and ELK inside it) as its own
// file then, so neither is downloaded before first paint. The offline single
// file cannot load a worker by URL from file://, so there it is an inlined
// Blob (`?worker&inline`); the build-time constant drops the other branch.
// Only the newest request's result is delivered; older requests reject with
// a StaleLayoutError so callers can keep showing the last scene.
import type { Graph } from './graph';
import type { LayoutRequest, LayoutResponse } from './layout-worker';
import type { Scene } from './scene';

/** set by vite.config.ts `define` from HOPSCOPE_OFFLINE=1 */
declare const __HOPSCOPE_OFFLINE__: boolean;

type WorkerCtor = new () => Worker;

function loadWorkerModule(): Promise<{ default: WorkerCtor }> {
	return __HOPSCOPE_OFFLINE__ ? import('./layout-worker?worker&inline') : import('./layout-worker?worker');
}

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

let workerCtor: Promise<WorkerCtor> | null = null;

async function getWorker(): Promise<Worker> {
	if (worker) return worker;
	workerCtor ??= loadWorkerModule().then((m) => m.default);
	let Ctor: WorkerCtor;
	try {
		Ctor = await workerCtor;
	} catch (err) {
		workerCtor = null; // a failed fetch may succeed next time
		throw err;
	}
	if (worker) return worker;
	const w = new Ctor();
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
		const unavailable = (err: unknown) => settle(id, (p) => p.reject(new Error(`Layout worker unavailable: ${err instanceof Error ? err.message : String(err)}`)));
		try {
			// $state proxies do not clone: send a plain copy (now, before the caller mutates it)
			const msg: LayoutRequest = { id, graph: JSON.parse(JSON.stringify(graph)) };
			getWorker().then((w) => {
				if (pending.has(id)) w.postMessage(msg);
			}, unavailable);
		} catch (err) {
			unavailable(err);
		}
	});
}
