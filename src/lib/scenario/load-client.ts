// Browser entry to the load pipeline (loadScenario + validate). Every load
// runs in one reused Web Worker, created on first use, so no input — however
// small it looks: `replicas: 100000` is 20 characters and 18 s of modelling —
// can block the main thread. Where no Worker exists (unit tests, Node) it runs
// on the calling thread instead. The worker mechanics live in
// ../worker-client.ts: the served app fetches it as its own file, the offline
// single file inlines it.
// Only the newest request is delivered; older ones reject with StaleLoadError,
// and a worker still computing one SUPERSEDE_GRACE_MS later is terminated
// (respawned for the newest load).
// cancelLoad() stops the current load the same way, for a Stop button.
import type { Finding } from '../checks/index';
import type { InputFile } from '../manifest';
import type { LoadedScenario } from './load';
import type { LoadRequest, LoadResponse } from './load-worker';
import { createWorkerClient, isStaleError, StaleError } from '../worker-client';

/** set by vite.config.ts `define` from HOPSCOPE_OFFLINE=1 */

/**
 * How long a superseded load may run on before its worker is terminated. Above
 * the 1,000-pod input's 55–140 ms, so typing over a large input reuses the
 * worker; far below the 18 s of a `replicas: 100000` paste.
 */
export const SUPERSEDE_GRACE_MS = 150;

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

export class LoadCancelledError extends StaleError {
	constructor() {
		super('load stopped', 'LoadCancelledError');
	}
}

/** By name, so it also holds for errors that crossed a realm. */
export function isStaleLoad(err: unknown): boolean {
	return isStaleError(err, 'StaleLoadError');
}

/** The load was stopped by cancelLoad(): nothing to report but "stopped". */
export function isCancelledLoad(err: unknown): boolean {
	return isStaleError(err, 'LoadCancelledError');
}

/**
 * The whole pipeline on the calling thread, where no worker can run. Loaded on
 * demand: the parse/model/checks code stays out of the page's first download
 * (the worker has its own copy).
 */
export async function loadHere(files: InputFile[]): Promise<LoadResult> {
	return (await import('./load-here')).loadSync(files);
}

/**
 * Whether loads go to the worker: always, where a Worker exists. Input size is
 * no guide to cost (a short `replicas:` line can expand to 100,000 pods).
 * Kept taking the files so existing callers need no change.
 */
export function shouldLoadInWorker(_files?: InputFile[]): boolean {
	return typeof Worker !== 'undefined';
}

const client = createWorkerClient<LoadRequest, LoadResponse, LoadResult>({
	name: 'Load',
	load: () => (__HOPSCOPE_OFFLINE__ ? import('./load-worker?worker&inline') : import('./load-worker?worker')),
	failed: 'Loading failed',
	result: (res) => ({ loaded: res.loaded, findings: res.findings }),
	stale: () => new StaleLoadError(),
	// while the worker is busy only the newest waiting request is kept
	latestOnly: true,
	// a superseded load may be the 18 s one: terminate it rather than wait
	cancelSupersededAfterMs: SUPERSEDE_GRACE_MS,
	fallback: (req) => loadHere(req.files)
});

/** Loads off the main thread; falls back to loadHere where no worker can run (tests, old browsers). */
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

/**
 * Stop the running load (a Stop button): its promise rejects with
 * LoadCancelledError (see isCancelledLoad) and the worker is terminated, to
 * respawn on the next load. Returns whether a load was running.
 */
export function cancelLoad(): boolean {
	return client.cancel(() => new LoadCancelledError());
}

/** Boot the load worker ahead of a large load (see worker-client `warm`). */
export function warmLoadWorker(): void {
	client.warm();
}
