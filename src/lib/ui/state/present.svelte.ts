// Presenter mode: the diagram alone, full screen, a caption with the step's
// narration, clicker keys moving by walkthrough step (view/present.ts), B for
// a black screen; and the speaker view, a second window of the same app
// (`?speaker=1`) kept in step over a BroadcastChannel. The stage is the one
// source of truth: it sends a whole snapshot after every change, the speaker
// view sends back what its buttons ask for.
import { untrack } from 'svelte';
import { stepIndexOf, type PresentAction, type SpeakerSnapshot } from '../../view';
import type { SpeakerLink } from '../present/channel';
import type { ScenarioStep } from '../../scenario';
import type { Playback } from './playback.svelte';

export interface PresentParts {
	readonly playback: Playback;
	/** the scenario's walkthrough */
	steps(): readonly ScenarioStep[];
	title(): string;
	caption(): string;
	runStep(step: ScenarioStep): void;
}

export class Presenter {
	on = $state(false);
	black = $state(false);
	startedAt = $state(0);
	/** the walkthrough step playing (0-based), -1 when none */
	step = $derived.by(() => {
		const p = this.parts.playback.playing;
		return p.kind === 'walkthrough' ? stepIndexOf(this.parts.steps(), p.narration) : -1;
	});
	narration = $derived.by(() => {
		const p = this.parts.playback.playing;
		return p.kind === 'walkthrough' ? p.narration : null;
	});
	snapshot = $derived.by<SpeakerSnapshot>(() => {
		const { player } = this.parts.playback;
		return {
			title: this.parts.title(),
			steps: this.parts.steps().map((s) => ({ title: s.title, text: s.text, notes: s.notes ?? '' })),
			step: this.step,
			hop: player.count > 0 ? player.index + 1 : 0,
			hops: player.count,
			caption: this.parts.caption(),
			startedAt: this.startedAt,
			black: this.black
		};
	});

	private channel: SpeakerLink | null = null;
	private listening = false;
	private readonly parts: PresentParts;

	constructor(parts: PresentParts) {
		this.parts = parts;
		$effect(() => {
			const s = this.snapshot;
			untrack(() => this.channel?.post({ type: 'snapshot', snapshot: s }));
		});
	}

	/** Presenter mode on: full screen where allowed (else the window), the first step if nothing plays. */
	enter() {
		if (this.on) return;
		this.on = true;
		this.black = false;
		if (!this.startedAt) this.startedAt = Date.now();
		this.listen();
		const el = document.documentElement;
		// refused outside a user gesture, in frames without allow="fullscreen", …: the window is the stage then
		if (!document.fullscreenElement && el.requestFullscreen) el.requestFullscreen().catch(() => {});
		if (this.step < 0 && !this.parts.playback.active && this.parts.steps().length) this.go(0);
	}

	exit() {
		if (!this.on) return;
		this.on = false;
		this.black = false;
		if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
	}

	/** The browser left full screen (its own Esc): leave presenter mode with it. */
	fullscreenChanged() {
		if (!document.fullscreenElement && this.on) this.exit();
	}

	go(index: number) {
		const steps = this.parts.steps();
		const i = Math.max(0, Math.min(steps.length - 1, index));
		if (steps[i]) this.parts.runStep(steps[i]);
	}

	act(a: PresentAction) {
		const steps = this.parts.steps();
		const pb = this.parts.playback;
		switch (a.type) {
			case 'step':
				// without a walkthrough the clicker walks the hops
				if (!steps.length) return pb.dispatch({ type: a.delta > 0 ? 'next' : 'prev' });
				return this.go(this.step < 0 ? 0 : this.step + a.delta);
			case 'hop':
				return pb.dispatch({ type: a.delta > 0 ? 'next' : 'prev' });
			case 'first':
				return steps.length ? this.go(0) : pb.dispatch({ type: 'restart' });
			case 'last':
				return steps.length ? this.go(steps.length - 1) : pb.dispatch({ type: 'end' });
			case 'black':
				this.black = !this.black;
				return;
			case 'exit':
				return this.exit();
		}
	}

	/** The speaker view in a second window (same app, `?speaker=1`). */
	openSpeaker() {
		this.listen();
		if (!this.startedAt) this.startedAt = Date.now();
		const u = new URL(location.href);
		u.searchParams.set('speaker', '1');
		window.open(u.href, 'hopscope-speaker', 'popup,width=900,height=640');
	}

	/** The channel to the speaker view, opened on first use (its code is loaded then). */
	private listen() {
		if (this.listening) return;
		this.listening = true;
		void import('../present/channel').then(({ openChannel }) => {
			this.channel = openChannel((m) => {
				if (m.type === 'hello') this.channel?.post({ type: 'snapshot', snapshot: this.snapshot });
				else if (m.type === 'go') this.go(m.step);
				else if (m.type === 'action') this.act(m.action);
			});
			this.channel?.post({ type: 'snapshot', snapshot: this.snapshot });
		});
	}
}
