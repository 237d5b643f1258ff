// The layout Web Worker: Graph in, Scene out. ELK never runs on the main thread.
// elk.bundled runs ELK in-process here (inside this worker) through its own
// fake worker; importing it also claims self.onmessage, so ours is set after
// and ELK is only started for graphs small enough to use it.
// A request may instead carry the cluster and the view to draw: the graph is
// then built here too (a 10,000-pod graph takes longer than a frame). The
// cluster is kept, so a filter or view change sends only its options.
import type { Cluster } from '../../model';
import type { Graph, Scene } from '../types';
import { graphForView, type BuildOptions } from '../lod/build';
import { layoutGraph, type ElkLike } from './layout-core';
import { NO_CLUSTER } from './layout-errors';

export interface LayoutRequest {
	id: number;
	graph?: Graph;
	/** build the graph here: from `cluster`, or from the kept cluster of the same key */
	build?: BuildOptions & { key: number; cluster?: Cluster };
}

export type LayoutResponse = { id: number; scene: Scene } | { id: number; error: string };


interface WorkerScope {
	onmessage: ((ev: MessageEvent<LayoutRequest>) => void) | null;
	postMessage(msg: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;
let elk: Promise<ElkLike> | null = null;
let kept: { key: number; cluster: Cluster } | null = null;
const loadElk = () =>
	(elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
		const e = new m.default();
		scope.onmessage = onmessage; // the import replaced it
		return e;
	}));

async function onmessage(ev: MessageEvent<LayoutRequest>) {
	const { id, graph, build } = ev.data;
	try {
		if (build?.cluster) kept = { key: build.key, cluster: build.cluster };
		if (build && kept?.key !== build.key) {
			scope.postMessage({ id, error: NO_CLUSTER });
			return;
		}
		const made = build ? graphForView(kept!.cluster, build) : { graph: graph!, lod: false };
		const scene = await layoutGraph(made.graph, loadElk);
		if (made.lod) scene.lod = true;
		scope.postMessage({ id, scene });
	} catch (err) {
		scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
	}
}
scope.onmessage = onmessage;
