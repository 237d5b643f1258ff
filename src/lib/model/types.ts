// The cluster model: what buildCluster() makes of parsed resources. Plain data
// only (no classes, no functions) so it can be cloned into a worker, serialised
// for the CLI, and compared in tests. Engines (net/, mesh/, resilience/) read it.
import type { Diagnostic, Resource, SourceRef } from '../manifest';

export type { Diagnostic, Resource, SourceRef };

/** Cluster-wide settings; documented defaults live in model/defaults.ts. */
export interface ClusterSettings {
	/** worker Nodes synthesised when the input has no `kind: Node` */
	nodeCount: number;
	/** cluster pod CIDR, split into one /podCIDRMaskSize per node */
	podCIDR: string;
	podCIDRMaskSize: number;
	serviceCIDR: string;
	/** ClusterIP of the cluster DNS Service (kube-dns) */
	clusterDNS: string;
	clusterDomain: string;
	/** first node IP; later nodes count up from it */
	nodeIPStart: string;
	nodeSubnetPrefix: number;
	/** bridge: routed pod networks; overlay: VXLAN between nodes */
	cni: 'bridge' | 'overlay';
	bridgeName: string;
	kubeProxyMode: 'iptables' | 'ipvs';
	nodePortRange: [number, number];
	/** name prefix of synthesised nodes: node-1, node-2, … */
	nodeNamePrefix: string;
}

export interface ObjRef {
	kind: string;
	namespace?: string;
	name: string;
}

export interface LabelSelectorRequirement {
	key: string;
	operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
	values?: string[];
}

export interface LabelSelector {
	matchLabels?: Record<string, string>;
	matchExpressions?: LabelSelectorRequirement[];
}

export interface Namespace {
	name: string;
	labels: Record<string, string>;
	/** declared by a `kind: Namespace` document (else inferred from use) */
	declared: boolean;
	source?: SourceRef;
}

export interface Node {
	name: string;
	/** InternalIP */
	ip: string;
	externalIP?: string;
	podCIDR: string;
	/** gateway address of the node's pod bridge (first IP of podCIDR) */
	bridgeIP: string;
	labels: Record<string, string>;
	/** true when made up from defaults rather than read from a `kind: Node` */
	synthesized: boolean;
	source?: SourceRef;
}

export interface ContainerPort {
	name?: string;
	containerPort: number;
	protocol: 'TCP' | 'UDP' | 'SCTP';
	hostPort?: number;
}

export interface Container {
	name: string;
	image: string;
	ports: ContainerPort[];
	/** ConfigMap / Secret / PVC the container or pod uses */
	init?: boolean;
}

export interface Workload {
	/** `Deployment/ns/name` */
	id: string;
	kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'ReplicationController';
	namespace: string;
	name: string;
	replicas: number;
	selector: LabelSelector | null;
	/** labels of the pod template */
	podLabels: Record<string, string>;
	/** StatefulSet spec.serviceName */
	serviceName?: string;
	/** ids of the pods expanded from it (the first `aggregated.shown` when aggregated) */
	pods: string[];
	/**
	 * Set when the work budget (model/budget.ts) modelled fewer pods than the
	 * workload asks for: `shown` pods exist, the view draws "×total".
	 */
	aggregated?: { shown: number; total: number };
	/** ConfigMap/Secret/PVC ids the pod template references */
	uses: string[];
	source: SourceRef;
}

export interface Pod {
	/** `ns/name` */
	id: string;
	namespace: string;
	name: string;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	node: string;
	ip: string;
	hostNetwork: boolean;
	/** workload id that owns it, or undefined for a bare Pod */
	owner?: string;
	/** a live pod's controller from metadata.ownerReferences (kind and name), kept when its workload is not in the input */
	controller?: { kind: string; name: string };
	containers: Container[];
	phase: string;
	ready: boolean;
	/** StatefulSet pods: stable hostname and subdomain (headless service) */
	hostname?: string;
	subdomain?: string;
	/** ConfigMap/Secret/PVC ids it references */
	uses: string[];
	/** Istio sidecar injected (namespace label / pod annotation) */
	sidecar: boolean;
	serviceAccount?: string;
	source: SourceRef;
}

export interface ServicePort {
	name: string;
	protocol: 'TCP' | 'UDP' | 'SCTP';
	port: number;
	/** as written: a number or a container port name */
	targetPort: number | string;
	nodePort?: number;
	appProtocol?: string;
	source?: SourceRef;
}

/** One endpoint of one Service port (the EndpointSlice view). */
export interface Endpoint {
	ip: string;
	port: number;
	portName: string;
	protocol: 'TCP' | 'UDP' | 'SCTP';
	/** `ns/name` of the backing pod when known */
	pod?: string;
	node?: string;
	ready: boolean;
	serving: boolean;
	terminating: boolean;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface Service {
	/** `ns/name` */
	id: string;
	namespace: string;
	name: string;
	type: ServiceType;
	/** clusterIP: None */
	headless: boolean;
	/** null for headless and ExternalName */
	clusterIP: string | null;
	ports: ServicePort[];
	/** null: no selector (endpoints managed by hand or by EndpointSlices) */
	selector: Record<string, string> | null;
	externalName?: string;
	externalIPs: string[];
	/** status.loadBalancer.ingress[].ip (or a synthesised one for LoadBalancer) */
	loadBalancerIPs: string[];
	loadBalancerSourceRanges: string[];
	externalTrafficPolicy: 'Cluster' | 'Local';
	internalTrafficPolicy: 'Cluster' | 'Local';
	sessionAffinity: 'None' | 'ClientIP';
	sessionAffinityTimeoutSeconds: number;
	healthCheckNodePort?: number;
	endpoints: Endpoint[];
	/**
	 * Set when the work budget modelled fewer endpoints than asked for
	 * (`total` = address × port pairs in the input or selected pods).
	 */
	endpointsAggregated?: { shown: number; total: number };
	/** where the endpoints came from */
	endpointsFrom: 'selector' | 'EndpointSlice' | 'Endpoints' | 'none';
	/** pod ids selected (deduplicated over ports) */
	pods: string[];
	source: SourceRef;
}

export interface IngressBackend {
	service?: { name: string; port: number | string };
	resource?: ObjRef;
	/** resolved Service id (`ns/name`) when it exists */
	serviceId?: string;
}

export interface IngressPath {
	path: string;
	pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific';
	backend: IngressBackend;
	source?: SourceRef;
}

export interface IngressRule {
	host?: string;
	paths: IngressPath[];
	source?: SourceRef;
}

export interface Ingress {
	id: string;
	namespace: string;
	name: string;
	apiVersion: string;
	/** written in the pre-v1 shape (serviceName/servicePort) */
	legacy: boolean;
	className?: string;
	defaultBackend?: IngressBackend;
	rules: IngressRule[];
	tls: { hosts: string[]; secretName?: string }[];
	annotations: Record<string, string>;
	/** status.loadBalancer.ingress[].ip */
	loadBalancerIPs: string[];
	source: SourceRef;
}

// ---- Istio (typed loosely here; mesh/ refines the route semantics) ----

export interface IstioGateway {
	id: string;
	namespace: string;
	name: string;
	selector: Record<string, string>;
	servers: {
		port: { number: number; name?: string; protocol: string; targetPort?: number };
		hosts: string[];
		tls?: Record<string, unknown>;
		source?: SourceRef;
	}[];
	/** gateway pods that the selector picks */
	pods: string[];
	source: SourceRef;
}

export interface VirtualService {
	id: string;
	namespace: string;
	name: string;
	hosts: string[];
	gateways: string[];
	exportTo: string[];
	/** the http/tcp/tls route lists as written (mesh/ interprets them) */
	http: Record<string, unknown>[];
	tcp: Record<string, unknown>[];
	tls: Record<string, unknown>[];
	source: SourceRef;
	/** field path → line, for pointing at a rule or a destination */
	lines: Record<string, number>;
}

export interface DestinationRuleSubset {
	name: string;
	labels: Record<string, string>;
	trafficPolicy?: Record<string, unknown>;
	source?: SourceRef;
}

export interface DestinationRule {
	id: string;
	namespace: string;
	name: string;
	host: string;
	subsets: DestinationRuleSubset[];
	trafficPolicy?: Record<string, unknown>;
	exportTo: string[];
	source: SourceRef;
	lines: Record<string, number>;
}

export interface ServiceEntry {
	id: string;
	namespace: string;
	name: string;
	hosts: string[];
	addresses: string[];
	ports: { number: number; name?: string; protocol?: string; targetPort?: number }[];
	location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
	resolution: 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN';
	endpoints: { address: string; ports?: Record<string, number>; labels?: Record<string, string> }[];
	source: SourceRef;
}

/** security.istio.io PeerAuthentication: which traffic a sidecar ACCEPTS (mTLS only, both, plaintext only). */
export type PeerAuthMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'UNSET';

export interface PeerAuthentication {
	id: string;
	namespace: string;
	name: string;
	/** selector.matchLabels; null: the whole namespace (mesh-wide in the root namespace) */
	selector: Record<string, string> | null;
	/** mtls.mode; UNSET (or missing) inherits from the parent level */
	mode: PeerAuthMode;
	/** portLevelMtls: workload (container) port → mode; Istio applies it only with a selector */
	portLevel: Record<number, PeerAuthMode>;
	source: SourceRef;
}

/** security.istio.io AuthorizationPolicy `from[].source` fields (each a list; values OR, fields AND). */
export type AuthzSourceField =
	| 'principals' | 'notPrincipals' | 'requestPrincipals' | 'notRequestPrincipals'
	| 'namespaces' | 'notNamespaces' | 'ipBlocks' | 'notIpBlocks' | 'remoteIpBlocks' | 'notRemoteIpBlocks'
	| 'serviceAccounts' | 'notServiceAccounts';
/** `to[].operation` fields. */
export type AuthzOperationField = 'hosts' | 'notHosts' | 'ports' | 'notPorts' | 'methods' | 'notMethods' | 'paths' | 'notPaths';

export interface AuthzCondition {
	key: string;
	values: string[];
	notValues: string[];
}

export interface AuthzRule {
	/** null: no `from` (any source); else OR over the sources */
	from: Partial<Record<AuthzSourceField, string[]>>[] | null;
	/** null: no `to` (any operation); else OR over the operations */
	to: Partial<Record<AuthzOperationField, string[]>>[] | null;
	/** AND over the conditions */
	when: AuthzCondition[];
	line: number;
}

export type AuthzAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

export interface AuthorizationPolicy {
	id: string;
	namespace: string;
	name: string;
	/** as written; a missing action is ALLOW */
	action: AuthzAction;
	/** CUSTOM: the extension provider */
	provider?: string;
	/** selector.matchLabels; null: every workload of the namespace (of the mesh in the root namespace) */
	selector: Record<string, string> | null;
	targetRefs: { group: string; kind: string; name: string; namespace?: string }[];
	rules: AuthzRule[];
	source: SourceRef;
	/** translated from legacy RBAC (rbac.istio.io): the ids of the resources it comes from */
	legacy?: string[];
}

/** rbac.istio.io/v1alpha1 RbacConfig / ClusterRbacConfig (removed in Istio 1.6). */
export interface RbacConfig {
	id: string;
	kind: 'RbacConfig' | 'ClusterRbacConfig';
	namespace: string;
	name: string;
	mode: 'OFF' | 'ON' | 'ON_WITH_INCLUSION' | 'ON_WITH_EXCLUSION';
	/** as written when it is not one of the four */
	modeWritten: string;
	inclusion: { services: string[]; namespaces: string[] };
	exclusion: { services: string[]; namespaces: string[] };
	source: SourceRef;
}

export interface ServiceRoleRule {
	services: string[];
	methods: string[];
	paths: string[];
	notMethods: string[];
	notPaths: string[];
	ports: number[];
	notPorts: number[];
	constraints: { key: string; values: string[] }[];
	line: number;
}

export interface ServiceRole {
	id: string;
	namespace: string;
	name: string;
	rules: ServiceRoleRule[];
	source: SourceRef;
}

export interface ServiceRoleBindingSubject {
	user?: string;
	group?: string;
	properties: Record<string, string>;
}

export interface ServiceRoleBinding {
	id: string;
	namespace: string;
	name: string;
	subjects: ServiceRoleBindingSubject[];
	roleRef: { kind: string; name: string };
	/** spec.actions: DENY is not supported by the translation (an AUDIT-era field) */
	mode?: string;
	source: SourceRef;
}

export interface LegacyRbac {
	configs: RbacConfig[];
	roles: ServiceRole[];
	bindings: ServiceRoleBinding[];
}

export interface NetworkPolicyPeer {
	podSelector?: LabelSelector;
	namespaceSelector?: LabelSelector;
	ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
	protocol: 'TCP' | 'UDP' | 'SCTP';
	port?: number | string;
	endPort?: number;
}

export interface NetworkPolicyRule {
	/** empty list or missing: all peers (per the spec) */
	peers: NetworkPolicyPeer[] | null;
	/** empty list or missing: all ports */
	ports: NetworkPolicyPort[] | null;
	source?: SourceRef;
}

export interface NetworkPolicy {
	id: string;
	namespace: string;
	name: string;
	podSelector: LabelSelector;
	policyTypes: ('Ingress' | 'Egress')[];
	ingress: NetworkPolicyRule[];
	egress: NetworkPolicyRule[];
	/** pod ids the policy applies to */
	pods: string[];
	source: SourceRef;
}

/** ConfigMap, Secret, PVC, HPA: attached to the workloads that use them. */
export interface Attachment {
	/** `Kind/ns/name` */
	id: string;
	kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'HorizontalPodAutoscaler' | 'ServiceAccount';
	namespace: string;
	name: string;
	/** data keys for ConfigMap/Secret (never Secret values) */
	keys: string[];
	/** short summary (PVC size and access modes, HPA min/max/target) */
	summary: string;
	/** workload or pod ids that use it (HPA: its scale target) */
	usedBy: string[];
	source: SourceRef;
}

/** Kinds the model keeps but does not draw (CRDs, RBAC, …). */
export interface UnknownKind {
	kind: string;
	apiVersion: string;
	count: number;
	names: string[];
}

export interface Cluster {
	settings: ClusterSettings;
	namespaces: Namespace[];
	nodes: Node[];
	workloads: Workload[];
	pods: Pod[];
	services: Service[];
	ingresses: Ingress[];
	gateways: IstioGateway[];
	virtualServices: VirtualService[];
	destinationRules: DestinationRule[];
	serviceEntries: ServiceEntry[];
	/** security.istio.io PeerAuthentications (optional: filled by readPeerAuthentications) */
	peerAuthentications?: PeerAuthentication[];
	/** security.istio.io AuthorizationPolicies (optional: filled by buildCluster when the input has any) */
	authorizationPolicies?: AuthorizationPolicy[];
	/** rbac.istio.io legacy RBAC (optional: filled when the input has any) */
	legacyRbac?: LegacyRbac;
	networkPolicies: NetworkPolicy[];
	attachments: Attachment[];
	unknown: UnknownKind[];
	/** model-level problems (bad types, bad selectors, IP collisions, …) */
	diagnostics: Diagnostic[];
}
