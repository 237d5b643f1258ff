import { describe, expect, it } from 'vitest';
import {
	NOTHING,
	flowOf,
	flowRequestOf,
	retape,
	transition,
	type Stage,
	type StageEvent,
	type Tape
} from '../../src/lib/ui/state/playing';
import type { FlowRequest } from '../../src/lib/view/tracefmt';
import type { ScenarioFlow } from '../../src/lib/scenario/header';
import type { SimRun } from '../../src/lib/view/resilience/resilience';
import { initialPlayer, reduce } from '../../src/lib/view/player';

const flow = (name: string, seed = 1): FlowRequest => ({ name, from: 'pod/default/pod1', to: 'svc/default/service1', port: 9002, protocol: 'TCP', seed });
// only the identity of a run matters to the transitions
const run = { target: 'reviews', result: { events: [] } } as unknown as SimRun;
const flows: ScenarioFlow[] = [
	{ name: 'pod1-to-service1', from: 'pod/default/pod1', to: 'svc/default/service1', port: 9002 },
	{ name: 'dns', from: 'pod/default/pod1', to: 'dns/service1', port: 53, protocol: 'udp' },
	{ name: 'web', from: 'external/203.0.113.7', to: 'svc/default/web', port: 80, protocol: 'HTTP', path: '/a' }
];
const go = (s: Stage, ...events: StageEvent[]) => events.reduce((acc, e) => transition(acc, e).stage, s);

describe('what is playing: transitions', () => {
	it('a trace replaces a simulation and a request, and opens the Trace tab', () => {
		for (const before of [go(NOTHING, { type: 'simulate', run }), go(NOTHING, { type: 'request' })]) {
			const s = go(before, { type: 'trace', flow: flow('a') });
			expect(s).toEqual({ playing: { kind: 'trace', flow: flow('a') }, tab: 'trace' });
		}
	});

	it('a simulation replaces a trace, shows its own stage and the Inspector tab', () => {
		const s = go(NOTHING, { type: 'trace', flow: flow('a') }, { type: 'simulate', run });
		expect(s).toEqual({ playing: { kind: 'simulation', run, open: true }, tab: 'inspector' });
		// back to the cluster keeps it playing; showing it again reopens the stage
		const back = go(s, { type: 'show-simulation', open: false });
		expect(back.playing).toEqual({ kind: 'simulation', run, open: false });
		expect(go(back, { type: 'show-simulation', open: true }).playing).toEqual({ kind: 'simulation', run, open: true });
	});

	it('show-simulation does nothing when no simulation plays', () => {
		const s = go(NOTHING, { type: 'trace', flow: flow('a') });
		expect(go(s, { type: 'show-simulation', open: true })).toBe(s);
	});

	it('sending an Istio request replaces a trace and opens the Request tab', () => {
		const s = go(NOTHING, { type: 'trace', flow: flow('a') }, { type: 'request' });
		expect(s).toEqual({ playing: { kind: 'request' }, tab: 'mesh' });
	});

	it('close ends a trace or a request (back to the Inspector), never a simulation', () => {
		expect(go(NOTHING, { type: 'trace', flow: flow('a') }, { type: 'close' })).toEqual(NOTHING);
		expect(go(NOTHING, { type: 'request' }, { type: 'close' })).toEqual(NOTHING);
		const sim = go(NOTHING, { type: 'simulate', run });
		expect(go(sim, { type: 'close' })).toBe(sim);
	});

	it('a changed cluster ends a simulation only', () => {
		expect(go(NOTHING, { type: 'simulate', run }, { type: 'cluster-changed' })).toEqual(NOTHING);
		const t = go(NOTHING, { type: 'trace', flow: flow('a') });
		expect(go(t, { type: 'cluster-changed' })).toBe(t);
		const r = go(NOTHING, { type: 'request' });
		expect(go(r, { type: 'cluster-changed' })).toBe(r);
	});

	it('a reset composer ends a request only', () => {
		expect(go(NOTHING, { type: 'request' }, { type: 'composer-reset' })).toEqual(NOTHING);
		const t = go(NOTHING, { type: 'trace', flow: flow('a') });
		expect(go(t, { type: 'composer-reset' })).toBe(t);
	});

	it('opening another preset ends a trace; a simulation or request waits for its own event', () => {
		expect(go(NOTHING, { type: 'trace', flow: flow('a') }, { type: 'open' })).toEqual(NOTHING);
		expect(go(NOTHING, { type: 'request' }, { type: 'open' })).toEqual({ playing: { kind: 'request' }, tab: 'inspector' });
		expect(go(NOTHING, { type: 'simulate', run }, { type: 'open' }).playing.kind).toBe('simulation');
	});

	it('tab switches the right panel and nothing else', () => {
		const t = go(NOTHING, { type: 'trace', flow: flow('a') }, { type: 'tab', tab: 'inspector' });
		expect(t).toEqual({ playing: { kind: 'trace', flow: flow('a') }, tab: 'inspector' });
	});
});

describe('what is playing: walkthrough steps', () => {
	const step = { title: 'The DNAT', text: 'KUBE-SEP DNATs to pod3', flow: 'pod1-to-service1', hop: 5 };

	it('a step starts its flow narrated and asks to stop at its hop', () => {
		const t = transition(NOTHING, { type: 'step', step, flows });
		expect(t.seek).toBe(5);
		expect(t.stage.tab).toBe('trace');
		expect(t.stage.playing).toEqual({
			kind: 'walkthrough',
			flow: { name: 'pod1-to-service1', from: 'pod/default/pod1', to: 'svc/default/service1', port: 9002, protocol: 'TCP', path: undefined, headers: undefined, seed: 1 },
			narration: { title: 'The DNAT', text: 'KUBE-SEP DNATs to pod3' }
		});
	});

	it('a step of the flow already playing keeps that very request (and its seed)', () => {
		const playing = flowRequestOf(flows[0], 7);
		const t = transition({ playing: { kind: 'trace', flow: playing }, tab: 'inspector' }, { type: 'step', step, flows });
		expect(t.stage.playing.kind).toBe('walkthrough');
		expect(flowOf(t.stage.playing)).toBe(playing);
	});

	it("a step of another flow starts it with the current trace's seed", () => {
		const t = transition(go(NOTHING, { type: 'trace', flow: flow('other', 4) }), { type: 'step', step, flows });
		expect(flowOf(t.stage.playing)).toMatchObject({ name: 'pod1-to-service1', seed: 4 });
	});

	it('a step replaces a simulation', () => {
		const t = transition(go(NOTHING, { type: 'simulate', run }), { type: 'step', step, flows });
		expect(t.stage.playing.kind).toBe('walkthrough');
	});

	it('a step without a flow narrates over the trace on screen, and is a no-op with none', () => {
		const noFlow = { title: 'Recap', text: 'That was DNAT.' };
		const t = transition(go(NOTHING, { type: 'trace', flow: flow('a') }), { type: 'step', step: noFlow, flows });
		expect(t.stage.playing).toEqual({ kind: 'walkthrough', flow: flow('a'), narration: { title: 'Recap', text: 'That was DNAT.' } });
		expect(t.seek).toBeUndefined();
		const r = go(NOTHING, { type: 'request' });
		expect(transition(r, { type: 'step', step: noFlow, flows }).stage).toBe(r);
	});

	it('flowRequestOf keeps UDP/SCTP and plays L7 protocols over TCP', () => {
		expect(flowRequestOf(flows[1], 1).protocol).toBe('UDP');
		expect(flowRequestOf(flows[2], 2)).toMatchObject({ protocol: 'TCP', path: '/a', seed: 2 });
	});
});

describe('retape: the player when the tape changes', () => {
	const a: Tape = { kind: 'trace', ref: {}, length: 8 };
	const a2: Tape = { kind: 'trace', ref: {}, length: 8 };
	const shorter: Tape = { kind: 'trace', ref: {}, length: 5 };
	const req: Tape = { kind: 'request', ref: {}, length: 8 };
	const at = (i: number, count = 8) => reduce(initialPlayer(count), { type: 'seek', index: i });

	it('the same tape leaves the player alone, or seeks', () => {
		const p = at(3);
		expect(retape(p, a, a)).toBe(p);
		expect(retape(p, a, a, 6)).toMatchObject({ index: 6, count: 8, playing: false });
	});

	it('a new tape starts at its first step, or at the seek (clamped)', () => {
		expect(retape(initialPlayer(), null, a)).toMatchObject({ index: 0, count: 8, playing: false });
		expect(retape(initialPlayer(), null, a, 5)).toMatchObject({ index: 5, count: 8 });
		expect(retape(initialPlayer(), null, shorter, 50).index).toBe(4);
	});

	it('the same trace re-derived with as many hops keeps the position; otherwise it restarts', () => {
		expect(retape(at(3), a, a2).index).toBe(3);
		expect(retape(at(3), a, shorter)).toMatchObject({ index: 0, count: 5 });
		// a request with as many hops is another thing: it starts over
		expect(retape(at(3), a, req).index).toBe(0);
	});

	it('no tape empties the player and keeps the speed', () => {
		const fast = reduce(at(3), { type: 'faster' });
		expect(retape(fast, a, null)).toEqual({ index: -1, count: 0, playing: false, speed: fast.speed });
	});

	it('a new tape stops a playing player', () => {
		const playing = reduce(at(0), { type: 'play' });
		expect(playing.playing).toBe(true);
		expect(retape(playing, a, req).playing).toBe(false);
	});
});
