// The document: the manifests in the editor (the workspace), what loading
// them gave (cluster, diagnostics, findings), and the last good diagram kept
// on screen after a bad edit. Every change is saved through storage.ts. The
// rules live in scenario/workspace.ts and scenario/load-client.ts; this class
// holds the state and sequences the loads.
import type { Diagnostic, InputFile } from '../../manifest';
import type { Cluster } from '../../model';
import type { LoadedScenario } from '../../scenario/load';
import { silence, type Finding } from '../../checks/index';
import { isStaleLoad, loadAsync, loadSync, shouldLoadInWorker, warmLoadWorker, type LoadResult } from '../../scenario/load-client';
import { presets } from '../../presets';
import { acceptFiles, addFiles, emptyWorkspace, linesAround, shouldReplaceDiagram, type ViewName, type Workspace } from '../../scenario/workspace';
import { readSilenced, readWorkspace, writeSilenced, writeWorkspace, type Store } from './storage';

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

	constructor(store: Store) {
		this.store = store;
	}

	/** Boots the load worker while the page hydrates when the stored workspace will need it. */
	warm() {
		const stored = readWorkspace(this.store);
		if (stored && shouldLoadInWorker(stored.files)) warmLoadWorker();
	}

	/** Once mounted: the user's silenced checks from the last visit. */
	mount() {
		this.silenced = readSilenced(this.store);
	}

	// Large inputs are parsed and modelled in a worker (no long main-thread
	// task); presets and small pastes load synchronously, so they appear at once.
	private load(files: InputFile[]) {
		if (!shouldLoadInWorker(files)) return this.apply(loadSync(files));
		this.loading = true;
		loadAsync(files).then(
			(r) => {
				this.loading = false;
				this.apply(r);
			},
			(e) => {
				if (isStaleLoad(e)) return;
				this.loading = false;
				this.extraDiagnostics = [shellError('load-failed', files[0]?.name ?? 'input', `Could not load the manifests: ${e instanceof Error ? e.message : String(e)}`)];
			}
		);
	}

	private apply({ loaded, findings }: LoadResult) {
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
	}

	/** The new workspace: load it, and save it unless `save` is false (it came from storage). */
	private replace(ws: Workspace, save = true) {
		this.ws = ws;
		this.load(ws.files);
		if (save) writeWorkspace(this.store, ws);
	}

	/** Opens a preset; false (and a diagnostic saying so) when there is none by that id. */
	openPreset(id: string): boolean {
		const p = presets.find((x) => x.id === id);
		if (!p) {
			this.extraDiagnostics = [shellError('no-preset', 'link', `There is no preset called "${id}". Pick one from the gallery.`)];
			return false;
		}
		this.extraDiagnostics = [];
		this.replace({ files: [{ name: `${p.id}.yaml`, text: p.text }], active: 0, presetId: p.id, view: this.ws.view });
		return true;
	}

	edit(text: string) {
		this.replace({ ...this.ws, files: this.ws.files.map((f, i) => (i === this.ws.active ? { ...f, text } : f)) });
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

	/** A fresh, empty workspace in the same view. */
	clear() {
		this.replace({ ...emptyWorkspace(), view: this.ws.view });
	}

	activate(i: number) {
		this.ws = { ...this.ws, active: i };
	}

	setView(view: ViewName) {
		this.ws = { ...this.ws, view };
		writeWorkspace(this.store, this.ws);
	}

	setSilenced(codes: string[]) {
		this.silenced = [...new Set(codes)];
		writeSilenced(this.store, this.silenced);
	}

	/**
	 * Route → workspace. A deep link opens its preset, unless the stored
	 * workspace is that very preset with the user's edits (a reload keeps
	 * them); the bare app reopens the stored workspace if nothing is shown.
	 * Returns where the workspace came from, or null if nothing was opened.
	 */
	restore(presetId: string | null): Restored | null {
		const stored = readWorkspace(this.store);
		if (presetId) {
			if (stored && stored.presetId === presetId) {
				this.replace(stored, false);
				return 'kept';
			}
			return this.openPreset(presetId) ? 'preset' : null;
		}
		if (stored && !this.shown) {
			this.replace(stored, false);
			return 'stored';
		}
		return null;
	}

	/** `count` lines of a file from `line`, for the inspector's YAML excerpt. */
	sourceLines(file: string, line: number, count: number) {
		const f = this.ws.files.find((x) => x.name === file);
		return f ? linesAround(f.text, line, count) : [];
	}
}

function shellError(code: string, file: string, message: string): Diagnostic {
	return { severity: 'error', code, file, line: 1, column: 1, message };
}
