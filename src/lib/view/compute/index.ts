// Public API of the compute worker: heavy engine runs a click starts (Istio
// Send N, resilience Run) off the main thread, stoppable. A subfolder entry of
// its own, like mesh/ and resilience/, so only the features that run jobs
// load it. The worker module itself (compute-worker.ts) is loaded by URL.
export * from './compute-client';
export type * from './compute';
