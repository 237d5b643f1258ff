// One compute client for resilience runs, shared by the Simulate panel and
// the app (a link or an opened preset runs its simulation): one worker.
import { createComputeClient } from '../../view/compute';
import { formOptions, initialForm, runSimulation, type SimForm, type SimRun } from '../../view/resilience';
import type { Cluster, Resource } from '../../model';

/** Runs off the main thread (a 24 h run is seconds of CPU); runSimulation here where no Worker exists. */
export const compute = createComputeClient('resilience', (job) => runSimulation(job.cluster, job.opts));

/**
 * Runs a form (a link's, or the scenario's own when `form` is null); null
 * when the form names nothing to call or the run has no events. Rejects like
 * compute.run (stale, cancelled, failed).
 */
export async function runForm(cluster: Cluster, resources: Resource[], form: Partial<SimForm> | null): Promise<{ run: SimRun; form: SimForm } | null> {
	const base = initialForm(cluster, resources);
	// a link's form is hostile JSON: only the known fields, with the defaults' types
	const f: SimForm = { ...base };
	if (form) {
		for (const k of Object.keys(base) as (keyof SimForm)[]) {
			const v = form[k];
			if (v !== undefined && Array.isArray(v) === Array.isArray(base[k]) && (Array.isArray(v) || typeof v === typeof base[k])) (f as unknown as Record<string, unknown>)[k] = v;
		}
		f.bursts = (f.bursts as unknown[]).filter((b) => b && typeof b === 'object').slice(0, 100) as SimForm['bursts'];
		f.failures = (f.failures as unknown[]).filter((b) => b && typeof b === 'object' && typeof (b as { pod?: unknown }).pod === 'string').slice(0, 100) as SimForm['failures'];
	}
	const opts = formOptions(f, resources);
	if (!opts) return null;
	const run = await compute.run({ kind: 'resilience', cluster, opts });
	return run.result.events.length ? { run, form: f } : null;
}
