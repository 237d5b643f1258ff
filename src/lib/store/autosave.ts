// Save-on-edit for one open workspace: debounces typing, merges the queued
// patches, runs one write at a time and always bases the next on the revision
// the last one returned, so a tab never conflicts with itself. A conflict (or
// a deleted workspace) stops saving and keeps the edits queued until the UI decides:
// reload (rebase) or keep them as a copy (store.saveAsCopy with `pending`).
import type { InputFile } from '../manifest';
import type { DraftPatch, LastGood, Result, WorkspaceRecord, WorkspaceStore } from './types';

export interface AutosaveOptions {
	/** quiet time after the last edit before writing; default 400 ms */
	delayMs?: number;
	/** every write's outcome, for the UI's "saved" / "not saved: …" / conflict banner */
	onResult?: (r: Result<WorkspaceRecord>) => void;
}

export interface Autosaver {
	/** the revision of the last write this tab made (or was rebased on) */
	readonly revision: number;
	/** edits not yet written (merged), or null */
	readonly pending: DraftPatch | null;
	/** false after a conflict (or the workspace was deleted), until rebase() */
	readonly saving: boolean;
	/** queue an edit; written after delayMs of quiet */
	edit(patch: DraftPatch): void;
	/** write what is queued now; resolves once it (and any write in flight) is done */
	flush(): Promise<Result<WorkspaceRecord> | null>;
	/** run another write (undo, redo) in the same queue, after the queued edits, on the current revision */
	run(op: (revision: number) => Promise<Result<WorkspaceRecord>>): Promise<Result<WorkspaceRecord>>;
	/**
	 * Record files that just loaded well (see isGoodLoad) as the last good
	 * version, after the writes in flight, labelled with the current revision:
	 * no flush, so typing stays debounced; a later mark always replaces it.
	 */
	markGood(files: InputFile[], presetId?: string | null): Promise<Result<LastGood>>;
	/** after a reload: continue from this revision, dropping the queued edits */
	rebase(revision: number): void;
	dispose(): void;
}

export function createAutosaver(store: WorkspaceStore, id: string, revision: number, opts: AutosaveOptions = {}): Autosaver {
	const delayMs = opts.delayMs ?? 400;
	let rev = revision;
	let pending: DraftPatch | null = null;
	let saving = true;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let chain: Promise<unknown> = Promise.resolve();

	const clearTimer = () => {
		if (timer !== null) clearTimeout(timer);
		timer = null;
	};

	/** One write, after the one before it. */
	function enqueue(op: (revision: number) => Promise<Result<WorkspaceRecord>>): Promise<Result<WorkspaceRecord>> {
		const p = chain.then(async () => {
			const r = await op(rev);
			if (r.ok) rev = r.value.revision;
			// another tab's write or a deleted workspace needs the user; a failed write is retried with the next edit
			else if (r.reason === 'conflict' || r.reason === 'not-found') saving = false;
			opts.onResult?.(r);
			return r;
		});
		chain = p.catch(() => {});
		return p;
	}

	function writePending(): Promise<Result<WorkspaceRecord> | null> {
		clearTimer();
		if (!pending || !saving) return chain.then(() => null);
		const patch = pending;
		pending = null;
		return enqueue((base) => store.saveDraft(id, base, patch)).then((r) => {
			// not written: keep the edits (under any made since) for a retry or a copy
			if (!r.ok) pending = { ...patch, ...pending };
			return r;
		});
	}

	return {
		get revision() {
			return rev;
		},
		get pending() {
			return pending;
		},
		get saving() {
			return saving;
		},
		edit(patch) {
			pending = { ...pending, ...patch };
			if (!saving) return;
			clearTimer();
			timer = setTimeout(() => void writePending(), delayMs);
		},
		flush: writePending,
		async run(op) {
			await writePending();
			return enqueue(op);
		},
		markGood(files, presetId) {
			// copied now: the caller's files may change before the chain gets here
			const plain = files.map((f) => ({ name: f.name, text: f.text }));
			const p = chain.then(() => store.markGood(id, rev, plain, presetId));
			chain = p.catch(() => {});
			return p;
		},
		rebase(revision) {
			clearTimer();
			rev = revision;
			pending = null;
			saving = true;
		},
		dispose() {
			clearTimer();
		}
	};
}
