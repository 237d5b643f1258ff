// Kinds without a namespace (cluster-scoped in the Kubernetes API): reported
// with namespace null rather than a made-up `default` (validate --json, diff).
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
	'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
	'CustomResourceDefinition', 'IngressClass', 'PriorityClass', 'MutatingWebhookConfiguration',
	'ValidatingWebhookConfiguration', 'APIService', 'RuntimeClass', 'GatewayClass'
]);
