// What is drawn for what is playing: the packet's or the request's path on
// the diagram and the hop lit, the simulation's ejected pods and current
// response, the player's caption, the iptables dump of the node asked for.
import { matchedRules, packetPath } from '../../view';
import { iptablesSave, nodeRules } from '../../net';
import type { DocumentState } from './document.svelte';
import type { Features } from './features.svelte';
import type { Playback } from './playback.svelte';
import type { SceneState } from './scene.svelte';
import type { ViewState } from './view.svelte';

export interface OverlayParts {
	readonly doc: DocumentState;
	readonly view: ViewState;
	readonly features: Features;
	readonly playback: Playback;
	readonly layout: SceneState;
}

export class Overlay {
	/** the scene is for the view on screen (a switch of view lays out anew) */
	private current = $derived.by(() => {
		const s = this.layout.scene;
		return s && s.view === this.doc.ws.view ? s : null;
	});
	/** where the traced packet goes on the diagram */
	path = $derived.by(() =>
		this.playback.traced && this.current
			? packetPath(this.current, this.playback.traced.hops, this.doc.ws.view, { dwell: 1, cluster: this.doc.cluster ?? undefined })
			: null
	);
	/** where the Istio request goes on the diagram */
	requestPath = $derived.by(() =>
		this.playback.request && this.features.meshMod && this.current ? this.features.meshMod.meshPath(this.current, this.playback.request.hops) : null
	);
	hopHighlight = $derived.by(() => {
		const i = this.playback.player.index;
		const p = this.path ?? this.requestPath;
		return p && i >= 0 ? [p.targets[i]] : [];
	});
	private simT = $derived.by(() => {
		const sim = this.playback.simulation;
		return sim && this.features.res ? this.features.res.timeAt(sim.run.result, this.playback.player.index) : 0;
	});
	/** pods ejected at the simulation's playhead, greyed on the cluster diagram */
	simDimmed = $derived.by(() => {
		const sim = this.playback.simulation;
		const res = this.features.res;
		return sim && res && this.layout.scene ? res.dimmedNodes(this.layout.scene, res.ejectedAt(sim.run.result, this.simT, this.doc.cluster), this.simT) : undefined;
	});
	/** the simulation's response at the playhead, drawn on the cluster diagram (bouncing at the sidecar that refused it) */
	simShot = $derived.by(() => {
		const sim = this.playback.simulation;
		const res = this.features.res;
		const i = this.playback.player.index;
		return sim && res && i >= 0 ? res.requestShot(this.layout.scene, this.doc.cluster, sim.run, sim.run.result.events[i]) : null;
	});
	/** the player's caption: the hop or event under the playhead */
	caption = $derived.by(() => {
		const { requestHop, currentHop, simulation, player } = this.playback;
		const hop = requestHop ?? currentHop;
		if (hop) return `${hop.at} — ${hop.note}`;
		return simulation && this.features.res ? this.features.res.describeEvent(simulation.run.result.events[player.index]) : '';
	});
	iptText = $derived.by(() => this.doc.cluster && this.view.iptNode ? iptablesSave(nodeRules(this.doc.cluster, this.view.iptNode)) : '');
	/** the rules the traced packet matched on the open node */
	iptMatched = $derived.by(() =>
		this.playback.traced && this.view.iptNode ? (matchedRules(this.playback.traced).get(this.view.iptNode) ?? new Set<string>()) : new Set<string>()
	);

	private readonly doc: DocumentState;
	private readonly view: ViewState;
	private readonly features: Features;
	private readonly playback: Playback;
	private readonly layout: SceneState;

	constructor({ doc, view, features, playback, layout }: OverlayParts) {
		this.doc = doc;
		this.view = view;
		this.features = features;
		this.playback = playback;
		this.layout = layout;
	}
}
