// Public API of the resilience view: simulation form, machine graphs, timeline
// series and request shots (resilience.ts), and their ELK layout in a worker.
export * from './resilience';
export { layoutMachineGraph } from './resilience-layout';
