// The document: the manifests in the editor (the workspace), what loading
// them gave (cluster, diagnostics, findings), and the last good diagram kept
// on screen after a bad edit. Every edit is saved through the workspace
// session (session.svelte.ts → the IndexedDB store); the silenced checks go
// to the guarded localStorage helper (storage.ts). The rules live in
// scenario/workspace.ts and scenario/load-client.ts; this class holds the
// state and sequences the loads.
import { redactSource, type Diagnostic, type InputFile } from '../../manifest';
import type { Cluster } from '../../model';
import type { LoadedScenario } from '../../scenario';
import { silence, type Finding } from '../../checks/index';
import { cancelLoad, isCancelledLoad, isStaleLoad, loadAsync, loadHere, shouldLoadInWorker, warmLoadWorker, type LoadResult } from '../../scenario';
import { presets } from '../../presets';
import { acceptFiles, addFiles, emptyWorkspace, linesAround, shouldReplaceDiagram, type ViewName, type Workspace } from '../../scenario';
import { isGoodLoad } from '../../store';
import { readSilenced, writeSilenced, type Store } from './storage';
import { WorkspaceSession, type Opened } from './session.svelte';

/** A load running longer than this shows the Stop button. */
export const SLOW_LOAD_MS = 300;
export const STOPPED_MESSAGE = 'Loading stopped. The diagram shows the last good manifests; edit the text to load again.';

const UNTITLED = 'Your manifests';

/** Where a route or a reload took the workspace from. */
export type Restored = 'preset' | 'stored' | 'kept';

export class DocumentState {
	ws = $state<Workspace>(emptyWorkspace());
	loaded = $state.raw<LoadedScenario | null>(null);
	/** the cluster on screen: the latest load, or the last good one after a bad paste */
	shown = $state.raw<{ cluster: Cluster; title: string } | null>(null);
	/** the latest load could not be drawn: `shown` is the last good one */
	stale = $state(false);
	/** a load is running in the worker */
	loading = $state(false);
	/** problems of the shell itself: skipped files, an unknown preset, a failed load */
	extraDiagnostics = $state.raw<Diagnostic[]>([]);
	allFindings = $state.raw<Finding[]>([]);
	/** check codes the user silenced */
	silenced = $state<string[]>([]);
	/** a load has run for over SLOW_LOAD_MS: the Stop button shows */
	slow = $state(false);
	/** the last load was stopped by the user */
	stopped = $state(false);
	/** the diagram is the stored last good version, not the draft (after a reload) */
	fromLastGood = $state(false);

	diagnostics = $derived([...this.extraDiagnostics, ...(this.loaded?.diagnostics ?? [])]);
	findings = $derived(silence(this.allFindings, this.silenced));
	errorCount = $derived(
		this.diagnostics.filter((d) => d.severity === 'error').length + this.findings.filter((f) => f.severity === 'error').length
	);
	problemCount = $derived(this.diagnostics.length + this.findings.length);
	cluster = $derived(this.shown?.cluster ?? null);
	resources = $derived(this.loaded?.parse.resources ?? []);
	flows = $derived(this.loaded?.header?.flows ?? []);
	steps = $derived(this.loaded?.header?.steps ?? []);
	title = $derived(this.stale && this.shown ? this.shown.title : (this.loaded?.header?.title ?? UNTITLED));

	private readonly store: Store;
	readonly session: WorkspaceSession;
	/** bumps with every load: a slow timer or a late answer of an older load is ignored */
	private loadSeq = 0;
	/** bumps with every route change: an older restore that finishes late changes nothing */
	private routeSeq = 0;

	constructor(store: Store, session = new WorkspaceSession()) {
		this.store = store;
		this.session = session;
	}

	/** Boots the load worker while the page hydrates (every load runs there). */
	warm() {
		if (shouldLoadInWorker()) warmLoadWorker();
	}

	/** Once mounted: the user's silenced checks from the last visit. */
	mount() {
		this.silenced = readSilenced(this.store);
	}

	// Every load runs in the worker where there is one (no long main-thread
	// task, and a Stop button can end it); tests without a Worker load here.
	private load(files: InputFile[]): Promise<void> {
		const seq = ++this.loadSeq;
		const presetId = this.ws.presetId;
		this.stopped = false;
		this.fromLastGood = false;
		if (!shouldLoadInWorker(files)) {
			return loadHere(files).then((r) => {
				if (seq === this.loadSeq) this.apply(r, files, presetId);
			});
		}
		this.loading = true;
		const timer = setTimeout(() => {
			if (seq === this.loadSeq && this.loading) this.slow = true;
		}, SLOW_LOAD_MS);
		const done = () => {
			clearTimeout(timer);
			if (seq !== this.loadSeq) return false;
			this.loading = false;
			this.slow = false;
			return true;
		};
		return loadAsync(files).then(
			(r) => {
				if (done()) this.apply(r, files, presetId);
			},
			(e) => {
				if (isStaleLoad(e)) return clearTimeout(timer);
				if (!done()) return;
				if (isCancelledLoad(e)) {
					this.stopped = true;
					return;
				}
				this.extraDiagnostics = [shellError('load-failed', files[0]?.name ?? 'input', `Could not load the manifests: ${e instanceof Error ? e.message : String(e)}`)];
			}
		);
	}

	/** The Stop button: ends the running load; the diagram on screen stays. */
	stop() {
		cancelLoad();
	}

	private apply({ loaded, findings }: LoadResult, files: InputFile[], presetId: string | null) {
		this.loaded = loaded;
		this.allFindings = findings;
		const summary = {
			resourceCount: loaded.parse.resources.length,
			errorCount: loaded.diagnostics.filter((d) => d.severity === 'error').length
		};
		if (shouldReplaceDiagram(summary) || !this.shown) {
			this.shown = { cluster: loaded.cluster, title: loaded.header?.title ?? UNTITLED };
			this.stale = false;
		} else {
			this.stale = true;
		}
		// the version a reload falls back to when the draft is broken
		if (isGoodLoad(summary) && this.session.attached) this.session.markGood(files, presetId);
	}

	/**
	 * A stored workspace on screen: its draft in the editor; when the draft
	 * differs from the last good version, that is drawn first, so a broken
	 * draft leaves the last good diagram up (marked stale).
	 */
	private async show(o: Opened): Promise<void> {
		this.ws = o.ws;
		this.extraDiagnostics = [];
		this.shown = null;
		this.stale = false;
		if (o.lastGood) {
			const seq = ++this.loadSeq;
			const good = await (shouldLoadInWorker() ? loadAsync(o.lastGood) : loadHere(o.lastGood)).catch(() => null);
			if (seq !== this.loadSeq) return;
			if (good) this.shown = { cluster: good.loaded.cluster, title: good.loaded.header?.title ?? UNTITLED };
		}
		await this.load(o.ws.files);
		if (o.lastGood && this.stale) this.fromLastGood = true;
	}

	/** The new workspace: load it, and save it unless `save` is false (a preset, or it came from storage). */
	private replace(ws: Workspace, save = true) {
		this.ws = ws;
		// saved first: a load that finishes at once marks the good version of a workspace that exists
		if (save) this.session.save(ws);
		void this.load(ws.files);
	}

	/** Opens a preset; false (and a diagnostic saying so) when there is none by that id. */
	openPreset(id: string): boolean {
		const p = presets.find((x) => x.id === id);
		if (!p) {
			this.extraDiagnostics = [shellError('no-preset', 'link', `There is no preset called "${id}". Pick one from the gallery.`)];
			return false;
		}
		this.extraDiagnostics = [];
		// the user's workspace stays in the store (the switcher goes back to it); the preset is stored once edited
		this.session.detach();
		this.replace({ files: [{ name: `${p.id}.yaml`, text: p.text }], active: 0, presetId: p.id, view: this.ws.view }, false);
		return true;
	}

	/** The text of the active file changed, or of the file named (an edit that settled after a tab switch). */
	edit(text: string, name?: string) {
		const at = name === undefined ? this.ws.active : this.ws.files.findIndex((f) => f.name === name);
		if (at < 0) return;
		this.replace({ ...this.ws, files: this.ws.files.map((f, i) => (i === at ? { ...f, text } : f)) });
	}

	/** Adds opened or dropped files; false when none could be read (the skipped ones are reported). */
	addFiles(incoming: InputFile[]): boolean {
		const { accepted, diagnostics } = acceptFiles(incoming);
		this.extraDiagnostics = diagnostics;
		if (accepted.length === 0) return false;
		this.replace(addFiles(this.ws, accepted));
		return true;
	}

	closeFile(i: number) {
		const files = this.ws.files.filter((_, j) => j !== i);
		this.replace({ ...this.ws, files: files.length ? files : emptyWorkspace().files, active: 0 });
	}

	/** A fresh, empty workspace in the same view (stored on its first edit; the others stay in the switcher). */
	clear() {
		this.session.startNew();
		this.replace({ ...emptyWorkspace(), view: this.ws.view }, false);
	}

	activate(i: number) {
		this.ws = { ...this.ws, active: i };
		if (this.session.id) this.session.save(this.ws);
	}

	setView(view: ViewName) {
		this.ws = { ...this.ws, view };
		if (this.session.id) this.session.save(this.ws);
	}

	/** The switcher: another stored workspace on screen. */
	async switchTo(id: string): Promise<boolean> {
		this.routeSeq++;
		const o = await this.session.open(id);
		if (!o) return false;
		await this.show(o);
		return true;
	}

	/** An imported (or undeleted) workspace: stored as a new one, never over another, and put on screen. */
	async createAndShow(init: Parameters<WorkspaceSession['create']>[0]): Promise<boolean> {
		const id = await this.session.create(init);
		return id ? this.switchTo(id) : false;
	}

	/** The conflict banner's "Reload": the other tab's version. */
	async reloadStored(): Promise<void> {
		const o = await this.session.reload();
		if (o) await this.show(o);
	}

	/** The conflict banner's "Keep mine as a copy". */
	keepAsCopy(): Promise<boolean> {
		return this.session.keepAsCopy(this.ws);
	}

	/** Stored undo / redo; false when there was nothing to do. */
	async step(dir: 'undo' | 'redo'): Promise<boolean> {
		const ws = await this.session.step(dir);
		if (!ws) return false;
		this.ws = ws;
		await this.load(ws.files);
		return true;
	}

	setSilenced(codes: string[]) {
		this.silenced = [...new Set(codes)];
		writeSilenced(this.store, this.silenced);
	}

	/**
	 * Route → workspace. A deep link opens its preset, unless it is on screen
	 * already or this tab's stored workspace was started from it (a reload
	 * keeps the edits). The bare app shows a stored workspace (this tab's,
	 * else the newest) unless one is on screen: Back from a preset returns to
	 * the user's manifests. Returns where the workspace came from, or null if
	 * nothing was opened.
	 */
	async restore(presetId: string | null): Promise<Restored | null> {
		const seq = ++this.routeSeq;
		if (presetId && this.ws.presetId === presetId && (this.shown || this.loading)) return 'kept';
		if (!presetId && this.session.attached) return null;
		const id = await this.session.remembered();
		if (seq !== this.routeSeq) return null;
		const stored = id ? await this.session.read(id) : null;
		if (seq !== this.routeSeq) return null;
		if (presetId) {
			if (stored && stored.ws.presetId === presetId && (this.session.isMine(stored.id) || !this.shown)) {
				this.session.attach(stored);
				await this.show(stored);
				return 'kept';
			}
			return this.openPreset(presetId) ? 'preset' : null;
		}
		if (stored) {
			this.session.attach(stored);
			await this.show(stored);
			return 'stored';
		}
		// Back to the bare app with no stored workspace: nothing is shown
		if (this.shown) {
			this.session.detach();
			this.ws = { ...emptyWorkspace(), view: this.ws.view };
			this.loaded = null;
			this.shown = null;
			this.stale = false;
		}
		return null;
	}

	/** `count` lines of a file from `line`, for the inspector's YAML excerpt. */
	sourceLines(file: string, line: number, count: number) {
		const f = this.ws.files.find((x) => x.name === file);
		// the editor holds what the user typed; the Source block never shows a Secret's values
		return f ? linesAround(redactSource(f.text), line, count) : [];
	}
}

function shellError(code: string, file: string, message: string): Diagnostic {
	return { severity: 'error', code, file, line: 1, column: 1, message };
}
