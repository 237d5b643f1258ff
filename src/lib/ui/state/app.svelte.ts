// The app's state, composed: the document (manifests and what they load
// to), the view (panel, filter, selection, theme), playback (what is playing
// and the player), the laid-out scene and the lazily loaded features. The
// actions that touch more than one of them live here; the components call
// them and render what these objects hold.
import { untrack } from 'svelte';
import type { Cluster } from '../../model';
import type { InputFile } from '../../manifest';
import type { ScenarioStep } from '../../scenario';
import type { ViewName } from '../../scenario';
import type { SimRun } from '../../view/resilience';
import { flowChoices, keyAction, tracePods, type FlowRequest } from '../../view';
import { DocumentState } from './document.svelte';
import { Features } from './features.svelte';
import { Overlay } from './overlay.svelte';
import { Playback } from './playback.svelte';
import { SceneState } from './scene.svelte';
import { ViewState } from './view.svelte';
import { browserStore, type Store } from './storage';
import { flowRequestOf, type RightTab } from './playing';
import { emptyMoment, type Moment, type MomentPlay } from '../moment';
import { autoplayKind, hasSimulationBlock, shouldAutoplay, stepAt } from '../autoplay';
import { presetById } from '../../presets';
import { decodeShare } from '../../scenario';

export interface AppOptions {
	/** the preset named by the URL (`/scenario/<id>`), or null */
	presetId: () => string | null;
	/** point the URL at a preset, or at the bare app (null) */
	navigate: (presetId: string | null) => void;
	store?: Store;
	/** the page's address as a moment (links.ts readMoment) */
	readMoment?: () => Moment;
	/** write the moment into the address bar (links.ts replaceMoment) */
	writeMoment?: (m: Moment) => void;
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
	/** mounted and listening (html[data-hopscope-ready]) */
	ready = $state(false);

	scene = $derived.by(() => this.layout.scene);
	cluster = $derived.by(() => this.doc.cluster);
	namespaces = $derived(this.cluster ? this.cluster.namespaces.map((n) => n.name) : []);
	choices = $derived(this.cluster ? flowChoices(this.cluster) : { from: [], to: [] });

	/** the walkthrough step chosen (0-based index into doc.steps), -1 for none */
	stepIndex = $state(-1);
	/** the Simulate form of the simulation on the player (for the address) */
	simForm = $state.raw<Record<string, unknown> | null>(null);
	/** the share token the document came from, while it is unedited */
	sharedToken = $state<string | null>(null);
	/** the address's own options that state does not hold: autoplay, loop, controls */
	linkOptions = $state.raw<Pick<Moment, 'autoplay' | 'loop' | 'controls'>>({});
	/** the mesh session's composer was reset for this cluster (a link's request may be applied) */
	private meshReadyFor = $state.raw<Cluster | null>(null);
	/** the walkthrough plays by itself: at the end of a flow's trace it goes on with the next step's flow */
	private walkAuto = $state(false);
	/** a preset opened from the gallery: its route plays it */
	private autoplayNext: string | null = null;
	/** the address has been read and applied: from now on state writes it */
	private addressed = $state(false);

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
	/** what the address bar holds */
	moment = $derived.by<Moment>(() => this.currentMoment());

	private readonly options: AppOptions;

	constructor(options: AppOptions) {
		this.options = options;
		const store = options.store ?? browserStore;
		this.doc = new DocumentState(store);
		this.view = new ViewState(store);
		this.features = new Features();
		this.playback = new Playback(this.doc, this.features);
		const { doc, view, features, playback } = this;
		this.layout = new SceneState({
			get cluster() {
				return doc.cluster;
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
			get meshMod() {
				return features.meshMod;
			}
		});

		this.overlay = new Overlay(this);

		// Boot the workers while the page hydrates, so the first load and layout
		// do not wait for their scripts.
		if (typeof window !== 'undefined') {
			SceneState.warm();
			doc.warm();
		}

		$effect(() => {
			if (view.panel === 'simulate') features.loadResilience();
			if (view.panel === 'requests' || doc.ws.view === 'mesh') features.loadMesh();
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
				const m = this.options.readMoment?.() ?? emptyMoment();
				this.addressed = false;
				if (first) this.linkOptions = { autoplay: m.autoplay, loop: m.loop, controls: m.controls };
				// a link carrying manifests opens them as a new, unsaved document
				if (first && m.token && !id) {
					void this.openToken(m);
					return;
				}
				void this.doc.restore(id).then((from) => {
					if (from === 'preset') this.opened();
					if (from === 'stored') this.view.panel = 'manifests';
					// a link to a preset shows the gallery rather than someone else's editor
					else if (id && from !== 'kept' && this.view.panel === 'manifests') this.view.panel = 'scenarios';
					if (routed !== id) return;
					void this.applyMoment(m, from === 'preset');
				});
			});
		});
	}

	private async openToken(m: Moment) {
		const files = await decodeShare(m.token!);
		if (!files) {
			this.doc.badLink('This link carries manifests that could not be read (damaged, truncated or not a Hopscope link). Nothing was opened; your saved workspaces are untouched.');
			this.addressed = true;
			return;
		}
		this.doc.openShared(files, m.view ?? 'architecture');
		this.opened();
		this.sharedToken = m.token!;
		this.view.panel = 'manifests';
		await this.applyMoment(m, true);
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
			// between opening another scenario and its route arriving, the address still belongs to the old one
			if (!this.addressed || !this.ready || m.scenario !== this.options.presetId()) return;
			untrack(() => this.options.writeMoment?.(m));
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

	/** The moment the app is at. */
	private currentMoment(): Moment {
		const { doc, view, playback } = this;
		const m: Moment = { scenario: doc.ws.presetId, embed: this.embed, ...this.linkOptions };
		if (doc.ws.view !== 'architecture') m.view = doc.ws.view;
		if (!this.embed && view.panel !== 'scenarios') m.panel = view.panel;
		if (!this.embed && playback.stage.tab !== 'inspector') m.side = playback.stage.tab;
		const play = this.playingMoment();
		if (play) {
			m.play = play;
			m.hop = playback.player.index + 1;
		}
		const filter = { text: view.filterText || undefined, namespace: view.filterNamespace || undefined, kind: view.filterKind || undefined };
		if (filter.text || filter.namespace || filter.kind) m.filter = Object.fromEntries(Object.entries(filter).filter(([, v]) => v));
		m.theme = view.theme;
		if (this.sharedToken) m.token = this.sharedToken;
		for (const k of Object.keys(m) as (keyof Moment)[]) if (m[k] === undefined) delete m[k];
		return m;
	}

	private playingMoment(): MomentPlay | undefined {
		const p = this.playback.playing;
		if (p.kind === 'walkthrough' && this.stepIndex >= 0) return { kind: 'step', step: this.stepIndex + 1, seed: p.flow.seed };
		if (p.kind === 'trace' || p.kind === 'walkthrough') {
			const f = p.flow;
			if (f.name !== 'custom' && this.doc.flows.some((x) => x.name === f.name)) return { kind: 'flow', name: f.name, seed: f.seed };
			return { kind: 'flow', name: 'custom', from: f.from, to: f.to, port: f.port, protocol: f.protocol ?? 'TCP', seed: f.seed };
		}
		const mesh = this.features.mesh;
		if (p.kind === 'request' && mesh && mesh.mode) {
			const c = mesh.composer;
			return {
				kind: 'request',
				mode: mesh.mode,
				from: c.from,
				host: c.host,
				port: c.port,
				path: c.path,
				method: c.method,
				headers: c.headers.filter((h) => h.on && h.key).map((h) => [h.key, h.value]),
				seed: c.seed,
				n: c.n
			};
		}
		if (p.kind === 'simulation' && this.simForm) return { kind: 'simulation', form: this.simForm };
		return undefined;
	}

	/**
	 * The address on top of the document: view, panel, filter, theme, then
	 * what plays. A link naming a moment opens paused there; a scenario
	 * freshly opened plays (see autoplay.ts), unless autoplay=0 or reduced motion.
	 */
	private async applyMoment(m: Moment, opened: boolean) {
		const { doc, view } = this;
		const fresh = this.autoplayNext === m.scenario;
		this.autoplayNext = null;
		try {
			if (m.theme) view.setTheme(m.theme);
			if (m.view) doc.setView(m.view);
			if (m.panel) view.panel = m.panel;
			if (m.filter) {
				view.filterText = m.filter.text ?? '';
				view.filterNamespace = m.filter.namespace ?? '';
				view.filterKind = m.filter.kind ?? '';
			}
			if (!(await until(() => !!doc.cluster && !doc.loading))) return;
			const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
			const play = shouldAutoplay({ autoplay: m.autoplay, pointInTime: !!m.play, reducedMotion: reduced });
			if (m.play) {
				await this.applyPlay(m.play);
				if (m.hop !== undefined) this.playback.dispatch({ type: 'seek', index: m.hop - 1 });
				if (m.side) this.setTab(m.side);
				if (play) this.playback.dispatch({ type: 'play' });
			} else if ((opened || fresh) && m.autoplay !== false) await this.startScenario(play);
		} finally {
			this.addressed = true;
		}
	}

	private async applyPlay(p: MomentPlay) {
		const { doc, features } = this;
		if (p.kind === 'flow') {
			const named = doc.flows.find((f) => f.name === p.name);
			if (named) this.runFlow(flowRequestOf(named, p.seed));
			else if (p.from && p.to) this.runFlow({ name: 'custom', from: p.from, to: p.to, port: p.port, protocol: p.protocol, seed: p.seed });
		} else if (p.kind === 'step') {
			const st = doc.steps[p.step - 1];
			if (st) this.playStep(st);
		} else if (p.kind === 'request') {
			features.loadMesh();
			if (!(await until(() => !!features.mesh && this.meshReadyFor === doc.cluster && !!doc.cluster))) return;
			const mesh = features.mesh!;
			mesh.composer = {
				from: p.from,
				host: p.host,
				port: p.port,
				path: p.path,
				method: p.method,
				headers: p.headers.map(([key, value]) => ({ key, value, on: true })),
				seed: p.seed,
				n: p.n
			};
			if (p.mode === 'one') mesh.sendOne(doc.cluster!);
			else await mesh.sendN(doc.cluster!, false);
			this.requestSent();
		} else if (p.kind === 'simulation') {
			await this.simulate(p.form);
		}
	}

	/** Runs a simulation form (null: the scenario's own) and puts it on the player. */
	private async simulate(form: Record<string, unknown> | null): Promise<boolean> {
		const { doc, features } = this;
		features.loadResilience();
		if (!(await until(() => !!features.res && !!doc.cluster))) return false;
		try {
			const r = await features.res!.runForm(doc.cluster!, doc.resources, form);
			if (!r) return false;
			this.runSim(r.run, r.form as unknown as Record<string, unknown>);
			return true;
		} catch {
			return false; // superseded or stopped: the newer run is on the player
		}
	}

	/**
	 * What opening the scenario plays (autoplay.ts): its simulation, its
	 * Istio split (Send N, the bars grow), or its walkthrough. With `play`
	 * false it is set up and left paused at its start.
	 */
	async startScenario(play: boolean) {
		// the left panel stays where the user is (the gallery, when browsing it): what plays is on the stage and the right panel
		const { doc, features } = this;
		const preset = doc.ws.presetId ? presetById(doc.ws.presetId) : undefined;
		const header = doc.loaded?.header;
		const kind = autoplayKind({ tags: header?.tags ?? [], steps: doc.steps, simulation: hasSimulationBlock(preset?.text ?? doc.ws.files[0]?.text ?? '') });
		if (kind === 'walkthrough') {
			const first = doc.steps.findIndex((s) => s.flow);
			this.playStep(doc.steps[first]);
			this.playback.dispatch({ type: 'restart' });
			this.walkAuto = play;
			if (play) this.playback.dispatch({ type: 'play' });
		} else if (kind === 'requests') {
			if (!play) return;
			features.loadMesh();
			if (!(await until(() => !!features.mesh && this.meshReadyFor === doc.cluster && !!doc.cluster && !!features.mesh.composer.host))) return;
			// the split bars grow as the requests are revealed; the first request plays on the mesh view
			await features.mesh!.sendN(doc.cluster!, true);
			this.requestSent();
			this.playback.dispatch({ type: 'play' });
		} else if (kind === 'simulation') {
			if ((await this.simulate(null)) && play) this.playback.dispatch({ type: 'play' });
		}
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
		this.ready = true;
		// a marker for tests and embedders: the app is mounted and listening
		document.documentElement.dataset.hopscopeReady = '1';
	}

	// ---- the document ----

	/** a new document is on screen: nothing selected, its trace is not this one */
	private opened() {
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
		for (const f of Array.from(list)) incoming.push({ name: f.name, text: await f.text() });
		if (!this.doc.addFiles(incoming)) return;
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

	select(id: string | null) {
		this.view.select(id, this.scene);
	}

	// ---- what is playing ----

	runFlow(f: FlowRequest) {
		this.stepIndex = -1;
		this.walkAuto = false;
		this.playback.send({ type: 'trace', flow: f });
	}

	/** A narrated step of the scenario (the user picked it): play its flow and stop at its hop. */
	runStep(step: ScenarioStep) {
		this.walkAuto = false;
		this.playStep(step);
	}

	private playStep(step: ScenarioStep) {
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
		if (t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT')) return;
		if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'z') {
			e.preventDefault();
			void this.step(e.shiftKey ? 'redo' : 'undo');
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

/** Resolves true once `cond()` holds (checked every 50 ms), false after `ms`. */
function until(cond: () => boolean, ms = 20_000): Promise<boolean> {
	return new Promise((resolve) => {
		const t0 = Date.now();
		const tick = () => {
			if (cond()) resolve(true);
			else if (Date.now() - t0 > ms) resolve(false);
			else setTimeout(tick, 50);
		};
		tick();
	});
}
