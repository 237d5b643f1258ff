// The scene on the diagram: the cluster as a graph for the current view and
// filter, laid out in a worker. Newer requests win: a layout that finishes
// after a newer one started is dropped.
import type { Cluster } from '../../model';
import type { ViewName } from '../../scenario';
import type { DockerHost } from '../../net';
import { toGraph, type Graph, type GraphFilter, type Scene } from '../../view';
import { layoutClusterInWorker, layoutInWorker, warmLayoutWorker } from '../../view/layout';
import type { MeshModule } from './features.svelte';
import type { SecurityPicture } from '../../view/mesh';

export interface SceneInputs {
	readonly cluster: Cluster | null;
	readonly view: ViewName;
	readonly filter: GraphFilter;
	/** the network view draws these pods' insides first (the traced packet's) */
	readonly focusPods: string[] | undefined;
	/** the nodes the traced packet crosses: the network view folds the others */
	readonly focusNodes?: string[];
	/** the mesh view's graph comes with the mesh feature, loaded on first use */
	readonly meshMod: MeshModule | null;
	/** draw the Security layer (it needs the mesh feature too) */
	readonly security?: boolean;
	/** plain Docker hosts (journey 9), drawn on the network view */
	readonly docker?: readonly DockerHost[];
}

export class SceneState {
	scene = $state.raw<Scene | null>(null);
	/** the Security layer's verdicts drawn on the scene (null: the layer is off) */
	security = $state.raw<SecurityPicture | null>(null);
	error = $state<string | null>(null);
	laying = $state(false);
	private seq = 0;

	/** `inputs` is read inside an effect: pass getters, so only what a layout uses is tracked. */
	constructor(inputs: SceneInputs) {
		$effect(() => this.layout(inputs));
	}

	/** Boots the layout worker while the page hydrates. */
	static warm() {
		warmLayoutWorker();
	}

	private layout({ cluster, view, filter, focusPods, focusNodes, meshMod, docker, security }: SceneInputs) {
		if (!cluster) {
			this.scene = null;
			return;
		}
		const seq = ++this.seq;
		const secure = !!security && view !== 'network';
		if ((view === 'mesh' || secure) && !meshMod) {
			this.laying = false;
			return; // runs again once the mesh module has loaded
		}
		let laid: Promise<Scene>;
		try {
			if (view === 'mesh' || secure) {
				// the mesh graph and the security layer come with the lazily loaded mesh module: built here
				let graph: Graph =
					view === 'mesh'
						? meshMod!.toMeshGraph(cluster, secure ? { filter, mtlsMatrix: false } : { filter })
						: toGraph(cluster, { view: 'architecture', collapseAt: 4, filter });
				const picture = secure ? meshMod!.securityPicture(cluster) : null;
				if (picture) graph = meshMod!.withSecurityLayer(graph, picture);
				this.security = picture;
				laid = layoutInWorker(graph);
			} else {
				// the others are built in the layout worker (a 10,000-pod graph takes longer than a frame)
				this.security = null;
				laid = layoutClusterInWorker(cluster, { view: view === 'network' ? 'network' : 'architecture', filter, focusPods, focusNodes, docker });
			}
		} catch (e) {
			this.error = `Could not draw this cluster: ${e instanceof Error ? e.message : String(e)}`;
			this.laying = false;
			return;
		}
		this.laying = true;
		// marks let `npm run bench` measure main-thread work during layout
		performance.mark('hopscope:layout-start');
		laid.then(
			(s) => {
				if (seq !== this.seq) return;
				performance.mark('hopscope:layout-done');
				this.scene = s;
				this.error = null;
				this.laying = false;
			},
			(e) => {
				if (seq !== this.seq) return;
				this.error = e instanceof Error ? e.message : String(e);
				this.laying = false;
			}
		);
	}
}
