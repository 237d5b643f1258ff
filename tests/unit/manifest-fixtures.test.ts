// Every real-world fixture parses with zero error diagnostics and the counts
// that tests/fixtures/SOURCES.md documents.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiles, parseText, type Resource } from '../../src/lib/manifest';

const ROOT = join(__dirname, '..', 'fixtures');
const read = (rel: string) => readFileSync(join(ROOT, rel), 'utf8');

function countKinds(resources: Resource[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of resources) out[r.kind] = (out[r.kind] ?? 0) + 1;
	return out;
}

const EXPECTED: Record<string, Record<string, number>> = {
	'istio-bookinfo/bookinfo.yaml': { Service: 4, ServiceAccount: 4, Deployment: 6 },
	'istio-bookinfo/bookinfo-gateway.yaml': { Gateway: 1, VirtualService: 1 },
	'istio-bookinfo/destination-rule-all.yaml': { DestinationRule: 4 },
	'istio-bookinfo/virtual-service-all-v1.yaml': { VirtualService: 4 },
	'istio-bookinfo/virtual-service-reviews-90-10.yaml': { VirtualService: 1 },
	'istio-bookinfo/virtual-service-reviews-50-v3.yaml': { VirtualService: 1 },
	'istio-bookinfo/virtual-service-reviews-test-v2.yaml': { VirtualService: 1 },
	'istio-bookinfo/virtual-service-ratings-test-delay.yaml': { VirtualService: 1 },
	'istio-bookinfo/virtual-service-ratings-test-abort.yaml': { VirtualService: 1 },
	'istio-helloworld/helloworld.yaml': { Service: 1, Deployment: 2 },
	'istio-helloworld/helloworld-gateway.yaml': { Gateway: 1, VirtualService: 1 },
	'istio-httpbin/httpbin.yaml': { ServiceAccount: 1, Service: 1, Deployment: 1 },
	'istio-httpbin/circuit-breaking-destination-rule.yaml': { DestinationRule: 1 },
	'online-boutique/kubernetes-manifests.yaml': { Deployment: 12, Service: 12 },
	'guestbook/guestbook-all-in-one.yaml': { Service: 3, Deployment: 3 },
	'netpol-recipes/01-deny-all-traffic-to-an-application.yaml': { NetworkPolicy: 1 },
	'netpol-recipes/02-limit-traffic-to-an-application.yaml': { NetworkPolicy: 1 },
	'netpol-recipes/03-deny-all-non-whitelisted-traffic-in-the-namespace.yaml': { NetworkPolicy: 1 },
	'netpol-recipes/04-deny-traffic-from-other-namespaces.yaml': { NetworkPolicy: 1 },
	'netpol-recipes/07-allow-traffic-from-some-pods-in-another-namespace.yaml': { NetworkPolicy: 1 },
	'netpol-recipes/11-deny-egress-traffic-from-an-application.yaml': { NetworkPolicy: 1 },
	'netpol-recipes/14-deny-external-egress-traffic.yaml': { NetworkPolicy: 1 },
	'k8s-website/simple-fanout-example.yaml': { Ingress: 1 },
	'k8s-website/name-virtual-host-ingress.yaml': { Ingress: 1 },
	'k8s-website/example-ingress.yaml': { Ingress: 1 }
};

describe('fixtures', () => {
	it('the table above covers every fixture file', () => {
		const onDisk = readdirSync(ROOT, { withFileTypes: true })
			.filter((d) => d.isDirectory())
			.flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => `${d.name}/${f}`))
			.filter((f) => f.endsWith('.yaml'))
			.sort();
		expect(onDisk).toEqual(Object.keys(EXPECTED).sort());
	});

	for (const [file, kinds] of Object.entries(EXPECTED)) {
		it(`${file}: no diagnostics, ${JSON.stringify(kinds)}`, () => {
			const result = parseText(file, read(file));
			expect(result.diagnostics).toEqual([]);
			expect(countKinds(result.resources)).toEqual(kinds);
			for (const r of result.resources) {
				expect(r.source.file).toBe(file);
				expect(r.lines.kind).toBeGreaterThanOrEqual(r.source.line);
			}
		});
	}

	it('all 25 fixtures together in one parseFiles call: 78 resources', () => {
		const files = Object.keys(EXPECTED).map((name) => ({ name, text: read(name) }));
		const result = parseFiles(files);
		expect(result.diagnostics).toEqual([]);
		expect(result.resources).toHaveLength(78);
	});

	it('bookinfo: object starts and field lines', () => {
		const { resources } = parseText('bookinfo.yaml', read('istio-bookinfo/bookinfo.yaml'));
		expect(resources.map((r) => `${r.kind}/${r.name}@${r.source.line}`)).toEqual([
			'Service/details@32',
			'ServiceAccount/bookinfo-details@46',
			'Deployment/details-v1@53',
			'Service/ratings@83',
			'ServiceAccount/bookinfo-ratings@97',
			'Deployment/ratings-v1@104',
			'Service/reviews@134',
			'ServiceAccount/bookinfo-reviews@148',
			'Deployment/reviews-v1@155',
			'Deployment/reviews-v2@195',
			'Deployment/reviews-v3@235',
			'Service/productpage@278',
			'ServiceAccount/bookinfo-productpage@292',
			'Deployment/productpage-v1@299'
		]);
		const details = resources[0];
		expect(details.source).toEqual({ file: 'bookinfo.yaml', line: 32, column: 1 });
		expect(details.namespace).toBeUndefined();
		expect(details.labels).toEqual({ app: 'details', service: 'details' });
		expect(details.lines).toEqual({
			apiVersion: 32,
			kind: 33,
			metadata: 34,
			'metadata.name': 35,
			'metadata.labels': 36,
			'metadata.labels.app': 37,
			'metadata.labels.service': 38,
			spec: 39,
			'spec.ports': 40,
			'spec.ports.0': 41,
			'spec.ports.0.port': 41,
			'spec.ports.0.name': 42,
			'spec.selector': 43,
			'spec.selector.app': 44
		});
	});

	it('bookinfo: a container port deep inside a Deployment has its line', () => {
		const text = read('istio-bookinfo/bookinfo.yaml');
		const dep = parseText('b.yaml', text).resources.find((r) => r.name === 'reviews-v1')!;
		const line = dep.lines['spec.template.spec.containers.0.ports.0.containerPort'];
		expect(text.split('\n')[line - 1].trim()).toBe('- containerPort: 9080');
	});

	it('KYAML flow style (simple-fanout): lines of flow-mapping fields', () => {
		const text = read('k8s-website/simple-fanout-example.yaml');
		const [ing] = parseText('fanout.yaml', text).resources;
		expect(ing.source).toEqual({ file: 'fanout.yaml', line: 2, column: 1 });
		expect(ing.name).toBe('simple-fanout-example');
		const lines = text.split('\n');
		const at = (path: string) => lines[ing.lines[path] - 1].trim();
		expect(at('spec.rules.0.http.paths.1.path')).toBe('path: "/bar",');
		expect(at('spec.rules.0.http.paths.0.backend.service.port.number')).toBe('number: 4200,');
		expect(ing.raw).toMatchObject({ spec: { rules: [{ host: 'foo.bar.com' }] } });
	});

	it('online-boutique: the comment-only first document is skipped silently', () => {
		const { resources, diagnostics } = parseText('ob.yaml', read('online-boutique/kubernetes-manifests.yaml'));
		expect(diagnostics).toEqual([]);
		expect(resources[0].kind).toBe('Deployment');
		expect(resources.filter((r) => r.kind === 'Service').map((r) => r.name)).toContain('frontend-external');
	});

	it('netpol 03: null matchLabels is not a type error and stays null in raw', () => {
		const [np] = parseText('np.yaml', read('netpol-recipes/03-deny-all-non-whitelisted-traffic-in-the-namespace.yaml')).resources;
		expect(np.namespace).toBe('default');
		expect((np.raw.spec as { podSelector: unknown }).podSelector).toEqual({ matchLabels: null });
	});
});
