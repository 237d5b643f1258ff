// Shared plumbing for the resilience state machines: a static description the
// UI can draw (states and labelled transitions, read from the machine config),
// and a tracked actor that records every (t, state) change so a player can
// step through them. Time is never read from a clock here: every event
// carries its simulated timestamp `t` (milliseconds from the start).
import { createActor, type AnyStateMachine, type AnyActorRef, type EventFrom, type InputFrom } from 'xstate';

export interface MachineTransition {
	from: string;
	/** event type, or `always` for an eventless (guarded) transition */
	event: string;
	to: string;
	guard?: string;
}

export interface MachineDescription {
	id: string;
	/** what the machine models, in one line (shown by the UI) */
	label: string;
	states: string[];
	initial: string;
	transitions: MachineTransition[];
}

export interface StateChange {
	/** simulated time in ms */
	t: number;
	state: string;
}

/** One running machine instance with its state history. */
export interface Tracked<A extends AnyActorRef = AnyActorRef> {
	/** instance id, e.g. `outlier:default/reviews-v1-…` or `pool` */
	id: string;
	kind: MachineKind;
	actor: A;
	history: StateChange[];
}

export type MachineKind = 'outlierHost' | 'outlierDetector' | 'connectionPool' | 'textbookBreaker' | 'tokenBucket' | 'mixerQuota';

type Cfg = {
	id?: string;
	initial?: string;
	states?: Record<string, Cfg & { on?: Record<string, unknown>; always?: unknown }>;
	on?: Record<string, unknown>;
};

/** States and transitions of a (flat) machine, from its config; targets are sibling state keys. */
export function describeMachine(machine: AnyStateMachine, label: string): MachineDescription {
	const cfg = machine.config as Cfg;
	const states = Object.keys(cfg.states ?? {});
	const transitions: MachineTransition[] = [];
	const add = (from: string, event: string, spec: unknown) => {
		for (const t of Array.isArray(spec) ? spec : [spec]) {
			const target = typeof t === 'string' ? t : (t as { target?: string })?.target;
			const guard = typeof t === 'object' && t ? (t as { guard?: unknown }).guard : undefined;
			const tr: MachineTransition = { from, event, to: target ? target.replace(/^\./, '') : from };
			if (typeof guard === 'string') tr.guard = guard;
			transitions.push(tr);
		}
	};
	for (const [name, s] of Object.entries(cfg.states ?? {})) {
		for (const [ev, spec] of Object.entries(s.on ?? {})) add(name, ev, spec);
		if (s.always) add(name, 'always', s.always);
	}
	// root-level `on` handlers apply in every state (they update counters, the state stays)
	for (const [ev, spec] of Object.entries(cfg.on ?? {})) for (const st of states) add(st, ev, spec);
	return { id: cfg.id ?? 'machine', label, states, initial: cfg.initial ?? states[0] ?? '', transitions };
}

export function stateOf(actor: AnyActorRef): string {
	const v = actor.getSnapshot().value as unknown;
	return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Starts an actor and records its initial state at time t0. */
export function track<M extends AnyStateMachine>(
	id: string,
	kind: MachineKind,
	machine: M,
	input: InputFrom<M>,
	t0 = 0
): Tracked<ReturnType<typeof createActor<M>>> {
	const actor = createActor(machine, { input });
	actor.start();
	return { id, kind, actor, history: [{ t: t0, state: stateOf(actor) }] };
}

/** Sends an event (typed by the machine) and records the state if it changed. */
export function send<A extends AnyActorRef>(tr: Tracked<A>, event: EventFrom<A> & { t: number }): void {
	tr.actor.send(event);
	const s = stateOf(tr.actor);
	const last = tr.history[tr.history.length - 1];
	const t = (event as { t: number }).t;
	if (!last || last.state !== s) tr.history.push({ t, state: s });
}
