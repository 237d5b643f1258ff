// The load Web Worker: files in, { loaded, findings } out. Parsing, building
// the model and validating a 1,000-pod input takes far longer than one frame,
// so large inputs run here instead of on the main thread (see load-client.ts).
// The result is plain data; postMessage structured-clones it back.
// It calls the pipeline directly rather than load-client's loadSync: importing
// load-client would drag its `?worker` import (this file) into the worker.
import { validate, type Finding } from '../checks/index';
import type { InputFile } from '../manifest';
import { loadScenario, type LoadedScenario } from './load';

export interface LoadRequest {
	id: number;
	files: InputFile[];
}

export type LoadResponse = { id: number; loaded: LoadedScenario; findings: Finding[] } | { id: number; error: string };

interface WorkerScope {
	onmessage: ((ev: MessageEvent<LoadRequest>) => void) | null;
	postMessage(msg: LoadResponse): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (ev: MessageEvent<LoadRequest>) => {
	const { id, files } = ev.data;
	let msg: LoadResponse;
	try {
		const loaded = loadScenario(files);
		msg = { id, loaded, findings: validate(loaded.cluster, loaded.parse.resources) };
	} catch (err) {
		// a bug in the pipeline must not leave the caller waiting for the timeout
		msg = { id, error: err instanceof Error ? err.message : String(err) };
	}
	try {
		scope.postMessage(msg);
	} catch (err) {
		// a value that does not clone (a bug: the model should be plain data)
		scope.postMessage({ id, error: `result could not be sent back: ${err instanceof Error ? err.message : String(err)}` });
	}
};
