// Named workspaces in IndexedDB, with the last good manifests kept apart from
// the draft, a stored undo/redo history, optimistic concurrency between tabs
// (every write names the revision it was based on) and a BroadcastChannel to
// tell other tabs. Falls back to memory, saying so, where storage is refused.
// Every outcome is a Result value: a failed write is never thrown, never silent.
//
// SECRETS: the store must never hold a Secret's values. Callers pass text that
// is already redacted, and every file text also passes through the `redact`
// option before it is stored (default: identity). Wire the manifest layer's
// redaction there: `openWorkspaceStore({ redact: redactSource })`.
import type { InputFile } from '../manifest';
import { uniqueName, type ViewName, type Workspace } from '../scenario';
import { memoryBackend, type Backend, type Tx } from './backend';
import { openChannel, type TabChannel, type TabMessage } from './channel';
import { charsOf, DEFAULT_HISTORY, dropHistory, recordEdit, redoStep, sameFiles, undoStep, type HistoryEntry, type HistoryLimits, type HistoryState } from './history';
import { describeError, openIdb } from './idb';
import { legacyName, MIGRATED_KEY, readLegacyWorkspace } from './migrate';
import type { DraftPatch, Failure, LastGood, OpenedWorkspace, Result, StoreEvent, UndoPoint, WorkspaceInit, WorkspaceRecord, WorkspaceStore, WorkspaceSummary } from './types';

export interface StoreOptions {
	/** where IndexedDB comes from; default `globalThis.indexedDB`, read inside a try (sandboxed iframes throw) */
	indexedDB?: () => IDBFactory | undefined;
	/** where the old workspace is read from, once; default `globalThis.localStorage`, guarded */
	localStorage?: () => Pick<Storage, 'getItem'> | undefined;
	/** default `globalThis.BroadcastChannel`, guarded */
	broadcastChannel?: () => (new (name: string) => BroadcastChannel) | undefined;
	dbName?: string;
	channelName?: string;
	openTimeoutMs?: number;
	/**
	 * SECRETS HOOK. Every file text passes through this before it is stored
	 * (drafts, last good, history, the migrated workspace). Default: identity,
	 * callers pass already-redacted text. If it throws, the write fails.
	 */
	redact?: (text: string) => string;
	now?: () => number;
	newId?: () => string;
	history?: Partial<HistoryLimits>;
}

/** The stored record: the public fields plus the history's bookkeeping. */
interface StoredWorkspace extends HistoryState {
	name: string;
	view: ViewName;
	presetId: string | null;
	createdAt: number;
	updatedAt: number;
	revision: number;
}

const VIEWS: ViewName[] = ['architecture', 'network', 'mesh'];

function defaultId(): string {
	try {
		return crypto.randomUUID();
	} catch {
		return `ws-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	}
}

function guarded<T>(get: () => T): () => T | undefined {
	return () => {
		try {
			return get();
		} catch {
			return undefined;
		}
	};
}

const fail = (reason: Failure['reason'], message: string, current?: WorkspaceSummary): Failure => ({ ok: false, reason, message, ...(current ? { current } : {}) });
const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function summaryOf(ws: StoredWorkspace): WorkspaceSummary {
	return { id: ws.id, name: ws.name, presetId: ws.presetId, updatedAt: ws.updatedAt, revision: ws.revision, chars: charsOf(ws.files) };
}

function recordOf(ws: StoredWorkspace): WorkspaceRecord {
	const { past, future, nextSeq: _n, lastEditAt: _l, ...rest } = ws;
	return { ...rest, undoDepth: past.length, redoDepth: future.length };
}

const notFound = (id: string) => fail('not-found', `There is no workspace ${id} (was it deleted in another tab?).`);
const conflict = (ws: StoredWorkspace) =>
	fail('conflict', `Not saved: this workspace was changed in another tab (now revision ${ws.revision}). Reload it, or keep yours as a copy.`, summaryOf(ws));

type Built = { store: WorkspaceStore; migrate: (legacy: Workspace | null) => Promise<void> };

/** Uses `backend` as is: for tests and for wrapping one. */
export function createWorkspaceStore(backend: Backend, opts: StoreOptions & { unavailable?: string | null } = {}): WorkspaceStore {
	return build(backend, opts).store;
}

function build(backend: Backend, opts: StoreOptions & { unavailable?: string | null }): Built {
	const now = opts.now ?? Date.now;
	const newId = opts.newId ?? defaultId;
	const redact = opts.redact ?? ((t: string) => t);
	const limits: HistoryLimits = { ...DEFAULT_HISTORY, ...opts.history };
	/** the revision this tab last loaded or saved, per workspace */
	const held = new Map<string, number>();
	const listeners = new Set<(ev: StoreEvent) => void>();

	const emit = (ev: StoreEvent) => {
		for (const l of listeners)
			try {
				l(ev);
			} catch {
				/* a listener's bug is not the store's */
			}
	};

	const onTab = (msg: TabMessage) => {
		const h = held.get(msg.id) ?? null;
		if (msg.kind === 'removed') return emit({ type: 'removed-elsewhere', id: msg.id, held: h !== null });
		if (h !== null && msg.revision <= h) return;
		emit({ type: 'changed-elsewhere', id: msg.id, revision: msg.revision, heldRevision: h, stale: h !== null });
	};
	// memory is per tab: there is nothing to tell other tabs about
	const channel: TabChannel | null = backend.persistent
		? openChannel(opts.broadcastChannel ?? guarded(() => globalThis.BroadcastChannel), onTab, opts.channelName)
		: null;

	/** Plain copies with redacted text; throws (failing the write) if redact does. */
	const clean = (files: InputFile[]): InputFile[] => files.map((f) => ({ name: String(f.name), text: redact(String(f.text)) }));
	const clampActive = (active: number | undefined, files: InputFile[]) =>
		typeof active === 'number' && Number.isInteger(active) && active >= 0 && active < files.length ? active : 0;

	async function run<T>(mode: 'readonly' | 'readwrite', fn: (tx: Tx) => Promise<Result<T>>): Promise<Result<T>> {
		try {
			return await backend.transact(mode, fn);
		} catch (e) {
			return fail('failed', `${mode === 'readwrite' ? 'Not saved' : 'Could not read the saved workspaces'}: ${describeError(e)}`);
		}
	}

	async function putWorkspace(tx: Tx, ws: StoredWorkspace): Promise<void> {
		await tx.put('workspaces', ws);
		await tx.put('summaries', summaryOf(ws));
	}

	/** After a committed write: read it back, then hold it and tell the other tabs. */
	async function settle(r: Result<StoredWorkspace>): Promise<Result<WorkspaceRecord>> {
		if (!r.ok) return r;
		const ws = r.value;
		const back = await run('readonly', async (tx) => ok(await tx.get<StoredWorkspace>('workspaces', ws.id)));
		// an unreadable read-back (closed just now) leaves the commit as the proof; a different one is a loss
		const b = back.ok ? back.value : ws;
		// a newer revision means another tab wrote after us: ours did land
		if (!b || b.revision < ws.revision || (b.revision === ws.revision && !sameFiles(b.files, ws.files)))
			return fail('failed', 'Not saved: the workspace read back after saving is not what was written.');
		held.set(ws.id, ws.revision);
		channel?.post({ v: 1, kind: 'saved', id: ws.id, revision: ws.revision });
		return ok(recordOf(ws));
	}

	function fresh(init: WorkspaceInit, t: number): StoredWorkspace {
		const files = clean(init.files);
		return {
			id: newId(),
			name: String(init.name),
			files,
			active: clampActive(init.active, files),
			view: init.view && VIEWS.includes(init.view) ? init.view : 'architecture',
			presetId: init.presetId ?? null,
			createdAt: t,
			updatedAt: t,
			revision: 1,
			past: [],
			future: [],
			nextSeq: 1,
			lastEditAt: 0
		};
	}

	/** Applies a patch to the record being written (history first, so it snapshots the old files). */
	async function applyPatch(tx: Tx, ws: StoredWorkspace, patch: DraftPatch, t: number): Promise<void> {
		if (patch.files) {
			const files = clean(patch.files);
			if (!sameFiles(files, ws.files)) {
				await recordEdit(tx, ws, t, limits);
				ws.files = files;
			}
		}
		if (patch.name !== undefined) ws.name = String(patch.name);
		if (patch.view && VIEWS.includes(patch.view)) ws.view = patch.view;
		if (patch.presetId !== undefined) ws.presetId = patch.presetId;
		ws.active = clampActive(patch.active ?? ws.active, ws.files);
	}

	/** A write to an existing workspace based on `base`: conflict if another write got there first. */
	function update(id: string, base: number, change: (tx: Tx, ws: StoredWorkspace, t: number) => Promise<Failure | null>) {
		return run<StoredWorkspace>('readwrite', async (tx) => {
			const ws = await tx.get<StoredWorkspace>('workspaces', id);
			if (!ws) return notFound(id);
			if (ws.revision !== base) return conflict(ws);
			const t = now();
			const no = await change(tx, ws, t);
			if (no) return no;
			ws.revision++;
			ws.updatedAt = t;
			await putWorkspace(tx, ws);
			return ok(ws);
		}).then(settle);
	}

	const store: WorkspaceStore = {
		persistent: backend.persistent,
		unavailable: opts.unavailable ?? null,

		async list() {
			const r = await run('readonly', async (tx) => ok(await tx.getAll<WorkspaceSummary>('summaries')));
			return r.ok ? ok(r.value.sort((a, b) => b.updatedAt - a.updatedAt || a.name.localeCompare(b.name))) : r;
		},

		async open(id) {
			const r = await run<OpenedWorkspace>('readonly', async (tx) => {
				const ws = await tx.get<StoredWorkspace>('workspaces', id);
				if (!ws) return notFound(id);
				const lastGood = (await tx.get<LastGood>('good', id)) ?? null;
				return ok({ workspace: recordOf(ws), lastGood });
			});
			if (r.ok) held.set(id, r.value.workspace.revision);
			return r;
		},

		create(init) {
			return run<StoredWorkspace>('readwrite', async (tx) => {
				const ws = fresh(init, now());
				await putWorkspace(tx, ws);
				return ok(ws);
			}).then(settle);
		},

		saveDraft(id, base, patch) {
			return update(id, base, async (tx, ws, t) => {
				await applyPatch(tx, ws, patch, t);
				return null;
			});
		},

		saveAsCopy(fromId, patch) {
			return run<StoredWorkspace>('readwrite', async (tx) => {
				const src = await tx.get<StoredWorkspace>('workspaces', fromId);
				if (!src) return notFound(fromId);
				const taken = (await tx.getAll<WorkspaceSummary>('summaries')).map((s) => s.name);
				const ws = fresh({ name: uniqueName(`${patch.name ?? src.name} (copy)`, taken), files: patch.files ?? src.files, active: patch.active ?? src.active, view: patch.view ?? src.view, presetId: patch.presetId !== undefined ? patch.presetId : src.presetId }, now());
				await putWorkspace(tx, ws);
				return ok(ws);
			}).then(settle);
		},

		markGood(id, revision, files, presetId) {
			return run<LastGood>('readwrite', async (tx) => {
				const ws = await tx.get<StoredWorkspace>('workspaces', id);
				if (!ws) return notFound(id);
				const prev = await tx.get<LastGood>('good', id);
				// a slow load of an older draft finishing late must not replace a newer good version
				if (prev && prev.revision > revision) return ok(prev);
				const good: LastGood = { id, files: clean(files), presetId: presetId !== undefined ? presetId : ws.presetId, revision, savedAt: now() };
				await tx.put('good', good);
				return ok(good);
			});
		},

		undo(id, base) {
			return update(id, base, async (tx, ws, t) => ((await undoStep(tx, ws, t)) ? null : fail('empty', 'Nothing to undo.')));
		},

		undoPoints(id) {
			return run<UndoPoint[]>('readonly', async (tx) => {
				const ws = await tx.get<StoredWorkspace>('workspaces', id);
				if (!ws) return notFound(id);
				const out: UndoPoint[] = [];
				for (const s of [...ws.past].reverse()) {
					const e = await tx.get<HistoryEntry>('history', [ws.id, s.seq]);
					if (e) out.push({ seq: e.seq, at: e.at, files: e.files });
				}
				return ok(out);
			});
		},

		redo(id, base) {
			return update(id, base, async (tx, ws, t) => ((await redoStep(tx, ws, t)) ? null : fail('empty', 'Nothing to redo.')));
		},

		async remove(id) {
			const r = await run<void>('readwrite', async (tx) => {
				const ws = await tx.get<StoredWorkspace>('workspaces', id);
				if (!ws) return notFound(id);
				await dropHistory(tx, ws);
				await tx.delete('workspaces', id);
				await tx.delete('summaries', id);
				await tx.delete('good', id);
				return ok(undefined);
			});
			if (r.ok) {
				held.delete(id);
				channel?.post({ v: 1, kind: 'removed', id });
			}
			return r;
		},

		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},

		close() {
			channel?.close();
			listeners.clear();
			backend.close();
		}
	};
	/**
	 * Moves the old localStorage workspace in, once: the check, the workspace
	 * and the "done" mark in one transaction, so two tabs opening at once
	 * cannot both import it. A failed move is not marked done: next time.
	 */
	async function migrate(legacy: Workspace | null): Promise<void> {
		const r = await run<StoredWorkspace | null>('readwrite', async (tx) => {
			if (await tx.get('meta', MIGRATED_KEY)) return ok(null);
			const t = now();
			const ws = legacy ? fresh({ name: legacyName(legacy), files: legacy.files, active: legacy.active, view: legacy.view, presetId: legacy.presetId }, t) : null;
			if (ws) await putWorkspace(tx, ws);
			await tx.put('meta', { key: MIGRATED_KEY, at: t, id: ws?.id ?? null });
			return ok(ws);
		});
		if (r.ok && r.value) await settle(ok(r.value));
	}

	return { store, migrate };
}

/**
 * The store on IndexedDB, or, where that is refused, in memory with
 * `persistent: false` and the reason in `unavailable`. Never rejects.
 */
export async function openWorkspaceStore(opts: StoreOptions = {}): Promise<WorkspaceStore> {
	const opened = await openIdb(opts.indexedDB ?? (() => globalThis.indexedDB), opts.dbName, opts.openTimeoutMs);
	const backend = opened.ok ? opened.backend : memoryBackend();
	const { store, migrate } = build(backend, { ...opts, unavailable: opened.ok ? null : `Not saved: storage unavailable (${opened.message}).` });
	await migrate(readLegacyWorkspace(opts.localStorage ?? guarded(() => globalThis.localStorage)));
	return store;
}
