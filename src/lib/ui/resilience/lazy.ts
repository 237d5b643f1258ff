// Everything the shell needs from the resilience feature, in one module the
// shell imports lazily (it brings xstate and the simulator): the first paint
// does not wait for it.
export { default as SimulatePanel } from './SimulatePanel.svelte';
export { default as SimulationStage } from './SimulationStage.svelte';
export { default as RequestShot } from './RequestShot.svelte';
export { describeEvent, dimmedNodes, ejectedAt, requestShot, timeAt } from '../../view/resilience';
export { runForm } from './run';
