// What is playing: one value says which of the things that move is on the
// player and the stage — a packet trace, a walkthrough step of a scenario, an
// Istio request, a resilience simulation, or nothing — and which right-hand
// tab goes with it. Starting one replaces the other, so no combination of
// flags can disagree. Pure transitions; playback.svelte.ts holds the value.
import type { ScenarioFlow, ScenarioStep } from '../../scenario';
import type { SimRun } from '../../view/resilience';
import { reduce, type FlowRequest, type PlayerState } from '../../view';

/** The right panel: the inspector, the trace of the packet, the Istio request. */
export type RightTab = 'inspector' | 'trace' | 'mesh';

export interface Narration {
	title: string;
	text: string;
}

export type Playing =
	| { kind: 'none' }
	| { kind: 'trace'; flow: FlowRequest }
	/** a narrated step of the scenario: its flow's trace, with the step's text */
	| { kind: 'walkthrough'; flow: FlowRequest; narration: Narration }
	/** the Istio request of the Requests tab (its answer lives in the MeshSession) */
	| { kind: 'request' }
	/** `open`: the simulation's own stage is shown, else the cluster diagram with the simulation on it */
	| { kind: 'simulation'; run: SimRun; open: boolean };

export interface Stage {
	playing: Playing;
	tab: RightTab;
}

export type StageEvent =
	| { type: 'trace'; flow: FlowRequest }
	| { type: 'step'; step: ScenarioStep; flows: readonly ScenarioFlow[] }
	| { type: 'simulate'; run: SimRun }
	/** show the simulation's stage (true) or the cluster (false) */
	| { type: 'show-simulation'; open: boolean }
	/** an Istio request was sent */
	| { type: 'request' }
	/** the close button of the trace or the request */
	| { type: 'close' }
	/** another preset or workspace was opened: its trace is not this one */
	| { type: 'open' }
	/** the cluster changed: a simulation ran against the old one */
	| { type: 'cluster-changed' }
	/** the request composer was reset for a new scenario */
	| { type: 'composer-reset' }
	| { type: 'tab'; tab: RightTab };

export interface Transition {
	stage: Stage;
	/** a hop to stop at once the trace is on the player (a walkthrough step) */
	seek?: number;
}

/** The list of steps on the player: hops of a trace or request, events of a simulation. */
export interface Tape {
	kind: 'trace' | 'request' | 'simulation';
	/** identity: a new object is a new tape */
	ref: object;
	length: number;
}

export const NOTHING: Stage = { playing: { kind: 'none' }, tab: 'inspector' };

/** The flow whose trace is playing (a trace or a walkthrough step), if any. */
export function flowOf(p: Playing): FlowRequest | null {
	return p.kind === 'trace' || p.kind === 'walkthrough' ? p.flow : null;
}

/** A scenario's flow as a trace request: L4 protocol only (L7 ones ride on TCP). */
export function flowRequestOf(flow: ScenarioFlow, seed: number): FlowRequest {
	const protocol = flow.protocol && /^(udp|sctp)$/i.test(flow.protocol) ? flow.protocol.toUpperCase() : 'TCP';
	return { name: flow.name, from: flow.from, to: flow.to, port: flow.port, protocol, path: flow.path, headers: flow.headers, seed };
}

export function transition(s: Stage, e: StageEvent): Transition {
	const p = s.playing;
	switch (e.type) {
		case 'trace':
			return { stage: { playing: { kind: 'trace', flow: e.flow }, tab: 'trace' } };
		case 'step': {
			const narration = { title: e.step.title, text: e.step.text };
			const current = flowOf(p);
			const flow = e.flows.find((f) => f.name === e.step.flow);
			if (!flow) {
				// a step with no flow of its own narrates over the trace on screen, if any
				return current ? { stage: { playing: { kind: 'walkthrough', flow: current, narration }, tab: 'trace' } } : { stage: s };
			}
			// the same flow keeps its trace (and seed); another one starts with the current seed
			const req = current && current.name === flow.name ? current : flowRequestOf(flow, current?.seed ?? 1);
			return { stage: { playing: { kind: 'walkthrough', flow: req, narration }, tab: 'trace' }, seek: e.step.hop };
		}
		case 'simulate':
			return { stage: { playing: { kind: 'simulation', run: e.run, open: true }, tab: 'inspector' } };
		case 'show-simulation':
			return { stage: p.kind === 'simulation' ? { ...s, playing: { ...p, open: e.open } } : s };
		case 'request':
			return { stage: { playing: { kind: 'request' }, tab: 'mesh' } };
		case 'close':
			return { stage: p.kind === 'simulation' ? s : NOTHING };
		case 'open':
			return { stage: flowOf(p) ? NOTHING : { ...s, tab: 'inspector' } };
		case 'cluster-changed':
			return { stage: p.kind === 'simulation' ? NOTHING : s };
		case 'composer-reset':
			return { stage: p.kind === 'request' ? NOTHING : s };
		case 'tab':
			return { stage: { ...s, tab: e.tab } };
	}
}

/**
 * The player when the tape changes: a new tape starts at its first step (or
 * at `seek`); the same trace re-derived with as many hops (an unrelated edit,
 * the same flow traced again) keeps its position; no tape empties the player.
 * The speed always survives.
 */
export function retape(player: PlayerState, prev: Tape | null, next: Tape | null, seek?: number): PlayerState {
	if ((prev?.ref ?? null) === (next?.ref ?? null)) return seek === undefined ? player : reduce(player, { type: 'seek', index: seek });
	const loaded = reduce(player, { type: 'load', count: next?.length ?? 0 });
	if (!next) return loaded;
	if (seek !== undefined) return reduce(loaded, { type: 'seek', index: seek });
	if (prev?.kind === 'trace' && next.kind === 'trace' && prev.length === next.length) return { ...loaded, index: player.index };
	return loaded;
}
