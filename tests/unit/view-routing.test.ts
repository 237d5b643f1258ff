// The diagrams draw what the router does: route edges of a VirtualService
// point where mesh route() sends the request (host resolution, gateway refs,
// DestinationRule choice, subset pods), in the cases where view and mesh used
// to disagree.
import { describe, expect, it } from 'vitest';
import { route } from '../../src/lib/mesh/index';
import { toGraph, describe as describeResource, type Scene } from '../../src/lib/view';
import { meshHopTargets, toMeshGraph } from '../../src/lib/view/mesh';
import { app, fromYaml, subsets } from './mesh-helpers';

const NS_TEAM = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  labels:\n    istio-injection: enabled\n';
const client = (ns: string) =>
	`apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\n  namespace: ${ns}\n  labels:\n    app: client\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: curl\n`;
const vs = (name: string, ns: string, hosts: string[], gateways: string[], dest: string, subset?: string) =>
	`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  hosts:\n${hosts.map((h) => `  - ${h}\n`).join('')}  gateways:\n${gateways.map((g) => `  - ${g}\n`).join('')}  http:\n  - route:\n    - destination:\n        host: ${dest}\n${subset ? `        subset: ${subset}\n` : ''}`;
const gateway = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: default\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port:\n      number: 80\n      name: http\n      protocol: HTTP\n    hosts:\n    - "*"\n';

/** A fake scene: every graph node as a box, enough for meshHopTargets. */
const sceneOf = (g: ReturnType<typeof toMeshGraph>): Scene => ({ view: 'mesh', width: 100, height: 100, nodes: g.nodes.map((node, i) => ({ id: node.id, x: i, y: 0, w: 1, h: 1, depth: 0, node, title: node.label })), edges: [] });

describe('mesh view: two DestinationRules for one host', () => {
	// default/web says subset v1 = version v1; team's own rule for the same host says v1 = version v2.
	// A proxy in team uses team's rule (pilot looks in the client namespace first).
	const teamDr = subsets('web.default.svc.cluster.local', ['v1'], 'team', 'web-team').replace('version: v1', 'version: v2');
	const c = fromYaml([NS_TEAM, app('web', ['v1', 'v2']), client('team'), subsets('web', ['v1']), teamDr, vs('web', 'team', ['web.default.svc.cluster.local'], ['mesh'], 'web.default.svc.cluster.local', 'v1')].join('---\n'));
	const r = route(c, { from: 'team/client', host: 'web.default.svc.cluster.local' });
	const g = toMeshGraph(c);

	it('route() uses the client namespace rule and its v1 pods', () => {
		expect(r.response.status).toBe(200);
		expect(r.destinationRule).toBe('team/web-team');
		expect(r.pods).toHaveLength(1);
		expect(r.pods[0]).toMatch(/^default\/web-v2-/);
	});

	it('draws the VirtualService edge to that rule’s subset, naming the pods route() can pick', () => {
		const edges = g.edges.filter((e) => e.source === 'VirtualService/team/web' && e.type === 'routes');
		expect(edges.map((e) => [e.target, e.label])).toEqual([['subset:default/web/v1@team/web-team', '100%']]);
		const box = g.nodes.find((n) => n.id === edges[0].target)!;
		expect(`${box.ref.namespace}/${box.ref.name}`).toBe(r.destinationRule);
		expect(box.parent).toBe('Service/default/web');
		expect(box.sublabel).toBe(`version=v2 · pod ${r.pods[0].split('/')[1]}`);
	});

	it('keeps the Service’s own subset boxes from the rule its namespace uses', () => {
		const own = g.nodes.find((n) => n.id === 'subset:default/web/v1')!;
		expect(`${own.ref.namespace}/${own.ref.name}`).toBe('default/web');
		const inside = g.nodes.filter((n) => n.kind === 'pod' && n.parent === own.id).map((n) => n.ref.name);
		expect(inside).toHaveLength(1);
		expect(inside[0]).toMatch(/^web-v1-/);
	});

	it('puts the request’s cluster hop on the subset box of the rule the engine used', () => {
		const t = meshHopTargets(sceneOf(g), r.hops);
		const i = r.hops.findIndex((h) => h.kind === 'cluster');
		expect(i).toBeGreaterThan(-1);
		expect(t[i]).toBe('subset:default/web/v1@team/web-team');
	});
});

describe('mesh view: a gateway-bound VirtualService', () => {
	// the gateway Envoy runs in namespace edge, which has its own rule for web: subset v1 = version v2
	const gwPod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ingressgateway\n  namespace: edge\n  labels:\n    istio: ingressgateway\nspec:\n  nodeName: node-1\n  containers:\n  - name: istio-proxy\n    image: proxyv2\n';
	const edgeGw = gateway.replace('namespace: default', 'namespace: edge');
	const edgeDr = subsets('web.default.svc.cluster.local', ['v1'], 'edge', 'web-edge').replace('version: v1', 'version: v2');
	const c = fromYaml([app('web', ['v1', 'v2']), gwPod, edgeGw, subsets('web', ['v1']), edgeDr, vs('web', 'default', ['shop.example.com'], ['edge/gw'], 'web', 'v1')].join('---\n'));
	const r = route(c, { from: 'ingress', host: 'shop.example.com' });
	const g = toMeshGraph(c);

	it('route() uses the rule of the gateway pod’s namespace', () => {
		expect(r.response.status).toBe(200);
		expect(r.destinationRule).toBe('edge/web-edge');
		expect(r.pods.map((p) => p.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''))).toEqual(['default/web-v2']);
	});

	it('draws the gateway → VirtualService → that subset', () => {
		expect(g.edges.filter((e) => e.target === 'VirtualService/default/web').map((e) => e.source)).toEqual(['Gateway/edge/gw']);
		const to = g.edges.filter((e) => e.source === 'VirtualService/default/web').map((e) => e.target);
		expect(to).toEqual(['subset:default/web/v1@edge/web-edge']);
		expect(g.nodes.find((n) => n.id === to[0])!.sublabel).toBe(`version=v2 · pod ${r.pods[0].split('/')[1]}`);
	});
});

describe('architecture view and inspector: gateway routes', () => {
	// a: `web.default` has a dot, so Istio takes it literally: no such Service (503 NC)
	// b: short name `web` in team resolves to web.team: no such Service
	// c: the FQDN reaches default/web
	// d: legacy gateway ref `gw.default` binds to default/gw and reaches default/web
	const c = fromYaml(
		[
			NS_TEAM,
			app('web', ['v1']),
			gateway,
			vs('a', 'default', ['a.example.com'], ['gw'], 'web.default'),
			vs('b', 'team', ['b.example.com'], ['default/gw'], 'web'),
			vs('c', 'team', ['c.example.com'], ['default/gw'], 'web.default.svc.cluster.local'),
			vs('d', 'team', ['d.example.com'], ['gw.default'], 'web.default.svc.cluster.local')
		].join('---\n')
	);
	const g = toGraph(c);
	const drawn = (name: string) => g.edges.filter((e) => e.source === 'Gateway/default/gw' && e.type === 'routes' && (e.label ?? '').split(', ').includes(name)).map((e) => e.target);
	const reached = (name: string) => {
		const r = route(c, { from: 'ingress', host: `${name}.example.com` });
		return r.endpoint ? c.services.filter((s) => s.pods.includes(r.endpoint!.pod ?? '')).map((s) => `Service/${s.id}`) : [];
	};

	it('route() reaches default/web only through c and d', () => {
		expect(['a', 'b', 'c', 'd'].map(reached)).toEqual([[], [], ['Service/default/web'], ['Service/default/web']]);
		expect(route(c, { from: 'ingress', host: 'a.example.com' }).response).toMatchObject({ status: 503, flags: ['NC'] });
	});

	it('draws a Gateway → Service edge exactly where route() goes', () => {
		for (const name of ['a', 'b', 'c', 'd']) expect(drawn(name)).toEqual(reached(name));
	});

	it('the inspector lists the same VirtualServices as routing to the Service', () => {
		const d = describeResource(c, { kind: 'Service', namespace: 'default', name: 'web' })!;
		expect(d.relations.filter((x) => x.type === 'routed from').map((x) => `${x.ref.namespace}/${x.ref.name}`)).toEqual(['team/c', 'team/d']);
		const gw = describeResource(c, { kind: 'Gateway', namespace: 'default', name: 'gw' })!;
		expect(gw.relations.filter((x) => x.type === 'routes to').map((x) => `${x.ref.namespace}/${x.ref.name}`)).toEqual(['default/a', 'team/b', 'team/c', 'team/d']);
	});
});
