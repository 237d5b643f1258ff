// The shapes of a comparison between two versions of a set of manifests:
// what `diff` (CLI) prints and the Compare view draws. Plain data, every list
// in a fixed order, so the same two inputs give byte-identical JSON.
import type { Cluster, Resource } from '../model';
import type { Finding } from '../manifest';
import type { Flow, KubeProxyOptions, Verdict } from '../net';

/** One side of the comparison, already loaded (scenario/ loads files into this). */
export interface DiffVersion {
	/** Kubernetes resources (the scenario header left out) */
	resources: Resource[];
	cluster: Cluster;
	/** diagnostics and findings, as `validate` reports them */
	findings: Finding[];
	/** flows the scenario header declares */
	flows: NamedFlow[];
	kubeProxy?: KubeProxyOptions;
}

export interface NamedFlow extends Flow {
	name: string;
	from: string;
	to: string;
}

/** kind/namespace/name; namespace null for cluster-scoped kinds */
export interface ResourceKey {
	kind: string;
	namespace: string | null;
	name: string;
}

export interface FieldChange {
	/** `spec.http[0].route[1].weight` */
	path: string;
	/** JSON text of the value, or undefined where the field is absent */
	before?: string;
	after?: string;
}

export interface ResourceChange extends ResourceKey {
	change: 'added' | 'removed' | 'changed';
	/** changed resources: the fields that differ (capped, see `more`) */
	fields: FieldChange[];
	/** fields left out over the cap */
	more: number;
	/** line of the resource in the version that has it (after, else before) */
	file: string;
	line: number;
}

export interface EndpointRef {
	/** `ns/pod:port`, or `ip:port` for an endpoint without a pod */
	id: string;
	ip: string;
	port: number;
	ready: boolean;
}

export interface EndpointChange {
	/** `ns/name` */
	service: string;
	change: 'added' | 'removed' | 'changed';
	added: EndpointRef[];
	removed: EndpointRef[];
	/** endpoints in both whose readiness changed */
	ready: { id: string; before: boolean; after: boolean }[];
	before: number;
	after: number;
}

export interface FlowResult {
	verdict: Verdict;
	/** pod id, node or actor the request reached */
	deliveredTo?: string;
	endpoint?: string;
	hops: number;
	/** why it stopped (the last hop's note) when not delivered */
	reason?: string;
	/**
	 * delivered to a port none of the pod's containers declares: containerPort
	 * is informational in Kubernetes (an undeclared port may still listen), so
	 * the verdict stays; if nothing listens there the pod answers with a reset
	 */
	undeclaredPort?: string;
}

export interface FlowChange {
	name: string;
	from: string;
	to: string;
	port?: number;
	protocol?: string;
	before: FlowResult;
	after: FlowResult;
	verdictChanged: boolean;
	pathChanged: boolean;
	/** Service flows: ready endpoint pods before/after when they differ */
	endpoints?: { before: string[]; after: string[] };
	/** request-leg hops only in one version (LCS of hop places), first few */
	hopsRemoved: string[];
	hopsAdded: string[];
	/** one line: `delivered → dropped: …` or `via X instead of Y` */
	summary: string;
}

export interface FlowSelection {
	/** where the compared flows came from */
	source: 'given' | 'declared' | 'auto';
	/** flows traced in both versions */
	compared: number;
	/** candidate flows (auto: pod × Service-port pairs present in both) */
	candidates: number;
	/** the budget cut the candidates */
	truncated: boolean;
}

export interface SplitShare {
	/** `fqdn`, `fqdn subset v1`, `fqdn:port` … */
	destination: string;
	/** percent of the rule's traffic, 0..100 (weight / sum of weights) */
	before: number | null;
	after: number | null;
}

export interface RouteChange {
	/** the host the rule serves (FQDN as Istio resolves it) */
	host: string;
	/** `ns/name` of the VirtualService */
	virtualService: string;
	/** `http`, `tcp`, `tls` */
	protocol: string;
	/** readable match: `uri prefix /api, header end-user=jason` or `(any)` */
	match: string;
	change: 'added' | 'removed' | 'changed';
	splits: SplitShare[];
}

export interface ReachCell {
	/** pod ids `ns/name` */
	from: string;
	to: string;
	/** `80/TCP` */
	port: string;
	before: 'allowed' | 'denied';
	after: 'allowed' | 'denied';
}

export interface FindingChange {
	change: 'appeared' | 'disappeared';
	code: string;
	severity: string;
	message: string;
	file: string;
	line: number;
	ref?: { kind: string; namespace: string; name: string };
}

export interface DiffReport {
	resources: ResourceChange[];
	endpoints: EndpointChange[];
	flows: FlowChange[];
	flowSelection: FlowSelection;
	routes: RouteChange[];
	/** NetworkPolicy cells (pod → pod on a port) whose verdict changed, the first MAX_REACH_CELLS (summary.reach counts all) */
	reach: ReachCell[];
	findings: FindingChange[];
	/** counts of each section, and whether any compared flow's verdict changed */
	summary: {
		added: number;
		removed: number;
		changed: number;
		endpoints: number;
		flows: number;
		verdictsChanged: number;
		routes: number;
		reach: number;
		findingsAppeared: number;
		findingsDisappeared: number;
	};
}
