// The jobs the compute worker runs, as plain data, and runJob, the worker's
// dispatcher. The client imports only the types from here: the Istio,
// resilience and Compare features each pass their own engine as the
// main-thread fallback, so no feature's bundle pulls in another's engine.
import type { Cluster } from '../../model';
import type { SimOptions, SimSnapshot } from '../../resilience/index';
import { simulate, type RouteRequest, type SimulateOptions, type SimulateResult } from '../../mesh';
import { runSimulation, type SimRun } from '../resilience/resilience';
import { packSnapshots, type PackedSnapshots } from './packed';
import { podIsolation, reachView } from '../reachability';
import type { PodIsolation, ReachView } from '../reach';
import type { L4Protocol } from '../../netpol';
import type { InputFile } from '../../manifest';
import { compareFiles, type DiffRun } from '../../scenario/version';

export type ComputeJob =
	| { kind: 'mesh'; cluster: Cluster; request: RouteRequest; opts: SimulateOptions }
	| { kind: 'resilience'; cluster: Cluster; opts: SimOptions }
	| { kind: 'reach'; cluster: Cluster; port: number; protocol: L4Protocol }
	| { kind: 'isolation'; cluster: Cluster }
	| { kind: 'diff'; before: InputFile[]; after: InputFile[] };

export type ComputeKind = ComputeJob['kind'];
export type JobOf<K extends ComputeKind> = Extract<ComputeJob, { kind: K }>;

/** What each kind of job answers. */
export interface ComputeResults {
	mesh: SimulateResult;
	resilience: SimRun;
	reach: ReachView;
	isolation: PodIsolation;
	diff: DiffRun;
}

export type ComputeOut = { [K in ComputeKind]: { kind: K; value: ComputeResults[K] } }[ComputeKind];

/** Run one job: what the worker does with each request. */
export function runJob(job: ComputeJob): ComputeOut {
	if (job.kind === 'mesh') return { kind: 'mesh', value: simulate(job.cluster, job.request, job.opts) };
	if (job.kind === 'reach') return { kind: 'reach', value: reachView(job.cluster, job.port, job.protocol) };
	if (job.kind === 'isolation') return { kind: 'isolation', value: podIsolation(job.cluster) };
	if (job.kind === 'diff') return { kind: 'diff', value: compareFiles(job.before, job.after) };
	return { kind: 'resilience', value: runSimulation(job.cluster, job.opts) };
}

/** What the worker posts back: a resilience run's snapshots packed (see packed.ts). */
export type WireOut = { kind: 'mesh'; value: SimulateResult } | { kind: 'reach'; value: ReachView } | { kind: 'isolation'; value: PodIsolation } | { kind: 'diff'; value: DiffRun } | { kind: 'resilience'; value: Omit<SimRun, 'snapshots'>; packed: PackedSnapshots };

export function toWire(out: ComputeOut): WireOut {
	if (out.kind !== 'resilience') return out;
	const { snapshots, ...run } = out.value;
	return { kind: 'resilience', value: run, packed: packSnapshots(snapshots as ReadonlyMap<number, SimSnapshot>) }; // runSimulation makes a Map
}

/** The buffers to transfer rather than copy. */
export function transferables(out: WireOut): ArrayBuffer[] {
	if (out.kind === 'reach') return [out.value.cells.buffer as ArrayBuffer, out.value.allowed.buffer as ArrayBuffer];
	return out.kind === 'resilience' ? [out.packed.ids.buffer as ArrayBuffer, out.packed.ends.buffer as ArrayBuffer] : [];
}
