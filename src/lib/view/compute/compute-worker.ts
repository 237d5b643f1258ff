// The compute Web Worker: the heavy engine runs that a click starts, off the
// main thread — an Istio "Send N" split simulation (mesh simulate, up to
// 100,000 requests) and a resilience run (up to 24 h simulated, 200,000
// requests, 5,000,000 events: seconds of CPU on hostile input). The cluster
// travels with each request (structured clone); results are plain data, a
// resilience run's snapshots packed into one string (packed.ts): the main
// thread would take seconds to deserialize them as objects.
// It runs compute.ts's runJob, not through compute-client: importing the
// client would drag its `?worker` import (this file) in.
import { runJob, toWire, transferables, type ComputeJob, type WireOut } from './compute';

export type ComputeRequest = ComputeJob & { id: number };

export type ComputeResponse = { id: number; out: WireOut } | { id: number; error: string };

interface WorkerScope {
	onmessage: ((ev: MessageEvent<ComputeRequest>) => void) | null;
	postMessage(msg: ComputeResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (ev: MessageEvent<ComputeRequest>) => {
	const { id, ...job } = ev.data;
	let msg: ComputeResponse;
	let transfer: ArrayBuffer[] = [];
	try {
		const out = toWire(runJob(job as ComputeJob));
		msg = { id, out };
		transfer = transferables(out);
	} catch (err) {
		// a bug in an engine must not leave the caller waiting for the timeout
		msg = { id, error: err instanceof Error ? err.message : String(err) };
	}
	try {
		scope.postMessage(msg, transfer);
	} catch (err) {
		// a value that does not clone (a bug: results should be plain data)
		scope.postMessage({ id, error: `result could not be sent back: ${err instanceof Error ? err.message : String(err)}` });
	}
};
