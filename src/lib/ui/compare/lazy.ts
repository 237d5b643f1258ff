// Compare, loaded on first use: the diff view, its session and the compute
// client that runs the diff job. The first paint does not wait for it.
export { default as CompareStage } from './CompareStage.svelte';
export { CompareSession } from './session.svelte';
