// The graph a view draws, chosen by size: the architecture view of a big
// cluster (over LOD_MIN_PODS pods) is the level-of-detail graph, others the
// full graph; a scene over LOD_MIN_NODES boxes is drawn by level of detail.
// Runs in the layout worker, so a 10,000-pod graph is never built on the
// main thread.
import type { Cluster } from '../../model';
import type { DockerHost } from '../../net';
import type { Graph, GraphFilter } from '../types';
import { toGraph } from '../graph';
import { toNetworkGraph } from '../network';
import { toLodGraph, LOD_MIN_PODS } from './aggregate';

/** A scene with more boxes than this is drawn by level of detail. */
export const LOD_MIN_NODES = 800;

export interface BuildOptions {
	view: 'architecture' | 'network';
	filter?: GraphFilter;
	focusPods?: string[];
	focusNodes?: string[];
	docker?: readonly DockerHost[];
}

export function graphForView(cluster: Cluster, o: BuildOptions): { graph: Graph; lod: boolean } {
	const graph =
		o.view === 'network'
			? toNetworkGraph(cluster, { filter: o.filter, focusPods: o.focusPods, focusNodes: o.focusNodes, docker: o.docker })
			: cluster.pods.length > LOD_MIN_PODS
				? toLodGraph(cluster, { filter: o.filter })
				: toGraph(cluster, { view: 'architecture', collapseAt: 4, filter: o.filter });
	return { graph, lod: graph.nodes.length > LOD_MIN_NODES };
}
