// Name resolution of the app's host in route(): the packet engine's DNS model
// (kubelet resolv.conf search list, CoreDNS answers) and Istio's virtual host
// domains. Upstream: istio pilot/pkg/networking/core/httproute.go
// (generateVirtualHostDomains, generateAltVirtualHostsForKubernetesService) and
// its httproute_test.go TestGenerateVirtualHostDomains cases
// "k8s service with default domain and different namespace" and "wildcard";
// Kubernetes "DNS for Services and Pods", section "Namespaces of Services"
// (kubernetes.io/docs/concepts/services-networking/dns-pod-service/): "a query
// for data returns no results, because it uses the Pod's test namespace; a
// query for data.prod returns the intended result" (search list
// <ns>.svc.<domain>, svc.<domain>, <domain>; ndots:5).
import { describe, expect, it } from 'vitest';
import { route } from '../../src/lib/mesh/index';
import { virtualHostDomains } from '../../src/lib/mesh/hosts';
import { app, fromYaml } from './mesh-helpers';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n    istio-injection: enabled\n`;
const client = (name: string, namespace: string) =>
	`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels:\n    app: ${name}\nspec:\n  containers:\n  - name: c\n    image: x\n`;
const C = fromYaml([ns('store'), ns('shop'), app('reviews', ['v1'], 'store'), client('buyer', 'shop'), client('clerk', 'store')].join('---\n'));

describe('route: DNS of the dialled name', () => {
	it('the Kubernetes docs example: from a Pod in test, `data` finds nothing and `data.prod` finds the Service in prod', () => {
		const c = fromYaml([ns('test'), ns('prod'), app('data', ['v1'], 'prod'), client('app', 'test')].join('---\n'));
		expect(route(c, { host: 'data', from: 'pod/test/app' }).target.kind).toBe('nxdomain');
		const ok = route(c, { host: 'data.prod', from: 'pod/test/app' });
		expect(ok.target).toEqual({ kind: 'service', fqdn: 'data.prod.svc.cluster.local', port: 80 });
		expect(ok.response.status).toBe(200);
	});

	it('a bare Service name from another namespace is NXDOMAIN (search list is the client namespace, then svc, then the domain)', () => {
		const r = route(C, { host: 'reviews', from: 'pod/shop/buyer' });
		expect(r.target).toEqual({ kind: 'nxdomain', fqdn: 'reviews', port: 80 });
		expect(r.response).toEqual({ status: 0, flags: [], durationMs: 0, detail: 'DNS lookup of reviews failed: NXDOMAIN' });
		expect(r.pods).toEqual([]);
		expect(r.endpoint).toBeNull();
		const dns = r.hops.find((h) => h.kind === 'dns')!;
		expect(dns.note).toBe('DNS: reviews.shop.svc.cluster.local., reviews.svc.cluster.local., reviews.cluster.local., reviews. → NXDOMAIN for each (search list of namespace shop): no such host');
		expect(r.hops.map((h) => h.kind)).toEqual(['app', 'dns']);
	});

	it('name.namespace from another namespace reaches the Service', () => {
		const r = route(C, { host: 'reviews.store', from: 'pod/shop/buyer' });
		expect(r.target).toEqual({ kind: 'service', fqdn: 'reviews.store.svc.cluster.local', port: 80 });
		expect(r.response.status).toBe(200);
		expect(r.endpoint?.pod).toMatch(/^store\/reviews-v1-/);
	});

	it('the bare name works from the Service namespace', () => {
		const r = route(C, { host: 'reviews', from: 'pod/store/clerk' });
		expect(r.target).toEqual({ kind: 'service', fqdn: 'reviews.store.svc.cluster.local', port: 80 });
		expect(r.response.status).toBe(200);
	});

	it('a name under .svc.cluster.local that no Service has is NXDOMAIN (CoreDNS is authoritative), not the internet', () => {
		const r = route(C, { host: 'ratings.store.svc.cluster.local', from: 'pod/store/clerk' });
		expect(r.target.kind).toBe('nxdomain');
		expect(r.response.status).toBe(0);
		expect(r.response.detail).toBe('DNS lookup of ratings.store.svc.cluster.local failed: NXDOMAIN');
		// 4 dots < ndots:5: the search domains first, the name as given last
		expect(r.hops.find((h) => h.kind === 'dns')!.note).toContain('ratings.store.svc.cluster.local.cluster.local., ratings.store.svc.cluster.local. → NXDOMAIN');
	});

	it('a short VirtualService host is the VS namespace Service: it routes name.namespace callers elsewhere, never a bare name dialled elsewhere', () => {
		const vs = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: store\nspec:\n  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n`;
		const c = fromYaml([ns('store'), ns('shop'), app('reviews', ['v1'], 'store'), client('buyer', 'shop'), vs].join('---\n'));
		const ok = route(c, { host: 'reviews.store', from: 'pod/shop/buyer' });
		expect(ok.virtualService).toBe('store/reviews');
		expect(ok.response.status).toBe(200);
		const bare = route(c, { host: 'reviews', from: 'pod/shop/buyer' });
		expect(bare.virtualService).toBeNull();
		expect(bare.target.kind).toBe('nxdomain');
	});

	it('the sidecar route hop lists the virtual host domains of the namespace it is in', () => {
		const svc = C.services.find((s) => s.id === 'store/reviews')!;
		const r = route(C, { host: 'reviews.store', from: 'pod/shop/buyer' });
		const hop = r.hops.find((h) => h.kind === 'route')!;
		expect(hop.note).toContain(`(domains reviews.store.svc.cluster.local, reviews.store.svc.cluster.local., reviews.store, reviews.store.svc, ${svc.clusterIP}):`);
	});
});

describe('virtualHostDomains (pilot generateVirtualHostDomains)', () => {
	const svc = (name: string, namespace: string, clusterIP: string | null, headless = false) =>
		({ ...C.services[0], id: `${namespace}/${name}`, name, namespace, clusterIP, headless });

	it('other namespace: name.ns and name.ns.svc, no short name (httproute_test "k8s service with default domain and different namespace")', () => {
		expect(virtualHostDomains(svc('echo', 'default', '1.2.3.4'), 'mesh', 'cluster.local')).toEqual([
			'echo.default.svc.cluster.local',
			'echo.default.svc.cluster.local.',
			'echo.default',
			'echo.default.svc',
			'1.2.3.4'
		]);
	});

	it('same namespace: the short name first (httproute_test "dual stack k8s service with default domain", IPv4 part)', () => {
		expect(virtualHostDomains(svc('echo', 'default', '1.2.3.4'), 'default', 'cluster.local')).toEqual([
			'echo.default.svc.cluster.local',
			'echo.default.svc.cluster.local.',
			'echo',
			'echo.default.svc',
			'echo.default',
			'1.2.3.4'
		]);
	});

	it('headless (Passthrough) Service: *. copies of every name (httproute_test "wildcard")', () => {
		expect(virtualHostDomains(svc('headless', 'default', null, true), 'default', 'cluster.local')).toEqual([
			'headless.default.svc.cluster.local',
			'headless.default.svc.cluster.local.',
			'headless',
			'headless.default.svc',
			'headless.default',
			'*.headless.default.svc.cluster.local',
			'*.headless.default.svc.cluster.local.',
			'*.headless',
			'*.headless.default.svc',
			'*.headless.default'
		]);
	});
});
