// Which upstream a simulation calls, decided by mesh/ (decideUpstream) exactly
// as route() decides it: the client's namespace and DNS search path, the
// VirtualService rule (its retries and timeout), the destination, then the
// DestinationRule, subset and merged traffic policy seen from the client.
// The simulator models one Envoy cluster: when the rule splits traffic, it
// follows one destination (`subset` picks it, else the heaviest) and says so.
import type { Cluster, Pod, Service } from '../model';
import type { Finding } from '../manifest';
import { decideUpstream, envoyRetryPolicy, lbPolicy, lookupHost, type EnvoyRetryPolicy, type HttpRetry, type RouteChoice, type RouteDestination, type UpstreamChoice } from '../mesh';

export interface SimRoute {
	client: { pod: string | null; namespace: string };
	/** fqdn the client reached */
	target: string | null;
	kind: RouteChoice['kind'];
	virtualService: string | null;
	rule: number | null;
	destination: { host: string; subset: string | null; port: number | null; weight: number } | null;
	destinationRule: string | null;
	/** the route's retry policy as Istio writes it (null: none) and as Envoy applies it */
	retries: HttpRetry | null;
	retryPolicy: EnvoyRetryPolicy | null;
	timeoutMs: number | null;
}

export interface SimUpstream {
	route: SimRoute;
	upstream: UpstreamChoice | null;
	/** the destination's Service (null: not a Service, nothing to simulate) */
	service: Service | null;
	clientPod: Pod | null;
}

const err = (code: string, message: string, severity: Finding['severity'] = 'error'): Finding => ({ code, severity, message, file: '', line: 0 });

/** A `--target` (name, ns/name, svc/ns/name or FQDN) as the host a client dials. */
export function targetHost(target: string): string {
	let t = target.trim();
	if (t.startsWith('svc/')) t = t.slice(4);
	if (t.includes('/')) {
		const [ns, name] = t.split('/');
		t = `${name}.${ns}`;
	}
	return t;
}

function pickDestination(ds: RouteDestination[], subset: string | null | undefined): RouteDestination | null {
	if (subset) return ds.find((d) => (d.subset ?? null) === subset) ?? null;
	let best: RouteDestination | null = null;
	for (const d of ds) if (d.weight > 0 && (!best || d.weight > best.weight)) best = d;
	return best;
}

export function chooseSimRoute(cluster: Cluster, opts: { target: string; from?: string; subset?: string | null; port?: number | null }, findings: Finding[]): SimUpstream {
	const request = { host: targetHost(opts.target), ...(opts.port ? { port: opts.port } : {}) };
	let decision = decideUpstream(cluster, { ...request, from: opts.from });
	if (decision.error) {
		findings.push(err('resilience-unknown-client', `${decision.error}; a sidecar client in namespace default is assumed`));
		decision = decideUpstream(cluster, request);
	}
	const client = decision.client;
	if (client?.kind === 'ingress')
		findings.push(err('resilience-ingress-client', 'simplified: the simulator calls from a sidecar; the ingress gateway\'s own Gateway/VirtualService binding is not applied here (route --from ingress shows it)', 'info'));
	const route: SimRoute = {
		client: { pod: client?.pod?.id ?? null, namespace: client?.namespace ?? 'default' },
		target: decision.target?.fqdn ?? null,
		kind: decision.route?.kind ?? 'passthrough',
		// the VirtualService whose rule matched, else the one whose rules were tried (as route() reports it)
		virtualService: decision.route?.match?.virtualService.id ?? decision.route?.virtualServices[0]?.id ?? null,
		rule: decision.route?.match?.rule.index ?? null,
		destination: null,
		destinationRule: null,
		retries: decision.route?.retries ?? null,
		retryPolicy: null,
		timeoutMs: decision.route?.timeoutMs ?? null
	};
	const out: SimUpstream = { route, upstream: null, service: null, clientPod: client?.pod ?? null };
	const choice = decision.route;
	if (!choice || choice.kind === 'passthrough') {
		findings.push(err('resilience-unknown-target', `no Service matches --target '${opts.target}'`));
		return out;
	}
	if (choice.kind === 'noMatch') {
		findings.push(err('resilience-no-route', `no rule of ${choice.virtualServices.map((v) => v.id).join(', ')} matches the request: Envoy answers 404 NR`, 'warning'));
		return out;
	}
	const d = pickDestination(choice.destinations, opts.subset);
	if (!d) {
		findings.push(
			opts.subset
				? err('resilience-unknown-subset', `the route${route.virtualService ? ` of ${route.virtualService}` : ''} has no destination with subset '${opts.subset}'`)
				: err('resilience-no-route', 'no destination of the route has a weight above 0: Envoy answers 503', 'warning')
		);
		return out;
	}
	const live = choice.destinations.filter((x) => x.weight > 0);
	if (live.length > 1)
		findings.push(
			err(
				'resilience-weighted-split',
				`simplified: the route splits traffic over ${live.map((x) => `${x.fqdn}${x.subset ? ` ${x.subset}` : ''} (${x.weight})`).join(', ')}; the simulator follows ${d.fqdn}${d.subset ? ` ${d.subset}` : ''} only${opts.subset ? '' : ' (pass --subset to follow another)'}`,
				'info'
			)
		);
	const up = decision.upstreams[choice.destinations.indexOf(d)];
	out.upstream = up;
	route.destination = { host: d.fqdn, subset: d.subset ?? null, port: up.port, weight: d.weight };
	route.destinationRule = up.destinationRule?.id ?? null;
	// pilot: a consistent-hash load balancer keeps retries on the same host (no previous_hosts)
	route.retryPolicy = envoyRetryPolicy(route.retries, lbPolicy(up.policy).kind === 'consistentHash');
	const t = lookupHost(cluster, d.fqdn);
	if (t?.kind === 'service') out.service = t.service;
	else findings.push(err('resilience-unknown-target', `the route sends --target '${opts.target}' to ${d.fqdn}, which is not a Service the simulator can call`));
	return out;
}
