// Typed view of Istio routing config and the results of the mesh engine.
// model/ keeps VirtualService/DestinationRule routes as written; routes.ts and
// policy.ts turn them into these shapes; route.ts and simulate.ts answer
// "where does this request go, and why".

/** Istio StringMatch; `present` is `{}` (header/query name only), `invalid` a bad regex or shape. */
export type StringMatch =
	| { kind: 'exact' | 'prefix' | 'regex'; value: string }
	| { kind: 'present' }
	| { kind: 'invalid'; value: string; reason: string };

export interface NamedMatch {
	name: string;
	match: StringMatch;
}

/** One entry of `http[].match` (all conditions AND; the list is OR). */
export interface HttpMatch {
	index: number;
	name?: string;
	line: number;
	path: string;
	uri?: StringMatch;
	scheme?: StringMatch;
	method?: StringMatch;
	authority?: StringMatch;
	headers: NamedMatch[];
	withoutHeaders: NamedMatch[];
	queryParams: NamedMatch[];
	ignoreUriCase: boolean;
	port?: number;
	sourceLabels?: Record<string, string>;
	sourceNamespace?: string;
	/** as written; resolved by the engine against the VS namespace */
	gateways?: string[];
	/** TLS/TCP only */
	sniHosts?: string[];
	destinationSubnets?: string[];
}

export interface HeaderOps {
	set: Record<string, string>;
	add: Record<string, string>;
	remove: string[];
}

export interface Headers {
	request?: HeaderOps;
	response?: HeaderOps;
}

export interface RouteDestination {
	/** host as written and resolved (ResolveShortnameToFQDN against the VS namespace) */
	host: string;
	fqdn: string;
	subset?: string;
	port?: number;
	/** effective weight: 100 for a lone destination, else as written (missing = 0) */
	weight: number;
	weightWritten?: number;
	/** `weight` written inside `destination` (ignored by Istio — a common mistake) */
	misplacedWeight?: number;
	headers?: Headers;
	line: number;
	path: string;
}

export interface Percentage {
	/** 0..100 */
	value: number;
	/** where it came from: percentage.value, legacy integer `percent`, or defaulted */
	from: 'percentage' | 'percent' | 'default';
}

export interface FaultDelay {
	fixedDelayMs: number;
	percentage: Percentage;
	line: number;
}

export interface FaultAbort {
	httpStatus?: number;
	grpcStatus?: string;
	percentage: Percentage;
	line: number;
}

export interface HttpFault {
	delay?: FaultDelay;
	abort?: FaultAbort;
	/** keys Istio does not know inside `fault` (e.g. the slide's `timeout`) */
	unknownKeys: string[];
	line: number;
}

export interface MirrorRule {
	host: string;
	fqdn: string;
	subset?: string;
	port?: number;
	percentage: Percentage;
	line: number;
}

export interface HttpRetry {
	/** num_retries; 0 disables retries */
	attempts: number;
	perTryTimeoutMs: number | null;
	/** Envoy retry_on conditions (status codes written in retryOn moved to retriableStatusCodes) */
	retryOn: string;
	retriableStatusCodes: number[];
	/** not written: Istio's default policy */
	defaulted: boolean;
}

export interface HttpRedirect {
	uri?: string;
	authority?: string;
	port?: number;
	scheme?: string;
	redirectCode: number;
}

export interface HttpRewrite {
	uri?: string;
	authority?: string;
	uriRegexRewrite?: { match: string; rewrite: string };
}

export interface HttpRouteRule {
	index: number;
	name?: string;
	line: number;
	path: string;
	matches: HttpMatch[];
	route: RouteDestination[];
	redirect?: HttpRedirect;
	directResponse?: { status: number; body?: string };
	rewrite?: HttpRewrite;
	/** null: no route timeout (Istio's default is disabled) */
	timeoutMs: number | null;
	retries: HttpRetry;
	fault?: HttpFault;
	mirrors: MirrorRule[];
	headers?: Headers;
}

/** tcp[] and tls[] routes: L4 matches and weighted destinations only. */
export interface L4RouteRule {
	index: number;
	line: number;
	path: string;
	matches: HttpMatch[];
	route: RouteDestination[];
}

export type LbPolicy =
	| { kind: 'simple'; simple: 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'PASSTHROUGH' | 'UNSPECIFIED' }
	| { kind: 'consistentHash'; header?: string; cookie?: string; useSourceIp?: boolean; queryParameter?: string };

/** The four field groups Istio merges between DR, subset and port level. */
export interface TrafficPolicy {
	loadBalancer?: Record<string, unknown>;
	connectionPool?: Record<string, unknown>;
	outlierDetection?: Record<string, unknown>;
	tls?: Record<string, unknown>;
}

export interface MeshRef {
	kind: string;
	namespace?: string;
	name: string;
	file?: string;
	line?: number;
}

export type HopKind =
	| 'app'
	| 'dns'
	| 'iptables'
	| 'listener'
	| 'route'
	| 'fault'
	| 'cluster'
	| 'endpoint'
	| 'tls'
	| 'network'
	| 'kube-proxy'
	| 'gateway'
	| 'external'
	| 'mirror'
	| 'response'
	/** the server Envoy's RBAC filters (AuthorizationPolicy) */
	| 'authz';

/** One step of the data-plane path (same spirit as net/'s hops). */
export interface MeshHop {
	/** where it happens: a pod id, `internet`, or an Envoy (`ns/pod (istio-proxy)`) */
	at: string;
	kind: HopKind;
	src: string;
	dst: string;
	note: string;
	/** the iptables rule or Envoy config name this hop applies */
	rule?: string;
	refs: MeshRef[];
}

export interface RouteRequest {
	/** `pod/ns/name`, `deploy/ns/name`, `ns/name` (a pod), `ingress`; omitted: an injected client in `default` */
	from?: string;
	host: string;
	port?: number;
	/** path with optional `?query` */
	path?: string;
	method?: string;
	headers?: Record<string, string>;
	/** Gateway (`ns/name`) the request enters through when from is `ingress` */
	gateway?: string;
	/** `http` (default), `tcp` or `tls` (TLS uses host as SNI) */
	protocol?: 'http' | 'tcp' | 'tls';
}

export interface RouteOptions {
	seed?: number;
	/** upstream service time in ms (default 10); a function may vary it per destination */
	latencyMs?: number | ((host: string, subset: string | null) => number);
	/** round-robin counters shared across calls (simulate passes its own) */
	rrState?: Map<string, number>;
}

export interface PickedDestination {
	host: string;
	subset: string | null;
	port: number | null;
	weight: number;
}

export interface MirrorOutcome {
	host: string;
	subset: string | null;
	percentage: number;
	mirrored: boolean;
}

/** Transport security of one connection (client Envoy or app → server), as Istio negotiates it. */
export type MeshLinkState = 'mtls' | 'plaintext' | 'blocked';

export interface MeshLink {
	/** the client workload: a pod id, a gateway pod, or `default/client (synthetic)` */
	from: string;
	/** the server: a pod id, a gateway pod, or an external host */
	to: string;
	state: MeshLinkState;
	/** what the client sends: ISTIO_MUTUAL, plaintext, SIMPLE, MUTUAL */
	clientTls: string;
	/** what the server's PeerAuthentication (or Gateway server) accepts; null: no Envoy there */
	serverMode: string | null;
	reason: string;
	refs: MeshRef[];
}

export interface RouteLeg {
	/** the Envoy that decided: a sidecar or a gateway */
	proxy: string;
	gateway: string;
	virtualService: string | null;
	rule: number | null;
	cluster: string | null;
	/** transport security of this leg's upstream connection (null: never connected) */
	link: MeshLinkState | null;
}

/** The authorization decision of the Envoy that decided (see mesh/authz.ts). */
export interface RouteAuthz {
	/** the Envoy that enforced it: `ns/pod (istio-proxy)` */
	at: string;
	verdict: 'allow' | 'deny';
	decidedBy: 'CUSTOM' | 'DENY' | 'ALLOW' | 'default-deny' | 'no-allow-policy' | 'no-policy';
	/** the deciding AuthorizationPolicy `ns/name` (for a default deny: the first ALLOW policy that selects the workload) */
	policy: string | null;
	/** the rule index that matched, when one did */
	rule: number | null;
	/** legacy RBAC resources the policy was translated from */
	legacy?: string[];
	file?: string;
	line?: number;
	reason: string;
	/** Envoy response code details on deny */
	details: string;
	/** a principal-based rule could not match because the connection was plaintext */
	plaintextPrincipal: boolean;
	/** the caller's identity as the server saw it (null: plaintext) */
	principal: string | null;
}

export interface RouteResult {
	client: { pod: string | null; namespace: string; sidecar: boolean; synthesized: boolean };
	/** resolved target of the first leg */
	target: { kind: 'service' | 'serviceEntry' | 'external' | 'nxdomain'; fqdn: string; port: number };
	gateway: string | null;
	virtualService: string | null;
	rule: number | null;
	ruleLine: number | null;
	ruleFile: string | null;
	whyNot: { rule: number; reason: string }[];
	destinations: PickedDestination[];
	picked: PickedDestination | null;
	cluster: string | null;
	destinationRule: string | null;
	trafficPolicy: TrafficPolicy;
	lb: string;
	pods: string[];
	endpoint: { pod: string | null; ip: string; port: number } | null;
	fault: { delayed?: number; aborted?: number };
	timeoutMs: number | null;
	retries: HttpRetry | null;
	mirror: MirrorOutcome[];
	redirect: { status: number; location: string } | null;
	rewrite: { path?: string; authority?: string } | null;
	tls: { mode: string; source: string };
	/** one per connection made (client → server, sidecar → egress gateway → host, …) */
	links: MeshLink[];
	legs: RouteLeg[];
	hops: MeshHop[];
	response: { status: number; flags: string[]; durationMs: number; detail: string };
	/** authorization at the server's Envoy (null: no Envoy with policies decided — nothing applied) */
	authz: RouteAuthz | null;
	/** simplifications that apply to this answer */
	notes: string[];
}
