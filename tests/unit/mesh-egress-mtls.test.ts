// Egress through istio-egressgateway (istio.io "Egress Gateways"), egress
// straight through a ServiceEntry, and mTLS links: PeerAuthentication
// STRICT / PERMISSIVE / DISABLE against DestinationRule tls modes and sidecars.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { route } from '../../src/lib/mesh/index';
import { serverMtls } from '../../src/lib/mesh/peerauth';
import { loadScenario } from '../../src/lib/scenario/load';
import { withPeerAuthentications, readPeerAuthentications } from '../../src/lib/model/istio';
import { meshFindings } from '../../src/lib/checks/mesh';
import { toMeshGraph } from '../../src/lib/view/mesh';
import type { Cluster } from '../../src/lib/model/types';

const INJECT = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n  labels:\n    istio-injection: enabled\n';
function load(text: string, inject = true): Cluster {
	const l = loadScenario([...(inject ? [{ name: 'ns.yaml', text: INJECT }] : []), { name: 'test.yaml', text }]);
	return withPeerAuthentications(l.cluster, l.parse.resources);
}
const presetPA = (id: string) => load(readFileSync(`scenarios/${id}.yaml`, 'utf8'), false);

const SLEEP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: sleep, namespace: NS }
spec:
  selector: { matchLabels: { app: sleep } }
  template:
    metadata: { labels: { app: sleep } }
    spec: { containers: [{ name: sleep, image: curlimages/curl }] }
`;
const HTTPBIN = `apiVersion: v1
kind: Service
metadata: { name: httpbin, namespace: NS }
spec:
  selector: { app: httpbin }
  ports: [{ name: http, port: 8000, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: httpbin, namespace: NS }
spec:
  selector: { matchLabels: { app: httpbin } }
  template:
    metadata: { labels: { app: httpbin } }
    spec: { containers: [{ name: httpbin, image: kong/httpbin, ports: [{ containerPort: 8080 }] }] }
`;
const ns = (name: string, inject: boolean) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${inject ? '  labels:\n    istio-injection: enabled\n' : ''}`;
const pa = (name: string, namespace: string, body: string) => `apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n${body}`;
const drTls = (mode: string, host = 'httpbin.server.svc.cluster.local') => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: tls, namespace: istio-system }\nspec:\n  host: ${host}\n  trafficPolicy: { tls: { mode: ${mode} } }\n`;

/** client (with or without sidecar) → httpbin.server (with or without sidecar), plus extra config. */
function pair(opts: { clientSidecar: boolean; serverSidecar: boolean; extra?: string[] }): Cluster {
	return load(
		[ns('istio-system', false), ns('client', opts.clientSidecar), ns('server', opts.serverSidecar), SLEEP.replace(/NS/g, 'client'), HTTPBIN.replace(/NS/g, 'server'), ...(opts.extra ?? [])].join('---\n'),
		false
	);
}
const call = (c: Cluster) => route(c, { from: 'deploy/client/sleep', host: 'httpbin.server', port: 8000 });

describe('egress through istio-egressgateway (istio.io Egress Gateways task)', () => {
	const c = presetPA('istio-egress-gateway');
	const r = route(c, { from: 'deploy/default/sleep', host: 'edition.cnn.com', path: '/politics' });

	it('two legs: the sidecar (mesh) rule 0 → egress gateway subset cnn; the gateway rule 1 → edition.cnn.com', () => {
		expect(r.response).toMatchObject({ status: 200, detail: 'answered by the external host' });
		expect(r.legs).toEqual([
			{ proxy: expect.stringMatching(/^default\/sleep-.* \(istio-proxy\)$/), gateway: 'mesh', virtualService: 'default/direct-cnn-through-egress-gateway', rule: 0, cluster: 'outbound|80|cnn|istio-egressgateway.istio-system.svc.cluster.local', link: 'plaintext' },
			{ proxy: 'istio-system/istio-egressgateway-synthetic (istio-proxy)', gateway: 'default/istio-egressgateway', virtualService: 'default/direct-cnn-through-egress-gateway', rule: 1, cluster: 'outbound|80||edition.cnn.com', link: 'plaintext' }
		]);
		expect(r.destinationRule).toBe('default/egressgateway-for-cnn');
		expect(r.picked).toMatchObject({ host: 'istio-egressgateway.istio-system.svc.cluster.local', subset: 'cnn' });
	});
	it('hop list: app sidecar → egress gateway Envoy → external host', () => {
		const seq = r.hops.map((h) => `${h.kind}@${h.at.replace(/sleep-[a-z0-9-]+/, 'sleep')}`);
		expect(seq).toEqual([
			'app@default/sleep',
			'dns@default/sleep',
			'iptables@default/sleep',
			'listener@default/sleep (istio-proxy)',
			'route@default/sleep (istio-proxy)',
			'cluster@default/sleep (istio-proxy)',
			'tls@default/sleep (istio-proxy)',
			'network@istio-system/istio-egressgateway-synthetic',
			'listener@istio-system/istio-egressgateway-synthetic (istio-proxy)',
			'route@istio-system/istio-egressgateway-synthetic (istio-proxy)',
			'cluster@istio-system/istio-egressgateway-synthetic (istio-proxy)',
			'tls@istio-system/istio-egressgateway-synthetic (istio-proxy)',
			'external@istio-system/istio-egressgateway-synthetic (istio-proxy)',
			'response@default/sleep (istio-proxy)'
		]);
		expect(r.hops.find((h) => h.kind === 'external')!.dst).toBe('edition.cnn.com:80');
	});
	it('the missing egress gateway is synthesised and the notes say so; no findings on the preset', () => {
		expect(r.notes.some((n) => n.includes('istio-egressgateway') && n.includes('synthesised'))).toBe(true);
		expect(meshFindings(c).filter((f) => f.severity !== 'info')).toEqual([]);
	});
	it('a real egress gateway pod in the input is used instead (no synthesis)', () => {
		const svc = `apiVersion: v1\nkind: Service\nmetadata: { name: istio-egressgateway, namespace: istio-system }\nspec:\n  selector: { istio: egressgateway }\n  ports: [{ name: http2, port: 80 }]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: istio-egressgateway, namespace: istio-system }\nspec:\n  selector: { matchLabels: { istio: egressgateway } }\n  template:\n    metadata: { labels: { istio: egressgateway, app: istio-egressgateway } }\n    spec: { containers: [{ name: istio-proxy, image: proxyv2, ports: [{ containerPort: 80 }] }] }\n`;
		const c2 = load(readFileSync('scenarios/istio-egress-gateway.yaml', 'utf8') + '---\n' + svc, false);
		const r2 = route(c2, { from: 'deploy/default/sleep', host: 'edition.cnn.com', path: '/politics' });
		expect(r2.response.status).toBe(200);
		expect(r2.legs[1].proxy).toMatch(/^istio-system\/istio-egressgateway-.* \(istio-proxy\)$/);
		expect(r2.legs[1].proxy).not.toContain('synthetic');
		expect(r2.notes.some((n) => n.includes('synthesised'))).toBe(false);
	});
	it('mesh view: the VirtualService routes to the egress Gateway box, then to the ServiceEntry; no Internet → egress edge', () => {
		const g = toMeshGraph(c);
		const ids = g.edges.map((e) => `${e.source} -> ${e.target}`);
		expect(ids).toContain('VirtualService/default/direct-cnn-through-egress-gateway -> Gateway/default/istio-egressgateway');
		expect(ids).toContain('VirtualService/default/direct-cnn-through-egress-gateway -> ServiceEntry/default/cnn');
		expect(ids).not.toContain('internet -> Gateway/default/istio-egressgateway');
		expect(g.nodes.some((n) => n.id.startsWith('external:istio-egressgateway'))).toBe(false);
	});
});

describe('egress straight through a ServiceEntry (no gateway)', () => {
	const se = `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: httpbin-ext }\nspec:\n  hosts: [httpbin.org]\n  ports: [{ number: 80, name: http, protocol: HTTP }]\n  resolution: DNS\n  location: MESH_EXTERNAL\n`;
	const c = load([se, SLEEP.replace(/NS/g, 'default')].join('---\n'));
	it('the sidecar picks outbound|80||httpbin.org and the request leaves from the client pod', () => {
		const r = route(c, { from: 'deploy/default/sleep', host: 'httpbin.org', path: '/headers' });
		expect(r.target).toEqual({ kind: 'serviceEntry', fqdn: 'httpbin.org', port: 80 });
		expect(r.cluster).toBe('outbound|80||httpbin.org');
		expect(r.legs).toHaveLength(1);
		expect(r.response).toMatchObject({ status: 200, detail: 'answered by the external host' });
		const ext = r.hops.find((h) => h.kind === 'external')!;
		expect(ext.at).toMatch(/^default\/sleep-.* \(istio-proxy\)$/);
		expect(ext.dst).toBe('httpbin.org:80');
		expect(r.links).toEqual([expect.objectContaining({ to: 'httpbin.org', state: 'plaintext' })]);
	});
});

describe('PeerAuthentication reading and precedence', () => {
	const c = pair({
		clientSidecar: true,
		serverSidecar: true,
		extra: [
			pa('mesh', 'istio-system', '  mtls: { mode: STRICT }\n'),
			pa('ns', 'server', '  mtls: { mode: UNSET }\n'),
			pa('wl', 'server', '  selector: { matchLabels: { app: httpbin } }\n  mtls: { mode: PERMISSIVE }\n  portLevelMtls:\n    8080: { mode: DISABLE }\n')
		]
	});
	it('v1beta1 is read; workload beats namespace beats mesh; UNSET inherits; portLevelMtls applies to its port', () => {
		expect(readPeerAuthentications(loadScenario([{ name: 'x.yaml', text: pa('a', 'x', '  mtls: { mode: STRICT }\n') }]).parse.resources)).toMatchObject([{ id: 'x/a', mode: 'STRICT', selector: null }]);
		const pod = c.pods.find((p) => p.namespace === 'server')!;
		expect(serverMtls(c, pod, 8080)).toMatchObject({ mode: 'DISABLE', level: 'port 8080' });
		expect(serverMtls(c, pod, 9000)).toMatchObject({ mode: 'PERMISSIVE', level: 'workload' });
		expect(serverMtls(c, { namespace: 'server', labels: {} }, 8080)).toMatchObject({ mode: 'STRICT', level: 'mesh' });
		expect(serverMtls(c, { namespace: 'other', labels: {} }, null)).toMatchObject({ mode: 'STRICT', level: 'mesh' });
		expect(serverMtls({ ...c, peerAuthentications: [] }, pod, 8080)).toMatchObject({ mode: 'PERMISSIVE', level: 'default' });
	});
});

describe('mTLS link per (client → server): PeerAuthentication × DestinationRule tls × sidecars', () => {
	const strict = pa('default', 'server', '  mtls: { mode: STRICT }\n');
	const permissive = pa('default', 'server', '  mtls: { mode: PERMISSIVE }\n');
	const disable = pa('default', 'server', '  mtls: { mode: DISABLE }\n');
	const cases: [string, { clientSidecar: boolean; serverSidecar: boolean; extra: string[] }, string, number, string[]][] = [
		['auto mTLS → STRICT', { clientSidecar: true, serverSidecar: true, extra: [strict] }, 'mtls', 200, []],
		['auto mTLS → PERMISSIVE', { clientSidecar: true, serverSidecar: true, extra: [permissive] }, 'mtls', 200, []],
		['auto mTLS → no policy (PERMISSIVE default)', { clientSidecar: true, serverSidecar: true, extra: [] }, 'mtls', 200, []],
		['auto mTLS → DISABLE: plaintext', { clientSidecar: true, serverSidecar: true, extra: [disable] }, 'plaintext', 200, []],
		['ISTIO_MUTUAL → STRICT', { clientSidecar: true, serverSidecar: true, extra: [strict, drTls('ISTIO_MUTUAL')] }, 'mtls', 200, []],
		['ISTIO_MUTUAL → DISABLE: handshake fails', { clientSidecar: true, serverSidecar: true, extra: [disable, drTls('ISTIO_MUTUAL')] }, 'blocked', 503, ['UF']],
		['ISTIO_MUTUAL → server without sidecar', { clientSidecar: true, serverSidecar: false, extra: [drTls('ISTIO_MUTUAL')] }, 'blocked', 503, ['UF']],
		['DISABLE → STRICT: reset', { clientSidecar: true, serverSidecar: true, extra: [strict, drTls('DISABLE')] }, 'blocked', 503, ['UC']],
		['DISABLE → PERMISSIVE', { clientSidecar: true, serverSidecar: true, extra: [permissive, drTls('DISABLE')] }, 'plaintext', 200, []],
		['DISABLE → server without sidecar', { clientSidecar: true, serverSidecar: false, extra: [drTls('DISABLE')] }, 'plaintext', 200, []],
		['no-sidecar client → STRICT: connection reset', { clientSidecar: false, serverSidecar: true, extra: [strict] }, 'blocked', 0, []],
		['no-sidecar client → PERMISSIVE', { clientSidecar: false, serverSidecar: true, extra: [permissive] }, 'plaintext', 200, []],
		['no-sidecar client → no sidecar', { clientSidecar: false, serverSidecar: false, extra: [strict] }, 'plaintext', 200, []]
	];
	it.each(cases)('%s', (_name, setup, state, status, flags) => {
		const r = call(pair(setup));
		expect(r.links).toHaveLength(1);
		expect(r.links[0]).toMatchObject({ from: expect.stringMatching(/^client\/sleep-/), to: expect.stringMatching(/^server\/httpbin-/), state });
		expect(r.response.status).toBe(status);
		expect(r.response.flags).toEqual(flags);
		// a server sidecar that refuses the handshake says so; a failed or reset upstream (UF, UC) gets Envoy's local reply text
		expect(r.hops.some((h) => h.kind === 'listener' && h.note.includes('no filter chain accepts'))).toBe(state === 'blocked' && setup.serverSidecar);
		expect(r.response.detail.includes('upstream connect error or disconnect/reset before headers')).toBe(['UC', 'UF'].includes(flags[0]));
	});
	it('the PeerAuthentication that decided is cited', () => {
		const r = call(pair({ clientSidecar: false, serverSidecar: true, extra: [strict] }));
		expect(r.links[0].refs).toContainEqual(expect.objectContaining({ kind: 'PeerAuthentication', namespace: 'server', name: 'default' }));
		expect(r.response.detail).toContain('connection reset');
	});
});

describe('istio-mtls preset: encrypted, plaintext and blocked links', () => {
	const c = presetPA('istio-mtls');
	it('route results', () => {
		expect(route(c, { from: 'deploy/foo/sleep', host: 'httpbin.foo' }).links[0].state).toBe('mtls');
		expect(route(c, { from: 'deploy/foo/sleep', host: 'httpbin.legacy' }).links[0].state).toBe('plaintext');
		const blocked = route(c, { from: 'deploy/legacy/sleep', host: 'httpbin.foo' });
		expect(blocked.links[0].state).toBe('blocked');
		expect(blocked.response.status).toBe(0);
		expect(route(c, { from: 'deploy/legacy/sleep', host: 'httpbin.legacy' }).links[0].state).toBe('plaintext');
	});
	it('mesh view: lock / plain / ✗ edges from each client to each Service', () => {
		const g = toMeshGraph(c);
		const links = g.edges.filter((e) => ['mtls', 'plaintext', 'blocked'].includes(e.type)).map((e) => `${e.type} ${e.source.replace(/-[a-z0-9]+-[a-z0-9]+(#|$)/, '$1')} -> ${e.target} ${e.label}`);
		expect(links.sort()).toEqual([
			'blocked Pod/legacy/sleep -> Service/foo/httpbin ✗ blocked',
			'mtls Pod/foo/sleep#proxy -> Service/foo/httpbin ✓ mTLS',
			'plaintext Pod/foo/sleep#proxy -> Service/legacy/httpbin plaintext',
			'plaintext Pod/legacy/sleep -> Service/legacy/httpbin plaintext'
		]);
	});
	it('mesh view: the links of one route result can be drawn too', () => {
		const r = route(c, { from: 'deploy/legacy/sleep', host: 'httpbin.foo' });
		const g = toMeshGraph(c, { links: r.links, mtlsMatrix: false });
		const e = g.edges.filter((x) => x.type === 'blocked');
		expect(e).toHaveLength(1);
		expect(e[0].label).toBe('✗ blocked');
	});
	it('no error findings on the preset', () => {
		expect(meshFindings(c).filter((f) => f.severity === 'error')).toEqual([]);
	});
});

describe('finding HS-M015: DestinationRule tls mode against a STRICT / DISABLE PeerAuthentication', () => {
	it('DISABLE towards a STRICT workload is an error at the tls mode line', () => {
		const c = pair({ clientSidecar: true, serverSidecar: true, extra: [pa('default', 'server', '  mtls: { mode: STRICT }\n'), drTls('DISABLE')] });
		const f = meshFindings(c).filter((x) => x.code === 'HS-M015');
		expect(f).toHaveLength(1);
		expect(f[0]).toMatchObject({ severity: 'error', ref: { kind: 'DestinationRule', namespace: 'istio-system', name: 'tls' }, path: 'spec.trafficPolicy.tls.mode' });
		expect(f[0].message).toContain('STRICT');
	});
	it('ISTIO_MUTUAL towards DISABLE is flagged; ISTIO_MUTUAL towards STRICT and DISABLE towards PERMISSIVE are not', () => {
		const codes = (extra: string[]) => meshFindings(pair({ clientSidecar: true, serverSidecar: true, extra })).filter((x) => x.code === 'HS-M015').length;
		expect(codes([pa('default', 'server', '  mtls: { mode: DISABLE }\n'), drTls('ISTIO_MUTUAL')])).toBe(1);
		expect(codes([pa('default', 'server', '  mtls: { mode: STRICT }\n'), drTls('ISTIO_MUTUAL')])).toBe(0);
		expect(codes([pa('default', 'server', '  mtls: { mode: PERMISSIVE }\n'), drTls('DISABLE')])).toBe(0);
	});
});
