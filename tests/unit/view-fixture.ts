// A hand-made Cluster for the view tests: 2 nodes, a Deployment with 3 pods,
// a StatefulSet, ClusterIP / NodePort / LoadBalancer Services, an Ingress, an
// Istio Gateway + VirtualService, a ConfigMap and a Secret, an unknown kind.
import type { Cluster, Pod, Service } from '../../src/lib/model/types';
import { emptyCluster } from './cluster-helpers';

const src = (line: number) => ({ file: 'app.yaml', line });

function pod(ns: string, name: string, node: string, ip: string, owner: string | undefined, labels: Record<string, string>, extra: Partial<Pod> = {}): Pod {
	return {
		id: `${ns}/${name}`,
		namespace: ns,
		name,
		labels,
		annotations: {},
		node,
		ip,
		hostNetwork: false,
		owner,
		containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
		phase: 'Running',
		ready: true,
		uses: [],
		sidecar: false,
		source: src(1),
		...extra
	};
}

function svc(ns: string, name: string, type: Service['type'], clusterIP: string, pods: Pod[], extra: Partial<Service> = {}): Service {
	return {
		id: `${ns}/${name}`,
		namespace: ns,
		name,
		type,
		headless: false,
		clusterIP,
		ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: type === 'ClusterIP' ? undefined : 30080 }],
		selector: pods[0] ? { app: pods[0].labels.app } : null,
		externalIPs: [],
		loadBalancerIPs: type === 'LoadBalancer' ? ['203.0.113.10'] : [],
		loadBalancerSourceRanges: [],
		externalTrafficPolicy: 'Cluster',
		internalTrafficPolicy: 'Cluster',
		sessionAffinity: 'None',
		sessionAffinityTimeoutSeconds: 10800,
		endpoints: pods.map((p) => ({
			ip: p.ip,
			port: 8080,
			portName: 'http',
			protocol: 'TCP' as const,
			pod: p.id,
			node: p.node,
			ready: p.ready,
			serving: p.ready,
			terminating: false
		})),
		endpointsFrom: 'selector',
		pods: pods.map((p) => p.id),
		source: src(40),
		...extra
	};
}

export function fixtureCluster(): Cluster {
	const web = [
		pod('shop', 'web-6d9f7-a1', 'node-1', '10.244.0.11', 'Deployment/shop/web', { app: 'web', tier: 'front' }, { uses: ['ConfigMap/shop/web-config'] }),
		pod('shop', 'web-6d9f7-b2', 'node-2', '10.244.1.12', 'Deployment/shop/web', { app: 'web', tier: 'front' }, { uses: ['ConfigMap/shop/web-config'], ready: false }),
		pod('shop', 'web-6d9f7-c3', 'node-1', '10.244.0.13', 'Deployment/shop/web', { app: 'web', tier: 'front' }, { uses: ['ConfigMap/shop/web-config'] })
	];
	const db = [
		pod('shop', 'db-0', 'node-2', '10.244.1.20', 'StatefulSet/shop/db', { app: 'db' }, { hostname: 'db-0', subdomain: 'db', uses: ['Secret/shop/db-secret'] }),
		pod('shop', 'db-1', 'node-1', '10.244.0.21', 'StatefulSet/shop/db', { app: 'db' }, { hostname: 'db-1', subdomain: 'db', uses: ['Secret/shop/db-secret'] })
	];
	const gw = [pod('istio-system', 'istio-ingressgateway-5c7f-z9', 'node-1', '10.244.0.30', 'Deployment/istio-system/istio-ingressgateway', { app: 'istio-ingressgateway', istio: 'ingressgateway' })];
	return emptyCluster({
		namespaces: [
			{ name: 'shop', labels: {}, declared: true, source: src(1) },
			{ name: 'istio-system', labels: {}, declared: false }
		],
		nodes: [
			{ name: 'node-1', ip: '192.168.49.2', podCIDR: '10.244.0.0/24', bridgeIP: '10.244.0.1', labels: {}, synthesized: true },
			{ name: 'node-2', ip: '192.168.49.3', podCIDR: '10.244.1.0/24', bridgeIP: '10.244.1.1', labels: {}, synthesized: true }
		],
		workloads: [
			{ id: 'Deployment/shop/web', kind: 'Deployment', namespace: 'shop', name: 'web', replicas: 3, selector: { matchLabels: { app: 'web' } }, podLabels: { app: 'web', tier: 'front' }, pods: web.map((p) => p.id), uses: ['ConfigMap/shop/web-config'], source: src(10) },
			{ id: 'StatefulSet/shop/db', kind: 'StatefulSet', namespace: 'shop', name: 'db', replicas: 2, selector: { matchLabels: { app: 'db' } }, podLabels: { app: 'db' }, serviceName: 'db', pods: db.map((p) => p.id), uses: ['Secret/shop/db-secret'], source: src(25) },
			{ id: 'Deployment/istio-system/istio-ingressgateway', kind: 'Deployment', namespace: 'istio-system', name: 'istio-ingressgateway', replicas: 1, selector: { matchLabels: { istio: 'ingressgateway' } }, podLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' }, pods: gw.map((p) => p.id), uses: [], source: src(90) }
		],
		pods: [...web, ...db, ...gw],
		services: [
			svc('shop', 'web', 'ClusterIP', '10.96.0.20', web),
			svc('shop', 'web-nodeport', 'NodePort', '10.96.0.21', web),
			svc('shop', 'db', 'ClusterIP', '10.96.0.22', db, { ports: [{ name: 'pg', protocol: 'TCP', port: 5432, targetPort: 5432 }] }),
			svc('istio-system', 'istio-ingressgateway', 'LoadBalancer', '10.96.0.30', gw)
		],
		ingresses: [
			{
				id: 'shop/web-ing',
				namespace: 'shop',
				name: 'web-ing',
				apiVersion: 'networking.k8s.io/v1',
				legacy: false,
				className: 'nginx',
				rules: [{ host: 'shop.example.com', paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: 80 }, serviceId: 'shop/web' } }] }],
				tls: [],
				annotations: {},
				loadBalancerIPs: [],
				source: src(60)
			}
		],
		gateways: [
			{
				id: 'istio-system/public-gw',
				namespace: 'istio-system',
				name: 'public-gw',
				selector: { istio: 'ingressgateway' },
				servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
				pods: gw.map((p) => p.id),
				source: src(70)
			}
		],
		virtualServices: [
			{
				id: 'shop/web-vs',
				namespace: 'shop',
				name: 'web-vs',
				hosts: ['shop.example.com'],
				gateways: ['istio-system/public-gw'],
				exportTo: [],
				http: [{ route: [{ destination: { host: 'web', port: { number: 80 } } }] }],
				tcp: [],
				tls: [],
				source: src(80),
				lines: {}
			}
		],
		attachments: [
			{ id: 'ConfigMap/shop/web-config', kind: 'ConfigMap', namespace: 'shop', name: 'web-config', keys: ['nginx.conf'], summary: '1 key', usedBy: ['Deployment/shop/web'], source: src(100) },
			{ id: 'Secret/shop/db-secret', kind: 'Secret', namespace: 'shop', name: 'db-secret', keys: ['username', 'password'], summary: '2 keys', usedBy: ['StatefulSet/shop/db'], source: src(110) }
		],
		unknown: [{ kind: 'Widget', apiVersion: 'example.com/v1', count: 1, names: ['blue'] }]
	});
}
