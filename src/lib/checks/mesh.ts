// Istio routing checks for students: each finding says what is wrong, why it
// matters at runtime, and points at the YAML line. Codes HS-M001… are stable
// and can be silenced with silence(findings, codes).
import type { Cluster, DestinationRule, Service, VirtualService } from '../model';
import type { HttpRouteRule, RouteDestination } from '../mesh';
import { parseHttpRoutes, parseL4Routes } from '../mesh';
import { lineOf } from '../manifest';
import type { Finding, Severity } from '../manifest';
import { hostMatches, isIP, lookupHost, resolveConfigHost, resolveGatewayRef, serviceFqdn } from '../mesh';
import { drHost, findDestinationRule, findSubset } from '../mesh';
import { findShadows } from './mesh-shadow';
import { invalidRegexes } from './mesh-regex';
import { formatMs } from '../util';
import { matchesLabels } from '../model';
import { describeServer, serverMtls } from '../mesh';

export const MESH_CODES = {
	weightsSum: 'HS-M001',
	weightInDestination: 'HS-M002',
	unknownFaultKey: 'HS-M003',
	unreachableRule: 'HS-M004',
	shadowedRequests: 'HS-M005',
	unknownSubset: 'HS-M006',
	emptySubset: 'HS-M007',
	unknownHost: 'HS-M008',
	missingGateway: 'HS-M009',
	duplicateHost: 'HS-M010',
	drUnknownHost: 'HS-M011',
	portProtocol: 'HS-M012',
	zeroWeights: 'HS-M013',
	delayVsTimeout: 'HS-M014',
	tlsVsPeerAuth: 'HS-M015',
	invalidRegex: 'HS-M016'
} as const;

/** Drops findings whose code is listed (case-insensitive). */
export function silence(findings: Finding[], codes: string[]): Finding[] {
	const off = new Set(codes.map((c) => c.trim().toUpperCase()));
	return findings.filter((f) => !off.has(f.code.toUpperCase()));
}

// Istio's explicit protocol selection: appProtocol, or a port name `<protocol>[-<suffix>]`
const PROTOCOLS = ['http', 'http2', 'https', 'grpc', 'grpc-web', 'tcp', 'tls', 'mongo', 'mysql', 'redis', 'udp'];
const APP_PROTOCOLS = [...PROTOCOLS, 'h2c', 'kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'];

export function portProtocol(name: string, appProtocol?: string): string | null {
	if (appProtocol) return APP_PROTOCOLS.includes(appProtocol.toLowerCase()) ? appProtocol.toLowerCase() : null;
	const n = name.toLowerCase();
	return PROTOCOLS.find((p) => n === p || n.startsWith(`${p}-`)) ?? null;
}

export function meshFindings(cluster: Cluster): Finding[] {
	const out: Finding[] = [];
	const domain = cluster.settings.clusterDomain;
	const vsFinding = (vs: VirtualService, code: string, severity: Severity, path: string, message: string) =>
		out.push({ code, severity, message, file: vs.source.file, line: lineOf(vs, path).line, ref: { kind: 'VirtualService', namespace: vs.namespace, name: vs.name }, path });
	const drFinding = (dr: DestinationRule, code: string, severity: Severity, path: string, message: string) =>
		out.push({ code, severity, message, file: dr.source.file, line: lineOf(dr, path).line, ref: { kind: 'DestinationRule', namespace: dr.namespace, name: dr.name }, path });

	for (const vs of cluster.virtualServices) {
		const http = parseHttpRoutes(vs, domain);
		const l4 = [...parseL4Routes(vs, 'tcp', domain), ...parseL4Routes(vs, 'tls', domain)];
		for (const r of [...http, ...l4]) checkDestinations(cluster, vs, r.path, r.route, vsFinding);
		for (const r of http) {
			checkFault(vs, r, vsFinding);
			for (const m of r.mirrors) {
				if (!lookupHost(cluster, m.fqdn) && !m.fqdn.includes('*')) vsFinding(vs, MESH_CODES.unknownHost, 'error', `${r.path}.mirror`, `mirror host '${m.host}' is neither a Service nor a ServiceEntry host (resolved as ${m.fqdn}); Envoy has no cluster to send the copies to.`);
			}
		}
		for (const p of invalidRegexes(vs)) {
			vsFinding(vs, MESH_CODES.invalidRegex, 'error', p.path, `regex '${p.pattern.length > 60 ? `${p.pattern.slice(0, 59)}…` : p.pattern}' is not valid RE2 (${p.error}). Istio and Envoy use RE2, which has no lookaround and no backreferences: Istio's validation rejects this VirtualService (istioctl analyze: IST0122), and here the match never matches.`);
		}
		for (const s of findShadows(http)) {
			const r = http[s.rule];
			if (s.full) {
				vsFinding(vs, MESH_CODES.unreachableRule, 'error', r.path, `http rule ${s.rule} can never match: rule ${s.by} comes first and already catches all of its requests (${s.example}). Envoy takes the first matching rule, so put the more specific rule first.`);
			} else {
				vsFinding(vs, MESH_CODES.shadowedRequests, 'warning', r.path, `some requests meant for http rule ${s.rule} are caught by rule ${s.by} first (requests with ${s.example}). Envoy takes the first matching rule; put the more specific rule first.`);
			}
		}
		vs.gateways.forEach((g, i) => {
			if (g === 'mesh') return;
			const id = resolveGatewayRef(g, vs.namespace);
			if (!cluster.gateways.some((x) => x.id === id)) {
				vsFinding(vs, MESH_CODES.missingGateway, 'error', `spec.gateways.${i}`, `gateway '${g}' (${id}) does not exist, so no gateway serves this VirtualService. A name without a namespace is looked up in the VirtualService's namespace (${vs.namespace}).`);
			}
		});
	}
	checkDuplicates(cluster, out);
	for (const dr of cluster.destinationRules) checkDestinationRule(cluster, dr, drFinding);
	for (const dr of cluster.destinationRules) checkTlsVsPeerAuth(cluster, dr, drFinding);
	checkPorts(cluster, out);
	return out;
}

type VsReport = (vs: VirtualService, code: string, severity: Severity, path: string, message: string) => void;
type DrReport = (dr: DestinationRule, code: string, severity: Severity, path: string, message: string) => void;

function checkDestinations(cluster: Cluster, vs: VirtualService, rulePath: string, route: RouteDestination[], report: VsReport): void {
	const domain = cluster.settings.clusterDomain;
	route.forEach((d) => {
		if (d.misplacedWeight !== undefined) {
			report(vs, MESH_CODES.weightInDestination, 'error', `${d.path}.destination.weight`, `'weight: ${d.misplacedWeight}' is inside 'destination', where Istio has no such field (the API server rejects or drops it). Move it one level up, next to 'destination'.`);
		}
		const target = lookupHost(cluster, d.fqdn);
		if (!target && !d.fqdn.includes('*') && !isIP(d.fqdn) && !isSyntheticEgress(cluster, d.fqdn)) {
			const hint = dottedHint(cluster, d.host, domain);
			report(vs, MESH_CODES.unknownHost, 'error', `${d.path}.destination.host`, `destination host '${d.host}' (resolved as ${d.fqdn}) is neither a Service nor a ServiceEntry host: requests routed here get 503 (no cluster).${hint}`);
			return;
		}
		if (!d.subset || !target) return;
		const serviceNs = target.kind === 'service' ? target.service.namespace : target.entry.namespace;
		const dr = findDestinationRule(cluster, d.fqdn, vs.namespace, serviceNs);
		const subset = findSubset(dr, d.subset);
		if (!subset) {
			report(vs, MESH_CODES.unknownSubset, 'error', `${d.path}.destination.subset`, `subset '${d.subset}' of ${d.fqdn} is not defined by ${dr ? `DestinationRule ${dr.id}` : 'any DestinationRule'}: Envoy has no cluster for it and answers 503 (NC).`);
		} else if (target.kind === 'service' && !target.service.pods.some((id) => matchesLabels(subset.labels, cluster.pods.find((p) => p.id === id)?.labels ?? {}))) {
			report(vs, MESH_CODES.emptySubset, 'warning', `${d.path}.destination.subset`, `subset '${d.subset}' (labels ${fmtLabels(subset.labels)}) selects none of ${target.service.id}'s pods: requests routed here get 503 (no healthy upstream).`);
		}
	});
	if (route.length > 1) {
		const total = route.reduce((s, d) => s + d.weight, 0);
		const rulePathLine = `${rulePath}.route`;
		if (total === 0) {
			report(vs, MESH_CODES.zeroWeights, 'error', rulePathLine, `this rule has ${route.length} destinations and none has a weight (a missing weight counts as 0), so none receives traffic. Give each destination a weight next to 'destination'.`);
		} else if (total !== 100) {
			const shares = route.map((d) => `${d.subset ?? d.host} ${Math.round((d.weight / total) * 1000) / 10}%`).join(', ');
			report(vs, MESH_CODES.weightsSum, 'warning', rulePathLine, `weights add up to ${total}, not 100. Current Istio treats them as relative (${shares}); older Istio versions reject the VirtualService. Make them sum to 100 to say what you mean.`);
		}
	}
}

function dottedHint(cluster: Cluster, host: string, domain: string): string {
	if (!host.includes('.')) return '';
	const [name, ns] = host.split('.');
	const svc = cluster.services.find((s) => s.name === name && s.namespace === ns);
	return svc ? ` Istio expands only names without a dot; write ${serviceFqdn(svc, domain)}.` : '';
}

function fmtLabels(l: Record<string, string>): string {
	return Object.entries(l).map(([k, v]) => `${k}=${v}`).join(',') || '(none)';
}

function checkFault(vs: VirtualService, r: HttpRouteRule, report: VsReport): void {
	const f = r.fault;
	if (!f) return;
	for (const k of f.unknownKeys) {
		const hint = k === 'timeout' ? ` 'timeout' belongs to the route rule (next to 'route' and 'fault'), and remember the route timeout only starts after an injected delay.` : '';
		report(vs, MESH_CODES.unknownFaultKey, 'error', `${r.path}.fault.${k}`, `'${k}' is not a field of 'fault' (only 'delay' and 'abort' are); Istio rejects or ignores it.${hint}`);
	}
	if (f.delay && r.timeoutMs !== null && r.timeoutMs > 0 && f.delay.fixedDelayMs >= r.timeoutMs) {
		report(vs, MESH_CODES.delayVsTimeout, 'info', `${r.path}.fault.delay`, `the injected ${formatMs(f.delay.fixedDelayMs)} delay is longer than the ${formatMs(r.timeoutMs)} route timeout, yet it does not trigger it: Envoy's fault filter delays the request before the router starts the timeout clock. Delayed requests take ${formatMs(f.delay.fixedDelayMs)} plus the upstream time, and fail with 504 only if the upstream itself takes ${formatMs(r.timeoutMs)} or more.`);
	}
}

function checkDuplicates(cluster: Cluster, out: Finding[]): void {
	const domain = cluster.settings.clusterDomain;
	const seen = new Map<string, VirtualService>();
	for (const vs of cluster.virtualServices) {
		for (const g of vs.gateways) {
			const gw = resolveGatewayRef(g, vs.namespace);
			vs.hosts.forEach((h, i) => {
				const host = resolveConfigHost(h, vs.namespace, domain);
				const key = `${gw}|${host}`;
				const prev = seen.get(key);
				if (!prev) {
					seen.set(key, vs);
					return;
				}
				if (prev.id === vs.id) return;
				const where = gw === 'mesh' ? 'for sidecars (gateway mesh)' : `on gateway ${gw}`;
				const effect = gw === 'mesh' ? `Istio uses only one of them for sidecars (the oldest); the other's rules are ignored.` : `the gateway merges their rules in creation order, so which rule wins depends on which was applied first.`;
				out.push({
					code: MESH_CODES.duplicateHost,
					severity: 'warning',
					message: `VirtualServices ${prev.id} and ${vs.id} both claim host '${h}' ${where}: ${effect} Keep one VirtualService per host.`,
					file: vs.source.file,
					line: lineOf(vs, `spec.hosts.${i}`).line,
					ref: { kind: 'VirtualService', namespace: vs.namespace, name: vs.name },
					path: `spec.hosts.${i}`
				});
			});
		}
	}
}

function checkDestinationRule(cluster: Cluster, dr: DestinationRule, report: DrReport): void {
	const domain = cluster.settings.clusterDomain;
	const host = drHost(dr, domain);
	if (host.includes('*') || isSyntheticEgress(cluster, host)) return;
	const target = lookupHost(cluster, host);
	if (!target) {
		report(dr, MESH_CODES.drUnknownHost, 'warning', 'spec.host', `DestinationRule host '${dr.host}' (resolved as ${host}) matches no Service or ServiceEntry, so its subsets and policies apply to nothing.${dottedHint(cluster, dr.host, domain)}`);
		return;
	}
	if (target.kind !== 'service') return;
	const svc: Service = target.service;
	dr.subsets.forEach((s, i) => {
		const hit = svc.pods.some((id) => matchesLabels(s.labels, cluster.pods.find((p) => p.id === id)?.labels ?? {}));
		if (!hit && Object.keys(s.labels).length > 0 && svc.pods.length > 0) {
			report(dr, MESH_CODES.emptySubset, 'info', `spec.subsets.${i}`, `subset '${s.name}' (labels ${fmtLabels(s.labels)}) matches none of ${svc.id}'s pods in these manifests; routing to it would get 503 (no healthy upstream).`);
		}
	});
	void hostMatches;
}

function checkPorts(cluster: Cluster, out: Finding[]): void {
	const meshPods = new Set(cluster.pods.filter((p) => p.sidecar).map((p) => p.id));
	for (const svc of cluster.services) {
		if (!svc.pods.some((p) => meshPods.has(p))) continue;
		svc.ports.forEach((p, i) => {
			if (portProtocol(p.name, p.appProtocol)) return;
			const path = `spec.ports.${i}`;
			out.push({
				code: MESH_CODES.portProtocol,
				severity: 'warning',
				message: p.appProtocol
					? `port ${p.port}: appProtocol '${p.appProtocol}' is not a protocol Istio knows; Istio falls back to protocol sniffing.`
					: `port ${p.port} is named '${p.name || '(unnamed)'}', which does not declare a protocol: Istio needs a name '<protocol>[-suffix]' (http, http2, https, grpc, tcp, tls, …) or 'appProtocol', else it sniffs the protocol (server-first protocols such as MySQL then break, and HTTP routing rules may not apply as expected).`,
				file: svc.source.file,
				line: p.source?.line ?? svc.source.line,
				ref: { kind: 'Service', namespace: svc.namespace, name: svc.name },
				path
			});
		});
	}
}

/**
 * A DestinationRule tls mode that the server's PeerAuthentication refuses:
 * plaintext (DISABLE) or non-Istio TLS (SIMPLE/MUTUAL) towards a STRICT
 * sidecar is reset; ISTIO_MUTUAL towards a DISABLE sidecar fails the handshake.
 */
function checkTlsVsPeerAuth(cluster: Cluster, dr: DestinationRule, report: (dr: DestinationRule, code: string, sev: Severity, path: string, msg: string) => void): void {
	if (!(cluster.peerAuthentications ?? []).length) return;
	const domain = cluster.settings.clusterDomain;
	const host = drHost(dr, domain);
	const services = cluster.services.filter((s) => hostMatches(host, serviceFqdn(s, domain)));
	const policies: { path: string; policy: Record<string, unknown> | undefined; labels: Record<string, string> | null }[] = [
		{ path: 'spec.trafficPolicy.tls.mode', policy: dr.trafficPolicy, labels: null },
		...dr.subsets.map((s, i) => ({ path: `spec.subsets.${i}.trafficPolicy.tls.mode`, policy: s.trafficPolicy, labels: s.labels }))
	];
	for (const { path, policy, labels } of policies) {
		const tls = policy?.tls;
		const mode = tls && typeof tls === 'object' && typeof (tls as Record<string, unknown>).mode === 'string' ? ((tls as Record<string, unknown>).mode as string) : null;
		if (!mode) continue;
		for (const svc of services) {
			const eps = svc.endpoints.filter((e) => e.pod);
			for (const e of eps) {
				const pod = cluster.pods.find((p) => p.id === e.pod);
				if (!pod || !pod.sidecar || (labels && !matchesLabels(labels, pod.labels))) continue;
				const server = serverMtls(cluster, pod, e.port);
				const bad =
					(server.mode === 'STRICT' && mode !== 'ISTIO_MUTUAL') || (server.mode === 'DISABLE' && mode === 'ISTIO_MUTUAL');
				if (!bad) continue;
				const why =
					server.mode === 'STRICT'
						? `the server only accepts Istio mTLS, so every connection from a client using this rule is reset (503 UC "upstream connect error or disconnect/reset before headers. reset reason: connection termination")`
						: 'the server only accepts plaintext, so the mTLS handshake fails (503 UF)';
				report(dr, MESH_CODES.tlsVsPeerAuth, 'error', path, `tls mode ${mode} towards ${svc.id} contradicts ${describeServer(server)} on pod ${pod.id} port ${e.port}: ${why}. Use ISTIO_MUTUAL${server.mode === 'DISABLE' ? ' only with a STRICT or PERMISSIVE server' : ' (or drop tls and let auto mTLS decide)'}, or relax the PeerAuthentication.`);
				break;
			}
		}
	}
}

/** istio-egressgateway.istio-system.svc without a Service, but with an egress Gateway: the engine synthesises it (Istio's default profile installs it). */
function isSyntheticEgress(cluster: Cluster, fqdn: string): boolean {
	return fqdn === `istio-egressgateway.istio-system.svc.${cluster.settings.clusterDomain}` && cluster.gateways.some((g) => g.selector.istio === 'egressgateway');
}
