// Public API of the mesh engine (Istio routing, sidecar path, weighted splits).
export type * from './types';
export { route, DEFAULT_LATENCY_MS } from './route';
export { simulate, type SimulateOptions, type SimulateResult, type RequestOutcome } from './simulate';
export { parseHttpRoutes, parseL4Routes, parseStringMatch, DEFAULT_RETRIES } from './routes';
export { whyNotMatch, whyNotRule, stringMatches, fullRegex, re2Error, regexRewrite, type MatchContext } from './match';
export { resolveConfigHost, resolveClientHost, lookupHost, hostMatches, visibleTo, resolveGatewayRef, serviceFqdn } from './hosts';
export { findDestinationRule, mergedPolicy, mergeTrafficPolicy, findSubset, lbPolicy, describeLb, ROOT_NAMESPACE, type MergedPolicy, type PolicySources } from './policy';
// the one interpreter of Istio config: route, DestinationRule, subset, merged policy, retries, timeout
export {
	chooseRoute,
	chooseDestinationRule,
	chooseUpstream,
	decideUpstream,
	destinationPort,
	defaultPort,
	normalizeRequest,
	virtualServicesFor,
	isHttpRule,
	type RouteChoice,
	type RouteInput,
	type RouteProxy,
	type UpstreamChoice,
	type UpstreamDecision
} from './upstream';
export { envoyRetryPolicy, isRetriable, retryBackoffMs, type EnvoyRetryPolicy, type AttemptOutcome } from './retry';
export { OUTBOUND_RULES, INBOUND_RULES, outboundCluster, inboundCluster } from './hops';
export { gatewayPod } from './gateway';
export { isIP } from './hosts';
export type { KnownHost } from './hosts';
export { describeServer, serverMtls } from './peerauth';
export { drHost, tlsMode } from './policy';
export type { HttpMatch, HttpRouteRule, MeshHop, MeshLink, MirrorOutcome, NamedMatch, PickedDestination, RouteDestination, RouteRequest, StringMatch, TrafficPolicy } from './types';
export type { RouteResult } from './types';
// authorization: AuthorizationPolicy (and legacy RBAC through its translation), enforced by route()
export {
	authorize,
	allPolicies,
	policiesFor,
	evaluatePolicy,
	istioStringMatch,
	principalOf,
	envoyPolicyName,
	ACTION_ORDER,
	RBAC_DENIED_BODY,
	TRUST_DOMAIN,
	type AuthzDecision,
	type AuthzPeer,
	type AuthzRequest,
	type AuthzStep,
	type AuthzVerdict
} from './authz';
export { appliesTo, workloadOf, GATEWAY_NAME_LABEL, type AuthzWorkload } from './authz-scope';
export { legacyTranslation, legacyPolicies, legacyTwinYaml, policyDocument, rbacEnabled, legacyKey, type LegacyTranslation } from './rbac-legacy';
export type { RouteAuthz } from './types';
export { authorizeCall, enforce, type Enforced } from './enforce';
