// Public API of the mesh engine (Istio routing, sidecar path, weighted splits).
export type * from './types';
export { route, DEFAULT_LATENCY_MS } from './route';
export { simulate, type SimulateOptions, type SimulateResult, type RequestOutcome } from './simulate';
export { parseHttpRoutes, parseL4Routes, parseStringMatch, DEFAULT_RETRIES } from './routes';
export { whyNotMatch, whyNotRule, stringMatches, fullRegex, re2Error, regexRewrite, type MatchContext } from './match';
export { resolveConfigHost, resolveClientHost, lookupHost, hostMatches, visibleTo, resolveGatewayRef, serviceFqdn } from './hosts';
export { findDestinationRule, mergedPolicy, findSubset, lbPolicy, ROOT_NAMESPACE } from './policy';
export { parseDuration, formatMs } from './duration';
export { makeRng, type Rng } from './rng';
export { OUTBOUND_RULES, INBOUND_RULES, outboundCluster, inboundCluster } from './hops';
