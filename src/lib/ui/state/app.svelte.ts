// The app's state, composed: the document (manifests and what they load
// to), the view (panel, filter, selection, theme), playback (what is playing
// and the player), the laid-out scene and the lazily loaded features. The
// actions that touch more than one of them live here; the components call
// them and render what these objects hold.
import { untrack } from 'svelte';
import type { Cluster } from '../../model';
import { redactSource, type InputFile } from '../../manifest';
import type { ScenarioStep } from '../../scenario';
import type { ViewName } from '../../scenario';
import type { SimRun } from '../../view/resilience';
import { flowChoices, keyAction, podShields, presentKey, traceNodes, tracePods, type FlowRequest, type ResourceRef } from '../../view';
import { dockerHosts } from '../../net';
import { Isolation } from './isolation.svelte';
import type { ReachState } from '../reach/state.svelte';
import type { L4Protocol } from '../../netpol';
import { DocumentState } from './document.svelte';
import { Features } from './features.svelte';
import { Overlay } from './overlay.svelte';
import { Playback } from './playback.svelte';
import { Presenter } from './present.svelte';
import { SceneState } from './scene.svelte';
import { ViewState } from './view.svelte';
import { warmTracesWhenIdle } from './warm';
import { browserStore, type Store } from './storage';
import type { BootMoment } from '../export/moment';
import type { RightTab } from './playing';
import { WORKSPACE_YAML_MARK } from '../../store';
import type { Moment } from '../moment';
import { stepAt } from '../autoplay';

/** The address logic (address.ts), loaded with the first route. */
type AddressModule = typeof import('./address');

export interface AppOptions {
	/** the preset named by the URL (`/scenario/<id>`), or null */
	presetId: () => string | null;
	/** point the URL at a preset, or at the bare app (null) */
	navigate: (presetId: string | null) => void;
	store?: Store;
	/** the embed route (`/embed/…`): diagram, compact player and caption only */
	embed?: () => boolean;
}

export class AppState {
	readonly doc: DocumentState;
	readonly view: ViewState;
	readonly features: Features;
	readonly playback: Playback;
	readonly layout: SceneState;
	readonly overlay: Overlay;
	/** the Reachability tab's state (made by the tab when first opened), kept across tabs for the what-if */
	reach: ReachState | null = null;
	/** pods a NetworkPolicy isolates: shields on the diagram */
	readonly isolation = new Isolation();
	readonly present: Presenter;
	/** mounted and listening (html[data-hopscope-ready]) */
	ready = $state(false);
	/** a short message near the workspace switcher (import done or failed, deleted — with Undo) */
	notice = $state.raw<{ text: string; undo?: () => void } | null>(null);

	scene = $derived.by(() => this.layout.scene);
	cluster = $derived.by(() => this.doc.cluster);
	namespaces = $derived(this.cluster ? this.cluster.namespaces.map((n) => n.name) : []);
	choices = $derived(this.cluster ? flowChoices(this.cluster) : { from: [], to: [] });
	/** shields on the pods a NetworkPolicy isolates (architecture diagram) */
	shields = $derived(this.scene ? podShields(this.isolation.iso, this.scene.nodes) : {});

	/** the walkthrough step chosen (0-based index into doc.steps), -1 for none */
	stepIndex = $state(-1);
	/** the Simulate form of the simulation on the player (for the address) */
	simForm = $state.raw<Record<string, unknown> | null>(null);
	/** the share token the document came from, while it is unedited */
	sharedToken = $state<string | null>(null);
	/** the address's own options that state does not hold: autoplay, loop, controls */
	linkOptions = $state.raw<Pick<Moment, 'autoplay' | 'loop' | 'controls'>>({});
	// the fields below are shared with address.ts
	/** the mesh session's composer was reset for this cluster (a link's request may be applied) */
	meshReadyFor = $state.raw<Cluster | null>(null);
	/** the walkthrough plays by itself: at the end of a flow's trace it goes on with the next step's flow */
	walkAuto = $state(false);
	/** a preset opened from the gallery: its route plays it */
	autoplayNext: string | null = null;
	/** the address has been read and applied: from now on state writes it */
	addressed = $state(false);
	/** address.ts, once loaded */
	private addr = $state.raw<AddressModule | null>(null);

	get embed(): boolean {
		return this.options.embed?.() ?? false;
	}
	/** the walkthrough step on screen: it follows the playhead through the chosen step's flow */
	walkStep = $derived.by(() => {
		const p = this.playback.playing;
		if (p.kind !== 'walkthrough' || this.stepIndex < 0) return -1;
		const chosen = this.doc.steps[this.stepIndex];
		return chosen?.flow ? stepAt(this.doc.steps, p.flow.name, this.playback.player.index, this.stepIndex) : this.stepIndex;
	});
	/** the narration of the step on screen */
	narration = $derived.by(() => {
		const p = this.playback.playing;
		if (p.kind !== 'walkthrough') return null;
		const st = this.doc.steps[this.walkStep];
		return st ? { title: st.title, text: st.text } : p.narration;
	});
	/** what the address bar holds (null until the address logic has loaded) */
	moment = $derived.by<Moment | null>(() => (this.addr ? this.addr.currentMoment(this) : null));

	private readonly options: AppOptions;
	/** opened from an exported HTML file: its moment, not the stored workspace */
	private exported: BootMoment | null = null;

	constructor(options: AppOptions) {
		this.options = options;
		const store = options.store ?? browserStore;
		this.doc = new DocumentState(store);
		this.view = new ViewState(store);
		this.features = new Features();
		this.playback = new Playback(this.doc, this.features);
		const { doc, view, features, playback } = this;
		this.layout = new SceneState({
			// the diagrams of routes draw the what-if weights live (a copy; the manifests are untouched)
			get cluster() {
				const c = doc.cluster;
				const m = features.mesh;
				return c && m?.whatIf && doc.ws.view !== 'network' ? m.effective(c) : c;
			},
			get view() {
				return doc.ws.view;
			},
			get filter() {
				return view.filter;
			},
			get focusPods() {
				return playback.traced ? tracePods(playback.traced.hops) : undefined;
			},
			get focusNodes() {
				return playback.traced ? traceNodes(playback.traced.hops) : undefined;
			},
			get meshMod() {
				return features.meshMod;
			},
			get security() {
				return view.security;
			},
			get docker() {
				return doc.ws.view === 'network' ? dockerHosts(doc.resources) : undefined;
			}
		});

		this.overlay = new Overlay(this);
		const overlay = this.overlay;
		this.present = new Presenter({
			playback,
			steps: () => doc.steps,
			title: () => doc.title,
			caption: () => overlay.caption,
			runStep: (step) => this.runStep(step)
		});

		// Boot the workers while the page hydrates, so the first load and layout
		// do not wait for their scripts.
		if (typeof window !== 'undefined') {
			SceneState.warm();
			doc.warm();
		}

		$effect(() => {
			if (view.panel === 'simulate') features.loadResilience();
			// the editor's go-to-definition resolves Istio hosts with the mesh engine
			if (view.panel === 'requests' || view.panel === 'manifests' || doc.ws.view === 'mesh' || view.security) features.loadMesh();
		});
		this.watchCluster();
		this.watchRoute();
		this.watchAddress();
	}

	private watchCluster() {
		const { doc, features, playback } = this;
		// a different cluster ends the simulation (it ran against the old one)
		let seen: Cluster | null = null;
		$effect(() => {
			const c = doc.cluster;
			if (c === seen) return;
			seen = c;
			untrack(() => playback.send({ type: 'cluster-changed' }));
		});
		// build what the first trace needs while the page is idle (ui/state/warm.ts)
		$effect(() => {
			const c = doc.cluster;
			if (!c) return;
			return warmTracesWhenIdle(c, untrack(() => doc.resources));
		});
		// a new scenario gets a fresh composer (prefilled from its flows); an edit re-answers the last request
		let meshFor: { preset: string | null; cluster: Cluster | null } = { preset: null, cluster: null };
		$effect(() => {
			const c = doc.cluster;
			const p = doc.ws.presetId;
			const flows = doc.flows;
			const m = features.mesh;
			untrack(() => {
				if (!m || c === meshFor.cluster) return;
				const fresh = p !== meshFor.preset || !meshFor.cluster || !m.composer.host;
				meshFor = { preset: p, cluster: c };
				if (fresh) {
					m.reset(c, flows);
					playback.send({ type: 'composer-reset' });
				} else if (c && m.result) m.resend(c);
				this.meshReadyFor = c;
			});
		});
	}

	// Route → workspace, once mounted (the stored workspace is read then),
	// then the rest of the address (the moment) on top of it.
	private watchRoute() {
		let routed: string | null | undefined = undefined;
		$effect(() => {
			if (!this.ready) return;
			const id = this.options.presetId();
			untrack(() => {
				if (routed === id) return;
				const first = routed === undefined;
				routed = id;
				if (this.exported && id === null) return;
				this.addressed = false;
				void this.route(id, first, () => routed === id);
			});
		});
	}

	private async route(id: string | null, first: boolean, current: () => boolean) {
		const a = this.addr ?? (this.addr = await import('./address'));
		const m = a.readMoment();
		// the address's own options hold for the route they came with
		this.linkOptions = { autoplay: m.autoplay, loop: m.loop, controls: m.controls };
		// a link carrying manifests opens them as a new, unsaved document
		if (first && m.token && !id) return a.openToken(this, m);
		const from = await this.doc.restore(id);
		if (from === 'preset') this.opened();
		if (from === 'stored') this.view.panel = 'manifests';
		// a link to a preset shows the gallery rather than someone else's editor
		else if (id && from !== 'kept' && this.view.panel === 'manifests') this.view.panel = 'scenarios';
		if (current()) await a.applyMoment(this, m, from === 'preset');
	}

	/** What opening the scenario plays (address.ts); `play` false sets it up paused. */
	startScenario(play: boolean) {
		return this.addr?.startScenario(this, play);
	}

	// State → address: every change replaces the address (the scenario's own
	// change navigated already, a new history entry); an edit of a shared
	// document drops its token.
	private watchAddress() {
		let files = this.doc.ws.files;
		$effect(() => {
			const f = this.doc.ws.files;
			if (f !== files && this.sharedToken && this.addressed) this.sharedToken = null;
			files = f;
		});
		$effect(() => {
			const m = this.moment;
			const a = this.addr;
			// between opening another scenario and its route arriving, the address still belongs to the old one
			if (!m || !a || !this.addressed || !this.ready || m.scenario !== this.options.presetId()) return;
			untrack(() => a.replaceMoment(m));
		});
		// a walkthrough playing by itself goes on with the next step that traces another flow
		$effect(() => {
			const p = this.playback.player;
			const playing = this.playback.playing;
			if (!this.walkAuto || p.playing || p.count === 0 || p.index < p.count - 1 || playing.kind !== 'walkthrough') return;
			const steps = this.doc.steps;
			const next = steps.findIndex((s, i) => i > this.walkStep && s.flow && s.flow !== playing.flow.name);
			if (next < 0) {
				this.walkAuto = false;
				return;
			}
			const id = setTimeout(() => {
				this.playStep(steps[next]);
				this.playback.dispatch({ type: 'play' });
			}, 1500);
			return () => clearTimeout(id);
		});
		// embed loop: the end of the tape starts it again
		$effect(() => {
			const p = this.playback.player;
			if (!this.linkOptions.loop || this.walkAuto || p.playing || p.count === 0 || p.index < p.count - 1) return;
			const walkthrough = this.playback.playing.kind === 'walkthrough';
			const id = setTimeout(() => {
				// a walkthrough starts again from its first step; anything else from its first hop
				if (walkthrough) void this.startScenario(true);
				else {
					this.playback.dispatch({ type: 'restart' });
					this.playback.dispatch({ type: 'play' });
				}
			}, 2000);
			return () => clearTimeout(id);
		});
	}

	/** Once mounted: prefs, then the workspace store (the route is restored once it is open). */
	async mount() {
		this.view.mountTheme();
		this.doc.mount();
		await this.doc.session.connect();
		// a tab closing or going to the background writes the edits still queued
		const flush = () => void this.doc.session.flush();
		window.addEventListener('pagehide', flush);
		document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
		// an exported HTML file carries its moment in a data block (export/moment.ts), read only when there is one
		if (document.getElementById('hopscope-moment')) this.exported = (await import('../export/moment')).readMoment(document);
		if (this.exported) this.bootMoment(this.exported);
		this.ready = true;
		// a marker for tests and embedders: the app is mounted and listening
		document.documentElement.dataset.hopscopeReady = '1';
	}

	/** An exported HTML file opens at its moment: its files, view and theme, then its step or trace and hop once loaded. */
	private bootMoment(m: BootMoment) {
		if (m.theme) this.view.setTheme(m.theme);
		this.doc.clear();
		this.doc.addFiles(m.files);
		this.doc.setView(m.view);
		this.view.panel = m.step !== undefined || m.flow ? 'flows' : 'manifests';
		const stop = $effect.root(() => {
			$effect(() => {
				if (!this.doc.cluster) return;
				untrack(() => {
					const step = m.step !== undefined ? this.doc.steps[m.step] : undefined;
					if (step) this.runStep(step);
					else if (m.flow) this.runFlow(m.flow);
					if (m.hop !== undefined) this.seek(m.hop);
				});
				queueMicrotask(() => stop());
			});
		});
	}

	// ---- the document ----

	/** a new document is on screen: nothing selected, its trace is not this one */
	opened() {
		this.view.select(null, null);
		this.playback.send({ type: 'open' });
	}

	openPreset(id: string) {
		if (!this.doc.openPreset(id)) return;
		this.opened();
		// opening a scenario plays it, once its route is applied (applyMoment)
		this.autoplayNext = id;
		// a packet journey opens on its journeys and walkthrough
		if (id.startsWith('journey-')) this.view.panel = 'flows';
		this.options.navigate(id);
	}

	/** The workspace switcher: back to a stored workspace; the URL follows what is shown. */
	async switchWorkspace(id: string) {
		if (!(await this.doc.switchTo(id))) return;
		this.opened();
		this.view.panel = 'manifests';
		const preset = this.doc.ws.presetId;
		if (preset !== this.options.presetId()) this.options.navigate(preset);
	}

	/** The name the workspace on screen goes by (the switcher's, else the title). */
	get workspaceName(): string {
		const id = this.doc.session.id;
		return this.doc.session.list.find((w) => w.id === id)?.name ?? this.doc.title;
	}

	/** Import… (or a dropped export): a .zip or a YAML file as a new workspace (state/workspace-io.ts, loaded on use). */
	async importFile(f: File) {
		(await import('./workspace-io')).importFile(this, f, redactSource);
	}

	/** Export: the workspace on screen as a .zip or one YAML file, downloaded. */
	async exportWorkspace(kind: 'zip' | 'yaml') {
		(await import('./workspace-io')).exportWorkspace(this, kind, redactSource);
	}

	/** A new workspace from an imported file; the URL follows (its preset, or the bare app). null, or what went wrong. */
	async importWorkspace(init: Parameters<DocumentState['createAndShow']>[0]): Promise<string | null> {
		if (!(await this.doc.createAndShow(init))) return this.doc.session.status ?? 'Could not store the imported workspace.';
		this.opened();
		this.view.panel = 'manifests';
		const preset = this.doc.ws.presetId;
		if (preset !== this.options.presetId()) this.options.navigate(preset);
		return null;
	}

	/**
	 * Deletes a stored workspace. When it was on screen, the newest other one
	 * (or a new empty one) takes its place. Returns what it held, for undo.
	 */
	async deleteWorkspace(id: string) {
		const shown = id === this.doc.session.id;
		const gone = await this.doc.session.remove(id);
		if (!gone || !shown) return gone;
		const next = this.doc.session.list[0]?.id;
		if (next) await this.switchWorkspace(next);
		else this.newManifests();
		return gone;
	}

	reloadStored() {
		void this.doc.reloadStored().then(() => this.opened());
	}

	keepAsCopy() {
		void this.doc.keepAsCopy();
	}

	/** Stored undo / redo (Ctrl+Z / Ctrl+Shift+Z, the editor's buttons). */
	async step(dir: 'undo' | 'redo') {
		if (await this.doc.step(dir)) this.view.panel = 'manifests';
	}

	async readFiles(list: FileList | File[]) {
		const incoming: InputFile[] = [];
		for (const f of Array.from(list)) {
			// a workspace export (.zip, or our YAML) opens as a new workspace; other files join this one
			if (/\.zip$/i.test(f.name)) await this.importFile(f);
			else {
				const text = await f.text();
				if (text.startsWith(WORKSPACE_YAML_MARK)) await this.importFile(f);
				else incoming.push({ name: f.name, text });
			}
		}
		if (!incoming.length || !this.doc.addFiles(incoming)) return;
		this.view.panel = 'manifests';
		if (this.options.presetId()) this.options.navigate(null);
	}

	newManifests() {
		this.doc.clear();
		this.view.panel = 'manifests';
		if (this.options.presetId()) this.options.navigate(null);
	}

	setView(v: ViewName) {
		this.doc.setView(v);
	}

	/** Selecting something (a diagram click, a finding's resource) shows it: the Inspector comes to the front. */
	select(id: string | null) {
		this.view.select(id, this.scene);
		if (id) this.showInspector();
	}

	selectRef(ref: ResourceRef) {
		this.view.selectRef(ref, this.scene);
		this.showInspector();
	}

	private showInspector() {
		if ((this.playback.traced || this.playback.request) && this.playback.stage.tab !== 'inspector') this.setTab('inspector');
	}

	// ---- what is playing ----

	runFlow(f: FlowRequest) {
		this.stepIndex = -1;
		this.walkAuto = false;
		this.playback.send({ type: 'trace', flow: f });
	}

	/** A Reachability cell: its pod pair becomes the composer's flow, and its trace plays. */
	traceReach(from: string, to: string, port: number, protocol: L4Protocol) {
		this.view.flowFrom = `pod/${from}`;
		this.view.flowTo = `pod/${to}`;
		this.runFlow({ name: `${from} → ${to} ${port}/${protocol}`, from: `pod/${from}`, to: `pod/${to}`, port, protocol, seed: 1 });
	}

	/** Hovering a shielded pod: the drawn pods its NetworkPolicies let it talk with. */
	peersOf = (id: string) => this.isolation.peers(this.cluster, this.scene?.nodes ?? [], id);

	/** A narrated step of the scenario (the user picked it): play its flow and stop at its hop. */
	runStep(step: ScenarioStep) {
		this.walkAuto = false;
		this.playStep(step);
	}

	/** a step played by the app itself (a link, autoplay): the walkthrough may go on by itself */
	playStep(step: ScenarioStep) {
		this.stepIndex = this.doc.steps.indexOf(step);
		this.playback.send({ type: 'step', step, flows: this.doc.flows });
	}

	/** A simulation's player steps are its responses, in time order. */
	runSim(run: SimRun, form: Record<string, unknown> | null = null) {
		this.simForm = form;
		this.playback.send({ type: 'simulate', run });
	}

	/** An Istio request was sent: it plays on the mesh view. */
	requestSent() {
		this.playback.send({ type: 'request' });
		if (this.doc.ws.view !== 'mesh') this.doc.setView('mesh');
	}

	showSimulation(open: boolean) {
		this.playback.send({ type: 'show-simulation', open });
	}

	closePlaying() {
		this.playback.send({ type: 'close' });
	}

	setTab(tab: RightTab) {
		this.playback.send({ type: 'tab', tab });
	}

	seek(index: number) {
		this.playback.dispatch({ type: 'seek', index });
	}

	// ---- keyboard and drops ----

	/** The player's keys while something plays; `/` focuses the filter; Escape clears the selection. */
	keydown(e: KeyboardEvent) {
		const t = e.target as HTMLElement | null;
		if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.isContentEditable)) return;
		if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'z') {
			e.preventDefault();
			void this.step(e.shiftKey ? 'redo' : 'undo');
			return;
		}
		// presenter mode: the clicker's keys move by walkthrough step
		const pa = this.present.on ? presentKey(e) : null;
		if (pa) {
			e.preventDefault();
			this.present.act(pa);
			return;
		}
		if ((e.key === 'f' || e.key === 'F') && !e.ctrlKey && !e.metaKey && !e.altKey && this.doc.cluster && !this.present.on) {
			e.preventDefault();
			this.present.enter();
			return;
		}
		const action = this.playback.active ? keyAction(e.key) : null;
		if (action && !e.ctrlKey && !e.metaKey && !e.altKey) {
			e.preventDefault();
			this.playback.dispatch(action);
			return;
		}
		if (e.key === '/') {
			e.preventDefault();
			document.getElementById('filter-text')?.focus();
		} else if (e.key === 'Escape') this.select(null);
	}

	/** Compare on / off: the workspace on screen against an earlier version (issue 12 §3). */
	async toggleCompare(): Promise<void> {
		const c = await this.features.loadCompare();
		if (c.open) c.close();
		else await c.show(this.doc.session, this.doc.ws.presetId, () => this.doc.ws.files);
	}

	dragover(e: DragEvent) {
		if (!e.dataTransfer?.types.includes('Files')) return;
		e.preventDefault();
		this.view.dragging = true;
	}

	dragleave(e: DragEvent) {
		if (!e.relatedTarget) this.view.dragging = false;
	}

	drop(e: DragEvent) {
		if (!e.dataTransfer?.files.length) return;
		e.preventDefault();
		this.view.dragging = false;
		this.readFiles(e.dataTransfer.files);
	}
}
