// Compare: the workspace on screen ("after") against an earlier version
// ("before"). The diff runs in the compute worker (both versions loaded and
// compared there, view/compute: scenario/version's compareFiles); the two
// diagrams are laid out one after the other in the layout worker. A newer
// comparison replaces an older one.
import type { InputFile } from '../../manifest';
import type { DiffRun } from '../../scenario';
import { createComputeClient, isStaleCompute, type ComputeClient } from '../../view/compute';
import { diffMarks, toGraph, type DiffMark, type Scene } from '../../view';
import { isStale, layoutInWorker } from '../../view/layout';
import type { WorkspaceSession } from '../state/session.svelte';
import { compareSources, PASTE_ID, type CompareSource } from './sources';

export class CompareSession {
	open = $state(false);
	sources = $state.raw<CompareSource[]>([]);
	sourceId = $state('');
	/** the pasted or dropped "before" text (a live dump) */
	pasted = $state('');
	running = $state(false);
	error = $state<string | null>(null);
	run = $state.raw<DiffRun | null>(null);
	before = $state.raw<Scene | null>(null);
	after = $state.raw<Scene | null>(null);
	/** what the last comparison compared, for the list's heading */
	label = $state('');
	/** the workspace's files the last comparison took as "after" */
	afterFiles = $state.raw<InputFile[] | null>(null);

	marksBefore = $derived<Record<string, DiffMark>>(this.run && this.before ? diffMarks(this.before, this.run.report, 'before', this.run) : {});
	marksAfter = $derived<Record<string, DiffMark>>(this.run && this.after ? diffMarks(this.after, this.run.report, 'after', this.run) : {});

	// No main-thread fallback: loading two versions and tracing their flows can
	// take seconds, and bundling the loader here would also cost the first
	// download (the checks it shares with the page would split into a chunk of their own).
	private client: ComputeClient<'diff'> = createComputeClient('diff', () => {
		throw new Error('Compare runs in a Web Worker, and this page could not start one.');
	});
	private seq = 0;

	/** Opens Compare: lists the sources and compares with the first one (unless it is the paste box). */
	async show(session: WorkspaceSession, presetId: string | null, current: () => InputFile[]): Promise<void> {
		this.open = true;
		this.client.warm();
		// an edit still waiting for the autosaver becomes an undo point first, so "Before my edits" is there
		await session.flush();
		this.sources = await compareSources(session, presetId);
		if (!this.sources.some((s) => s.id === this.sourceId)) this.sourceId = this.sources[0]?.id ?? PASTE_ID;
		if (this.sourceId !== PASTE_ID) await this.compare(current());
	}

	close() {
		this.open = false;
		this.client.cancel();
	}

	/** Compares `after` (the workspace's files) with the chosen source. */
	async compare(after: InputFile[]): Promise<void> {
		const seq = ++this.seq;
		const source = this.sources.find((s) => s.id === this.sourceId);
		this.error = null;
		const before = this.sourceId === PASTE_ID ? (this.pasted.trim() ? [{ name: 'pasted.yaml', text: this.pasted }] : null) : await source?.files();
		if (seq !== this.seq) return;
		if (!before) {
			this.error = this.sourceId === PASTE_ID ? 'Paste or drop a live dump (kubectl get -o yaml) first.' : 'That version cannot be read any more.';
			return;
		}
		this.running = true;
		try {
			// $state proxies do not clone: plain copies for the worker
			const afterCopy = plain(after);
			const run = await this.client.run({ kind: 'diff', before: plain(before), after: afterCopy });
			if (seq !== this.seq) return;
			this.run = run;
			this.afterFiles = afterCopy;
			this.label = source?.label ?? '';
			this.before = null;
			this.after = null;
			// one layout at a time: the layout worker delivers only the newest request
			const b = await layoutInWorker(toGraph(run.before, { view: 'architecture', collapseAt: 4 }));
			if (seq !== this.seq) return;
			this.before = b;
			const a = await layoutInWorker(toGraph(run.after, { view: 'architecture', collapseAt: 4 }));
			if (seq !== this.seq) return;
			this.after = a;
		} catch (e) {
			if (seq !== this.seq || isStaleCompute(e) || isStale(e)) return;
			this.error = e instanceof Error ? e.message : String(e);
		} finally {
			if (seq === this.seq) this.running = false;
		}
	}
}

/** The workspace was edited since the last comparison. */
export function outdated(compared: InputFile[] | null, now: InputFile[]): boolean {
	return !!compared && (compared.length !== now.length || compared.some((f, i) => f.name !== now[i].name || f.text !== now[i].text));
}

const plain = (files: InputFile[]): InputFile[] => files.map((f) => ({ name: f.name, text: f.text }));
