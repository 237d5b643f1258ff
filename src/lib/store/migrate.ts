// The one-time move of the old localStorage workspace (`hopscope.workspace.v1`)
// into the store. Reading is guarded (a sandboxed iframe throws on
// `localStorage`); the old key is left where it is.
import { deserializeWorkspace, STORAGE_KEY, type Workspace } from '../scenario';

/** meta record that says the move has been done (whether or not there was anything to move) */
export const MIGRATED_KEY = 'migrated.localStorage.v1';
export const MIGRATED_NAME = 'My manifests';

export function readLegacyWorkspace(getStorage: () => Pick<Storage, 'getItem'> | undefined): Workspace | null {
	try {
		return deserializeWorkspace(getStorage()?.getItem(STORAGE_KEY));
	} catch {
		return null;
	}
}

/** The name the moved workspace gets in the list. */
export function legacyName(ws: Workspace): string {
	return ws.presetId ? `${ws.presetId} (edited)` : MIGRATED_NAME;
}
