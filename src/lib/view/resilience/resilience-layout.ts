// Layout of the resilience state-machine diagrams in their own Web Worker (the
// same layout-worker module, ELK inside), so they never supersede or get
// superseded by the cluster diagram's layout (layout/layout.ts serves only its newest
// request). Requests are answered in order; none is dropped.
import type { Graph, Scene } from '../types';
import type { LayoutRequest, LayoutResponse } from '../layout/layout-worker';

/** set by vite.config.ts `define` from HOPSCOPE_OFFLINE=1 */

type WorkerCtor = new () => Worker;

function loadWorkerModule(): Promise<{ default: WorkerCtor }> {
	return __HOPSCOPE_OFFLINE__ ? import('../layout/layout-worker?worker&inline') : import('../layout/layout-worker?worker');
}

let worker: Promise<Worker> | null = null;
let seq = 0;
const pending = new Map<number, { resolve: (s: Scene) => void; reject: (e: Error) => void }>();

function failAll(message: string) {
	for (const [id, p] of [...pending]) {
		pending.delete(id);
		p.reject(new Error(message));
	}
	worker = null;
}

function getWorker(): Promise<Worker> {
	worker ??= loadWorkerModule().then(
		(m) => {
			const w = new m.default();
			w.onmessage = (ev: MessageEvent<LayoutResponse>) => {
				const msg = ev.data;
				const p = pending.get(msg.id);
				if (!p) return;
				pending.delete(msg.id);
				if ('error' in msg) p.reject(new Error(`Layout failed: ${msg.error}`));
				else p.resolve(msg.scene);
			};
			w.onerror = (ev: ErrorEvent) => {
				ev.preventDefault?.();
				w.terminate();
				failAll(`Layout worker failed${ev.message ? `: ${ev.message}` : ''}`);
			};
			return w;
		},
		(err) => {
			worker = null;
			throw err;
		}
	);
	return worker;
}

/** Lays out a small graph (a state machine) with ELK in a dedicated worker. */
export function layoutMachineGraph(graph: Graph): Promise<Scene> {
	const id = ++seq;
	return new Promise<Scene>((resolve, reject) => {
		pending.set(id, { resolve, reject });
		const msg: LayoutRequest = { id, graph: JSON.parse(JSON.stringify(graph)) };
		getWorker().then(
			(w) => w.postMessage(msg),
			(err) => {
				pending.delete(id);
				reject(new Error(`Layout worker unavailable: ${err instanceof Error ? err.message : String(err)}`));
			}
		);
	});
}
