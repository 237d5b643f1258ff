// The layout Web Worker: Graph in, Scene out. ELK never runs on the main thread.
// elk.bundled runs ELK in-process here (inside this worker) through its own
// fake worker; importing it also claims self.onmessage, so ours is set after.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { Graph } from './graph';
import { layoutGraph } from './layout-core';

export interface LayoutRequest {
	id: number;
	graph: Graph;
}

export type LayoutResponse = { id: number; scene: import('./scene').Scene } | { id: number; error: string };

interface WorkerScope {
	onmessage: ((ev: MessageEvent<LayoutRequest>) => void) | null;
	postMessage(msg: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;
const elk = new ELK();

scope.onmessage = async (ev) => {
	const { id, graph } = ev.data;
	try {
		scope.postMessage({ id, scene: await layoutGraph(graph, elk) });
	} catch (err) {
		scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
	}
};
