// Public API of src/lib/scenario: code outside this folder imports from here only.
export { isScenarioHeader } from './header';
export type { ScenarioFlow } from './header';
export { loadScenario, sortDiagnostics } from './load';
export type { LoadedScenario } from './load';
export { syntheticCluster } from './synthetic';
export { STORAGE_KEY, deserializeWorkspace, uniqueName } from './workspace';
export type { LoadSummary, ViewName, Workspace } from './workspace';
export { catalogFrom } from './catalog';
export type { PresetInfo } from './catalog';
