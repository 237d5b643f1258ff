// Playback: what is playing (playing.ts) and the one player that steps it.
// The tape — trace hops, request hops or simulation events — follows from
// what is playing and the cluster, and the player is re-loaded whenever the
// tape changes (retape). Components read `stage`, `player`, `traced`,
// `request`; they change them only through send() and dispatch().
import { untrack } from 'svelte';
import { trace as traceFlow } from '../../net';
import type { Trace } from '../../net';
import { initialPlayer, reduce, stepMs, type PlayerAction, type PlayerState } from '../../view';
import { NOTHING, flowOf, retape, transition, type Stage, type StageEvent, type Tape } from './playing';
import type { DocumentState } from './document.svelte';
import type { Features } from './features.svelte';

export class Playback {
	stage = $state.raw<Stage>(NOTHING);
	player = $state.raw<PlayerState>(initialPlayer());
	/** keep the packet in view while it plays */
	follow = $state(true);

	playing = $derived(this.stage.playing);
	/** the flow traced (a trace or a walkthrough step) */
	flow = $derived(flowOf(this.playing));
	/** the packet trace being played: recomputed when the cluster or the request changes */
	traced = $derived.by<Trace | null>(() => {
		const c = this.doc.cluster;
		const f = this.flow;
		if (!c || !f) return null;
		const { from, to, port, protocol, path, headers, seed } = f;
		return traceFlow(c, { from, to, port, protocol, path, headers }, { seed, resources: this.doc.resources });
	});
	/** the Istio request on the player: sent, and answered */
	request = $derived.by(() => this.playing.kind === 'request' ? (this.features.mesh?.result ?? null) : null);
	simulation = $derived(this.playing.kind === 'simulation' ? this.playing : null);
	/** anything on the player: it is shown, and the player keys work */
	active = $derived(!!this.traced || !!this.request || !!this.simulation);
	/** the step under the playhead, for the trace or the request */
	currentHop = $derived(this.traced && this.player.index >= 0 ? (this.traced.hops[this.player.index] ?? null) : null);
	requestHop = $derived(this.request && this.player.index >= 0 ? (this.request.hops[this.player.index] ?? null) : null);
	traceTitle = $derived.by(() => {
		const f = this.flow;
		return f ? `${f.name === 'custom' ? '' : `${f.name}: `}${f.from} → ${f.to}${f.port ? `:${f.port}` : ''}` : '';
	});
	/** how long a moving packet takes between two steps */
	moveMs = $derived(Math.min(900, stepMs(this.player) * 0.8));

	private tape: Tape | null = null;
	private readonly doc: DocumentState;
	private readonly features: Features;

	constructor(doc: DocumentState, features: Features) {
		this.doc = doc;
		this.features = features;
		// the tape changes on its own too: an edit re-derives the trace, a what-if re-answers the request
		$effect(() => this.sync());
		// playing: one step per tick at the chosen speed
		$effect(() => {
			if (!this.player.playing) return;
			const id = setTimeout(() => this.dispatch({ type: 'next' }), stepMs(this.player));
			return () => clearTimeout(id);
		});
	}

	send(e: StageEvent) {
		const t = transition(this.stage, e);
		this.stage = t.stage;
		this.sync(t.seek);
	}

	dispatch(a: PlayerAction) {
		this.player = reduce(this.player, a);
	}

	private currentTape(): Tape | null {
		if (this.traced) return { kind: 'trace', ref: this.traced, length: this.traced.hops.length };
		if (this.request) return { kind: 'request', ref: this.request, length: this.request.hops.length };
		const sim = this.simulation;
		return sim ? { kind: 'simulation', ref: sim.run, length: sim.run.result.events.length } : null;
	}

	private sync(seek?: number) {
		const next = this.currentTape();
		const prev = this.tape;
		this.tape = next;
		const player = untrack(() => this.player);
		const p = retape(player, prev, next, seek);
		if (p !== player) this.player = p;
	}
}
