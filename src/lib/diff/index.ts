// Public API of the diff engine: two loaded versions of a set of manifests in,
// a structured report of what the change does out (scenario/ loads files).
export type * from './types';
export { diffVersions, isEmptyDiff, type DiffOptions } from './diff';
export { diffResources, resourceKey, formatField, MAX_FIELDS_PER_RESOURCE } from './resources';
export { diffEndpoints } from './endpoints';
export { chooseFlows, diffFlows, lcsDiff, MAX_AUTO_FLOWS, MAX_GIVEN_FLOWS, DIFF_SEED, type FlowOptions } from './flows';
export { diffRoutes, describeMatches } from './routes';
export { diffFindings } from './findings';
export { diffReach, MAX_REACH_CELLS, MAX_REACH_PORTS } from './reach';
