// The compute worker's client: results cross the worker boundary unchanged
// (structured clone of the course presets' runs), the worker path gives what
// the direct engine call gives (same seed, same answer), the main-thread
// fallback, and the bookkeeping (a newer run supersedes, Stop cancels and
// terminates) against a fake Worker that runs the real job function.
// The real worker runs end to end in the browser tests (compute.spec.ts).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { simulate } from '../../src/lib/mesh/simulate';
import { simulationOptions } from '../../src/lib/resilience/index';
import { runSimulation } from '../../src/lib/view/resilience';
import { defaultComposer, toRouteRequest } from '../../src/lib/view/mesh';
import { runJob, toWire, type ComputeJob } from '../../src/lib/view/compute/compute';
import { fromWire, packSnapshots, SnapshotReader } from '../../src/lib/view/compute/packed';
import type { SimRun } from '../../src/lib/view/resilience';

/** A run read back from the worker equals the direct one: same result, same snapshot for every event. */
function expectSameRun(got: SimRun, want: SimRun) {
	const { snapshots: gs, ...g } = got;
	const { snapshots: ws, ...w } = want;
	expect(g).toEqual(w);
	expect(gs.size).toBe(ws.size);
	expect(gs.size).toBe(want.result.events.length);
	for (const e of want.result.events) expect(gs.get(e.id)).toEqual(ws.get(e.id));
	expect(gs.get(-1)).toBeUndefined();
}

const load = (id: string) => loadScenario([{ name: `${id}.yaml`, text: readFileSync(`scenarios/${id}.yaml`, 'utf8') }]);

const breaker = load('resilience-circuit-breaker');
const resOpts = simulationOptions(breaker.parse.resources, {}).options!;
const canary = load('istio-canary-90-10');
const meshReq = toRouteRequest(defaultComposer(canary.cluster, canary.header?.flows ?? []));

const meshJob = (n: number, seed = 7): ComputeJob => ({ kind: 'mesh', cluster: canary.cluster, request: meshReq, opts: { n, seed } });
const resJob = (durationS?: number): ComputeJob => ({ kind: 'resilience', cluster: breaker.cluster, opts: durationS ? { ...resOpts, durationS } : resOpts });

describe('compute results cross the worker boundary', () => {
	it('a resilience run of the circuit-breaker preset survives structuredClone (snapshots stay a Map)', () => {
		const run = runSimulation(breaker.cluster, resOpts);
		expect(run.result.events.length).toBe(30);
		expect(run.snapshots.size).toBe(30);
		const copy = structuredClone(run);
		expect(copy).toEqual(run);
		expect(copy.snapshots).toBeInstanceOf(Map);
	});

	it('a Send N of the 90/10 canary preset survives structuredClone, and so does its input', () => {
		const sim = simulate(canary.cluster, meshReq, { n: 500, seed: 7 });
		expect(Object.values(sim.counts).reduce((a, b) => a + b, 0)).toBe(500);
		expect(Object.keys(sim.counts)).toHaveLength(2); // v1 and v2 both drawn
		expect(structuredClone(sim)).toEqual(sim);
		// the request itself is cloned to the worker: the cluster must be plain data too
		const job = meshJob(10);
		expect(structuredClone(job)).toEqual(job);
	});

	it('the packed snapshots the worker sends clone flat and read back equal, for every event', () => {
		const run = runSimulation(breaker.cluster, resOpts);
		const wire = structuredClone(toWire({ kind: 'resilience', value: run }));
		expect(wire.kind).toBe('resilience');
		expect(typeof (wire as { packed: { text: string } }).packed.text).toBe('string');
		expectSameRun(fromWire<'resilience'>(wire), run);
		// an event id that is not first or last, asked twice (the cache) and after another
		const reader = new SnapshotReader(packSnapshots(run.snapshots as Map<number, never>));
		const mid = run.result.events[17].id;
		expect(reader.get(mid)).toEqual(run.snapshots.get(mid));
		expect(reader.get(mid)).toBe(reader.get(mid));
		expect(reader.get(run.result.events[0].id)).toEqual(run.snapshots.get(run.result.events[0].id));
		// the mesh answer goes as is
		const sim = simulate(canary.cluster, meshReq, { n: 50, seed: 3 });
		expect(fromWire<'mesh'>(structuredClone(toWire({ kind: 'mesh', value: sim })))).toEqual(sim);
	});

	it('runJob gives what the direct engine calls give', () => {
		expect(runJob(meshJob(200))).toEqual({ kind: 'mesh', value: simulate(canary.cluster, meshReq, { n: 200, seed: 7 }) });
		expect(runJob(resJob())).toEqual({ kind: 'resilience', value: runSimulation(breaker.cluster, resOpts) });
	});
});

// ---- the client, with a fake Worker that clones the job in, runs runJob and clones the answer out ----

const fake = vi.hoisted(() => ({ reply: 'ok' as 'ok' | 'never', delayMs: 5, created: 0, terminated: 0, posted: [] as number[] }));

vi.mock('../../src/lib/view/compute/compute-worker?worker', async () => {
	const { runJob, toWire } = await import('../../src/lib/view/compute/compute');
	class FakeWorker {
		onmessage: ((ev: { data: unknown }) => void) | null = null;
		onerror: (() => void) | null = null;
		onmessageerror: (() => void) | null = null;
		constructor() {
			fake.created++;
		}
		postMessage(msg: ComputeJob & { id: number }) {
			const { id, ...job } = structuredClone(msg);
			fake.posted.push(id);
			if (fake.reply === 'never') return;
			setTimeout(() => this.onmessage?.({ data: structuredClone({ id, out: toWire(runJob(job as ComputeJob)) }) }), fake.delayMs);
		}
		terminate() {
			fake.terminated++;
		}
	}
	return { default: FakeWorker };
});

describe('createComputeClient', () => {
	let mod: typeof import('../../src/lib/view/compute');
	const meshFallback = vi.fn((job: Extract<ComputeJob, { kind: 'mesh' }>) => simulate(job.cluster, job.request, job.opts));
	const resFallback = vi.fn((job: Extract<ComputeJob, { kind: 'resilience' }>) => runSimulation(job.cluster, job.opts));

	beforeEach(async () => {
		Object.assign(fake, { reply: 'ok', delayMs: 5, created: 0, terminated: 0, posted: [] });
		meshFallback.mockClear();
		resFallback.mockClear();
		vi.stubGlobal('Worker', class {});
		vi.resetModules();
		mod = await import('../../src/lib/view/compute');
	});
	afterEach(() => vi.unstubAllGlobals());

	it('the worker path equals the direct call for the same seed, from one reused worker; the fallback is not used', async () => {
		const mesh = mod.createComputeClient('mesh', meshFallback);
		const res = mod.createComputeClient('resilience', resFallback);
		expect(await mesh.run(meshJob(300) as Extract<ComputeJob, { kind: 'mesh' }>)).toEqual(simulate(canary.cluster, meshReq, { n: 300, seed: 7 }));
		expect(await mesh.run(meshJob(300, 8) as Extract<ComputeJob, { kind: 'mesh' }>)).toEqual(simulate(canary.cluster, meshReq, { n: 300, seed: 8 }));
		expectSameRun(await res.run(resJob() as Extract<ComputeJob, { kind: 'resilience' }>), runSimulation(breaker.cluster, resOpts));
		// one worker per kind, reused across runs of that kind
		expect(fake.created).toBe(2);
		expect(fake.terminated).toBe(0);
		expect(meshFallback).not.toHaveBeenCalled();
		expect(resFallback).not.toHaveBeenCalled();
	});

	it('runs the engine on this thread where there is no Worker', async () => {
		vi.unstubAllGlobals();
		expect(typeof Worker).toBe('undefined');
		const mesh = mod.createComputeClient('mesh', meshFallback);
		expect(await mesh.run(meshJob(50) as Extract<ComputeJob, { kind: 'mesh' }>)).toEqual(simulate(canary.cluster, meshReq, { n: 50, seed: 7 }));
		expect(meshFallback).toHaveBeenCalledTimes(1);
		expect(fake.created).toBe(0);
	});

	it('a newer run supersedes a running one: the old rejects as stale, its busy worker is terminated at once', async () => {
		const res = mod.createComputeClient('resilience', resFallback);
		fake.reply = 'never'; // the 24 h run
		const old = res.run(resJob(600) as Extract<ComputeJob, { kind: 'resilience' }>);
		await vi.waitFor(() => expect(fake.posted).toHaveLength(1), { interval: 5 });
		fake.reply = 'ok';
		const next = res.run(resJob() as Extract<ComputeJob, { kind: 'resilience' }>);
		const err = await old.catch((e: unknown) => e);
		expect(mod.isStaleCompute(err)).toBe(true);
		expect(mod.isCancelledCompute(err)).toBe(false);
		expect(fake.terminated).toBe(1); // not waited for
		expectSameRun(await next, runSimulation(breaker.cluster, resOpts));
		expect(fake.created).toBe(2);
		expect(fake.posted).toHaveLength(2);
	});

	it('a Send N does not supersede a resilience run (one client, one worker per kind)', async () => {
		const res = mod.createComputeClient('resilience', resFallback);
		const mesh = mod.createComputeClient('mesh', meshFallback);
		fake.delayMs = 30;
		const a = res.run(resJob() as Extract<ComputeJob, { kind: 'resilience' }>);
		const b = mesh.run(meshJob(20) as Extract<ComputeJob, { kind: 'mesh' }>);
		expectSameRun(await a, runSimulation(breaker.cluster, resOpts));
		expect(await b).toEqual(simulate(canary.cluster, meshReq, { n: 20, seed: 7 }));
		expect(fake.terminated).toBe(0);
	});

	it('cancel (Stop) rejects the running run as cancelled and terminates its worker, which respawns', async () => {
		const res = mod.createComputeClient('resilience', resFallback);
		fake.reply = 'never';
		const running = res.run(resJob(600) as Extract<ComputeJob, { kind: 'resilience' }>);
		await vi.waitFor(() => expect(fake.posted).toHaveLength(1), { interval: 5 });
		expect(res.cancel()).toBe(true);
		const err = await running.catch((e: unknown) => e);
		expect(mod.isCancelledCompute(err)).toBe(true);
		expect(mod.isStaleCompute(err)).toBe(false);
		expect(fake.terminated).toBe(1);
		expect(res.cancel()).toBe(false); // nothing left to stop
		fake.reply = 'ok';
		expectSameRun(await res.run(resJob() as Extract<ComputeJob, { kind: 'resilience' }>), runSimulation(breaker.cluster, resOpts));
		expect(fake.created).toBe(2);
	});

	it('an input that does not clone runs on this thread instead of hanging until the timeout', async () => {
		const mesh = mod.createComputeClient('mesh', meshFallback);
		const job = meshJob(40) as Extract<ComputeJob, { kind: 'mesh' }>;
		const bad = { ...job, opts: { ...job.opts, note: () => 'not cloneable' } };
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		expect(await mesh.run(bad, { timeoutMs: 5_000 })).toEqual(simulate(canary.cluster, meshReq, { n: 40, seed: 7 }));
		expect(meshFallback).toHaveBeenCalledTimes(1);
		expect(fake.posted).toEqual([]); // nothing reached the worker
		expect(warn).toHaveBeenCalledTimes(1);
		warn.mockRestore();
	});

	it('times out with a clear message and restarts the worker', async () => {
		const mesh = mod.createComputeClient('mesh', meshFallback);
		fake.reply = 'never';
		await expect(mesh.run(meshJob(5) as Extract<ComputeJob, { kind: 'mesh' }>, { timeoutMs: 30 })).rejects.toThrow('The run timed out after 0 s');
		expect(fake.terminated).toBe(1);
	});
});
