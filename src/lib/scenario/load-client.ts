// Browser entry to the load pipeline (loadScenario + validate). Small inputs
// run synchronously so presets appear at once; large ones go to one reused
// Web Worker, created on first use, so the main thread never blocks for the
// ~0.2–1 s a 1,000-pod input takes. Worker creation follows layout.ts: the
// served app fetches it as its own file, the offline single file inlines it.
// Only the newest request is delivered; older ones reject with StaleLoadError.
// While the worker is busy, only the newest waiting request is kept, so fast
// typing does not queue a backlog of loads nobody will see.
import { validate, type Finding } from '../checks/index';
import type { InputFile } from '../manifest/types';
import { loadScenario, type LoadedScenario } from './load';
import type { LoadRequest, LoadResponse } from './load-worker';

/** set by vite.config.ts `define` from HOPSCOPE_OFFLINE=1 */
declare const __HOPSCOPE_OFFLINE__: boolean;

/**
 * Inputs larger than this (total characters) load in the worker. Above the
 * largest preset (online-boutique, 22.5k) so presets stay synchronous, and far
 * below the 1,000-pod synthetic input (93k chars, 55–140 ms in Chromium), which
 * must not block. Sync cost is roughly linear in text length (~1 ms per 1k chars).
 */
export const WORKER_THRESHOLD_CHARS = 30_000;

export interface LoadResult {
	loaded: LoadedScenario;
	findings: Finding[];
}

export interface LoadOptions {
	/** give up (and restart the worker) after this long; default 30 s */
	timeoutMs?: number;
}

export class StaleLoadError extends Error {
	constructor() {
		super('load superseded by a newer request');
		this.name = 'StaleLoadError';
	}
}

/** By name, so it also holds for errors that crossed a realm. */
export function isStaleLoad(err: unknown): boolean {
	return err instanceof Error && err.name === 'StaleLoadError';
}

/** The whole pipeline on the calling thread. */
export function loadSync(files: InputFile[]): LoadResult {
	const loaded = loadScenario(files);
	return { loaded, findings: validate(loaded.cluster, loaded.parse.resources) };
}

export function shouldLoadInWorker(files: InputFile[]): boolean {
	let n = 0;
	for (const f of files) n += f.text.length;
	return n > WORKER_THRESHOLD_CHARS;
}

type WorkerCtor = new () => Worker;

function loadWorkerModule(): Promise<{ default: WorkerCtor }> {
	return __HOPSCOPE_OFFLINE__ ? import('./load-worker?worker&inline') : import('./load-worker?worker');
}

interface Pending {
	id: number;
	files: InputFile[];
	resolve: (r: LoadResult) => void;
	reject: (e: Error) => void;
	timer: ReturnType<typeof setTimeout>;
}

let worker: Worker | null = null;
let workerCtor: Promise<WorkerCtor> | null = null;
let seq = 0;
/** the newest request, the only one that can still resolve */
let current: Pending | null = null;
/** the id the worker is computing now (may be stale), or null when idle */
let busy: number | null = null;

function settle(id: number, fn: (p: Pending) => void) {
	if (!current || current.id !== id) return;
	const p = current;
	current = null;
	clearTimeout(p.timer);
	fn(p);
}

/** Drop the worker (stuck or crashed); the next request starts a fresh one. */
function restart() {
	worker?.terminate();
	worker = null;
	busy = null;
}

function fail(message: string) {
	if (current) settle(current.id, (p) => p.reject(new Error(message)));
	restart();
}

/** The worker cannot be had at all (no Worker, CSP, failed chunk fetch): load here instead. */
function fallBack(id: number) {
	settle(id, (p) => {
		try {
			p.resolve(loadSync(p.files));
		} catch (err) {
			p.reject(err instanceof Error ? err : new Error(String(err)));
		}
	});
}

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
	w.onmessage = (ev: MessageEvent<LoadResponse>) => {
		if (w !== worker) return; // a reply from a worker we already dropped
		const msg = ev.data;
		if (busy === msg.id) busy = null;
		if ('error' in msg) settle(msg.id, (p) => p.reject(new Error(`Loading failed: ${msg.error}`)));
		else settle(msg.id, (p) => p.resolve({ loaded: msg.loaded, findings: msg.findings }));
		pump();
	};
	w.onerror = (ev: ErrorEvent) => {
		ev.preventDefault?.();
		if (w === worker) fail(`Load worker failed to start or crashed${ev.message ? `: ${ev.message}` : ''}`);
	};
	w.onmessageerror = () => {
		if (w === worker) fail('Load worker sent an unreadable message');
	};
	worker = w;
	return w;
}

/** Post the newest request once the worker is idle. */
function pump() {
	const p = current;
	if (!p || busy !== null) return;
	busy = p.id;
	getWorker().then(
		(w) => {
			if (current?.id !== p.id || w !== worker) {
				// superseded (or the worker dropped) while the module loaded: send the newest instead
				if (busy === p.id) busy = null;
				pump();
				return;
			}
			const msg: LoadRequest = { id: p.id, files: p.files };
			w.postMessage(msg);
		},
		(err) => {
			if (busy === p.id) busy = null;
			console.warn('Load worker unavailable, loading on the main thread:', err);
			if (current) fallBack(current.id);
		}
	);
}

/** Loads off the main thread; falls back to loadSync where no worker can run (tests, old browsers). */
export function loadAsync(files: InputFile[], opts: LoadOptions = {}): Promise<LoadResult> {
	const timeoutMs = opts.timeoutMs ?? 30_000;
	const id = ++seq;
	// stale-while-revalidate: older requests will never be shown
	if (current) settle(current.id, (p) => p.reject(new StaleLoadError()));
	// $state proxies do not clone: copy to plain objects now, before the caller mutates them
	const plain = files.map((f) => ({ name: f.name, text: f.text }));
	return new Promise<LoadResult>((resolve, reject) => {
		const timer = setTimeout(() => {
			const chars = plain.reduce((n, f) => n + f.text.length, 0);
			// the worker may be stuck: start afresh next time
			fail(`Loading timed out after ${Math.round(timeoutMs / 1000)} s (${plain.length} files, ${chars.toLocaleString('en')} characters)`);
		}, timeoutMs);
		current = { id, files: plain, resolve, reject, timer };
		if (typeof Worker === 'undefined') fallBack(id);
		else pump();
	});
}
