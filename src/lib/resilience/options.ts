// Builds SimOptions from a loaded scenario: the header's `spec.simulation`
// block, then explicit overrides (CLI flags or UI controls), then defaults.
// Shared by the CLI and the UI so both run exactly the same simulation.
import type { Resource } from '../model';
import { readSimulationSpec, type SimulationSpec } from './config';
import type { Finding } from '../manifest';
import type { SimOptions } from './simulate';

export const SIM_DEFAULTS = {
	rps: 10,
	durationS: 30,
	concurrency: 1,
	requestDurationMs: 50,
	connectMs: 1,
	seed: 1
} as const;

/** The scenario header resource (`apiVersion: hopscope/…`, `kind: Scenario`), if any. */
export function headerResource(resources: Resource[]): Resource | null {
	return resources.find((r) => r.kind === 'Scenario' && r.apiVersion.startsWith('hopscope/')) ?? null;
}

export function simulationOptions(
	resources: Resource[],
	overrides: Partial<SimOptions> = {}
): { options: SimOptions | null; spec: SimulationSpec; findings: Finding[] } {
	const findings: Finding[] = [];
	const spec = readSimulationSpec(headerResource(resources), findings);
	const target = overrides.target ?? spec.target;
	if (!target) return { options: null, spec, findings };
	const pick = <K extends keyof SimOptions>(k: K, fallback: SimOptions[K]): SimOptions[K] =>
		(overrides[k] ?? (spec as Partial<SimOptions>)[k] ?? fallback) as SimOptions[K];
	const options: SimOptions = {
		target,
		from: pick('from', undefined),
		subset: pick('subset', null),
		port: pick('port', null),
		rps: pick('rps', SIM_DEFAULTS.rps),
		durationS: pick('durationS', SIM_DEFAULTS.durationS),
		concurrency: pick('concurrency', SIM_DEFAULTS.concurrency),
		requestDurationMs: pick('requestDurationMs', SIM_DEFAULTS.requestDurationMs),
		connectMs: pick('connectMs', SIM_DEFAULTS.connectMs),
		bursts: pick('bursts', []),
		// CLI --fail adds to the header's failures
		failures: [...(spec.failures ?? []), ...(overrides.failures ?? [])],
		seed: pick('seed', SIM_DEFAULTS.seed),
		envoy: { ...(spec.envoy ?? {}), ...(overrides.envoy ?? {}) },
		breaker: pick('breaker', null),
		localRateLimit: pick('localRateLimit', null),
		quota: pick('quota', null),
		resources
	};
	return { options, spec, findings };
}
