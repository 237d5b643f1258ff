// The layout Web Worker: Graph in, Scene out. ELK never runs on the main thread.
// elk.bundled runs ELK in-process here (inside this worker) through its own
// fake worker; importing it also claims self.onmessage, so ours is set after
// and ELK is only started for graphs small enough to use it.
import type { Graph, Scene } from '../types';
import { layoutGraph, type ElkLike } from './layout-core';

export interface LayoutRequest {
	id: number;
	graph: Graph;
}

export type LayoutResponse = { id: number; scene: Scene } | { id: number; error: string };

interface WorkerScope {
	onmessage: ((ev: MessageEvent<LayoutRequest>) => void) | null;
	postMessage(msg: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;
let elk: Promise<ElkLike> | null = null;
const loadElk = () =>
	(elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
		const e = new m.default();
		scope.onmessage = onmessage; // the import replaced it
		return e;
	}));

async function onmessage(ev: MessageEvent<LayoutRequest>) {
	const { id, graph } = ev.data;
	try {
		scope.postMessage({ id, scene: await layoutGraph(graph, loadElk) });
	} catch (err) {
		scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
	}
}
scope.onmessage = onmessage;
