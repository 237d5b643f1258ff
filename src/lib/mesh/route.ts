// route(cluster, request): which VirtualService rule an Envoy applies to one
// HTTP (or TCP/TLS) request, which destination, subset, pod and TLS mode it
// picks, which faults and mirrors fire, the data-plane hops, and the response
// (status, Envoy response flags, duration). One request, one seeded draw.
//
// Envoy semantics modelled (and checked against the Istio/Envoy docs):
//  - rules in order, first match wins; no rule matches → 404 NR;
//  - no VirtualService for the host → the default route to the whole Service;
//  - missing cluster (unknown host, undefined subset, port not on the
//    Service) → 503 NC; cluster without endpoints → 503 UH;
//  - fault filter runs before the router: an abort answers at once (flag FI),
//    a delay (flag DI) is served BEFORE the route timeout starts — the router's
//    timer begins only when the router sees the request, so a 5 s delay with a
//    2 s timeout succeeds after ~5 s, and fails (504 UT) after 7 s only when the
//    upstream itself needs ≥ 2 s;
//  - ISTIO_MUTUAL towards a pod without a sidecar → 503 UF (the server cannot
//    speak mTLS and resets the connection).
import type { Cluster, IstioGateway, Pod, Service } from '../model';
import type {
	HttpRetry,
	HttpRouteRule,
	L4RouteRule,
	MeshHop,
	MeshLink,
	MeshRef,
	MirrorOutcome,
	PickedDestination,
	RouteDestination,
	RouteLeg,
	RouteOptions,
	RouteRequest,
	RouteResult,
	TrafficPolicy
} from './types';
import { formatMs, makeRng, pickWeighted, type Rng } from '../util';
import { lookupHost, resolveClientHost, serviceFqdn, virtualHostDomains, type HostTarget, type NxDomain } from './hosts';
import { describeLb, lbPolicy, tlsMode, ROOT_NAMESPACE } from './policy';
import { envoyRetryPolicy, isRetriable } from './retry';
import { chooseDestinationRule, chooseRoute, chooseUpstream, defaultPort, isHttpRule, normalizeRequest, type RouteInput } from './upstream';
import { regexRewrite } from './match';
import { pickEndpoint, type LbEndpoint } from './lb';
import { INBOUND_RULES, OUTBOUND_RULES, hop, inboundCluster, istioSni, outboundCluster, proxyName } from './hops';
import { resolveClient, type Client } from './client';
import { findGateways, gatewayPod, serversFor } from './gateway';
import { matchesLabels } from '../model';
import { clientTls, gatewayServerMtls, linkVerdict, serverMtls, type LinkVerdict, type ServerMtls } from './peerauth';
import { enforce, type Caller, type Enforced } from './enforce';
import { hasAuthz, workloadOf, type AuthzRequest, type AuthzWorkload } from './authz';
import { CONNECT_TIMEOUT_MS, l34Drop } from './netpol';

export const DEFAULT_LATENCY_MS = 10;
const MAX_LEGS = 3;

/** The Envoy making a decision: a client sidecar or a gateway. */
interface Proxy {
	name: string;
	pod: Pod | null;
	namespace: string;
	labels: Record<string, string> | null;
	ip: string;
	/** `mesh` or the Gateway id */
	gateway: string;
}

type Normalized = RouteInput;

interface Leg {
	proxy: Proxy;
	port: number;
	vs: string | null;
	rule: HttpRouteRule | L4RouteRule | null;
	ruleFile: string | null;
	whyNot: { rule: number; reason: string }[];
	destinations: RouteDestination[];
	picked: RouteDestination | null;
	cluster: string | null;
	dr: string | null;
	policy: TrafficPolicy;
	lb: string;
	pods: string[];
	endpoint: LbEndpoint | null;
	endpointPod: Pod | null;
	delayMs: number;
	abort: number | null;
	timeoutMs: number | null;
	retries: HttpRetry | null;
	mirrors: MirrorOutcome[];
	tls: { mode: string; source: string };
	/** failure that ends the request at this leg (afterMs: how long the client waits for it) */
	fail: { status: number; flags: string[]; detail: string; afterMs?: number } | null;
	redirect: { status: number; location: string } | null;
	rewrite: { path?: string; authority?: string } | null;
	nextGateway: IstioGateway | null;
	/** the gateway pod behind nextGateway (synthesised when the input has none) */
	nextGatewayPod: GatewayPodInfo | null;
	target: HostTarget | null;
	/** transport security of the upstream connection (null: never connected) */
	link: MeshLink | null;
	/** the server Envoy's authorization decision (null: no Envoy there, or never reached) */
	authz: Enforced | null;
}

type GatewayPodInfo = ReturnType<typeof gatewayPod>;

function ref(kind: string, o: { namespace: string; name: string; source?: { file: string; line: number } }, line?: number): MeshRef {
	const r: MeshRef = { kind, namespace: o.namespace, name: o.name };
	if (o.source) {
		r.file = o.source.file;
		r.line = line ?? o.source.line;
	}
	return r;
}

function servicePort(svc: Service, port: number | undefined) {
	if (port === undefined) return svc.ports.length === 1 ? svc.ports[0] : null;
	return svc.ports.find((p) => p.port === port) ?? null;
}

function latencyOf(opts: RouteOptions, host: string, subset: string | null): number {
	const l = opts.latencyMs;
	if (typeof l === 'function') return l(host, subset);
	return l ?? DEFAULT_LATENCY_MS;
}

function emptyLeg(proxy: Proxy, port: number): Leg {
	return {
		proxy,
		port,
		vs: null,
		rule: null,
		ruleFile: null,
		whyNot: [],
		destinations: [],
		picked: null,
		cluster: null,
		dr: null,
		policy: {},
		lb: 'LEAST_REQUEST',
		pods: [],
		endpoint: null,
		endpointPod: null,
		delayMs: 0,
		abort: null,
		timeoutMs: null,
		retries: null,
		mirrors: [],
		tls: { mode: 'plaintext', source: 'none' },
		fail: null,
		redirect: null,
		rewrite: null,
		nextGateway: null,
		nextGatewayPod: null,
		target: null,
		link: null,
		authz: null
	};
}

export function route(cluster: Cluster, request: RouteRequest, opts: RouteOptions = {}): RouteResult {
	const rng = makeRng(opts.seed ?? 1);
	const rr = opts.rrState ?? new Map<string, number>();
	const req = normalizeRequest(request);
	const client = resolveClient(cluster, request.from);
	const notes: string[] = [];
	const hops: MeshHop[] = [];
	const domain = cluster.settings.clusterDomain;
	if (client.kind === 'synthetic') notes.push("simplified: no 'from' given: a sidecar-injected client pod in namespace default is assumed");

	// the first Envoy: the client's sidecar, or the ingress gateway
	let proxy: Proxy;
	let port: number;
	let first: HostTarget;
	let gatewayId: string | null = null;
	if (client.kind === 'ingress') {
		port = request.port ?? 80;
		const gws = findGateways(cluster, port, req.host, request.gateway);
		first = { kind: 'external', fqdn: req.host };
		if (gws.length === 0) {
			hops.push(hop('internet', 'network', client.ip, `${req.host}:${port}`, `no Gateway server listens on port ${port} for host ${req.host}: the ingress gateway has no listener, the connection is refused`));
			return finish(client, first, port, [], hops, notes, { status: 0, flags: [], durationMs: 0, detail: 'connection refused: no Gateway server for this port and host' }, null);
		}
		const gw = gws[0];
		gatewayId = gw.id;
		const gp = gatewayPod(cluster, gw);
		if (gp.synthesized) notes.push(`simplified: the input has no pod matching Gateway ${gw.id}'s selector; a gateway pod ${gp.name} is synthesised`);
		proxy = { name: proxyName(gp.name), pod: gp.pod, namespace: gp.pod?.namespace ?? 'istio-system', labels: gp.labels, ip: gp.ip, gateway: gw.id };
		hops.push(
			hop('internet', 'network', `${client.ip}`, `${req.host}:${port}`, `client → the istio-ingressgateway Service (LoadBalancer/NodePort) → gateway pod ${gp.name}`, {
				refs: [ref('Gateway', gw)]
			})
		);
		hops.push(
			hop(proxy.name, 'listener', client.ip, `${gp.ip}:${port}`, `Gateway ${gw.id} server port ${port} (${serversFor(gw, port, req.host)[0]?.port.protocol ?? 'HTTP'}) → listener 0.0.0.0_${port}, route config http.${port}`, {
				rule: `0.0.0.0_${port}`,
				refs: [ref('Gateway', gw, serversFor(gw, port, req.host)[0]?.source?.line)]
			})
		);
		notes.push('simplified: the gateway listener is named after the Gateway server port; Istio binds to the gateway Service targetPort (e.g. 80 → 8080)');
		// the gateway's own Envoy enforces the AuthorizationPolicies that select it (the caller is the internet: no principal)
		const atGateway = hasAuthz(cluster) && enforce(cluster, {
			workload: { namespace: proxy.namespace, labels: gp.labels, name: gp.name },
			proxy: proxy.name,
			caller: { pod: null, ip: client.ip },
			mtls: false,
			plaintextBecause: 'a client from the internet has no mesh certificate',
			request: authzRequest(req, port, gp.ip, port, null),
			dst: `${gp.ip}:${port}`
		});
		if (atGateway && atGateway.hop) {
			hops.push(atGateway.hop);
			notes.push("simplified: the gateway sees the client's own address as source.ip (as with externalTrafficPolicy: Local); behind kube-proxy's SNAT it would see a node IP — Istio's ingress task then matches remoteIpBlocks against X-Forwarded-For");
		}
		if (atGateway && atGateway.fail) {
			const leg = emptyLeg(proxy, port);
			leg.authz = atGateway;
			leg.fail = atGateway.fail;
			hops.push(hop(proxy.name, 'response', '', '', `HTTP ${atGateway.fail.status}: ${atGateway.fail.detail}`));
			return finish(client, first, port, [leg], hops, notes, { status: atGateway.fail.status, flags: [], durationMs: 0, detail: atGateway.fail.detail }, gatewayId);
		}
	} else {
		const resolved = resolveClientHost(cluster, req.host, client.namespace);
		if (resolved.kind === 'nxdomain') return nxdomain(cluster, client, resolved, request.port ?? 80, req, hops, notes);
		first = resolved;
		port = request.port ?? defaultPort(first);
		const podName = client.pod?.id ?? 'default/client (synthetic)';
		proxy = { name: proxyName(podName), pod: client.pod, namespace: client.namespace, labels: client.labels, ip: client.ip, gateway: 'mesh' };
		hops.push(hop(podName, 'app', `${client.ip}`, `${req.host}:${port}`, `the app calls ${req.protocol === 'http' ? `${req.method} http://${req.host}:${port}${req.path}` : `${req.host}:${port} (${req.protocol})`}`));
		hops.push(hop(podName, 'dns', podName, req.host, dnsNote(first, req.host)));
		if (!client.sidecar) return bypass(cluster, client, first, port, req, hops, notes, rng);
		hops.push(hop(podName, 'iptables', `${client.ip}`, `${targetAddr(first)}:${port}`, 'nat OUTPUT: outbound TCP from the app (not uid 1337, not to 127.0.0.1) is redirected to Envoy', { rule: OUTBOUND_RULES }));
		hops.push(
			hop(proxy.name, 'listener', `${client.ip}`, `127.0.0.1:15001`, `virtualOutbound 0.0.0.0:15001 hands the connection (original destination ${targetAddr(first)}:${port}) to listener 0.0.0.0_${port}`, {
				rule: 'virtualOutbound'
			})
		);
	}

	const legs: Leg[] = [];
	let target: HostTarget = first;
	for (let i = 0; i < MAX_LEGS; i++) {
		const leg = decide(cluster, proxy, target, port, req, rng, rr, hops, notes);
		legs.push(leg);
		if (leg.fail || leg.redirect || !leg.nextGateway || leg.abort !== null) break;
		// the picked pod is a gateway (e.g. istio-egressgateway): its Envoy decides again
		const gw = leg.nextGateway;
		const gp = leg.nextGatewayPod ?? gatewayPod(cluster, gw);
		proxy = { name: proxyName(gp.name), pod: gp.pod, namespace: gp.pod?.namespace ?? 'istio-system', labels: gp.labels, ip: gp.ip, gateway: gw.id };
		port = gatewayServerPort(gw, req.host, leg.endpoint?.port ?? port);
		target = { kind: 'external', fqdn: req.host };
		const server = serversFor(gw, port, req.host)[0];
		if (!gp.pod) hops.push(hop(gp.name, 'network', leg.proxy.ip, `${gp.ip}:${port}`, `to the ${gw.selector.istio === 'egressgateway' ? 'egress' : ''} gateway pod ${gp.name} (synthesised)`));
		hops.push(
			hop(proxy.name, 'listener', leg.proxy.ip, `${proxy.ip}:${port}`, `Gateway ${gw.id} server port ${port} (${server?.port.protocol ?? 'HTTP'}) accepts ${req.host} → listener 0.0.0.0_${port}, route config http.${port}${leg.link?.state === 'mtls' ? ' (terminates mTLS)' : ''}`, {
				rule: `0.0.0.0_${port}`,
				refs: [ref('Gateway', gw, server?.source?.line)]
			})
		);
		if (leg.authz?.hop) hops.push(leg.authz.hop);
	}

	const response = compose(legs, opts);
	appendInbound(legs[legs.length - 1], response, hops);
	hops.push(hop(legs[0].proxy.name, 'response', '', '', `${response.status === 0 ? 'no response' : `HTTP ${response.status}`}${response.flags.length ? ` (flags ${response.flags.join(',')})` : ''} after ${formatMs(response.durationMs)}: ${response.detail}`));
	return finish(client, first, legs[0].port, legs, hops, notes, response, gatewayId);
}

/** The resolver got NXDOMAIN for every name on the search list: no connection, no Envoy, no response. */
function nxdomain(cluster: Cluster, client: Client, nx: NxDomain, port: number, req: Normalized, hops: MeshHop[], notes: string[]): RouteResult {
	const podName = client.pod?.id ?? 'default/client (synthetic)';
	hops.push(hop(podName, 'app', `${client.ip}`, `${req.host}:${port}`, `the app calls ${req.protocol === 'http' ? `${req.method} http://${req.host}:${port}${req.path}` : `${req.host}:${port} (${req.protocol})`}`));
	hops.push(hop(podName, 'dns', podName, req.host, `DNS: ${nx.tried.join(', ')} → NXDOMAIN for each (search list of namespace ${client.namespace}): no such host`));
	notes.push(`${req.host} does not resolve from namespace ${client.namespace}: a bare Service name only reaches Services in the client's own namespace (use name.namespace), and names under .svc.${cluster.settings.clusterDomain} exist only for Services that do`);
	const response = { status: 0, flags: [] as string[], durationMs: 0, detail: `DNS lookup of ${req.host} failed: NXDOMAIN` };
	return finish(client, nx, port, [], hops, notes, response, null);
}

function targetAddr(t: HostTarget): string {
	if (t.kind === 'service') return t.service.clusterIP ?? t.fqdn;
	if (t.kind === 'serviceEntry') return t.entry.addresses[0] ?? t.fqdn;
	return t.fqdn;
}

function dnsNote(t: HostTarget, host: string): string {
	if (t.kind === 'service') return `DNS: ${host} → ${t.fqdn} → ${t.service.clusterIP ?? 'pod IPs (headless)'}`;
	if (t.kind === 'serviceEntry') return `DNS: ${host} is a ServiceEntry host (${t.entry.namespace}/${t.entry.name}); resolved by upstream DNS`;
	return `DNS: ${host} is not a cluster Service; resolved by upstream DNS`;
}

/** A client without a sidecar: no Envoy, no VirtualService — kube-proxy picks any endpoint. */
function bypass(cluster: Cluster, client: Client, t: HostTarget, port: number, req: Normalized, hops: MeshHop[], notes: string[], rng: Rng): RouteResult {
	const podName = client.pod?.id ?? '';
	notes.push('the client pod has no istio-proxy sidecar: VirtualService and DestinationRule rules do not apply; kube-proxy balances over all endpoints');
	const leg = emptyLeg({ name: podName, pod: client.pod, namespace: client.namespace, labels: client.labels, ip: client.ip, gateway: 'mesh' }, port);
	leg.target = t;
	if (t.kind !== 'service') {
		leg.link = toLink(podName, t.fqdn, linkVerdict('plaintext', false, null, 'external'), null, []);
		hops.push(hop(podName, 'external', client.ip, `${t.fqdn}:${port}`, 'straight out of the pod (node SNAT/MASQUERADE), no mesh involved'));
		const response = { status: 200, flags: [] as string[], durationMs: DEFAULT_LATENCY_MS, detail: 'answered by the external host' };
		return finish(client, t, port, [leg], hops, notes, response, null);
	}
	const sp = servicePort(t.service, port);
	const eps = t.service.endpoints.filter((e) => e.ready && (!sp || e.portName === sp.name));
	leg.pods = [...new Set(eps.map((e) => e.pod).filter((p): p is string => !!p))];
	const ep = eps.length ? eps[Math.floor(rng.next() * eps.length)] : null;
	hops.push(hop(podName, 'kube-proxy', `${client.ip}`, `${t.service.clusterIP}:${port}`, ep ? `KUBE-SERVICES → KUBE-SVC → KUBE-SEP: DNAT to ${ep.ip}:${ep.port}` : 'no ready endpoints: the packet is rejected', { refs: [ref('Service', t.service)] }));
	if (!ep) {
		const response = { status: 0, flags: [] as string[], durationMs: 0, detail: 'connection refused (Service has no endpoints)' };
		return finish(client, t, port, [leg], hops, notes, response, null);
	}
	leg.endpoint = { pod: ep.pod ?? null, ip: ep.ip, port: ep.port };
	leg.picked = { host: t.fqdn, fqdn: t.fqdn, weight: 100, line: 0, path: '' };
	leg.endpointPod = cluster.pods.find((p) => p.id === ep.pod) ?? null;
	const drop = leg.endpointPod ? l34Drop(cluster, { pod: client.pod, ip: client.ip }, leg.endpointPod, ep.port) : null;
	if (drop) {
		hops.push(drop.hop);
		const response = { status: 0, flags: [] as string[], durationMs: CONNECT_TIMEOUT_MS, detail: `connect() times out: ${drop.text}` };
		hops.push(hop(podName, 'response', '', '', `no response: ${response.detail}`));
		notes.push('simplified: the wait is shown as 10 s; the app\'s own connect timeout decides (curl waits about 2 min by default)');
		return finish(client, t, port, [leg], hops, notes, response, null);
	}
	// the app speaks plaintext; a STRICT server sidecar resets it
	const sp2 = leg.endpointPod;
	const server = sp2?.sidecar ? serverMtls(cluster, sp2, ep.port) : null;
	const verdict = linkVerdict('plaintext', false, server, sp2 ? (sp2.sidecar ? 'sidecar' : 'plain') : 'external');
	leg.link = toLink(podName, sp2?.id ?? ep.ip, verdict, server, []);
	if (verdict.fail) leg.fail = verdict.fail;
	else if (sp2?.sidecar && hasAuthz(cluster)) {
		leg.authz = enforce(cluster, {
			workload: workloadOf(sp2),
			proxy: proxyName(sp2.id),
			caller: { pod: client.pod, ip: client.ip },
			mtls: false,
			plaintextBecause: 'the client has no sidecar, so it has no mesh certificate and speaks plaintext',
			request: authzRequest(req, port, ep.ip, ep.port, null),
			dst: `${ep.ip}:${ep.port}`
		});
		if (leg.authz.fail) leg.fail = leg.authz.fail;
	}
	const response = leg.fail
		? { status: leg.fail.status, flags: leg.fail.flags, durationMs: 0, detail: leg.fail.detail }
		: verdict.fail
		? { status: verdict.fail.status, flags: verdict.fail.flags, durationMs: 0, detail: verdict.fail.detail }
		: { status: 200, flags: [] as string[], durationMs: DEFAULT_LATENCY_MS, detail: 'served by the app' };
	appendInbound(leg, response, hops);
	hops.push(hop(podName, 'response', '', '', response.status === 0 ? `no response: ${response.detail}` : `HTTP ${response.status} after ${formatMs(response.durationMs)}`));
	return finish(client, t, port, [leg], hops, notes, response, null);
}

function decide(cluster: Cluster, proxy: Proxy, t: HostTarget, port: number, req: Normalized, rng: Rng, rr: Map<string, number>, hops: MeshHop[], notes: string[]): Leg {
	const leg = emptyLeg(proxy, port);
	leg.target = t;
	const choice = chooseRoute(cluster, proxy, t, port, req);
	const list = choice.virtualServices;
	const vhost = `${t.fqdn}:${port}`;
	const routeConfig = proxy.gateway === 'mesh' ? String(port) : `http.${port}`;
	// a sidecar's virtual host for a Service answers only these Host names (the short name only in the Service's namespace)
	const domains = proxy.gateway === 'mesh' && t.kind === 'service' ? ` (domains ${virtualHostDomains(t.service, proxy.namespace, cluster.settings.clusterDomain).join(', ')})` : '';
	if (!choice.merged && list.length > 1) notes.push(`${list.length} VirtualServices claim ${t.fqdn} for sidecars: only ${list[0].id} is used (Istio does not merge them outside gateways)`);
	leg.retries = choice.retries;
	leg.timeoutMs = choice.timeoutMs;

	if (choice.kind === 'passthrough') {
		// no VirtualService and an unknown host: PassthroughCluster (original destination)
		leg.cluster = 'PassthroughCluster';
		leg.destinations = [];
		hops.push(hop(proxy.name, 'route', proxy.ip, `${t.fqdn}:${port}`, `no Service, ServiceEntry or VirtualService for ${t.fqdn}: outboundTrafficPolicy ALLOW_ANY sends it to PassthroughCluster (original destination)`, { rule: 'PassthroughCluster' }));
		hops.push(hop(proxy.name, 'external', proxy.ip, `${t.fqdn}:${port}`, 'leaves the pod for the internet (node SNAT/MASQUERADE)'));
		leg.link = toLink(proxy.pod?.id ?? proxy.name.replace(/ \(istio-proxy\)$/, ''), t.fqdn, linkVerdict('plaintext', true, null, 'external'), null, []);
		notes.push('simplified: outboundTrafficPolicy is assumed ALLOW_ANY (Istio default); REGISTRY_ONLY is not modelled');
		return leg;
	}
	if (choice.kind === 'default') {
		const d = choice.destinations[0];
		leg.destinations = [d];
		hops.push(hop(proxy.name, 'route', proxy.ip, vhost, `route config ${routeConfig}, virtual host ${vhost}${domains}: no VirtualService, default route to the whole Service`, { rule: `${routeConfig} / ${vhost} / default` }));
		deliver(cluster, leg, d, req, rng, rr, hops, notes);
		return leg;
	}

	leg.whyNot = choice.whyNot;
	leg.vs = choice.match?.virtualService.id ?? list[0].id;
	const vsRefs = list.map((v) => ref('VirtualService', v));
	if (!choice.match) {
		hops.push(hop(proxy.name, 'route', proxy.ip, vhost, `route config ${routeConfig}, virtual host ${vhost}${domains}: no rule of ${list.map((v) => v.id).join(', ')} matches`, { rule: routeConfig, refs: vsRefs }));
		leg.fail = { status: 404, flags: ['NR'], detail: 'no route matched (Envoy answers 404 NR)' };
		return leg;
	}
	const hit = { vsId: choice.match.virtualService.id, file: choice.match.virtualService.source.file, rule: choice.match.rule };
	const rule = hit.rule;
	leg.rule = rule;
	leg.ruleFile = hit.file;
	const vsObj = choice.match.virtualService;
	const ruleRef = ref('VirtualService', vsObj, rule.line);
	const ruleName = 'name' in rule && rule.name ? ` '${rule.name}'` : '';
	hops.push(
		hop(proxy.name, 'route', proxy.ip, vhost, `route config ${routeConfig}, virtual host ${vhost}${domains}: ${hit.vsId} ${req.protocol} rule ${rule.index}${ruleName} matches${rule.matches.length ? '' : ' (no match conditions: catch-all)'}`, {
			rule: `${routeConfig} / ${vhost} / ${hit.vsId} ${req.protocol}[${rule.index}]`,
			refs: [ruleRef]
		})
	);

	if (isHttpRule(rule)) {
		if (rule.redirect) {
			const rd = rule.redirect;
			const location = `${rd.scheme ?? 'http'}://${rd.authority ?? req.host}${rd.port ? `:${rd.port}` : ''}${rd.uri ?? req.path}`;
			leg.redirect = { status: rd.redirectCode, location };
			leg.fail = { status: rd.redirectCode, flags: [], detail: `redirect to ${location}` };
			return leg;
		}
		if (rule.directResponse) {
			leg.fail = { status: rule.directResponse.status, flags: [], detail: 'direct response from Envoy' };
			return leg;
		}
		if (rule.rewrite) leg.rewrite = rewriteOf(rule, req);
	}

	leg.destinations = rule.route;
	const idx = pickWeighted(rng, rule.route.map((d) => d.weight));
	if (idx < 0) {
		leg.fail = { status: 503, flags: ['NC'], detail: 'no destination has a weight above 0' };
		notes.push('simplified: a rule whose destinations all weigh 0 is answered 503 NC');
		return leg;
	}
	const d = rule.route[idx];

	if ('fault' in rule && rule.fault) {
		const f = rule.fault;
		if (f.delay && rng.chance(f.delay.percentage.value)) {
			leg.delayMs = f.delay.fixedDelayMs;
			hops.push(hop(proxy.name, 'fault', '', '', `fault filter: delay ${formatMs(f.delay.fixedDelayMs)} injected (${f.delay.percentage.value}% of requests; flag DI) before the router runs`, { refs: [ref('VirtualService', vsObj, f.delay.line)] }));
		}
		if (f.abort && rng.chance(f.abort.percentage.value)) {
			leg.abort = f.abort.httpStatus ?? 500;
			hops.push(hop(proxy.name, 'fault', '', '', `fault filter: abort with HTTP ${leg.abort} (${f.abort.percentage.value}% of requests; flag FI) — the request never leaves this Envoy`, { refs: [ref('VirtualService', vsObj, f.abort.line)] }));
			if (f.abort.grpcStatus) notes.push(`simplified: gRPC abort ${f.abort.grpcStatus} is shown as HTTP ${leg.abort}`);
		}
	}
	if ('mirrors' in rule) {
		for (const m of rule.mirrors) {
			const mirrored = rng.chance(m.percentage.value);
			leg.mirrors.push({ host: m.fqdn, subset: m.subset ?? null, percentage: m.percentage.value, mirrored });
			if (mirrored) {
				const mport = m.port ?? port;
				hops.push(
					hop(proxy.name, 'mirror', proxy.ip, outboundCluster(mport, m.subset ?? null, m.fqdn), `fire-and-forget copy to ${m.fqdn}${m.subset ? ` subset ${m.subset}` : ''} (Host header gets the -shadow suffix); its response is discarded`, {
						rule: outboundCluster(mport, m.subset ?? null, m.fqdn),
						refs: [ref('VirtualService', vsObj, m.line)]
					})
				);
			}
		}
	}
	if (leg.abort !== null) {
		leg.picked = d;
		return leg;
	}
	deliver(cluster, leg, d, req, rng, rr, hops, notes);
	return leg;
}

function rewriteOf(rule: HttpRouteRule, req: Normalized): { path?: string; authority?: string } {
	const rw = rule.rewrite!;
	const out: { path?: string; authority?: string } = {};
	if (rw.uri !== undefined) {
		// a uri rewrite replaces the matched prefix (or the whole path for exact/regex matches)
		const m = rule.matches.find((x) => x.uri?.kind === 'prefix' && req.path.startsWith((x.uri as { value: string }).value));
		out.path = m && m.uri?.kind === 'prefix' ? rw.uri + req.path.slice(m.uri.value.length) : rw.uri;
	}
	if (rw.uriRegexRewrite) {
		// RE2, every match replaced (Envoy regex_rewrite); an invalid regex: no rewrite
		const path = regexRewrite(req.path, rw.uriRegexRewrite.match, rw.uriRegexRewrite.rewrite);
		if (path !== null) out.path = path;
	}
	if (rw.authority) out.authority = rw.authority;
	return out;
}

/** Cluster, subset, endpoints, LB pick and TLS for the chosen destination. */
function deliver(cluster: Cluster, leg: Leg, d: RouteDestination, req: Normalized, rng: Rng, rr: Map<string, number>, hops: MeshHop[], notes: string[]): void {
	leg.picked = d;
	const proxy = leg.proxy;
	const t = lookupHost(cluster, d.fqdn);
	const egress = t ? null : syntheticEgressGateway(cluster, d.fqdn, req.host);
	leg.dr = chooseDestinationRule(cluster, d.fqdn, proxy.namespace)?.id ?? null;
	let port = d.port ?? leg.port;
	if (!t && !egress) {
		leg.cluster = outboundCluster(port, d.subset ?? null, d.fqdn);
		hops.push(hop(proxy.name, 'cluster', proxy.ip, leg.cluster, `no Service or ServiceEntry is named ${d.fqdn}${d.host.includes('.') && !d.host.endsWith(cluster.settings.clusterDomain) ? ` (a host with a dot is taken literally; did you mean ${d.host}.svc.${cluster.settings.clusterDomain}?)` : ''}: Envoy has no such cluster`, { rule: leg.cluster }));
		leg.fail = { status: 503, flags: ['NC'], detail: `cluster ${leg.cluster} not found` };
		return;
	}
	let eps: LbEndpoint[] = [];
	if (egress) {
		// the input has no istio-egressgateway Service/pod: stand one in, as Istio's default profile would have
		eps = [{ pod: egress.pod.pod?.id ?? null, ip: egress.pod.ip, port }];
		notes.push(
			`simplified: the input has no Service ${d.fqdn}; the istio-egressgateway Service and a gateway pod ${egress.pod.name} (selector ${Object.entries(egress.gateway.selector).map(([k, v]) => `${k}=${v}`).join(',')}, Gateway ${egress.gateway.id}) are synthesised; Service port ${port} is taken as the pod port`
		);
	} else if (t!.kind === 'service') {
		const svc = (t as Extract<HostTarget, { kind: 'service' }>).service;
		const sp = servicePort(svc, d.port ?? (svc.ports.length === 1 ? undefined : leg.port));
		if (!sp) {
			leg.cluster = outboundCluster(port, d.subset ?? null, d.fqdn);
			hops.push(hop(proxy.name, 'cluster', proxy.ip, leg.cluster, `Service ${svc.id} has no port ${port}: Envoy has no such cluster`, { rule: leg.cluster, refs: [ref('Service', svc)] }));
			leg.fail = { status: 503, flags: ['NC'], detail: `cluster ${leg.cluster} not found` };
			return;
		}
		port = sp.port;
		eps = svc.endpoints.filter((e) => e.ready && e.portName === sp.name).map((e) => ({ pod: e.pod ?? null, ip: e.ip, port: e.port }));
	} else {
		const se = (t as Extract<HostTarget, { kind: 'serviceEntry' }>).entry;
		const sePort = se.ports.find((p) => p.number === port) ?? se.ports[0];
		port = sePort?.number ?? port;
		eps = se.endpoints.length
			? se.endpoints.map((e) => ({ pod: null, ip: e.address, port: (sePort?.name && e.ports?.[sePort.name]) || sePort?.targetPort || port }))
			: [{ pod: null, ip: d.fqdn, port }];
	}
	const up = chooseUpstream(cluster, { fqdn: d.fqdn, subset: d.subset ?? null, port }, proxy.namespace);
	const dr = up.destinationRule;
	const subset = up.subset;
	leg.cluster = outboundCluster(port, d.subset ?? null, d.fqdn);
	const drRefs = dr ? [ref('DestinationRule', dr, subset?.source?.line)] : [];
	if (d.subset && !subset) {
		hops.push(hop(proxy.name, 'cluster', proxy.ip, leg.cluster, `subset ${d.subset} is not defined by ${dr ? `DestinationRule ${dr.id}` : 'any DestinationRule for this host'}: Envoy has no such cluster`, { rule: leg.cluster, refs: drRefs }));
		leg.fail = { status: 503, flags: ['NC'], detail: `cluster ${leg.cluster} not found (undefined subset)` };
		return;
	}
	if (subset) {
		eps = eps.filter((e) => {
			if (egress) return matchesLabels(subset.labels, egress.pod.labels);
			const pod = e.pod ? cluster.pods.find((p) => p.id === e.pod) : undefined;
			return pod ? matchesLabels(subset.labels, pod.labels) : false;
		});
	}
	leg.pods = [...new Set(eps.map((e) => e.pod).filter((p): p is string => !!p))];
	leg.policy = up.policy;
	const lb = lbPolicy(leg.policy);
	leg.lb = describeLb(lb);
	const pick = pickEndpoint(eps, lb, { headers: req.headers, query: req.query, sourceIp: proxy.ip }, rng, { state: rr, key: leg.cluster });
	if (!pick.endpoint) {
		hops.push(hop(proxy.name, 'cluster', proxy.ip, leg.cluster, `cluster ${leg.cluster} has no healthy endpoints${subset ? ` (no pod has labels ${Object.entries(subset.labels).map(([k, v]) => `${k}=${v}`).join(',')})` : ''}`, { rule: leg.cluster, refs: drRefs }));
		leg.fail = { status: 503, flags: ['UH'], detail: 'no healthy upstream' };
		return;
	}
	leg.endpoint = pick.endpoint;
	leg.endpointPod = pick.endpoint.pod ? (cluster.pods.find((p) => p.id === pick.endpoint!.pod) ?? null) : null;
	const hostRefs = t ? (t.kind === 'service' ? [ref('Service', t.service)] : [ref('ServiceEntry', t.entry)]) : [ref('Gateway', egress!.gateway)];
	hops.push(
		hop(proxy.name, 'cluster', proxy.ip, `${pick.endpoint.ip}:${pick.endpoint.port}`, `cluster ${leg.cluster}: ${eps.length} endpoint(s), ${leg.lb}: ${pick.note} → ${pick.endpoint.pod ?? (egress ? egress.pod.name : pick.endpoint.ip)}`, {
			rule: leg.cluster,
			refs: [...drRefs, ...hostRefs]
		})
	);
	// L3-4 first: a NetworkPolicy drop on a node means no connection at all
	const drop = leg.endpointPod ? l34Drop(cluster, { pod: proxy.pod, ip: proxy.ip }, leg.endpointPod, pick.endpoint.port) : null;
	if (drop) {
		hops.push(drop.hop);
		leg.fail = { status: 503, flags: ['UF'], detail: `upstream connect error or disconnect/reset before headers. reset reason: connection timeout (${drop.text})`, afterMs: CONNECT_TIMEOUT_MS };
		notes.push(`simplified: the connection times out after Istio's default connectTimeout (10 s); Istio's default retry policy (connect-failure) would try other endpoints first`);
		return;
	}

	// the server side: a gateway pod (its Gateway server decides), a sidecar (its PeerAuthentication), a plain pod, or the internet
	const gw = egress?.gateway ?? (leg.endpointPod ? cluster.gateways.find((g) => g.pods.includes(leg.endpointPod!.id) && g.servers.some((s) => serversFor(g, s.port.number, req.host).length > 0)) : undefined);
	if (gw) {
		leg.nextGateway = gw;
		leg.nextGatewayPod = egress?.pod ?? gatewayPod(cluster, gw);
	}
	let server: ServerMtls | null = null;
	let serverKind: 'sidecar' | 'plain' | 'external' = 'external';
	if (gw) {
		server = gatewayServerMtls(gw, gatewayServerPort(gw, req.host, pick.endpoint.port));
		serverKind = 'sidecar';
	} else if (leg.endpointPod) {
		serverKind = leg.endpointPod.sidecar ? 'sidecar' : 'plain';
		if (leg.endpointPod.sidecar) server = serverMtls(cluster, leg.endpointPod, pick.endpoint.port);
	}

	// TLS: DestinationRule tls.mode, else auto mTLS (mTLS iff the server has a sidecar whose policy is not DISABLE)
	leg.tls = clientTls(tlsMode(leg.policy), dr?.id ?? null, !!gw, serverKind, server);
	const sni = istioSni(port, d.subset ?? null, d.fqdn);
	const tlsNote: Record<string, string> = {
		ISTIO_MUTUAL: `mTLS with the mesh certificates (SPIFFE identities), SNI ${sni}`,
		MUTUAL: 'TLS origination with client certificates from the DestinationRule',
		SIMPLE: 'TLS origination by Envoy (the app speaks plain HTTP)',
		DISABLE: 'plaintext: TLS disabled by the DestinationRule',
		plaintext: 'plaintext'
	};
	hops.push(hop(proxy.name, 'tls', proxy.ip, `${pick.endpoint.ip}:${pick.endpoint.port}`, `${tlsNote[leg.tls.mode] ?? leg.tls.mode} (${leg.tls.source})`, { refs: drRefs }));
	const verdict = linkVerdict(leg.tls.mode === 'DISABLE' ? 'plaintext' : leg.tls.mode, true, server, serverKind);
	leg.link = toLink(proxy.pod?.id ?? proxy.name.replace(/ \(istio-proxy\)$/, ''), gw ? leg.nextGatewayPod!.name : (leg.endpointPod?.id ?? d.fqdn), verdict, server, drRefs);
	if (verdict.fail) leg.fail = verdict.fail;
	else leg.authz = serverAuthz(cluster, leg, req, pick.endpoint);
	if (leg.authz?.fail) leg.fail = leg.authz.fail;
}

/** The server Envoy (a sidecar or a gateway pod) decides on the accepted connection's request. */
function serverAuthz(cluster: Cluster, leg: Leg, req: Normalized, ep: LbEndpoint): Enforced | null {
	if (!hasAuthz(cluster)) return null;
	let workload: AuthzWorkload;
	if (leg.nextGateway && leg.nextGatewayPod) {
		const gp = leg.nextGatewayPod;
		workload = { namespace: gp.pod?.namespace ?? ROOT_NAMESPACE, labels: gp.labels, name: gp.name };
	} else if (leg.endpointPod?.sidecar) workload = workloadOf(leg.endpointPod);
	else return null;
	const proxy = leg.proxy;
	const caller: Caller = {
		pod: proxy.pod,
		// a synthesised Envoy: the sidecar client in its namespace, or the gateway's default service account
		fallback: { namespace: proxy.namespace, serviceAccount: proxy.gateway === 'mesh' ? 'default' : `${/egress/.test(proxy.name) ? 'istio-egressgateway' : 'istio-ingressgateway'}-service-account` },
		ip: proxy.ip
	};
	return enforce(cluster, {
		workload,
		proxy: proxyName(workload.name),
		caller,
		mtls: leg.link?.state === 'mtls',
		plaintextBecause: leg.link ? `${leg.link.clientTls === 'plaintext' ? 'plaintext' : leg.link.clientTls}: ${leg.link.reason}` : 'plaintext',
		request: authzRequest(req, leg.port, ep.ip, ep.port, leg.rewrite),
		dst: `${ep.ip}:${ep.port}`
	});
}

/** What the server's RBAC filter sees: :authority (as the client sent it, or rewritten), method, path without query, headers, ports. */
function authzRequest(req: Normalized, dialedPort: number, ip: string, port: number, rewrite: Leg['rewrite']): AuthzRequest {
	const authority = rewrite?.authority ?? req.headers.host ?? (dialedPort === 80 ? req.host : `${req.host}:${dialedPort}`);
	return {
		protocol: req.protocol === 'http' ? 'http' : 'tcp',
		host: authority,
		method: req.method,
		path: (rewrite?.path ?? req.path).split('?')[0],
		headers: req.headers,
		port,
		destinationIp: ip,
		...(req.protocol === 'tls' ? { sni: req.host } : {})
	};
}

/** The MeshLink of one connection. */
function toLink(from: string, to: string, v: LinkVerdict, server: ServerMtls | null, drRefs: MeshRef[]): MeshLink {
	const refs = [...drRefs];
	if (server?.policy) refs.push(ref('PeerAuthentication', server.policy));
	return { from, to, state: v.state, clientTls: v.clientTls, serverMode: v.serverMode, reason: v.reason, refs };
}

/** The Gateway server port that accepts `host`, preferring `port`. */
function gatewayServerPort(gw: IstioGateway, host: string, port: number): number {
	if (serversFor(gw, port, host).length > 0) return port;
	return gw.servers.find((s) => serversFor(gw, s.port.number, host).length > 0)?.port.number ?? port;
}

/** istio-egressgateway.istio-system.svc.<domain> without a Service in the input, but an egress Gateway for `host`. */
function syntheticEgressGateway(cluster: Cluster, fqdn: string, host: string): { gateway: IstioGateway; pod: GatewayPodInfo } | null {
	if (fqdn !== `istio-egressgateway.${ROOT_NAMESPACE}.svc.${cluster.settings.clusterDomain}`) return null;
	const egress = cluster.gateways.filter((g) => g.selector.istio === 'egressgateway');
	const gateway = egress.find((g) => g.servers.some((s) => serversFor(g, s.port.number, host).length > 0)) ?? egress[0];
	return gateway ? { gateway, pod: gatewayPod(cluster, gateway) } : null;
}

/** Durations and final status, innermost leg first: a leg's timeout covers what happens after it, its delay comes before. */
function compose(legs: Leg[], opts: RouteOptions): { status: number; flags: string[]; durationMs: number; detail: string } {
	const last = legs[legs.length - 1];
	let status = 200;
	let flags: string[] = [];
	let detail = 'served by the app';
	let t: number;
	if (last.fail) {
		status = last.fail.status;
		flags = [...last.fail.flags];
		detail = last.fail.detail;
		t = last.fail.afterMs ?? 0;
	} else if (last.abort !== null) {
		status = last.abort;
		flags = ['FI'];
		detail = `fault injection abort (HTTP ${status})`;
		t = 0;
	} else if (last.cluster === 'PassthroughCluster' || !last.picked) {
		t = latencyOf(opts, last.target?.fqdn ?? '', null);
		detail = last.cluster === 'PassthroughCluster' ? 'answered by the external host' : detail;
	} else {
		t = latencyOf(opts, last.picked.fqdn, last.picked.subset ?? null);
		if (last.target && last.picked && lookupHostKind(last) === 'serviceEntry') detail = 'answered by the external host';
	}
	for (let i = legs.length - 1; i >= 0; i--) {
		const leg = legs[i];
		if (status < 400 || i < legs.length - 1) {
			const r = leg.retries;
			if (status === 200 && r && r.perTryTimeoutMs !== null && t > r.perTryTimeoutMs) {
				// every attempt runs into the per-try timeout; 504 is retried for 5xx/gateway-error
				const policy = envoyRetryPolicy(r);
				const tries = policy && isRetriable(policy, { kind: 'per-try-timeout' }) ? 1 + policy.numRetries : 1;
				t = tries * r.perTryTimeoutMs;
				status = 504;
				flags = ['UT'];
				detail = `every attempt hit perTryTimeout ${formatMs(r.perTryTimeoutMs)} (${tries} attempt${tries > 1 ? 's' : ''})`;
			}
			if (leg.timeoutMs !== null && leg.timeoutMs > 0 && t > leg.timeoutMs) {
				t = leg.timeoutMs;
				status = 504;
				flags = ['UT'];
				detail = `route timeout ${formatMs(leg.timeoutMs)} expired (upstream request timeout)`;
			}
		}
		if (leg.delayMs > 0) {
			t += leg.delayMs;
			if (!flags.includes('DI')) flags.push('DI');
		}
	}
	return { status, flags, durationMs: t, detail };
}

function lookupHostKind(leg: Leg): string | null {
	return leg.cluster && leg.picked && !leg.endpoint?.pod ? 'serviceEntry' : null;
}

/** Server side: the destination pod's iptables PREROUTING → 15006 → inbound cluster → app (or the internet). */
function appendInbound(leg: Leg, response: { status: number }, hops: MeshHop[]): void {
	if (leg.endpoint && leg.link?.state === 'blocked') return appendRefused(leg, hops);
	const denied = !!leg.authz?.fail;
	if (!leg.endpoint || (leg.fail && !denied) || leg.abort !== null) return;
	const ep = leg.endpoint;
	const pod = leg.endpointPod;
	const src = leg.proxy.ip;
	if (!pod) {
		hops.push(hop(leg.proxy.name, 'external', src, `${ep.ip}:${ep.port}`, `leaves the mesh for ${ep.ip}:${ep.port} (node SNAT/MASQUERADE on the way out)`));
		return;
	}
	const from = leg.proxy.pod;
	const sameNode = from && from.node === pod.node;
	hops.push(hop(pod.node, 'network', src, `${ep.ip}:${ep.port}`, from ? (sameNode ? `same node ${pod.node}: veth → bridge → veth` : `${from.node} → ${pod.node} across the node network`) : `to ${pod.node}`));
	if (leg.nextGateway) {
		// a gateway pod: its own Envoy listener takes over (the route loop draws it when the request goes on)
		if (denied && leg.nextGatewayPod) {
			hops.push(hop(proxyName(leg.nextGatewayPod.name), 'listener', src, `${ep.ip}:${ep.port}`, `Gateway ${leg.nextGateway.id} listener 0.0.0.0_${ep.port}${leg.link?.state === 'mtls' ? ' (terminates mTLS)' : ''}`, { rule: `0.0.0.0_${ep.port}`, refs: [ref('Gateway', leg.nextGateway)] }));
			if (leg.authz?.hop) hops.push(leg.authz.hop);
		}
		return;
	}
	if (pod.sidecar) {
		hops.push(hop(pod.id, 'iptables', src, `${ep.ip}:${ep.port}`, 'nat PREROUTING: inbound TCP is redirected to Envoy', { rule: INBOUND_RULES }));
		hops.push(hop(proxyName(pod.id), 'listener', src, `${ep.ip}:15006`, `virtualInbound 0.0.0.0:15006, filter chain for port ${ep.port}${leg.tls.mode === 'ISTIO_MUTUAL' ? ' (terminates mTLS)' : ''}`, { rule: 'virtualInbound' }));
		if (leg.authz?.hop) hops.push(leg.authz.hop);
		if (denied) return;
		hops.push(hop(proxyName(pod.id), 'cluster', `${ep.ip}`, `${ep.ip}:${ep.port}`, `cluster ${inboundCluster(ep.port)} forwards to the app on ${ep.ip}:${ep.port}`, { rule: inboundCluster(ep.port) }));
	}
	if (response.status !== 0) hops.push(hop(pod.id, 'app', src, `${ep.ip}:${ep.port}`, `the app in ${pod.id} handles the request`));
}

/** A blocked link: the connection reaches the server pod and is refused there. */
function appendRefused(leg: Leg, hops: MeshHop[]): void {
	const ep = leg.endpoint!;
	const pod = leg.endpointPod;
	const link = leg.link!;
	const src = leg.proxy.ip;
	if (leg.nextGateway && leg.nextGatewayPod) {
		const gp = leg.nextGatewayPod;
		hops.push(hop(proxyName(gp.name), 'listener', src, `${gp.ip}:${ep.port}`, `Gateway ${leg.nextGateway.id} listener refuses the connection: ${link.reason}`, { rule: `0.0.0.0_${ep.port}`, refs: [ref('Gateway', leg.nextGateway), ...link.refs] }));
		return;
	}
	if (!pod) return;
	hops.push(hop(pod.node, 'network', src, `${ep.ip}:${ep.port}`, `to ${pod.node}`));
	if (pod.sidecar) {
		hops.push(hop(pod.id, 'iptables', src, `${ep.ip}:${ep.port}`, 'nat PREROUTING: inbound TCP is redirected to Envoy', { rule: INBOUND_RULES }));
		hops.push(hop(proxyName(pod.id), 'listener', src, `${ep.ip}:15006`, `virtualInbound 0.0.0.0:15006, port ${ep.port}: no filter chain accepts ${link.clientTls === 'ISTIO_MUTUAL' ? 'mTLS' : link.clientTls} (${link.serverMode}); the connection is reset`, { rule: 'virtualInbound', refs: link.refs }));
	} else {
		hops.push(hop(pod.id, 'app', src, `${ep.ip}:${ep.port}`, `the app in ${pod.id} (no sidecar) receives a TLS ClientHello instead of HTTP and closes the connection`));
	}
}

function finish(
	client: Client,
	first: HostTarget | NxDomain,
	port: number,
	legs: Leg[],
	hops: MeshHop[],
	notes: string[],
	response: { status: number; flags: string[]; durationMs: number; detail: string },
	gateway: string | null
): RouteResult {
	const leg = legs[0];
	const dest = (d: RouteDestination): PickedDestination => ({ host: d.fqdn, subset: d.subset ?? null, port: d.port ?? null, weight: d.weight });
	const fault: RouteResult['fault'] = {};
	for (const l of legs) {
		if (l.delayMs > 0) fault.delayed = (fault.delayed ?? 0) + l.delayMs;
		if (l.abort !== null) fault.aborted = l.abort;
	}
	const lastWithEndpoint = [...legs].reverse().find((l) => l.endpoint) ?? leg;
	const routeLegs: RouteLeg[] = legs.map((l) => ({
		proxy: l.proxy.name,
		gateway: l.proxy.gateway,
		virtualService: l.vs,
		rule: l.rule ? l.rule.index : null,
		cluster: l.cluster,
		link: l.link?.state ?? null
	}));
	const tgt = { kind: first.kind, fqdn: first.fqdn, port };
	// the decision that ended the request, else the last one made
	const decided = legs.find((l) => l.authz?.fail)?.authz ?? [...legs].reverse().find((l) => l.authz)?.authz ?? null;
	return {
		client: { pod: client.pod?.id ?? null, namespace: client.namespace, sidecar: client.sidecar, synthesized: client.kind === 'synthetic' },
		target: tgt,
		gateway,
		virtualService: leg?.vs ?? null,
		rule: leg?.rule ? leg.rule.index : null,
		ruleLine: leg?.rule ? leg.rule.line : null,
		ruleFile: leg?.ruleFile ?? null,
		whyNot: leg?.whyNot ?? [],
		destinations: (leg?.destinations ?? []).map(dest),
		picked: leg?.picked ? dest(leg.picked) : null,
		cluster: leg?.cluster ?? null,
		destinationRule: leg?.dr ?? null,
		trafficPolicy: leg?.policy ?? {},
		lb: leg?.lb ?? '',
		pods: lastWithEndpoint?.pods ?? [],
		endpoint: lastWithEndpoint?.endpoint ? { ...lastWithEndpoint.endpoint } : null,
		fault,
		timeoutMs: leg?.timeoutMs ?? null,
		retries: leg?.retries ?? null,
		mirror: legs.flatMap((l) => l.mirrors),
		redirect: leg?.redirect ?? null,
		rewrite: leg?.rewrite ?? null,
		tls: lastWithEndpoint?.tls ?? { mode: 'plaintext', source: 'none' },
		links: legs.flatMap((l) => (l.link ? [l.link] : [])),
		legs: routeLegs,
		hops,
		response,
		authz: decided && decided.summary.decidedBy !== 'no-policy' ? decided.summary : null,
		notes: decided?.decision.plaintextPrincipal ? [...notes, ...decided.decision.notes.filter((n) => n.startsWith('principals'))] : notes
	};
}

export { serviceFqdn };
