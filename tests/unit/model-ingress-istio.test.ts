import { describe, expect, it } from 'vitest';
import { buildCluster } from '../../src/lib/model/index';
import { deployment, service, toResource, yamlResources } from './model-helpers';

describe('Ingress', () => {
	const nginx = [
		deployment('nginx', { replicas: 2 }),
		service('nginx-service', { selector: { app: 'nginx' }, ports: [{ port: 8000, targetPort: 80 }] })
	];

	it('reads the legacy extensions/v1beta1 slide Ingress and flags servicePort 80 vs port 8000', () => {
		const [ing] = yamlResources(`
apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: myingress
  annotations:
    kubernetes.io/ingress.class: nginx
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  backend: { serviceName: nginx-service, servicePort: 8000 }
  rules:
  - host: myapp1.myhost.com
    http:
      paths:
      - path: /
        backend:
          serviceName: nginx-service
          servicePort: 80
`);
		ing.lines = { spec: 7, 'spec.rules.0.http.paths.0.backend': 15, 'spec.rules.0.http.paths.0.backend.servicePort': 17 };
		const c = buildCluster([...nginx, ing]);
		const i = c.ingresses[0];
		expect(i.legacy).toBe(true);
		expect(i.className).toBe('nginx');
		expect(i.defaultBackend).toEqual({ service: { name: 'nginx-service', port: 8000 }, serviceId: 'default/nginx-service' });
		expect(i.rules[0].host).toBe('myapp1.myhost.com');
		expect(i.rules[0].paths[0]).toMatchObject({
			path: '/',
			pathType: 'ImplementationSpecific',
			backend: { service: { name: 'nginx-service', port: 80 }, serviceId: 'default/nginx-service' }
		});
		const legacy = c.diagnostics.find((d) => d.code === 'legacy-ingress')!;
		expect(legacy.severity).toBe('info');
		expect(legacy.message).toBe('extensions/v1beta1 Ingress was removed in Kubernetes 1.22; read as networking.k8s.io/v1');
		const mismatch = c.diagnostics.filter((d) => d.code === 'ingress-port-mismatch');
		expect(mismatch).toHaveLength(1);
		expect(mismatch[0].severity).toBe('warning');
		expect(mismatch[0].message).toContain('backend port 80');
		expect(mismatch[0].message).toContain('it has port 8000');
		expect(mismatch[0].line).toBe(17);
	});

	it('reads v1 Ingress with pathType, named ports, tls, and a missing backend', () => {
		const [ing] = yamlResources(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  ingressClassName: nginx
  tls: [{ hosts: [myapp.com], secretName: myapp-tls }]
  defaultBackend: { service: { name: nginx-service, port: { number: 8000 } } }
  rules:
  - host: myapp.com
    http:
      paths:
      - { path: /api, pathType: Prefix, backend: { service: { name: nginx-service, port: { name: web } } } }
      - { path: /x, pathType: Exact, backend: { service: { name: nope, port: { number: 80 } } } }
`);
		ing.lines = { 'spec.rules.0.http.paths.1.backend.service': 14 };
		const c = buildCluster([...nginx, ing]);
		const i = c.ingresses[0];
		expect([i.legacy, i.className, i.tls]).toEqual([false, 'nginx', [{ hosts: ['myapp.com'], secretName: 'myapp-tls' }]]);
		expect(i.rules[0].paths.map((p) => [p.path, p.pathType, p.backend.serviceId])).toEqual([
			['/api', 'Prefix', 'default/nginx-service'],
			['/x', 'Exact', undefined]
		]);
		const codes = c.diagnostics.map((d) => d.code);
		expect(codes).toEqual(['ingress-port-mismatch', 'ingress-backend-missing']);
		expect(c.diagnostics[0].message).toContain('backend port web');
		// nearest ancestor path with a known line
		expect(c.diagnostics[1].line).toBe(14);
	});
});

describe('Istio', () => {
	const res = yamlResources(`
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-system }
spec:
  selector: { matchLabels: { istio: ingressgateway } }
  template: { metadata: { labels: { istio: ingressgateway } }, spec: { containers: [{ name: istio-proxy, image: proxyv2 }] } }
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata: { name: helloworld-gateway }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [myapp.demo.com]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: helloworld }
spec:
  hosts: [myapp.demo.com]
  gateways: [helloworld-gateway]
  http:
  - match: [{ uri: { exact: /demo } }]
    route: [{ destination: { host: helloworld, subset: v1 }, weight: 90 }, { destination: { host: helloworld, subset: v2 }, weight: 10 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: helloworld }
spec:
  host: helloworld
  trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } }
  subsets:
  - { name: v1, labels: { version: v1 } }
  - { name: v2, labels: { version: v2 }, trafficPolicy: { loadBalancer: { simple: ROUND_ROBIN } } }
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: httpbin-ext }
spec:
  hosts: [httpbin.org]
  ports: [{ number: 443, name: https, protocol: TLS }]
  resolution: DNS
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec: { mtls: { mode: STRICT } }
`);

	it('reads Gateway, VirtualService, DestinationRule and ServiceEntry across API versions', () => {
		const c = buildCluster(res);
		const gw = c.gateways[0];
		expect(gw.selector).toEqual({ istio: 'ingressgateway' });
		expect(gw.servers.map((s) => [s.port, s.hosts])).toEqual([[{ number: 80, name: 'http', protocol: 'HTTP' }, ['myapp.demo.com']]]);
		expect(gw.pods).toHaveLength(1);
		expect(gw.pods[0]).toMatch(/^istio-system\/istio-ingressgateway-/);
		const vs = c.virtualServices[0];
		expect([vs.hosts, vs.gateways, vs.exportTo, vs.http.length, vs.tcp, vs.tls]).toEqual([['myapp.demo.com'], ['helloworld-gateway'], ['*'], 1, [], []]);
		expect((vs.http[0].route as unknown[]).length).toBe(2);
		const dr = c.destinationRules[0];
		expect(dr.subsets.map((s) => [s.name, s.labels, s.trafficPolicy])).toEqual([
			['v1', { version: 'v1' }, undefined],
			['v2', { version: 'v2' }, { loadBalancer: { simple: 'ROUND_ROBIN' } }]
		]);
		expect(dr.trafficPolicy).toEqual({ connectionPool: { tcp: { maxConnections: 1 } } });
		expect(c.serviceEntries[0]).toMatchObject({ hosts: ['httpbin.org'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }] });
		// PeerAuthentication is modelled (mTLS modes), not an unknown kind
		expect(c.unknown).toEqual([]);
		expect(c.peerAuthentications?.map((p) => [p.namespace, p.name])).toEqual([['istio-system', 'default']]);
		// a pod that already has istio-proxy counts as injected
		expect(c.pods[0].sidecar).toBe(true);
	});
});
