// Which pods a NetworkPolicy isolates, for the diagram's shields, and the
// pods a hovered shielded one may talk with. Computed in the compute worker;
// the code behind both is loaded only once a cluster has policies.
import type { Cluster } from '../../model';
import type { GNode, PodIsolation } from '../../view';

type Lazy = { iso: { run(job: { kind: 'isolation'; cluster: Cluster }): Promise<PodIsolation> }; peers: (c: Cluster, nodes: { id: string; node: GNode }[], id: string) => Set<string> };
let lazy: Promise<Lazy> | null = null;
const load = (): Promise<Lazy> =>
	(lazy ??= Promise.all([import('../../view/compute'), import('../../view/reachability')]).then(([m, r]) => ({
		iso: m.createComputeClient('isolation', (job) => r.podIsolation(job.cluster)),
		peers: r.allowedPeers
	})));

export class Isolation {
	iso = $state.raw<PodIsolation>({});
	private peersFn = $state.raw<Lazy['peers'] | null>(null);
	private of: Cluster | null = null;

	/** Recompute for a new cluster (none without policies: no worker run). */
	async update(cluster: Cluster | null): Promise<void> {
		if (cluster === this.of) return;
		this.of = cluster;
		if (!cluster?.networkPolicies.length) {
			this.iso = {};
			return;
		}
		try {
			const l = await load();
			this.peersFn = l.peers;
			const iso = await l.iso.run({ kind: 'isolation', cluster });
			if (this.of === cluster) this.iso = iso;
		} catch {
			// superseded by a newer cluster, or the worker failed: no shields
		}
	}

	peers(cluster: Cluster | null, nodes: { id: string; node: GNode }[], id: string): Set<string> {
		return cluster && this.peersFn ? this.peersFn(cluster, nodes, id) : new Set();
	}
}
