// Public API of the layout: Graph → Scene. layoutGraph runs anywhere (tests,
// the CLI, the worker); layoutInWorker is the browser entry that runs it in
// the layout Web Worker. The box metrics are shared with the Diagram that
// draws the boxes. geometry, pack, route and text are internal.
export { layoutGraph, usesElk, ELK_MAX_NODES, ELK_MAX_PODS, type ElkLike } from './layout-core';
export { layoutPacked } from './layout-packed';
export { layoutInWorker, layoutClusterInWorker, warmLayoutWorker, isStale, type LayoutOptions } from './layout';
export type { LayoutRequest, LayoutResponse } from './layout-worker';
export * from './metrics';
