import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFiles } from '../../src/lib/manifest/index';
import { buildCluster } from '../../src/lib/model/index';
import type { Resource } from '../../src/lib/manifest/types';
import { toResource } from './model-helpers';

const FIX = join(__dirname, '../fixtures');
const load = (...files: string[]) => {
	const r = parseFiles(files.map((f) => ({ name: f, text: readFileSync(join(FIX, f), 'utf8') })));
	return buildCluster(r.resources);
};

describe('fixtures through the parser', () => {
	it('bookinfo: 6 pods, 4 Services with one endpoint per version pod', () => {
		const c = load('istio-bookinfo/bookinfo.yaml');
		expect(c.pods).toHaveLength(6);
		expect(c.services.map((s) => s.name)).toEqual(['details', 'ratings', 'reviews', 'productpage']);
		expect(c.services.map((s) => s.endpoints.length)).toEqual([1, 1, 3, 1]);
		expect(c.services.find((s) => s.name === 'reviews')!.endpoints.every((e) => e.port === 9080 && e.portName === 'http')).toBe(true);
		expect(c.attachments.filter((a) => a.kind === 'ServiceAccount').map((a) => a.usedBy)).toEqual([
			['Deployment/default/details-v1'],
			['Deployment/default/ratings-v1'],
			['Deployment/default/reviews-v1', 'Deployment/default/reviews-v2', 'Deployment/default/reviews-v3'],
			['Deployment/default/productpage-v1']
		]);
		expect(c.diagnostics).toEqual([]);
	});

	it('bookinfo networking: Gateway, VirtualService, DestinationRules', () => {
		const c = load('istio-bookinfo/bookinfo.yaml', 'istio-bookinfo/bookinfo-gateway.yaml', 'istio-bookinfo/destination-rule-all.yaml');
		expect(c.gateways.map((g) => [g.name, g.servers[0].port.number, g.pods])).toEqual([['bookinfo-gateway', 8080, []]]);
		expect(c.virtualServices[0].http).toHaveLength(1);
		expect(c.virtualServices[0].lines['spec.http.0.route.0.destination.host']).toBeGreaterThan(1);
		expect(c.destinationRules.map((d) => [d.host, d.subsets.map((s) => s.name)])).toEqual([
			['productpage', ['v1']],
			['reviews', ['v1', 'v2', 'v3']],
			['ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']],
			['details', ['v1', 'v2']]
		]);
	});

	it('online boutique: 12 pods, 12 Services, a LoadBalancer, an init container', () => {
		const c = load('online-boutique/kubernetes-manifests.yaml');
		expect(c.workloads).toHaveLength(12);
		expect(c.pods).toHaveLength(12);
		expect(c.services).toHaveLength(12);
		const ext = c.services.find((s) => s.name === 'frontend-external')!;
		expect(ext.type).toBe('LoadBalancer');
		expect(ext.loadBalancerIPs[0]).toMatch(/^203\.0\.113\./);
		expect(ext.endpoints.map((e) => e.port)).toEqual([8080]);
		const lg = c.pods.find((p) => p.owner === 'Deployment/default/loadgenerator')!;
		expect(lg.containers.filter((x) => x.init).length).toBe(1);
		// every Service but none selects at least one pod
		expect(c.services.every((s) => s.endpoints.length === 1)).toBe(true);
	});

	it('guestbook: 6 pods (1 + 2 + 3), 3 Services, frontend NodePort', () => {
		const c = load('guestbook/guestbook-all-in-one.yaml');
		expect(c.pods).toHaveLength(6);
		expect(c.workloads.map((w) => [w.name, w.pods.length])).toEqual([
			['redis-master', 1],
			['redis-replica', 2],
			['frontend', 3]
		]);
		expect(c.services.map((s) => [s.name, s.type, s.endpoints.length])).toEqual([
			['redis-master', 'ClusterIP', 1],
			['redis-replica', 'ClusterIP', 2],
			['frontend', 'NodePort', 3]
		]);
		const np = c.services[2].ports[0].nodePort!;
		expect(np >= 30000 && np <= 32767).toBe(true);
	});

	it('netpol recipes: null matchLabels is the empty selector', () => {
		const c = load('netpol-recipes/03-deny-all-non-whitelisted-traffic-in-the-namespace.yaml', 'netpol-recipes/04-deny-traffic-from-other-namespaces.yaml', 'netpol-recipes/11-deny-egress-traffic-from-an-application.yaml');
		const [n3, n4, n11] = c.networkPolicies;
		expect(n3.podSelector).toEqual({ matchLabels: {} });
		expect(n4.namespace).toBe('secondary');
		expect(n4.ingress[0].peers).toEqual([{ podSelector: {} }]);
		expect([n11.policyTypes, n11.egress]).toEqual([['Egress'], []]);
	});

	it('k8s website Ingresses resolve (or report) their backends', () => {
		const c = load('k8s-website/simple-fanout-example.yaml');
		expect(c.ingresses[0].rules[0].paths.map((p) => [p.path, p.backend.service])).toEqual([
			['/foo', { name: 'service1', port: 4200 }],
			['/bar', { name: 'service2', port: 8080 }]
		]);
		expect(c.diagnostics.filter((d) => d.code === 'ingress-backend-missing').map((d) => d.line)).toHaveLength(2);
		expect(c.diagnostics.every((d) => d.line > 1 && d.file === 'k8s-website/simple-fanout-example.yaml')).toBe(true);
	});
});

describe('scale and robustness', () => {
	it('handles 5,000 pods and 500 Services (its time is a figure of npm run bench, not asserted here)', () => {
		const res: Resource[] = [];
		for (let i = 0; i < 500; i++) {
			const labels = { app: `app-${i}`, tier: 'web' };
			res.push(
				toResource({
					apiVersion: 'apps/v1',
					kind: 'Deployment',
					metadata: { name: `app-${i}`, namespace: `ns-${i % 10}` },
					spec: { replicas: 10, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }] } } }
				}),
				toResource({ apiVersion: 'v1', kind: 'Service', metadata: { name: `app-${i}`, namespace: `ns-${i % 10}` }, spec: { selector: labels, ports: [{ port: 80, targetPort: 'http' }] } })
			);
		}
		const c = buildCluster(res, { nodeCount: 50 });
		expect(c.pods).toHaveLength(5000);
		expect(c.services.every((s) => s.endpoints.length === 10)).toBe(true);
		expect(new Set(c.pods.map((p) => p.ip)).size).toBe(5000);
	});

	it('never throws on arbitrary objects', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						kind: fc.constantFrom('Deployment', 'Service', 'Pod', 'Ingress', 'NetworkPolicy', 'StatefulSet', 'EndpointSlice', 'Gateway', 'Node', 'Secret', 'X'),
						apiVersion: fc.constantFrom('v1', 'apps/v1', 'networking.istio.io/v1', 'extensions/v1beta1', 'discovery.k8s.io/v1'),
						metadata: fc.record({ name: fc.string({ maxLength: 5 }) }),
						spec: fc.anything(),
						status: fc.anything()
					}),
					{ maxLength: 6 }
				),
				(objs) => {
					const c = buildCluster(objs.map((o) => toResource(o as Record<string, unknown>)));
					expect(Array.isArray(c.pods)).toBe(true);
				}
			),
			{ numRuns: 300 }
		);
	});
});
