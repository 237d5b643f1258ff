import { describe, expect, it } from 'vitest';
import { buildCluster, cidrContains } from '../../src/lib/model/index';
import { deployment, service, toResource, yamlResources } from './model-helpers';

describe('Service addressing', () => {
	it('allocates ClusterIPs deterministically, distinct, inside the CIDR, never reserved', () => {
		const svcs = Array.from({ length: 200 }, (_, i) => service(`s${i}`, { selector: { app: `s${i}` }, ports: [{ port: 80 }] }));
		const c = buildCluster(svcs);
		const ips = c.services.map((s) => s.clusterIP!);
		expect(new Set(ips).size).toBe(200);
		for (const ip of ips) {
			expect(cidrContains('10.96.0.0/12', ip)).toBe(true);
			expect(['10.96.0.0', '10.96.0.1', '10.96.0.10', '10.111.255.255']).not.toContain(ip);
		}
		expect(buildCluster(svcs).services.map((s) => s.clusterIP)).toEqual(ips);
		// independent of other services' order (hash of ns/name)
		expect(buildCluster([...svcs].reverse()).services.find((s) => s.name === 's7')!.clusterIP).toBe(ips[7]);
		const small = buildCluster([service('a', { ports: [{ port: 80 }] })], { serviceCIDR: '10.0.0.0/30', clusterDNS: '10.0.0.10' });
		expect(small.services[0].clusterIP).toBe('10.0.0.2'); // .0 network, .1 kubernetes, .3 broadcast
	});

	it('explicit clusterIP wins; outside the CIDR warns; a duplicate is an error', () => {
		const c = buildCluster([
			service('my-service', { selector: { app: 'MyApp' }, clusterIP: '10.0.171.239', ports: [{ port: 80, targetPort: 9376 }] }),
			service('nginx-service', { clusterIP: '10.106.115.135', ports: [{ port: 8000 }] }),
			service('clash', { clusterIP: '10.106.115.135', ports: [{ port: 8000 }] })
		]);
		expect(c.services.map((s) => s.clusterIP)).toEqual(['10.0.171.239', '10.106.115.135', '10.106.115.135']);
		expect(c.diagnostics.map((d) => d.code)).toEqual(['cluster-ip-outside-cidr', 'cluster-ip-collision']);
	});

	it('fills defaults: port name, protocol, targetPort, policies, affinity', () => {
		const c = buildCluster([service('web', { selector: { app: 'web' }, ports: [{ port: 8000 }] })]);
		const s = c.services[0];
		expect(s.ports).toEqual([{ name: '', protocol: 'TCP', port: 8000, targetPort: 8000, source: { file: 'test.yaml', line: 1, path: 'spec.ports.0' } }]);
		expect([s.type, s.headless, s.externalTrafficPolicy, s.internalTrafficPolicy, s.sessionAffinity, s.sessionAffinityTimeoutSeconds]).toEqual([
			'ClusterIP',
			false,
			'Cluster',
			'Cluster',
			'None',
			10800
		]);
		expect(s.externalIPs).toEqual([]);
		expect(s.loadBalancerIPs).toEqual([]);
	});

	it('NodePort: explicit wins, others allocated in range and distinct; bad ones are errors', () => {
		const c = buildCluster([
			service('k8s-demo-service', { type: 'NodePort', selector: { app: 'k8s-demo' }, ports: [{ port: 8000, targetPort: 80, nodePort: 31234 }] }),
			service('multi', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] }),
			service('low', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }),
			service('twice', { type: 'NodePort', ports: [{ port: 80, nodePort: 31234 }] })
		]);
		expect(c.services[0].ports[0].nodePort).toBe(31234);
		const multi = c.services[1].ports.map((p) => p.nodePort!);
		for (const np of multi) expect(np >= 30000 && np <= 32767).toBe(true);
		expect(new Set([...multi, 31234]).size).toBe(3);
		expect(buildCluster([service('multi', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] })]).services[0].ports.map((p) => p.nodePort)).toEqual(multi);
		const codes = c.diagnostics.map((d) => [d.code, d.severity]);
		expect(codes).toEqual([
			['node-port-out-of-range', 'error'],
			['node-port-collision', 'error']
		]);
		expect(c.diagnostics[1].message).toBe('Service default/twice: nodePort 31234 is already allocated to Service default/k8s-demo-service');
	});

	it('LoadBalancer: status IPs win, else one synthesised from 203.0.113.0/24; Local gets a healthCheckNodePort', () => {
		const withStatus = toResource({
			apiVersion: 'v1',
			kind: 'Service',
			metadata: { name: 'given' },
			spec: { type: 'LoadBalancer', ports: [{ port: 80 }], loadBalancerSourceRanges: ['1.2.3.0/24'] },
			status: { loadBalancer: { ingress: [{ ip: '35.1.2.3' }] } }
		});
		const c = buildCluster([
			withStatus,
			service('made-up', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { app: 'x' }, ports: [{ port: 80, targetPort: 9376 }] })
		]);
		expect(c.services[0].loadBalancerIPs).toEqual(['35.1.2.3']);
		expect(c.services[0].loadBalancerSourceRanges).toEqual(['1.2.3.0/24']);
		expect(c.services[0].healthCheckNodePort).toBeUndefined();
		const m = c.services[1];
		expect(m.loadBalancerIPs).toHaveLength(1);
		expect(cidrContains('203.0.113.0/24', m.loadBalancerIPs[0])).toBe(true);
		expect(m.externalTrafficPolicy).toBe('Local');
		expect(m.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
		expect(m.healthCheckNodePort).not.toBe(m.ports[0].nodePort);
		expect(m.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
	});

	it('headless and ExternalName have no ClusterIP', () => {
		const c = buildCluster([
			deployment('db', { replicas: 2 }),
			service('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 80 }] }),
			service('ext', { type: 'ExternalName', externalName: 'my.database.example.com' })
		]);
		const [db, ext] = c.services;
		expect([db.headless, db.clusterIP, db.endpoints.length]).toEqual([true, null, 2]);
		expect([ext.type, ext.clusterIP, ext.externalName, ext.endpointsFrom, ext.headless]).toEqual(['ExternalName', null, 'my.database.example.com', 'none', false]);
	});
});

describe('Service endpoints', () => {
	it('selector endpoints: named targetPort resolves per pod (by name and protocol)', () => {
		const pod = (name: string, ports: Record<string, unknown>[], ip: string) =>
			toResource({
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: { name, labels: { app: 'web' } },
				spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'c', ports }] },
				status: { phase: 'Running', podIP: ip }
			});
		const c = buildCluster([
			pod('a', [{ name: 'http', containerPort: 8080 }], '10.244.0.20'),
			pod('b', [{ name: 'http', containerPort: 9090 }], '10.244.0.21'),
			pod('c', [{ name: 'web', containerPort: 80 }], '10.244.0.22'),
			pod('d', [{ name: 'http', containerPort: 7070, protocol: 'UDP' }], '10.244.0.23'),
			service('web', { selector: { app: 'web' }, ports: [{ name: 'h', port: 80, targetPort: 'http' }, { name: 'm', port: 9100, targetPort: 9100 }] })
		]);
		const s = c.services[0];
		expect(s.endpointsFrom).toBe('selector');
		expect(s.pods).toEqual(['default/a', 'default/b', 'default/c', 'default/d']);
		expect(s.endpoints.map((e) => `${e.portName} ${e.ip}:${e.port} ${e.pod}`)).toEqual([
			'h 10.244.0.20:8080 default/a',
			'm 10.244.0.20:9100 default/a',
			'h 10.244.0.21:9090 default/b',
			'm 10.244.0.21:9100 default/b',
			'm 10.244.0.22:9100 default/c',
			'm 10.244.0.23:9100 default/d'
		]);
	});

	it('selector endpoints skip Pending pods without IP and mark not-ready pods', () => {
		const pending = toResource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'x' } }, spec: { containers: [] }, status: { phase: 'Pending' } });
		const notReady = toResource({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: { name: 'n', labels: { app: 'x' } },
			spec: { nodeName: 'node-2', containers: [] },
			status: { phase: 'Running', podIP: '10.244.1.9', conditions: [{ type: 'Ready', status: 'False' }] }
		});
		const c = buildCluster([pending, notReady, service('x', { selector: { app: 'x' }, ports: [{ port: 80 }] })]);
		expect(c.services[0].endpoints).toEqual([
			{ ip: '10.244.1.9', port: 80, portName: '', protocol: 'TCP', pod: 'default/n', node: 'node-2', ready: false, serving: false, terminating: false }
		]);
	});

	it('EndpointSlices in the input win over the selector', () => {
		const res = yamlResources(`
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ name: http, port: 80, targetPort: 8080 }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-abc12, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
ports: [{ name: http, port: 8080, protocol: TCP }]
endpoints:
- addresses: [10.17.3.2]
  nodeName: node1
  targetRef: { kind: Pod, name: web-1, namespace: default }
- addresses: [10.17.4.2]
  conditions: { ready: false, serving: true, terminating: true }
`);
		const c = buildCluster([...res, deployment('web', { replicas: 3 })]);
		const s = c.services[0];
		expect(s.endpointsFrom).toBe('EndpointSlice');
		expect(s.endpoints).toEqual([
			{ ip: '10.17.3.2', port: 8080, portName: 'http', protocol: 'TCP', pod: 'default/web-1', node: 'node1', ready: true, serving: true, terminating: false },
			{ ip: '10.17.4.2', port: 8080, portName: 'http', protocol: 'TCP', ready: false, serving: true, terminating: true }
		]);
		expect(s.pods).toEqual(['default/web-1']);
		expect(c.unknown).toEqual([]);
	});

	it('core/v1 Endpoints for a selector-less Service', () => {
		const res = yamlResources(`
apiVersion: v1
kind: Service
metadata: { name: external-db, namespace: data }
spec: { ports: [{ name: pg, port: 5432 }] }
---
apiVersion: v1
kind: Endpoints
metadata: { name: external-db, namespace: data }
subsets:
- addresses: [{ ip: 192.0.2.10 }]
  notReadyAddresses: [{ ip: 192.0.2.11 }]
  ports: [{ name: pg, port: 5432 }]
`);
		const s = buildCluster(res).services[0];
		expect(s.selector).toBeNull();
		expect(s.endpointsFrom).toBe('Endpoints');
		expect(s.endpoints.map((e) => [e.ip, e.port, e.ready])).toEqual([
			['192.0.2.10', 5432, true],
			['192.0.2.11', 5432, false]
		]);
	});

	it('a Service without selector and without slices has no endpoints', () => {
		const s = buildCluster([service('manual', { ports: [{ port: 80 }] })]).services[0];
		expect([s.endpointsFrom, s.endpoints, s.pods]).toEqual(['none', [], []]);
	});

	it('selects only pods of its own namespace', () => {
		const c = buildCluster([deployment('web', { ns: 'a' }), deployment('web', { ns: 'b' }), service('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }, 'a')]);
		expect(c.services[0].pods).toHaveLength(1);
		expect(c.services[0].pods[0].startsWith('a/web-')).toBe(true);
	});
});

describe('legacy IPv4 forms (leading zeros)', () => {
	// KEP-4858 / pkg/api/service/warnings.go: the API server accepts these with a
	// warning; kube-proxy reads them as decimal (netutils.ParseIPSloppy)
	it('warns at the line with the canonical form, and the model keeps the Service', async () => {
		const { loadScenario } = await import('../../src/lib/scenario/index');
		const text = [
			'apiVersion: v1',
			'kind: Service',
			'metadata: {name: legacy, namespace: default}',
			'spec:',
			'  clusterIP: 172.30.0.041',
			'  externalIPs: [10.1.2.3, 192.168.001.010]',
			'  loadBalancerSourceRanges: [203.0.113.000/025]',
			'  type: LoadBalancer',
			'  ports: [{port: 80}]'
		].join('\n');
		const r = loadScenario([{ name: 'legacy.yaml', text }]);
		const w = r.diagnostics.filter((d) => d.code === 'ip-non-standard');
		expect(w.map((d) => [d.line, d.message])).toEqual([
			[5, 'spec.clusterIP: non-standard IP address "172.30.0.041" will be considered invalid in a future Kubernetes release: use "172.30.0.41" (kube-proxy reads it as 172.30.0.41)'],
			[6, 'spec.externalIPs.1: non-standard IP address "192.168.001.010" will be considered invalid in a future Kubernetes release: use "192.168.1.10" (kube-proxy reads it as 192.168.1.10)'],
			[7, 'spec.loadBalancerSourceRanges.0: non-standard IP address "203.0.113.000/025" will be considered invalid in a future Kubernetes release: use "203.0.113.0/25" (kube-proxy reads it as 203.0.113.0/25)']
		]);
		expect(w.every((d) => d.severity === 'warning' && d.file === 'legacy.yaml')).toBe(true);
		expect(r.cluster.services.map((s) => s.name)).toContain('legacy');
	});
});
