// The workspace store's public shapes. Plain data only: every value crosses
// IndexedDB's structured clone, and every outcome is a value (never a throw)
// so the UI can say what happened to the user's work.
import type { InputFile } from '../manifest';
import type { ViewName } from '../scenario';

/** One named workspace as the UI sees it (the current draft). */
export interface WorkspaceRecord {
	id: string;
	name: string;
	/** the draft: what the editor shows, good or broken (Secret values already redacted) */
	files: InputFile[];
	/** index of the file open in the editor */
	active: number;
	view: ViewName;
	/** the preset this workspace was started from (kept through edits), or null */
	presetId: string | null;
	createdAt: number;
	updatedAt: number;
	/** bumped by every write; a write must name the revision it was based on */
	revision: number;
	/** how many undo / redo steps the stored history holds */
	undoDepth: number;
	redoDepth: number;
}

/** What a workspace list shows, without reading the files. */
export interface WorkspaceSummary {
	id: string;
	name: string;
	presetId: string | null;
	updatedAt: number;
	revision: number;
	chars: number;
}

/** The last version of a workspace that loaded with resources and no errors. */
export interface LastGood {
	id: string;
	files: InputFile[];
	presetId: string | null;
	/** the draft revision these files were */
	revision: number;
	savedAt: number;
}

/** What a load of a workspace gives: the draft, and the last good version kept apart. */
export interface OpenedWorkspace {
	workspace: WorkspaceRecord;
	lastGood: LastGood | null;
}

/** A new workspace. */
export interface WorkspaceInit {
	name: string;
	files: InputFile[];
	active?: number;
	view?: ViewName;
	presetId?: string | null;
}

/** One stored undo step: the files before an edit, and when that edit was made. */
export interface UndoPoint {
	seq: number;
	at: number;
	files: InputFile[];
}

/** An edit to a draft: only the fields given change. */
export interface DraftPatch {
	name?: string;
	files?: InputFile[];
	active?: number;
	view?: ViewName;
	presetId?: string | null;
}

export type FailureReason =
	/** the write (or read) did not happen: storage full, closed, refused; `message` says which */
	| 'failed'
	/** no workspace with that id (deleted in another tab?) */
	| 'not-found'
	/** the stored revision is newer than the one the write was based on: another tab saved; see `current` */
	| 'conflict'
	/** undo / redo with nothing to undo / redo */
	| 'empty';

export interface Failure {
	ok: false;
	reason: FailureReason;
	/** for the user: what went wrong and what it means for their work */
	message: string;
	/** with 'conflict': the newer stored version */
	current?: WorkspaceSummary;
}

export type Result<T> = { ok: true; value: T } | Failure;

/** Told to every listener: another tab changed or removed a workspace. */
export type StoreEvent =
	| {
			type: 'changed-elsewhere';
			id: string;
			revision: number;
			/** the revision this tab last loaded or saved, or null if it never opened it */
			heldRevision: number | null;
			/** this tab holds an older revision: show "changed in another tab — reload / keep mine as a copy" */
			stale: boolean;
	  }
	| { type: 'removed-elsewhere'; id: string; held: boolean };

export interface WorkspaceStore {
	/** false: storage is unavailable (sandboxed iframe, private mode) and nothing survives a reload */
	readonly persistent: boolean;
	/** why storage is unavailable, for the UI ("not saved: storage unavailable"), else null */
	readonly unavailable: string | null;
	/** newest first */
	list(): Promise<Result<WorkspaceSummary[]>>;
	/** the draft and the last good version; remembers the revision this tab now holds */
	open(id: string): Promise<Result<OpenedWorkspace>>;
	create(init: WorkspaceInit): Promise<Result<WorkspaceRecord>>;
	/** writes the draft if the stored revision is still `baseRevision`, else fails with 'conflict' */
	saveDraft(id: string, baseRevision: number, patch: DraftPatch): Promise<Result<WorkspaceRecord>>;
	/** a new workspace "<name> (copy)" holding `patch` over the source: the way out of a conflict */
	saveAsCopy(fromId: string, patch: DraftPatch): Promise<Result<WorkspaceRecord>>;
	/** records `files` (the draft at `revision`) as the last good version; an older revision never replaces a newer one */
	markGood(id: string, revision: number, files: InputFile[], presetId?: string | null): Promise<Result<LastGood>>;
	undo(id: string, baseRevision: number): Promise<Result<WorkspaceRecord>>;
	/** the undo steps' files, newest first, read only (Compare: "what did my edits change?") */
	undoPoints(id: string): Promise<Result<UndoPoint[]>>;
	redo(id: string, baseRevision: number): Promise<Result<WorkspaceRecord>>;
	remove(id: string): Promise<Result<void>>;
	/** returns the unsubscribe function */
	subscribe(listener: (ev: StoreEvent) => void): () => void;
	close(): void;
}
