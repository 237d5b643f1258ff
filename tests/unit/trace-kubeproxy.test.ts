// The packet engine under kube-proxy's options and fixes: internalTrafficPolicy
// Local narration, legacy (leading-zero) Service addresses, and the flags of
// pkg/proxy/iptables/proxier.go (--masquerade-all, --nodeport-addresses,
// --random-fully) given as trace options or in the scenario header.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/lib/scenario/load';
import { trace, type Trace } from '../../src/lib/net/trace';
import { servicePortChainName, servicePortEndpointChainName } from '../../src/lib/net/kubeproxy';
import { memoryIO } from '../../src/cli/io';
import { run as cli } from '../../src/cli/commands/trace';

const YAML = (svc: string) => `apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {nodeName: node-1, containers: [{name: c, image: curl}]}
---
apiVersion: v1
kind: Pod
metadata: {name: server, labels: {app: server}}
spec: {nodeName: node-2, containers: [{name: s, image: nginx, ports: [{containerPort: 80}]}]}
---
${svc}`;

const load = (text: string) => loadScenario([{ name: 'k.yaml', text }]);
const req = (t: Trace) => t.hops.filter((h) => h.leg === 'request');

describe('internalTrafficPolicy Local without a local endpoint', () => {
	const r = load(YAML(`apiVersion: v1
kind: Service
metadata: {name: itp}
spec: {clusterIP: 10.96.0.70, internalTrafficPolicy: Local, selector: {app: server}, ports: [{port: 80}]}
`));
	it('is dropped by filter KUBE-SERVICES, narrated as internalTrafficPolicy (not externalTrafficPolicy)', () => {
		const pods = r.cluster.pods.filter((p) => p.name === 'client' || p.name === 'server').map((p) => [p.name, p.node]);
		expect(pods).toEqual([['client', 'node-1'], ['server', 'node-2']]);
		const t = trace(r.cluster, { from: 'pod/default/client', to: 'svc/default/itp', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('dropped');
		const drop = t.hops.at(-1)!;
		// proxier.go: internalTrafficFilterComment = `"%s has no local endpoints"`, target DROP, in filter KUBE-SERVICES
		expect(drop.rule).toBe('-A KUBE-SERVICES -m comment --comment "default/itp has no local endpoints" -m tcp -p tcp -d 10.96.0.70 --dport 80 -j DROP');
		expect(drop.anchor).toMatchObject({ node: 'node-1', table: 'filter', chain: 'KUBE-SERVICES' });
		expect(drop.note).toMatch(/^DROP: internalTrafficPolicy Local and this node runs no endpoint/);
		expect(drop.note).not.toMatch(/externalTrafficPolicy/);
	});
});

describe('legacy IP forms in a trace', () => {
	const r = load(YAML(`apiVersion: v1
kind: Service
metadata: {name: legacy}
spec: {clusterIP: 10.96.0.071, selector: {app: server}, ports: [{name: http, port: 80}]}
`));
	it('the packet goes to the canonical ClusterIP and is DNATed by the canonical rules', () => {
		const t = trace(r.cluster, { from: 'pod/default/client', to: 'svc/default/legacy', port: 80 }, { seed: 1 });
		expect(t.verdict).toBe('delivered');
		const server = r.cluster.pods.find((p) => p.name === 'server')!;
		const svcChain = servicePortChainName('default/legacy:http', 'tcp');
		const sep = servicePortEndpointChainName('default/legacy:http', 'tcp', `${server.ip}:80`);
		const dnat = req(t).find((h) => h.changed.includes('dst'))!;
		expect(dnat.before).toEqual({ dst: '10.96.0.71:80' });
		expect(dnat.rule).toBe(`-A ${sep} -m comment --comment default/legacy:http -m tcp -p tcp -j DNAT --to-destination ${server.ip}:80`);
		expect(req(t).some((h) => h.rule === `-A KUBE-SERVICES -m comment --comment "default/legacy:http cluster IP" -m tcp -p tcp -d 10.96.0.71 --dport 80 -j ${svcChain}`)).toBe(true);
	});
});

describe('kube-proxy flags in a trace', () => {
	const SVC = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: NodePort, clusterIP: 10.96.0.80, selector: {app: server}, ports: [{port: 80, nodePort: 30080}]}
`;
	it('--masquerade-all: a pod calling a cluster IP is marked and masqueraded (default: it keeps its address)', () => {
		const r = load(YAML(SVC));
		const client = r.cluster.pods.find((p) => p.name === 'client')!;
		const server = r.cluster.pods.find((p) => p.name === 'server')!;
		const flow = { from: 'pod/default/client', to: 'svc/default/web', port: 80 };
		const plain = trace(r.cluster, flow, { seed: 1 });
		expect(plain.hops.filter((h) => h.changed.includes('src'))).toEqual([]);
		const all = trace(r.cluster, flow, { seed: 1, kubeProxy: { masqueradeAll: true } });
		const mark = all.hops.find((h) => h.changed.includes('mark'))!;
		expect(mark.note).toMatch(/--masquerade-all/);
		const masq = all.hops.find((h) => h.changed.includes('src'))!;
		expect(masq.rule).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
		expect(masq.before!.src!.split(':')[0]).toBe(client.ip);
		// leaving node-1 for the endpoint on node-2: node-1's address
		expect(server.node).toBe('node-2');
		expect(masq.anchor.node).toBe('node-1');
		expect(masq.packet.src.split(':')[0]).toBe(r.cluster.nodes.find((n) => n.name === 'node-1')!.ip);
	});
	it('--random-fully off: MASQUERADE keeps the source port and says nothing of random ports', () => {
		const r = load(YAML(SVC));
		const t = trace(r.cluster, { from: 'pod/default/client', to: 'svc/default/web', port: 80 }, { seed: 1, kubeProxy: { masqueradeAll: true, randomFully: false } });
		const masq = t.hops.find((h) => h.changed.includes('src'))!;
		expect(masq.rule).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE');
		expect(masq.packet.src.split(':')[1]).toBe(masq.before!.src!.split(':')[1]);
		expect(masq.note).not.toMatch(/random/);
	});
	it('scenario header spec.kubeProxy.nodePortAddresses: primary — the NodePort answers on the node IP only', async () => {
		const header = `apiVersion: hopscope/v1
kind: Scenario
metadata: {name: npa}
spec:
  title: nodeport addresses
  kubeProxy: {nodePortAddresses: primary, localhostNodePorts: false}
---
`;
		const r = load(header + YAML(SVC));
		expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(r.header!.kubeProxy).toEqual({ nodePortAddresses: ['primary'], localhostNodePorts: false });
		const node1 = r.cluster.nodes[0];
		const viaIP = trace(r.cluster, { from: 'external/198.51.100.7', to: `node/${node1.name}`, port: 30080 }, { seed: 1, resources: r.parse.resources });
		expect(viaIP.verdict).toBe('delivered');
		expect(viaIP.hops.find((h) => h.rule?.includes('-j KUBE-NODEPORTS'))!.rule).toBe(
			`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -d ${node1.ip} -j KUBE-NODEPORTS`
		);
		// the same flow through the trace CLI, header options included
		const io = memoryIO({ 'k.yaml': header + YAML(SVC) });
		expect(await cli(['k.yaml', '--from', 'external/198.51.100.7', '--to', `node/${node1.name}`, '--port', '30080', '--json'], io)).toBe(0);
		const out = JSON.parse(io.stdout);
		expect(out.endpoint).toBe(viaIP.endpoint);
		expect(out.hops.find((h: { rule?: string }) => h.rule?.includes('-j KUBE-NODEPORTS')).rule).toContain(`-d ${node1.ip} -j KUBE-NODEPORTS`);
	});
	it('trace CLI flags: --nodeport-addresses 10.244.0.0/16 leaves the node IP without NodePorts (no DNAT, the host gets it)', async () => {
		const r = load(YAML(SVC));
		const node1 = r.cluster.nodes[0];
		const io = memoryIO({ 'k.yaml': YAML(SVC) });
		expect(await cli(['k.yaml', '--from', 'external/198.51.100.7', '--to', `node/${node1.name}`, '--port', '30080', '--nodeport-addresses', '10.244.0.0/16', '--json'], io)).toBe(0);
		const out = JSON.parse(io.stdout);
		expect(out.endpoint).toBeUndefined();
		expect(out.hops.some((h: { changed: string[] }) => h.changed.includes('dst'))).toBe(false);
		expect(out.hops.some((h: { rule?: string }) => h.rule?.includes('-j KUBE-NODEPORTS'))).toBe(false);
		// without the flag the same flow is DNATed to the server pod
		const io2 = memoryIO({ 'k.yaml': YAML(SVC) });
		expect(await cli(['k.yaml', '--from', 'external/198.51.100.7', '--to', `node/${node1.name}`, '--port', '30080', '--json'], io2)).toBe(0);
		expect(JSON.parse(io2.stdout).endpoint).toBe(`${r.cluster.pods.find((p) => p.name === 'server')!.ip}:80`);
	});
});

describe('scenario header spec.kubeProxy validation', () => {
	it('reports bad values at their field and keeps the good ones', () => {
		const r = load(`apiVersion: hopscope/v1
kind: Scenario
metadata: {name: bad}
spec:
  title: bad
  kubeProxy:
    masqueradeAll: "yes"
    randomFully: false
    nodePortAddresses: [10.0.0.0/33]
    bogus: 1
---
` + YAML(''));
		const kp = r.diagnostics.filter((d) => d.path?.startsWith('spec.kubeProxy')).map((d) => [d.severity, d.path, d.code]);
		expect(kp).toEqual([
			['error', 'spec.kubeProxy.masqueradeAll', 'scenario-setting'],
			['error', 'spec.kubeProxy.nodePortAddresses', 'scenario-setting'],
			['warning', 'spec.kubeProxy.bogus', 'scenario-unknown-setting']
		]);
		expect(r.header!.kubeProxy).toEqual({ randomFully: false });
	});
});
