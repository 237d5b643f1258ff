// One reused Web Worker behind a request/reply API, shared by the layout and
// load clients. The worker is created on first use from `load()`, which each
// caller writes as a literal `import('./x?worker')` so Vite can bundle it.
// Only the newest request can resolve: older ones reject with the caller's
// stale error. A timeout, a crash or an unreadable reply rejects the current
// request and drops the worker; the next request starts a fresh one.

type WorkerCtor = new () => Worker;
type Reply = { id: number } | { id: number; error: string };

/** Rejection of a request a newer one replaced; compared by name so it holds across realms. */
export class StaleError extends Error {
	constructor(message: string, name: string) {
		super(message);
		this.name = name;
	}
}

export function isStaleError(err: unknown, name: string): boolean {
	return err instanceof Error && err.name === name;
}

export interface WorkerClientOptions<Req extends { id: number }, Res extends Reply, Out> {
	/** 'Layout', 'Load': starts the worker's error messages */
	name: string;
	/** the worker module, e.g. `() => import('./x?worker')` */
	load: () => Promise<{ default: WorkerCtor }>;
	/** prefix of the rejection when the worker replies with an error, e.g. 'Layout failed' */
	failed: string;
	/** the caller's result from a successful reply */
	result: (res: Exclude<Res, { error: string }>) => Out;
	stale: () => Error;
	/** post only while the worker is idle, and then only the newest request (else each at once) */
	latestOnly?: boolean;
	/** answer on this thread where no worker can run; without it such requests reject */
	fallback?: (req: Req) => Out | Promise<Out>;
	/**
	 * When a newer request finds the worker still computing an older one, wait
	 * this many ms for it, then terminate it (the worker respawns lazily)
	 * rather than wait on: one pathological input must not hold up the next.
	 * The grace spares a worker boot when the old job was nearly done (typing
	 * over a large input). Unset: always wait.
	 */
	cancelSupersededAfterMs?: number;
}

export interface RequestOptions {
	timeoutMs: number;
	/** why the request timed out; built when it does */
	timedOut: () => string;
}

interface Pending<Req, Out> {
	id: number;
	req: Req | null;
	sent: boolean;
	resolve: (out: Out) => void;
	reject: (e: Error) => void;
	timer: ReturnType<typeof setTimeout>;
}

export function createWorkerClient<Req extends { id: number }, Res extends Reply, Out>(opts: WorkerClientOptions<Req, Res, Out>) {
	let worker: Worker | null = null;
	let workerCtor: Promise<WorkerCtor> | null = null;
	let seq = 0;
	/** the newest request, the only one that can still resolve */
	let current: Pending<Req, Out> | null = null;
	/** the id the worker is computing now (may be stale), or null when idle */
	let busy: number | null = null;

	function settle(id: number, fn: (p: Pending<Req, Out>) => void) {
		if (!current || current.id !== id) return;
		const p = current;
		current = null;
		clearTimeout(p.timer);
		fn(p);
	}

	/** Terminate the worker; the next request starts a fresh one. */
	function drop() {
		worker?.terminate();
		worker = null;
		busy = null;
	}

	/** Drop the worker (stuck or crashed), rejecting the current request. */
	function fail(message: string) {
		if (current) settle(current.id, (p) => p.reject(new Error(message)));
		drop();
	}

	/** Answer the current request on this thread (opts.fallback). */
	function answerHere() {
		const fallback = opts.fallback!;
		if (current) settle(current.id, (p) => {
			// the fallback may load its code on demand (a promise)
			Promise.resolve()
				.then(() => fallback(p.req!))
				.then(p.resolve, (e) => p.reject(e instanceof Error ? e : new Error(String(e))));
		});
	}

	/** The worker cannot be had (CSP, failed chunk fetch, uncloneable input): fall back or reject. */
	function unavailable(err: unknown) {
		if (!current) return;
		if (opts.fallback && current.req) {
			console.warn(`${opts.name} worker unavailable, loading on the main thread:`, err);
			answerHere();
		} else settle(current.id, (p) => p.reject(new Error(`${opts.name} worker unavailable: ${err instanceof Error ? err.message : String(err)}`)));
	}

	async function getWorker(): Promise<Worker> {
		if (worker) return worker;
		workerCtor ??= opts.load().then((m) => m.default);
		let Ctor: WorkerCtor;
		try {
			Ctor = await workerCtor;
		} catch (err) {
			workerCtor = null; // a failed fetch may succeed next time
			throw err;
		}
		if (worker) return worker;
		const w = new Ctor();
		w.onmessage = (ev: MessageEvent<Res>) => {
			if (w !== worker) return; // a reply from a worker we already dropped
			const msg = ev.data;
			if (busy === msg.id) busy = null;
			if ('error' in msg) settle(msg.id, (p) => p.reject(new Error(`${opts.failed}: ${msg.error}`)));
			else settle(msg.id, (p) => p.resolve(opts.result(msg as Exclude<Res, { error: string }>)));
			pump();
		};
		w.onerror = (ev: ErrorEvent) => {
			ev.preventDefault?.();
			if (w === worker) fail(`${opts.name} worker failed to start or crashed${ev.message ? `: ${ev.message}` : ''}`);
		};
		w.onmessageerror = () => {
			if (w === worker) fail(`${opts.name} worker sent an unreadable message`);
		};
		worker = w;
		return w;
	}

	/** Post the newest request, once: at once, or (latestOnly) when the worker is idle. */
	function pump() {
		const p = current;
		if (!p || !p.req || p.sent || (opts.latestOnly && busy !== null)) return;
		p.sent = true;
		busy = p.id;
		getWorker().then(
			(w) => {
				if (current !== p || w !== worker) {
					// superseded (or the worker dropped) while the module loaded: send the newest instead
					if (busy === p.id) busy = null;
					p.sent = false;
					pump();
					return;
				}
				try {
					w.postMessage(p.req);
				} catch (err) {
					// an input that does not clone (a $state proxy, a function): answer here or reject, never hang
					if (busy === p.id) busy = null;
					unavailable(err);
				}
			},
			(err) => {
				if (busy === p.id) busy = null;
				unavailable(err);
			}
		);
	}

	/** `build` makes the message for the request id; a throw (say, an uncloneable input) counts as unavailable. */
	function request(build: (id: number) => Req, { timeoutMs, timedOut }: RequestOptions): Promise<Out> {
		const id = ++seq;
		// stale-while-revalidate: older requests will never be shown
		if (current) settle(current.id, (p) => p.reject(opts.stale()));
		// the worker is still on a request nobody will see: stop it rather than wait long
		if (opts.cancelSupersededAfterMs !== undefined && busy !== null) {
			const stuck = busy;
			const stop = () => {
				if (busy !== stuck) return; // it finished (or was dropped) meanwhile
				drop();
				pump();
			};
			if (opts.cancelSupersededAfterMs <= 0) drop();
			else setTimeout(stop, opts.cancelSupersededAfterMs);
		}
		return new Promise<Out>((resolve, reject) => {
			// the worker may be stuck: start afresh next time
			const timer = setTimeout(() => fail(timedOut()), timeoutMs);
			const p: Pending<Req, Out> = { id, req: null, sent: false, resolve, reject, timer };
			current = p;
			try {
				p.req = build(id);
			} catch (err) {
				unavailable(err);
				return;
			}
			if (typeof Worker === 'undefined' && opts.fallback) answerHere();
			else pump();
		});
	}

	/**
	 * Start the worker now (fetch, compile, boot) so that a request made soon
	 * after does not wait for it. Errors are left for the first request to see.
	 */
	function warm(): void {
		if (typeof Worker === 'undefined') return;
		getWorker().catch(() => {});
	}

	/**
	 * Stop the current request (a Stop button): it rejects with `reason()`,
	 * and a worker computing anything is terminated, to respawn on the next
	 * request. Returns whether there was anything to stop. A request answered
	 * on this thread (no Worker) has already finished by the time this runs.
	 */
	function cancel(reason: () => Error): boolean {
		const had = current !== null || busy !== null;
		if (current) settle(current.id, (p) => p.reject(reason()));
		if (busy !== null) drop();
		return had;
	}

	return { request, warm, cancel };
}
