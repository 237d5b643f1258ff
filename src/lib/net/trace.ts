// trace(cluster, flow, {seed}) → Trace: the packet path of one flow, hop by
// hop, with every NAT, rule and route that touched it. Pure and
// deterministic; never throws (an impossible flow is verdict `no-route` with
// a hop that says why).
//
// Legs live in one hop list (Hop.leg): `dns` / `dns-reply` (name lookup
// first, when the destination is a name), `request` (the connection's first
// packet) and `reply` (the answer, translated back by conntrack).
import type { Cluster, Container, Pod, Service } from '../model';
import type { Flow, FlowEnd, Proto, Trace, TraceOptions, Verdict } from './packet';
import { addr } from './packet';
import { toFlowEnd, formatEnd } from './refs';
import { refPod, resolveRef, REF_KIND_OF_WORKLOAD } from '../model';
import { makeRng } from '../util';
import { world } from './world';
import { push, type End, type Walk } from './walk';
import { connect, replyTo, type Source } from './flows/connect';
import { resolve } from './flows/dns';
import { hostsFile, hostsLookup, resolvConf } from './dns';
import { backendPort, matchIngress } from './flows/ingress';
import { cidrContains, isIPv4 } from '../model';
import { isDockerFlow, traceDocker, type DockerTraceOptions } from './flows/docker';
import { scenarioKubeProxy } from './kubeproxy-config';

export type { Flow, FlowEnd, Hop, Trace, TraceOptions, Verdict } from './packet';
export { toFlowEnd, formatEnd } from './refs';

export function trace(cluster: Cluster, flow: Flow, opts: TraceOptions & DockerTraceOptions): Trace {
	// Journey 9: plain Docker hosts (`kind: DockerHost` documents) are traced by their own engine.
	if (isDockerFlow(flow)) return traceDocker(opts.resources ?? [], flow, opts);
	let walk: Walk | null = null;
	try {
		// explicit options, else the scenario header's spec.kubeProxy (the app and CLI pass the parsed documents)
		const w = world(cluster, opts.kubeProxy ?? scenarioKubeProxy(opts.resources));
		walk = {
			w,
			rng: makeRng(opts.seed),
			hops: [],
			notes: [],
			leg: 'request',
			ct: [],
			recent: [...(opts.affinityFrom?.recent ?? [])],
			svcRefs: []
		};
		const verdict = run(walk, flow, opts);
		return finish(walk, verdict);
	} catch (e) {
		// Never throw: report the failure as a hop.
		const hops = walk?.hops ?? [];
		hops.push({ at: 'hopscope', kind: 'routing', leg: 'request', anchor: {}, packet: { src: '?', dst: '?', proto: 'TCP' }, changed: [], note: `Hopscope could not trace this flow: ${e instanceof Error ? e.message : String(e)}`, refs: [] });
		return { verdict: 'no-route', hops, notes: walk?.notes ?? [], recent: [] };
	}
}

interface Outcome {
	verdict: Verdict;
	deliveredTo?: string;
	status?: number;
}

function finish(walk: Walk, o: Outcome): Trace {
	const t: Trace = { verdict: o.verdict, hops: walk.hops, notes: walk.notes, recent: walk.recent };
	if (o.deliveredTo) t.deliveredTo = o.deliveredTo;
	if (walk.endpoint) t.endpoint = walk.endpoint;
	if (o.status !== undefined) t.status = o.status;
	return t;
}

function end(e: FlowEnd | string): FlowEnd | null {
	return typeof e === 'string' ? toFlowEnd(e) : e;
}

function protoOf(flow: Flow): Proto {
	return String(flow.protocol ?? 'TCP').toUpperCase() === 'UDP' ? 'UDP' : 'TCP';
}

function noRoute(walk: Walk, why: string): Outcome {
	push(walk, { src: '0.0.0.0', dst: '0.0.0.0', proto: 'TCP', ttl: 64, mark: 0 }, { at: 'flow', kind: 'routing', anchor: {}, note: why });
	return { verdict: 'no-route' };
}

function asSource(walk: Walk, e: FlowEnd): Source | string {
	const w = walk.w;
	switch (e.kind) {
		case 'pod':
		case 'container': {
			const pod = refPod(w.cluster, { kind: 'pod', namespace: e.namespace, name: e.name });
			return pod ? { kind: 'pod', pod } : `There is no pod ${e.namespace}/${e.name}.`;
		}
		case 'workload': {
			const pod = refPod(w.cluster, { kind: REF_KIND_OF_WORKLOAD[e.workload], namespace: e.namespace, name: e.name });
			if (pod) walk.notes.push(`${formatEnd(e)} stands for its first pod, ${pod.id}.`);
			return pod ? { kind: 'pod', pod } : `There is no ${e.workload} ${e.namespace}/${e.name} with pods.`;
		}
		case 'node': {
			const r = resolveRef(w.cluster, { kind: 'node', name: e.name });
			return r?.kind === 'node' ? { kind: 'host', node: r.node } : `There is no node ${e.name}.`;
		}
		case 'external':
			return isIPv4(e.ip) ? { kind: 'external', ip: e.ip } : `external/${e.ip}: give an IPv4 address.`;
		default:
			return `${formatEnd(e)} cannot be a source: use pod/, container/, node/ or external/.`;
	}
}

function run(walk: Walk, flow: Flow, opts: TraceOptions): Outcome {
	const from = end(flow.from);
	const to = end(flow.to);
	if (!from) return noRoute(walk, `'${String(flow.from)}' is not a REF (pod/NS/NAME, container/NS/POD/CONTAINER, node/NAME, external/IP, …).`);
	if (!to) return noRoute(walk, `'${String(flow.to)}' is not a REF (pod/NS/NAME, svc/NS/NAME, node/NAME, external/IP, dns/NAME, url/http://host/path, …).`);
	const src = asSource(walk, from);
	if (typeof src === 'string') return noRoute(walk, src);
	if (walk.w.cluster.nodes.length === 0) return noRoute(walk, 'The cluster has no nodes.');
	const proto = protoOf(flow);
	const w = walk.w;

	if (to.kind === 'container') return localhost(walk, from, to, flow);
	// A pod's own addresses (127.0.0.0/8 on lo, its pod IP on eth0) are in its
	// local routing table: such packets never leave its network namespace.
	const me = src.kind === 'pod' && !src.pod.hostNetwork ? src.pod : undefined;
	const sender = from.kind === 'container' ? from.container : undefined;
	if (me && sender && !me.containers.some((c) => c.name === sender)) return noRoute(walk, `Pod ${me.id} has no container ${sender}.`);
	const ownDst = (ip: string) => !!me && isOwnAddress(me, ip);

	switch (to.kind) {
		case 'pod':
		case 'workload': {
			const t = asSource(walk, to);
			if (typeof t === 'string' || t.kind !== 'pod') return noRoute(walk, typeof t === 'string' ? t : 'not a pod');
			const port = flow.port ?? t.pod.containers[0]?.ports[0]?.containerPort ?? 80;
			if (me && !t.pod.hostNetwork && t.pod.ip === me.ip) return localPath(walk, me, sender, me.ip, port, proto);
			return connection(walk, src, t.pod.ip, port, proto, opts, true);
		}
		case 'svc': {
			const r = resolveRef(w.cluster, { kind: 'svc', namespace: to.namespace, name: to.name });
			const svc = r?.kind === 'svc' ? r.service : null;
			if (!svc) return noRoute(walk, `There is no Service ${to.namespace}/${to.name}.`);
			walk.svcRefs = svcRefs(svc, flow.port);
			if (to.byName || svc.headless || svc.type === 'ExternalName') {
				const sameNs = src.kind === 'pod' && src.pod.namespace === svc.namespace;
				return byName(walk, src, sameNs ? svc.name : `${svc.name}.${svc.namespace}`, flow.port ?? svc.ports[0]?.port ?? 80, proto, opts);
			}
			const sp = flow.port !== undefined ? svc.ports.find((p) => p.port === flow.port || p.nodePort === flow.port) : svc.ports.find((p) => p.protocol === proto) ?? svc.ports[0];
			const port = sp?.port ?? flow.port ?? 80;
			if (src.kind === 'external') {
				if (svc.type === 'LoadBalancer' && svc.loadBalancerIPs.length) return connection(walk, src, svc.loadBalancerIPs[0], port, proto, opts, true);
				if (svc.externalIPs.length) return connection(walk, src, svc.externalIPs[0], port, proto, opts, true);
				if ((svc.type === 'NodePort' || svc.type === 'LoadBalancer') && sp?.nodePort) {
					const node = (opts.viaNode && w.nodesByName.get(opts.viaNode)) || w.cluster.nodes[walk.rng.int(0, w.cluster.nodes.length - 1)];
					walk.notes.push(`The client calls NodePort ${sp.nodePort} on ${node.name} (${node.ip}).`);
					return connection(walk, src, node.ip, sp.nodePort, proto, opts, true);
				}
			}
			if (!svc.clusterIP) return noRoute(walk, `Service ${svc.id} has no ClusterIP.`);
			return connection(walk, src, svc.clusterIP, port, proto, opts, true);
		}
		case 'dns':
			return byName(walk, src, to.name, flow.port ?? 80, proto, opts, sender);
		case 'url': {
			const port = to.port ?? (to.scheme === 'https' ? 443 : 80);
			if (src.kind === 'external') return ingress(walk, src, to.host, port, flow.path ?? to.path, flow, opts);
			if (isIPv4(to.host)) return ownDst(to.host) ? localPath(walk, me!, sender, to.host, port, 'TCP') : connection(walk, src, to.host, port, 'TCP', opts, true);
			return byName(walk, src, to.absolute ? `${to.host}.` : to.host, port, 'TCP', opts, sender);
		}
		case 'ingress': {
			const ing = w.cluster.ingresses.find((i) => i.namespace === to.namespace && i.name === to.name);
			if (!ing) return noRoute(walk, `There is no Ingress ${to.namespace}/${to.name}.`);
			const rule = ing.rules[0];
			const host = rule?.host ?? 'example.com';
			if (src.kind !== 'external') return noRoute(walk, 'An Ingress is entered from outside: use --from external/IP.');
			return ingress(walk, src, host, 80, flow.path ?? rule?.paths[0]?.path ?? '/', flow, opts);
		}
		case 'node': {
			const node = w.nodesByName.get(to.name);
			if (!node) return noRoute(walk, `There is no node ${to.name}.`);
			const svc = w.cluster.services.find((s) => s.ports.some((p) => p.nodePort === flow.port));
			if (svc) walk.svcRefs = svcRefs(svc, flow.port);
			return connection(walk, src, node.ip, flow.port ?? 22, proto, opts, true);
		}
		case 'external': {
			if (!isIPv4(to.ip)) return noRoute(walk, `external/${to.ip}: give an IPv4 address.`);
			if (ownDst(to.ip)) return localPath(walk, me!, sender, to.ip, flow.port ?? 80, proto);
			const svc = w.cluster.services.find((s) => s.loadBalancerIPs.includes(to.ip) || s.externalIPs.includes(to.ip) || s.clusterIP === to.ip);
			if (svc) walk.svcRefs = svcRefs(svc, flow.port);
			return connection(walk, src, to.ip, flow.port ?? 80, proto, opts, true);
		}
	}
	return noRoute(walk, 'Unsupported flow.');
}

function svcRefs(svc: Service, port?: number) {
	const sp = svc.ports.find((p) => p.port === port || p.nodePort === port) ?? svc.ports[0];
	return [svc.source, ...(sp?.source ? [sp.source] : [])];
}

function outcomeOf(e: End): Outcome {
	if (e.status !== 'delivered') return { verdict: e.status };
	const t = e.to;
	return { verdict: 'delivered', deliveredTo: t.kind === 'pod' ? `pod/${t.pod.id}` : t.kind === 'host' ? `node/${t.node.name}` : `external/${t.ip}` };
}

/** The connection's first packet and, when it arrived, the reply. */
function connection(walk: Walk, src: Source, dst: string, port: number, proto: Proto, opts: TraceOptions, withReply: boolean): Outcome {
	walk.leg = 'request';
	const e = connect(walk, src, dst, port, proto, { viaNode: opts.viaNode });
	const o = outcomeOf(e);
	if (withReply && e.status === 'delivered') {
		walk.leg = 'reply';
		replyTo(walk, e);
		walk.leg = 'request';
	}
	return o;
}

function byName(walk: Walk, src: Source, name: string, port: number, proto: Proto, opts: TraceOptions, sender?: string): Outcome {
	if (src.kind !== 'pod' || src.pod.hostNetwork) {
		if (src.kind === 'external') return noRoute(walk, `A client outside the cluster cannot use the cluster DNS to resolve ${name}.`);
		return noRoute(walk, `${name}: only pods (dnsPolicy ClusterFirst) use the cluster DNS; the node's own /etc/resolv.conf does not — simplified: not traced.`);
	}
	const pod = src.pod;
	// nsswitch.conf `hosts: files dns`: the kubelet-managed /etc/hosts comes first.
	const hosts = hostsFile(walk.w.cluster, pod);
	const fromHosts = hostsLookup(hosts, name);
	if (fromHosts) {
		walk.leg = 'dns';
		push(walk, { src: pod.ip, dst: fromHosts, proto, ttl: 64, mark: 0 }, {
			at: `pod ${pod.id} · resolver (/etc/hosts)`,
			kind: 'dns',
			anchor: { node: pod.node, pod: pod.id },
			rule: hosts.text,
			note: `${pod.name} looks up "${name}". nsswitch.conf says \`hosts: files dns\`, so /etc/hosts (written by the kubelet) is read first, and it has ${name} → ${fromHosts}. No DNS query is sent: CoreDNS never sees this name.`,
			refs: [pod.source]
		});
		walk.leg = 'request';
		if (isOwnAddress(pod, fromHosts)) return localPath(walk, pod, sender, fromHosts, port, proto);
		return connection(walk, src, fromHosts, port, proto, opts, true);
	}
	const r = resolve(walk, pod, name);
	if (r.failed) {
		walk.notes.push(`The DNS query to ${walk.w.cluster.settings.clusterDNS}:53 did not reach CoreDNS.`);
		return { verdict: r.failed.status === 'delivered' ? 'no-route' : r.failed.status };
	}
	if (!r.final || r.addresses.length === 0) {
		const asked = r.answers.map((a) => a.query);
		push(walk, { src: pod.ip, dst: resolvConf(walk.w.cluster, pod.namespace).nameserver, dport: 53, proto: 'UDP', ttl: 64, mark: 0 }, {
			at: `pod ${pod.id} · resolver`,
			kind: 'dns',
			anchor: { node: pod.node, pod: pod.id },
			note: r.final
				? `"${name}" did not resolve: ${r.final.query} exists but has no address (no ready endpoints). The application gets "could not resolve host" and sends nothing.`
				: `"${name}" did not resolve: every name the resolver asked (${asked.join(', ')}) got NXDOMAIN. The application gets "could not resolve host" (EAI_NONAME) and sends nothing.`
		});
		return { verdict: 'no-route' };
	}
	if (r.final.service) walk.svcRefs = svcRefs(r.final.service, port);
	const ip = r.addresses[0];
	if (r.addresses.length > 1) walk.notes.push(`DNS returned ${r.addresses.length} addresses; the client uses the first, ${ip}.`);
	const sp = r.final.kind === 'service' ? r.final.service?.ports.find((p) => p.port === port) : undefined;
	if (r.final.kind === 'service' && !sp && r.final.service?.ports.length) walk.notes.push(`Service ${r.final.service.id} has no port ${port}.`);
	return connection(walk, src, ip, port, proto, opts, true);
}

/** External client → Ingress controller → backend. */
function ingress(walk: Walk, src: Source & { kind: 'external' }, host: string, port: number, path: string, flow: Flow, opts: TraceOptions): Outcome {
	const w = walk.w;
	const ctl = w.ingressService;
	if (!ctl || w.cluster.ingresses.length === 0) {
		const ip = host;
		if (isIPv4(ip)) return connection(walk, src, ip, port, 'TCP', opts, true);
		return noRoute(walk, `No Ingress in the input serves ${host}; without one, ${host} does not lead into this cluster.`);
	}
	const vip = ctl.loadBalancerIPs[0];
	const synth = w.synthesized.has(ctl.id);
	push(walk, { src: src.ip, dst: vip, proto: 'UDP', ttl: 64, mark: 0 }, {
		at: `internet · public DNS`,
		kind: 'dns',
		anchor: { actor: 'upstream-dns' },
		note: `The client resolves ${host} with public DNS; the record points at the ingress controller's load balancer ${vip}.`,
		dns: [{ query: `${host}.`, type: 'A', rcode: 'NOERROR', answers: [vip] }],
		simplified: 'Public DNS is not traced: the name is assumed to point at the ingress load balancer.'
	});
	walk.svcRefs = [ctl.source];
	walk.leg = 'request';
	const first = connect(walk, src, vip, port, 'TCP', { viaNode: opts.viaNode });
	if (first.status !== 'delivered' || first.to.kind !== 'pod') return outcomeOf(first);
	const ctlPod = first.to.pod;
	const m = matchIngress(w.cluster.ingresses, host, path);
	const headers: Record<string, string> = { Host: host, ...(flow.headers ?? {}), 'X-Forwarded-For': first.pkt.src, 'X-Real-IP': first.pkt.src, 'X-Forwarded-Host': host, 'X-Forwarded-Proto': port === 443 ? 'https' : 'http' };
	const method = flow.method ?? 'GET';
	const synthNote = synth ? `No ingress controller in the input: Hopscope synthesised ${ctl.id} (type LoadBalancer, externalTrafficPolicy Local, as the upstream cloud manifests ship it) and its pod.` : undefined;
	// Trace.endpoint is the backend the controller proxies to, not the controller itself.
	walk.endpoint = undefined;
	if (!m) {
		push(walk, first.pkt, {
			at: `pod ${ctlPod.id} · nginx`,
			kind: 'ingress-controller',
			anchor: { node: ctlPod.node, pod: ctlPod.id },
			note: `No Ingress rule matches host ${host} and path ${path}, and there is no defaultBackend: the controller's default server answers 404 Not Found.`,
			http: { method, host, path, headers, status: 404 },
			refs: w.cluster.ingresses.map((i) => i.source),
			simplified: synthNote
		});
		return { verdict: 'rejected', status: 404, deliveredTo: `pod/${ctlPod.id}` };
	}
	const svcId = m.backend.serviceId ?? (m.backend.service ? `${m.ingress.namespace}/${m.backend.service.name}` : undefined);
	const svc = svcId ? w.cluster.services.find((s) => s.id === svcId) : undefined;
	const sp = svc ? backendPort(svc, m.backend.service?.port) : undefined;
	const upstream = m.ingress.annotations['nginx.ingress.kubernetes.io/service-upstream'] === 'true';
	const eps = svc && sp ? svc.endpoints.filter((e) => e.ready && e.portName === sp.name && e.protocol === sp.protocol) : [];
	const pick = eps.length ? eps[walk.rng.int(0, eps.length - 1)] : undefined;
	const status = !svc || !sp ? 503 : !upstream && !pick ? 503 : undefined;
	push(walk, first.pkt, {
		at: `pod ${ctlPod.id} · nginx`,
		kind: 'ingress-controller',
		anchor: { node: ctlPod.node, pod: ctlPod.id },
		rule: m.path ? `${m.ingress.id}: host ${m.host ?? '*'} path ${m.path.path} (${m.path.pathType}) → ${m.backend.service?.name ?? '?'}:${m.backend.service?.port ?? '?'}` : `${m.ingress.id}: defaultBackend → ${m.backend.service?.name ?? '?'}`,
		note:
			`The controller terminates the client's TCP connection and reads the HTTP request: ${method} ${host}${path}. It matches ${m.why}. ` +
			(status
				? `But ${!svc ? `Service ${svcId ?? '?'} does not exist` : !sp ? `Service ${svc.id} has no port ${String(m.backend.service?.port)}` : `Service ${svc.id} has no ready endpoints`}: 503 Service Unavailable.`
				: upstream
					? `service-upstream is on: it opens a new connection to the Service's ClusterIP ${svc!.clusterIP}:${sp!.port}, so kube-proxy picks the pod.`
					: `It opens a NEW connection straight to an endpoint from the EndpointSlices, ${pick!.ip}:${pick!.port} (round robin), bypassing the ClusterIP. X-Forwarded-For carries the client address ${first.pkt.src}.`),
		http: { method, host, path, headers, ...(status ? { status } : {}) },
		refs: m.refs,
		simplified: synthNote
	});
	if (status || !svc || !sp) return { verdict: 'rejected', status, deliveredTo: `pod/${ctlPod.id}` };
	walk.svcRefs = svcRefs(svc, sp.port);
	// service-upstream: kube-proxy's DNAT on the second connection sets the endpoint.
	if (!upstream || !svc.clusterIP) walk.endpoint = addr(pick!.ip, pick!.port);
	const second = upstream && svc.clusterIP ? connect(walk, { kind: 'pod', pod: ctlPod }, svc.clusterIP, sp.port, 'TCP') : connect(walk, { kind: 'pod', pod: ctlPod }, pick!.ip, pick!.port, 'TCP');
	const o = outcomeOf(second);
	if (second.status === 'delivered') {
		walk.leg = 'reply';
		replyTo(walk, second);
		replyTo(walk, first);
		walk.leg = 'request';
	}
	return o;
}

/** Two containers of one pod: one network namespace (held by the pause container), the lo interface. */
function localhost(walk: Walk, from: FlowEnd, to: FlowEnd & { kind: 'container' }, flow: Flow): Outcome {
	const w = walk.w;
	if (from.kind !== 'container' && from.kind !== 'pod') return noRoute(walk, 'localhost is only reachable from a container of the same pod.');
	const pod = refPod(w.cluster, { kind: 'pod', namespace: from.namespace, name: from.name });
	if (!pod) return noRoute(walk, `There is no pod ${from.namespace}/${from.name}.`);
	if (to.namespace !== pod.namespace || to.name !== pod.name) {
		push(walk, { src: '127.0.0.1', dst: '127.0.0.1', proto: 'TCP', ttl: 64, mark: 0 }, { at: `pod ${pod.id} · lo`, kind: 'localhost', anchor: { pod: pod.id, device: 'lo' }, note: `localhost only reaches containers of the same pod; ${to.namespace}/${to.name} is another pod with its own network namespace — address it by pod IP or a Service.` });
		return { verdict: 'no-route' };
	}
	const target = pod.containers.find((c) => c.name === to.container);
	if (!target) return noRoute(walk, `Pod ${pod.id} has no container ${to.container}.`);
	const sender = from.kind === 'container' ? from.container : undefined;
	if (sender && !pod.containers.some((c) => c.name === sender)) return noRoute(walk, `Pod ${pod.id} has no container ${sender}.`);
	const port = flow.port ?? target.ports[0]?.containerPort ?? 80;
	return localPath(walk, pod, sender, '127.0.0.1', port, protoOf(flow), target);
}

/** 127.0.0.0/8 and the pod's own IP: the addresses in the pod namespace's `local` routing table. */
function isOwnAddress(pod: Pod, ip: string): boolean {
	return cidrContains('127.0.0.0/8', ip) || (!!pod.ip && ip === pod.ip);
}

/**
 * A packet to one of the pod's own addresses (flow 9): the routing lookup hits
 * the `local` table, so the kernel delivers it inside the pod's network
 * namespace over lo — no eth0, veth, bridge or node iptables.
 */
function localPath(walk: Walk, pod: Pod, sender: string | undefined, dst: string, port: number, proto: Proto, target?: Container): Outcome {
	walk.leg = 'request';
	const loopback = cidrContains('127.0.0.0/8', dst);
	const fromC = sender ?? pod.containers[0]?.name ?? 'app';
	// source address selection: the route's `src` (127.0.0.1 on lo, the pod IP for its own address)
	const src = loopback ? '127.0.0.1' : dst;
	const p = { src, sport: walk.rng.int(32768, 60999), dst, dport: port, proto, ttl: 64, mark: 0 };
	const anchor = { node: pod.node, pod: pod.id, device: 'lo' };
	const shared = `All containers of a pod share one network namespace — created and held by the pause container — so they share eth0 (${pod.ip}), the port space and lo.`;
	push(walk, p, {
		at: `pod ${pod.id} · container ${fromC}`,
		kind: 'localhost',
		anchor: { node: pod.node, pod: pod.id },
		rule: loopback ? 'local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1' : `local ${dst} dev eth0 table local proto kernel scope host src ${dst}`,
		note: loopback
			? `Container ${fromC} connects to ${dst === '127.0.0.1' ? 'localhost' : dst}:${port}. ${shared}`
			: `Container ${fromC} connects to ${addr(dst, port)}, the pod's own IP. The kernel looks in the \`local\` routing table first, where every address of this network namespace has a \`local\` entry: ${dst} is this host's own address, so the packet is delivered locally (scope host) instead of being sent out of eth0. ${shared}`,
		refs: [pod.source]
	});
	push(walk, p, {
		at: `pod ${pod.id} · lo`,
		kind: 'localhost',
		anchor,
		note: loopback
			? `The packet goes through the loopback interface lo: it never reaches eth0, the veth, the bridge or iptables on the node.`
			: `Locally delivered packets are transmitted on the loopback device lo, even to eth0's address: the packet never reaches the veth, the bridge or iptables on the node.`
	});
	const listener = target ?? pod.containers.find((c) => c.ports.some((cp) => cp.containerPort === port && (cp.protocol ?? 'TCP') === proto)) ?? pod.containers.find((c) => c.ports.some((cp) => cp.containerPort === port));
	push(walk, p, {
		at: `pod ${pod.id} · container ${listener?.name ?? '?'}`,
		kind: 'localhost',
		anchor: { node: pod.node, pod: pod.id },
		note: listener
			? `Container ${listener.name} is listening on port ${port} and accepts the connection.`
			: `No container declares port ${port}; if none listens, the kernel answers ${proto === 'UDP' ? 'ICMP port unreachable' : 'RST (connection refused)'}.`
	});
	walk.leg = 'reply';
	push(walk, { ...p, src: p.dst, sport: p.dport, dst: p.src, dport: p.sport }, { at: `pod ${pod.id} · lo`, kind: 'localhost', anchor, note: 'The reply comes back over lo the same way.' });
	walk.leg = 'request';
	return { verdict: 'delivered', deliveredTo: `pod/${pod.id}` };
}

/** `ip:port` helpers for callers that print traces. */
export { addr };
