// Public API of the cluster model.
export type * from './types';
export { buildCluster } from './build';
export { DEFAULT_SETTINGS, resolveSettings } from './defaults';
export { matchesLabels, matchesSelector, matchesRequirement, isEmptySelector, formatSelector } from './selectors';
export {
	parseIPv4,
	formatIPv4,
	isIPv4,
	parseCidr,
	formatCidr,
	cidrSize,
	cidrContains,
	cidrOverlaps,
	nthHost,
	hostIndex,
	subnet,
	broadcastAddress,
	addToIPv4,
	ipSloppy,
	cidrSloppy,
	nonStandardIPv4,
	type Cidr
} from './cidr';
export { resolveTargetPort } from './endpoints';
export { sidecarInjected, type InjectionInput } from './sidecar';
export { readLabelSelector } from './pods';
export { indexPods, selectByLabels, selectBySelector, type PodIndex } from './podindex';
export { SAFE_ALPHABET, podTemplateHash, nameSuffix } from './hash';
export { SYNTH_LB_CIDR } from './services';
export { parseRef, formatRef, parseUrl, resolveRef, refPod, namesClusterObject, WORKLOAD_KIND, REF_KIND_OF_WORKLOAD, type Ref, type RefKind, type Resolved, type UrlParts } from './refs';
export { isObj, num, obj, objs, str, strMap, strs } from './raw';
export type { Obj } from './raw';
export type { Cluster, ClusterSettings, DestinationRule, DestinationRuleSubset, IstioGateway, Node, ObjRef, PeerAuthMode, PeerAuthentication, Pod, Resource, Service, ServiceEntry, SourceRef, VirtualService } from './types';
export { isAuthorizationPolicy, isLegacyRbac, LEGACY_RBAC_KINDS } from './authz';
export type { AuthorizationPolicy, AuthzAction, AuthzCondition, AuthzOperationField, AuthzRule, AuthzSourceField, LegacyRbac, RbacConfig, ServiceRole, ServiceRoleBinding, ServiceRoleRule } from './types';
