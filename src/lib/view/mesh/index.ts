// Public API of the mesh view: the mesh diagram (toMeshGraph, hop → node
// mapping), the request composer and tallies, and the weight what-if editor.
// Istio decisions (hosts, DestinationRules, subsets) come from src/lib/mesh.
export * from './mesh';
export * from './meshreq';
export * from './meshwhatif';
export * from './security';
