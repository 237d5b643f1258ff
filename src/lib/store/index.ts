// Public API of the workspace store: named workspaces in IndexedDB (memory
// where storage is refused), last good kept apart from the draft, stored
// undo/redo, revisions with conflict results, other tabs told over a
// BroadcastChannel. See store.ts for the secrets hook (`redact`).
export type { DraftPatch, Failure, FailureReason, LastGood, OpenedWorkspace, Result, StoreEvent, UndoPoint, WorkspaceInit, WorkspaceRecord, WorkspaceStore, WorkspaceSummary } from './types';
export { openWorkspaceStore, createWorkspaceStore, type StoreOptions } from './store';
export { isGoodLoad } from './good';
export { memoryBackend, type Backend, type Tx } from './backend';
export { DEFAULT_HISTORY, type HistoryLimits } from './history';
export { CHANNEL_NAME } from './channel';
export { DB_NAME } from './idb';
export { createAutosaver, type Autosaver, type AutosaveOptions } from './autosave';
export { requestPersistence, type Persistence } from './persist';
export { WORKSPACE_YAML_MARK } from './mark';
