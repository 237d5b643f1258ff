// Browser entry to the compute worker (compute-worker.ts): one client per kind
// of job (Istio Send N, resilience Run), each with its own reused worker, so a
// resilience run and a Send N do not supersede each other. Where no Worker
// exists (unit tests, Node) the caller's engine runs on this thread instead.
// Only the newest run of a kind is delivered: an older one rejects with
// StaleComputeError and its worker, if still busy, is terminated at once (a
// run is a click, not typing: there is nothing to gain by letting it finish).
// cancel() stops the current run for a Stop button (ComputeCancelledError).
// Worker mechanics: ../../worker-client.ts; the offline single file inlines
// the worker (`?worker&inline`), as load-client.ts and layout.ts do.
import { createWorkerClient, isStaleError, StaleError } from '../../worker-client';
import type { ComputeKind, ComputeResults, JobOf } from './compute';
import type { ComputeRequest, ComputeResponse } from './compute-worker';
import { fromWire } from './packed';

/** set by vite.config.ts `define` from HOPSCOPE_OFFLINE=1 */

/** A run gives up (and its worker restarts) after this long: above the engines' own budgets' worst case. */
export const COMPUTE_TIMEOUT_MS = 120_000;

export class StaleComputeError extends StaleError {
	constructor() {
		super('run superseded by a newer one', 'StaleComputeError');
	}
}

export class ComputeCancelledError extends StaleError {
	constructor() {
		super('run stopped', 'ComputeCancelledError');
	}
}

/** A newer run replaced this one: show nothing. By name, so it holds across realms. */
export const isStaleCompute = (err: unknown) => isStaleError(err, 'StaleComputeError');
/** The run was stopped (Stop): nothing to report but "stopped". */
export const isCancelledCompute = (err: unknown) => isStaleError(err, 'ComputeCancelledError');

type WorkerModule = { default: new () => Worker };
let workerModule: Promise<WorkerModule> | null = null;
/** The worker module, fetched once for both clients (each still makes its own Worker). */
function loadWorker(): Promise<WorkerModule> {
	workerModule ??= __HOPSCOPE_OFFLINE__ ? import('./compute-worker?worker&inline') : import('./compute-worker?worker');
	workerModule.catch(() => (workerModule = null)); // a failed fetch may succeed next time
	return workerModule;
}

export interface ComputeClient<K extends ComputeKind> {
	/** Run the job off the main thread (or here, without Worker); the newest run wins. */
	run(job: JobOf<K>, opts?: { timeoutMs?: number }): Promise<ComputeResults[K]>;
	/** Stop the current run: it rejects with ComputeCancelledError. Returns whether one was running. */
	cancel(): boolean;
	/** Boot the worker ahead of the first run. */
	warm(): void;
}

/** What each job is called in messages; a new kind of job must name itself here (the type says so). */
const JOB_NAMES: Record<ComputeKind, string> = { mesh: 'Send N', resilience: 'Simulation', reach: 'Reachability', isolation: 'NetworkPolicy isolation', diff: 'Compare' };

/**
 * A client for one kind of job. `fallback` is the same engine call the worker
 * makes, run on this thread where no Worker exists.
 */
export function createComputeClient<K extends ComputeKind>(kind: K, fallback: (job: JobOf<K>) => ComputeResults[K]): ComputeClient<K> {
	const client = createWorkerClient<ComputeRequest, ComputeResponse, ComputeResults[K]>({
		name: JOB_NAMES[kind],
		load: loadWorker,
		// a sandboxed embed: from a Blob of the fetched script (see worker-client `url`)
		url: () => (__HOPSCOPE_OFFLINE__ ? Promise.reject(new Error('the offline file inlines its workers')) : import('./compute-worker?worker&url')),
		failed: 'The run failed',
		result: (res) => fromWire<K>(res.out),
		stale: () => new StaleComputeError(),
		latestOnly: true,
		cancelSupersededAfterMs: 0,
		fallback: (req) => {
			const { id: _id, ...job } = req;
			return fallback(job as JobOf<K>);
		}
	});
	return {
		run(job, opts = {}) {
			const timeoutMs = opts.timeoutMs ?? COMPUTE_TIMEOUT_MS;
			return client.request((id) => ({ ...job, id }) as ComputeRequest, {
				timeoutMs,
				timedOut: () => `The run timed out after ${Math.round(timeoutMs / 1000)} s`
			});
		},
		cancel: () => client.cancel(() => new ComputeCancelledError()),
		warm: () => client.warm()
	};
}
