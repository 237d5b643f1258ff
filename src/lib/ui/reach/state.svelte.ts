// The Reachability tab's state: the port and protocol asked about, the
// namespace filter, the matrix (computed in the compute worker), the one
// before it (what-if: the cells an edit changed are marked), and the cell
// picked with its explanation. Loaded with the tab; AppState keeps the one
// instance so an edit made in the Manifests tab is compared with the matrix
// seen before it.
import type { Cluster } from '../../model';
import { netpolVerdict, type L4Protocol, type NetpolVerdict } from '../../netpol';
import type { ReachView } from '../../view';

type Compute = { run(job: { kind: 'reach'; cluster: Cluster; port: number; protocol: L4Protocol }): Promise<ReachView> };
let client: Promise<Compute> | null = null;
/** the compute clients, loaded on first use (they stay out of the first download) */
// the matrix code (reachView, the what-if diff), also the fallback where no Worker exists
const lazy = () => import('../../view/reachability');
function compute(): Promise<Compute> {
	client ??= Promise.all([import('../../view/compute'), lazy()]).then(([m, r]) => m.createComputeClient('reach', (job) => r.reachView(job.cluster, job.port, job.protocol)));
	return client;
}

export interface ReachPick {
	from: string;
	to: string;
	verdict: NetpolVerdict;
	/** the cell's rows (workload or namespace keys) */
	fromKey: string;
	toKey: string;
}

export class ReachState {
	port = $state(80);
	protocol = $state<L4Protocol>('TCP');
	namespace = $state('');
	view = $state.raw<ReachView | null>(null);
	/** cell keys (`from>to`) that differ from the matrix before the last edit */
	changed = $state.raw<Set<string>>(new Set());
	pick = $state.raw<ReachPick | null>(null);
	busy = $state(false);
	error = $state<string | null>(null);
	private cluster: Cluster | null = null;
	private seq = 0;

	/** Recompute when the cluster, port or protocol changed since the last matrix. */
	async refresh(cluster: Cluster | null): Promise<void> {
		if (!cluster) return;
		const v = this.view;
		if (v && this.cluster === cluster && v.port === this.port && v.protocol === this.protocol) return;
		const edit = !!v && this.cluster !== cluster && v.port === this.port && v.protocol === this.protocol;
		const my = ++this.seq;
		this.busy = true;
		this.error = null;
		try {
			const next = await (await compute()).run({ kind: 'reach', cluster, port: this.port, protocol: this.protocol });
			const { reachChanges } = await lazy();
			if (my !== this.seq) return;
			this.changed = edit ? reachChanges(v, next) : new Set();
			this.cluster = cluster;
			this.view = next;
			this.pick = null;
		} catch (e) {
			if (my === this.seq && !(e instanceof Error && /superseded|stopped/.test(e.message))) this.error = e instanceof Error ? e.message : String(e);
		} finally {
			if (my === this.seq) this.busy = false;
		}
	}

	/** Explain cell (a, b): the pod pair it stands for and its NetworkPolicy verdict. */
	async choose(cluster: Cluster, a: number, b: number): Promise<ReachPick | null> {
		const v = this.view;
		if (!v) return null;
		const { reachPair } = await lazy();
		const pair = reachPair(v, a, b);
		if (!pair) return (this.pick = null);
		this.pick = { ...pair, fromKey: v.rows[a].key, toKey: v.rows[b].key, verdict: netpolVerdict(cluster, { pod: pair.from }, { pod: pair.to }, v.port, v.protocol) };
		return this.pick;
	}
}
