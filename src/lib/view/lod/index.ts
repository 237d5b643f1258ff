// Level of detail for big clusters: the aggregated graph (built in the layout
// worker) and the culling the Diagram runs on every settled pan or zoom.
export { toLodGraph, workloadOf, healthText, nsId, LOD_MIN_PODS, type Health, type LodOptions, type WorkloadRef } from './aggregate';
export * from './cull';
export { graphForView, LOD_MIN_NODES, type BuildOptions } from './build';
