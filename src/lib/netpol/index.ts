// Public API of the NetworkPolicy engine (networking.k8s.io/v1): per-pair
// verdicts that explain themselves, the reachability matrix of every pod
// pair, and findings about policies the API server would reject or that do
// not say what they seem to. Pure: reads the Cluster model only.
export type * from './types';
export { netpolVerdict, isolation, ruleText } from './verdict';
export { reachMatrix, parsePortProto, portKey } from './matrix';
export { netpolFindings, NETPOL_CODES } from './findings';
