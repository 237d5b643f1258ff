// Public API of the view: Cluster → Graph (architecture and network views),
// the filter, the inspector's details, packet paths and the player.
// The subfolders are separate entry points on purpose, not re-exported here:
// layout/ (ELK, run in a Web Worker), mesh/ and resilience/ (loaded lazily by
// the UI) would otherwise be pulled into every importer's bundle.
export type * from './types';
export * from './graph';
export * from './filter';
export * from './network';
export * from './scene';
export * from './details';
export * from './packet';
export * from './player';
export * from './tracefmt';
export * from './packetbench';
export type { Scene } from './types';
export type { SceneEdge, SceneNode } from './types';
export * from './reach';
export * from './diffmarks';
export * from './fit';
export * from './dockernet';
export * from './weights';
export * from './present';
