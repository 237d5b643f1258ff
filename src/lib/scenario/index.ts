// Public API of src/lib/scenario: code outside this folder imports from here only.
export { isScenarioHeader } from './header';
export type { ScenarioFlow } from './header';
export { loadScenario, sortDiagnostics } from './load';
export type { LoadedScenario } from './load';
export { syntheticCluster } from './synthetic';
export { syntheticDump, type DumpOptions, type SyntheticDump } from './synthetic-dump';
export { STORAGE_KEY, deserializeWorkspace, uniqueName } from './workspace';
export type { LoadSummary, ViewName, Workspace } from './workspace';
export { catalogFrom } from './catalog';
export type { PresetInfo } from './catalog';
export type { ScenarioStep } from './header';
export { cancelLoad, isCancelledLoad, isStaleLoad, loadAsync, loadHere, shouldLoadInWorker, warmLoadWorker } from './load-client';
export type { LoadResult } from './load-client';
export { acceptFiles, addFiles, emptyWorkspace, lineCount, linesAround, offsetOfLine, shouldReplaceDiagram } from './workspace';
export { loadVersion, diffFiles, compareFiles, type DiffRun } from './version';
export { syntheticChange, type SyntheticChange } from './synthetic-change';
export { encodeWorkspace, decodeWorkspace } from './share';
