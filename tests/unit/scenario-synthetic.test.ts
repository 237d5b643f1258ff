import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { syntheticCluster } from '../../src/lib/scenario/synthetic';

function docs(text: string): Record<string, any>[] {
	return parseAllDocuments(text).map((d) => d.toJS());
}

describe('syntheticCluster', () => {
	it('is deterministic for a seed and differs across seeds', () => {
		expect(syntheticCluster({ pods: 300, seed: 7 }).text).toBe(syntheticCluster({ pods: 300, seed: 7 }).text);
		expect(syntheticCluster({ pods: 300, seed: 7 }).text).not.toBe(syntheticCluster({ pods: 300, seed: 8 }).text);
	});

	it.each([1, 100, 1000])('expands to exactly %i pods with 1–10 replicas per Deployment', (pods) => {
		const out = syntheticCluster({ pods, seed: 3 });
		const all = docs(out.text);
		const deps = all.filter((d) => d.kind === 'Deployment');
		expect(deps.map((d) => d.spec.replicas).reduce((a, b) => a + b, 0)).toBe(pods);
		expect(deps.every((d) => d.spec.replicas >= 1 && d.spec.replicas <= 10)).toBe(true);
		expect(out.counts.pods).toBe(pods);
		expect(out.counts.deployments).toBe(deps.length);
		expect(out.counts.services).toBe(all.filter((d) => d.kind === 'Service').length);
		expect(out.counts.ingresses).toBe(all.filter((d) => d.kind === 'Ingress').length);
	});

	it('has about one Service per 10 pods, a few namespaces and some Ingresses', () => {
		const out = syntheticCluster({ pods: 1000, seed: 1 });
		const all = docs(out.text);
		const services = all.filter((d) => d.kind === 'Service');
		expect(services.length).toBeGreaterThanOrEqual(90);
		expect(services.length).toBeLessThanOrEqual(110);
		const names = new Set(all.filter((d) => d.kind === 'Deployment').map((d) => `${d.metadata.namespace}/${d.metadata.name}`));
		// every Service selects a Deployment of its namespace
		for (const s of services) expect(names.has(`${s.metadata.namespace}/${s.spec.selector.app}`)).toBe(true);
		const nss = new Set(all.map((d) => d.metadata.namespace).filter(Boolean));
		expect(nss.size).toBeGreaterThanOrEqual(3);
		expect(out.counts.ingresses).toBeGreaterThan(0);
		for (const ing of all.filter((d) => d.kind === 'Ingress'))
			for (const rule of ing.spec.rules) expect(services.some((s) => s.metadata.name === rule.http.paths[0].backend.service.name)).toBe(true);
	});

	it('writes valid YAML even for zero pods', () => {
		const out = syntheticCluster({ pods: 0 });
		expect(out.counts.pods).toBe(0);
		const parsed = parseAllDocuments(out.text);
		expect(parsed.flatMap((d) => d.errors)).toEqual([]);
		expect(parsed.map((d) => d.toJS()?.kind)).not.toContain('Deployment');
	});
});
