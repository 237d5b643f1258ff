// The link between the editor and the workspace store (src/lib/store): which
// stored workspace this tab edits, its autosaver, what the status bar says
// about saving, and the "changed in another tab" banner. Presets are not
// stored: a preset on screen is "detached" until the user edits it, which
// creates a workspace started from it. Secret values are redacted by the
// store (redactSource) before anything is written.
import { redactSource, type InputFile } from '../../manifest';
import { uniqueName, type Workspace } from '../../scenario';
import { createAutosaver, openWorkspaceStore, type Autosaver, type DraftPatch, type OpenedWorkspace, type Result, type UndoPoint, type WorkspaceRecord, type WorkspaceStore, type WorkspaceSummary } from '../../store';

/** sessionStorage key: the workspace this tab edits (a reload reopens it). */
export const SESSION_KEY = 'hopscope.workspace.id';
export const FIRST_NAME = 'Your manifests';

/** A stored workspace as the document shows it. */
export interface Opened {
	id: string;
	name: string;
	/** the stored revision this was read at */
	revision: number;
	undoDepth: number;
	redoDepth: number;
	ws: Workspace;
	/** the last good files, when they differ from the draft */
	lastGood: InputFile[] | null;
}

/**
 * none: nothing stored is on screen (a preset, or nothing);
 * new: an empty workspace not yet written (created on its first edit);
 * creating: its first write is in flight; open: `id` is on screen.
 */
type Mode = 'none' | 'new' | 'creating' | 'open';

/** sessionStorage, guarded (sandboxed iframes throw on touching it). */
const sessionGet = (): string | null => {
	try {
		return globalThis.sessionStorage?.getItem(SESSION_KEY) ?? null;
	} catch {
		return null;
	}
};
const sessionSet = (id: string) => {
	try {
		globalThis.sessionStorage?.setItem(SESSION_KEY, id);
	} catch {
		/* memory only: a reload opens the newest workspace */
	}
};

const patchOf = (ws: Workspace): DraftPatch => ({ files: ws.files, active: ws.active, view: ws.view, presetId: ws.presetId });

export function toOpened(o: OpenedWorkspace): Opened {
	const w = o.workspace;
	const good = o.lastGood && !sameTexts(o.lastGood.files, w.files) ? o.lastGood.files : null;
	return { id: w.id, name: w.name, revision: w.revision, undoDepth: w.undoDepth, redoDepth: w.redoDepth, ws: { files: w.files, active: w.active, view: w.view, presetId: w.presetId }, lastGood: good };
}

function sameTexts(a: InputFile[], b: InputFile[]): boolean {
	return a.length === b.length && a.every((f, i) => f.name === b[i].name && f.text === b[i].text);
}

export class WorkspaceSession {
	/** the user's workspaces, newest first (the switcher) */
	list = $state.raw<WorkspaceSummary[]>([]);
	/** the stored workspace on screen, or null */
	id = $state<string | null>(null);
	/** what the status bar says about saving: "Not saved: …", or null */
	status = $state<string | null>(null);
	/** another tab saved this workspace: the banner (Reload / Keep mine as a copy) */
	conflict = $state<string | null>(null);
	undoDepth = $state(0);
	redoDepth = $state(0);

	private mode: Mode = 'none';
	private store: WorkspaceStore | null = null;
	private saver: Autosaver | null = null;
	private creating: Promise<void> | null = null;
	private queued: DraftPatch | null = null;

	/** A stored workspace (or a new one) is on screen, rather than a preset. */
	get attached(): boolean {
		return this.mode !== 'none';
	}

	/** Opens the store (never rejects; memory where storage is refused). */
	async connect(store?: WorkspaceStore): Promise<void> {
		try {
			this.store = store ?? (await openWorkspaceStore({ redact: redactSource }));
		} catch (e) {
			this.status = `Not saved: storage unavailable (${e instanceof Error ? e.message : String(e)}).`;
			return;
		}
		if (!this.store.persistent) this.status = this.store.unavailable ?? 'Not saved: storage unavailable.';
		this.store.subscribe((ev) => {
			if (ev.type === 'changed-elsewhere' && ev.stale && ev.id === this.id) this.conflict = 'This workspace was changed in another tab.';
			else if (ev.type === 'removed-elsewhere' && ev.id === this.id) this.conflict = 'This workspace was deleted in another tab.';
			void this.refresh();
		});
		await this.refresh();
	}

	async refresh(): Promise<void> {
		const r = await this.store?.list();
		if (r?.ok) this.list = r.value;
	}

	/** The workspace a bare reload reopens: this tab's, else the newest. */
	async remembered(): Promise<string | null> {
		const mine = sessionGet();
		if (mine && this.list.some((w) => w.id === mine)) return mine;
		return this.list[0]?.id ?? null;
	}

	/** Whether this tab's workspace (sessionStorage) is the given one. */
	isMine(id: string): boolean {
		return sessionGet() === id;
	}

	/** The stored undo steps of the workspace on screen, newest first, read only (Compare). */
	async undoPoints(): Promise<UndoPoint[]> {
		if (!this.id || !this.store) return [];
		const r = await this.store.undoPoints(this.id);
		return r.ok ? r.value : [];
	}

	/** Reads a stored workspace without putting it on screen. */
	async read(id: string): Promise<Opened | null> {
		const r = await this.store?.open(id);
		if (!r) return null;
		if (!r.ok) {
			this.status = r.message;
			return null;
		}
		return toOpened(r.value);
	}

	/** `o` is on screen now: edits save to it. */
	attach(o: Opened) {
		this.dispose();
		this.mode = 'open';
		this.id = o.id;
		this.conflict = null;
		sessionSet(o.id);
		this.startSaver(o.id, o.revision);
		this.depths(o);
	}

	/** Reads and attaches; the revision comes from the read. */
	async open(id: string): Promise<Opened | null> {
		const r = await this.store?.open(id);
		if (!r || !r.ok) {
			if (r && !r.ok) this.status = r.message;
			return null;
		}
		const o = toOpened(r.value);
		this.attach(o);
		return o;
	}

	/** A preset (or nothing) is on screen: edits create a workspace. */
	detach() {
		this.dispose();
		this.mode = 'none';
		this.id = null;
		this.conflict = null;
	}

	/** An empty new workspace on screen, written on its first edit. */
	startNew() {
		this.detach();
		this.mode = 'new';
	}

	/** Saves the workspace on screen (debounced), creating it on the first edit. */
	save(ws: Workspace) {
		const patch = patchOf(ws);
		if (this.saver) return this.saver.edit(patch);
		if (!this.store) return;
		if (this.mode === 'creating') {
			this.queued = { ...this.queued, ...patch };
			return;
		}
		this.mode = 'creating';
		const taken = this.list.map((w) => w.name);
		const name = uniqueName(ws.presetId ? `${ws.presetId} (edited)` : FIRST_NAME, taken);
		const store = this.store;
		this.creating = store.create({ name, ...patchOf(ws), files: ws.files }).then((r) => {
			this.creating = null;
			if (this.mode !== 'creating') return; // detached meanwhile
			if (!r.ok) {
				this.mode = 'new';
				this.status = r.message;
				return;
			}
			this.mode = 'open';
			this.id = r.value.id;
			sessionSet(r.value.id);
			this.startSaver(r.value.id, r.value.revision);
			if (this.queued) this.saver?.edit(this.queued);
			this.queued = null;
			this.depths(r.value);
			void this.refresh();
		});
	}

	/** Files that just loaded well become the last good version. */
	markGood(files: InputFile[], presetId: string | null) {
		const plain = files.map((f) => ({ name: f.name, text: f.text }));
		if (this.saver) void this.saver.markGood(plain, presetId);
		else void this.creating?.then(() => this.saver?.markGood(plain, presetId));
	}

	/** Writes what is queued now (pagehide, tests). */
	flush(): Promise<unknown> {
		return this.creating ?? this.saver?.flush() ?? Promise.resolve();
	}

	/** The banner's "Reload": the other tab's version replaces this one. */
	async reload(): Promise<Opened | null> {
		if (!this.id) return null;
		return this.open(this.id);
	}

	/** The banner's "Keep mine as a copy": this tab's version becomes a new workspace, and is the one edited from now. */
	async keepAsCopy(ws: Workspace): Promise<boolean> {
		if (!this.store || !this.id) return false;
		let r = await this.store.saveAsCopy(this.id, patchOf(ws));
		// deleted in another tab: there is no source to copy, so start a new workspace
		if (!r.ok && r.reason === 'not-found') r = await this.store.create({ name: uniqueName(FIRST_NAME, this.list.map((w) => w.name)), ...patchOf(ws), files: ws.files });
		if (!r.ok) {
			this.status = r.message;
			return false;
		}
		this.attach({ ...toOpened({ workspace: r.value, lastGood: null }), ws });
		await this.refresh();
		return true;
	}

	/** A new stored workspace holding `init` (an import, or a deleted one brought back): its id, or null. */
	async create(init: { name: string; files: InputFile[]; active: number; view: Workspace['view']; presetId: string | null }): Promise<string | null> {
		if (!this.store) return null;
		await this.refresh();
		const r = await this.store.create({ ...init, name: uniqueName(init.name, this.list.map((w) => w.name)) });
		if (!r.ok) {
			this.status = r.message;
			return null;
		}
		await this.refresh();
		return r.value.id;
	}

	/** Deletes a stored workspace; returns what it held (for the undo toast), or null if it could not. */
	async remove(id: string): Promise<{ name: string; files: InputFile[]; active: number; view: Workspace['view']; presetId: string | null } | null> {
		if (!this.store) return null;
		if (id === this.id) await this.flush();
		const o = await this.store.open(id);
		if (!o.ok) {
			this.status = o.message;
			return null;
		}
		const r = await this.store.remove(id);
		if (!r.ok) {
			this.status = r.message;
			return null;
		}
		if (id === this.id) this.detach();
		await this.refresh();
		const w = o.value.workspace;
		return { name: w.name, files: w.files, active: w.active, view: w.view, presetId: w.presetId };
	}

	/** Stored undo / redo: the workspace as it is after the step, or null. */
	async step(dir: 'undo' | 'redo'): Promise<Workspace | null> {
		const store = this.store;
		const id = this.id;
		if (!store || !id || !this.saver) return null;
		const r = await this.saver.run((rev) => (dir === 'undo' ? store.undo(id, rev) : store.redo(id, rev)));
		if (!r.ok) return null;
		this.depths(r.value);
		const w = r.value;
		return { files: w.files, active: w.active, view: w.view, presetId: w.presetId };
	}

	private depths(w: { undoDepth: number; redoDepth: number }) {
		this.undoDepth = w.undoDepth;
		this.redoDepth = w.redoDepth;
	}

	private startSaver(id: string, revision: number) {
		if (!this.store) return;
		// a saver's last flush after it was replaced (keep as a copy, switch) reports on a workspace no longer on screen
		const saver: Autosaver = createAutosaver(this.store, id, revision, { onResult: (r) => this.saver === saver && this.saved(r) });
		this.saver = saver;
	}

	private saved(r: Result<WorkspaceRecord>) {
		if (r.ok) {
			this.depths(r.value);
			// a failed write is retried with the next edit; storage unavailable stays said
			if (this.store?.persistent) this.status = null;
			return;
		}
		if (r.reason === 'conflict') this.conflict = 'This workspace was changed in another tab.';
		else if (r.reason === 'not-found') this.conflict = 'This workspace was deleted in another tab.';
		else if (r.reason !== 'empty') this.status = r.message;
	}

	private dispose() {
		void this.saver?.flush();
		this.saver?.dispose();
		this.saver = null;
		this.queued = null;
	}
}
