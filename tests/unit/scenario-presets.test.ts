// Every shipped preset must load cleanly (except the deliberate slide bug) and
// show the addresses the course slides use.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { catalogFrom } from '../../src/lib/scenario/catalog';

const dir = 'scenarios';
const ids = readdirSync(dir)
	.filter((f) => f.endsWith('.yaml'))
	.map((f) => f.slice(0, -5))
	.sort();
const text = (id: string) => readFileSync(`${dir}/${id}.yaml`, 'utf8');
const load = (id: string) => loadScenario([{ name: `${id}.yaml`, text: text(id) }]);

const REQUIRED = [
	'bookinfo',
	'guestbook',
	'ingress-myapp',
	'ingress-name-based',
	'ingress-path',
	'ingress-slide-bug',
	'k8s-demo',
	'k8s-demo-nodeport',
	'loadbalancer-my-service',
	'microservice-one',
	'nginx-service',
	'online-boutique',
	'statefulset-headless',
	'pod-network',
	'istio-canary'
];

describe('presets', () => {
	it('ships every required preset', () => {
		for (const id of REQUIRED) expect(ids).toContain(id);
	});

	describe.each(ids)('%s', (id) => {
		const r = load(id);
		it('has a header named after the file, with a source citation', () => {
			expect(r.header?.id).toBe(id);
			expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(r.header!.title.length).toBeGreaterThan(5);
			expect(r.header!.summary.length).toBeGreaterThan(20);
			expect(r.header!.source).toMatch(/the deck "[^"]+"|istio\/istio|GoogleCloudPlatform|kubernetes\/examples/);
			expect(r.header!.source).not.toMatch(/[0-9]{3}_[0-9a-f]{16}/); // decks by title, never by file hash
			expect(r.header!.steps.length).toBeGreaterThan(0);
		});
		it('loads without errors, and its flows resolve', () => {
			const errors = r.diagnostics.filter((d) => d.severity === 'error');
			expect(errors).toEqual([]);
			expect(r.diagnostics.filter((d) => d.code.startsWith('scenario'))).toEqual([]);
			// the slide-bug preset is the one that must warn: its servicePort does not exist
			expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual(id === 'ingress-slide-bug' ? ['ingress-port-mismatch'] : []);
			expect(r.cluster.pods.length).toBeGreaterThan(0);
			expect(r.header!.flows.length).toBeGreaterThan(0);
		});
	});
});

const svc = (id: string, name: string) => {
	const s = load(id).cluster.services.find((x) => x.name === name);
	if (!s) throw new Error(`no Service ${name} in ${id}`);
	return s;
};
const eps = (s: { endpoints: { ip: string; port: number }[] }) => s.endpoints.map((e) => `${e.ip}:${e.port}`).sort();

describe('addresses from the slides', () => {
	it('ingress-slide-bug: the model reports the slide\'s port mismatch at the servicePort line', () => {
		const r = load('ingress-slide-bug');
		const d = r.diagnostics.find((x) => x.code === 'ingress-port-mismatch');
		expect(d).toBeDefined();
		expect(d!.message).toMatch(/80/);
		expect(d!.message).toMatch(/8000/);
		expect(text('ingress-slide-bug').split('\n')[d!.line - 1]).toMatch(/servicePort: 80$/);
		expect(r.header!.summary).toMatch(/spot the bug/i);
		expect(r.cluster.ingresses[0].legacy).toBe(true);
	});

	it('nginx-service: ClusterIP 10.106.115.135, 8000:32499 → pods on 80', () => {
		const s = svc('nginx-service', 'nginx-service');
		expect(s.type).toBe('NodePort');
		expect(s.clusterIP).toBe('10.106.115.135');
		expect(s.ports.map((p) => [p.port, p.nodePort, p.targetPort])).toEqual([[8000, 32499, 80]]);
		expect(s.endpoints).toHaveLength(3);
	});

	it('k8s-demo: 3 pods behind port 8000, endpoints on 80', () => {
		const r = load('k8s-demo');
		expect(r.cluster.pods.filter((p) => p.labels.app === 'k8s-demo')).toHaveLength(3);
		const s = svc('k8s-demo', 'k8s-demo-service');
		expect(s.ports[0].port).toBe(8000);
		expect(s.endpoints.map((e) => e.port)).toEqual([80, 80, 80]);
		expect(new Set(s.endpoints.map((e) => e.ip)).size).toBe(3);
	});

	it('k8s-demo-nodeport: nodePort 31234', () => {
		const s = svc('k8s-demo-nodeport', 'k8s-demo-service');
		expect(s.type).toBe('NodePort');
		expect(s.ports[0].nodePort).toBe(31234);
		expect(s.endpoints).toHaveLength(3);
	});

	it('microservice-one: 10.128.8.64:3200 → 10.2.2.5:3000 and 10.2.1.4:3000', () => {
		const s = svc('microservice-one', 'microservice-one-service');
		expect(s.clusterIP).toBe('10.128.8.64');
		expect(s.ports[0].port).toBe(3200);
		expect(eps(s)).toEqual(['10.2.1.4:3000', '10.2.2.5:3000']);
	});

	it('loadbalancer-my-service: 10.0.171.239, 80 → 9376', () => {
		const s = svc('loadbalancer-my-service', 'my-service');
		expect(s.type).toBe('LoadBalancer');
		expect(s.clusterIP).toBe('10.0.171.239');
		expect(s.ports[0].port).toBe(80);
		expect(new Set(s.endpoints.map((e) => e.port))).toEqual(new Set([9376]));
		expect(s.endpoints).toHaveLength(3);
	});

	it('statefulset-headless: ordinal pod names, headless Services', () => {
		const r = load('statefulset-headless');
		const names = r.cluster.pods.map((p) => p.name).sort();
		expect(names).toEqual(['cassandra-0', 'cassandra-1', 'cassandra-2', 'helloworld-statefull-0', 'helloworld-statefull-1', 'helloworld-statefull-2']);
		const c = svc('statefulset-headless', 'cassandra');
		expect(c.headless).toBe(true);
		expect(c.clusterIP).toBeNull();
		expect(r.cluster.pods.find((p) => p.name === 'cassandra-0')!.subdomain).toBe('cassandra');
	});

	it('ingress presets route to existing Services', () => {
		const cases: [string, string, string | undefined][] = [
			['ingress-name-based', 'helloworld-v1', 'helloworld-v1.example.com'],
			['ingress-name-based', 'helloworld-v2', 'helloworld-v2.example.com'],
			['ingress-myapp', 'myapp-internal-service', 'myapp.com'],
			['ingress-path', 'service', undefined]
		];
		for (const [id, service, host] of cases) {
			const rules = load(id).cluster.ingresses.flatMap((i) => i.rules);
			const rule = rules.find((x) => x.host === host);
			expect(rule, `${id} ${host}`).toBeDefined();
			expect(rule!.paths.some((p) => p.backend.serviceId === `default/${service}`)).toBe(true);
			expect(svc(id, service).endpoints.length).toBeGreaterThan(0);
		}
		expect(load('ingress-path').cluster.ingresses[0].rules[0].paths[0].path).toBe('/testpath');
	});

	it('pod-network: the workshop topology (D1)', () => {
		const c = load('pod-network').cluster;
		expect(c.nodes.map((n) => [n.name, n.ip, n.podCIDR, n.bridgeIP])).toEqual([
			['node-1', '10.130.1.101', '10.17.3.0/24', '10.17.3.1'],
			['node-2', '10.130.1.102', '10.17.4.0/24', '10.17.4.1']
		]);
		expect(c.pods.map((p) => [p.name, p.node, p.ip])).toEqual([
			['pod1', 'node-1', '10.17.3.2'],
			['pod2', 'node-1', '10.17.3.3'],
			['pod3', 'node-2', '10.17.4.2']
		]);
		expect(eps(svc('pod-network', 'microservice'))).toEqual(['10.17.3.3:9002', '10.17.4.2:9002']);
	});

	it('istio-canary: sidecars injected, 90/10 split over two subsets', () => {
		const c = load('istio-canary').cluster;
		expect(c.pods).toHaveLength(2);
		expect(c.pods.every((p) => p.sidecar)).toBe(true);
		const route = c.virtualServices[0].http[0].route as { destination: { subset: string }; weight: number }[];
		expect(route.map((r) => [r.destination.subset, r.weight])).toEqual([['v1', 90], ['v2', 10]]);
		expect(c.destinationRules[0].subsets.map((s) => s.name)).toEqual(['v1', 'v2']);
		expect(c.gateways[0].servers[0].hosts).toEqual(['myapp.demo.com']);
	});

	it('bookinfo: 6 pods, 4 Services, the gateway and 4 DestinationRules', () => {
		const c = load('bookinfo').cluster;
		expect(c.pods).toHaveLength(6);
		expect(c.services).toHaveLength(4);
		expect(c.gateways.map((g) => g.name)).toEqual(['bookinfo-gateway']);
		expect(c.destinationRules).toHaveLength(4);
	});
});

describe('catalogFrom', () => {
	const files = Object.fromEntries(ids.map((id) => [`/scenarios/${id}.yaml`, text(id)]));
	const cat = catalogFrom(files);

	it('lists every preset, sorted by level then title', () => {
		expect(cat.map((p) => p.id).sort()).toEqual(ids);
		const order = ['beginner', 'intermediate', 'advanced'];
		for (let i = 1; i < cat.length; i++) {
			const a = cat[i - 1];
			const b = cat[i];
			const byLevel = order.indexOf(a.level) - order.indexOf(b.level);
			expect(byLevel < 0 || (byLevel === 0 && a.title.localeCompare(b.title, 'en') <= 0)).toBe(true);
		}
	});

	it('carries the header fields and the full text', () => {
		const k = cat.find((p) => p.id === 'k8s-demo')!;
		expect(k.level).toBe('beginner');
		expect(k.tags).toContain('clusterip');
		expect(k.text).toBe(text('k8s-demo'));
		expect(k.source).toContain('"Microservices, Containers und Mesh Networking"');
	});

	it('falls back to the file name for header-less files and skips non-YAML paths', () => {
		const out = catalogFrom({ '/scenarios/plain.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n', '/scenarios/readme.md': '# hi' });
		expect(out.map((p) => [p.id, p.title, p.level])).toEqual([['plain', 'plain', 'beginner']]);
	});
});

describe('firstDocument', () => {
	it('cuts at the second document marker, skipping a leading --- and comments', async () => {
		const { firstDocument } = await import('../../src/lib/scenario/catalog');
		expect(firstDocument('---\n# c\napiVersion: a\n---\nkind: b\n')).toBe('---\n# c\napiVersion: a\n');
		expect(firstDocument('apiVersion: a\nx: 1\n--- # two\nkind: b\n')).toBe('apiVersion: a\nx: 1\n');
		expect(firstDocument('apiVersion: a\n')).toBe('apiVersion: a\n');
	});
});
