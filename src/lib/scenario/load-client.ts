// Browser entry to the load pipeline (loadScenario + validate). Small inputs
// run synchronously so presets appear at once; large ones go to one reused
// Web Worker, created on first use, so the main thread never blocks for the
// ~0.2–1 s a 1,000-pod input takes. The worker mechanics live in
// ../worker-client.ts: the served app fetches it as its own file, the offline
// single file inlines it.
// Only the newest request is delivered; older ones reject with StaleLoadError.
// While the worker is busy, only the newest waiting request is kept, so fast
// typing does not queue a backlog of loads nobody will see.
import { validate, type Finding } from '../checks/index';
import type { InputFile } from '../manifest/types';
import { loadScenario, type LoadedScenario } from './load';
import type { LoadRequest, LoadResponse } from './load-worker';
import { createWorkerClient, isStaleError, StaleError } from '../worker-client';

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

export class StaleLoadError extends StaleError {
	constructor() {
		super('load superseded by a newer request', 'StaleLoadError');
	}
}

/** By name, so it also holds for errors that crossed a realm. */
export function isStaleLoad(err: unknown): boolean {
	return isStaleError(err, 'StaleLoadError');
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

const client = createWorkerClient<LoadRequest, LoadResponse, LoadResult>({
	name: 'Load',
	load: () => (__HOPSCOPE_OFFLINE__ ? import('./load-worker?worker&inline') : import('./load-worker?worker')),
	failed: 'Loading failed',
	result: (res) => ({ loaded: res.loaded, findings: res.findings }),
	stale: () => new StaleLoadError(),
	// while the worker is busy only the newest waiting request is kept
	latestOnly: true,
	fallback: (req) => loadSync(req.files)
});

/** Loads off the main thread; falls back to loadSync where no worker can run (tests, old browsers). */
export function loadAsync(files: InputFile[], opts: LoadOptions = {}): Promise<LoadResult> {
	const timeoutMs = opts.timeoutMs ?? 30_000;
	// $state proxies do not clone: copy to plain objects now, before the caller mutates them
	const plain = files.map((f) => ({ name: f.name, text: f.text }));
	const chars = () => plain.reduce((n, f) => n + f.text.length, 0);
	return client.request((id) => ({ id, files: plain }), {
		timeoutMs,
		timedOut: () => `Loading timed out after ${Math.round(timeoutMs / 1000)} s (${plain.length} files, ${chars().toLocaleString('en')} characters)`
	});
}

/** Boot the load worker ahead of a large load (see worker-client `warm`). */
export function warmLoadWorker(): void {
	client.warm();
}
