// What opening a scenario plays (issue 8 §1): a resilience preset runs its
// simulation, an Istio split preset sends requests so its split bars grow, a
// preset with a walkthrough starts it, anything else plays nothing. Pure; the
// app does the playing (state/app.svelte.ts).
import type { ScenarioStep } from '../scenario';

export type AutoplayKind = 'simulation' | 'requests' | 'walkthrough' | 'none';

export interface AutoplayInput {
	/** the header's tags */
	tags: readonly string[];
	steps: readonly ScenarioStep[];
	/** the header has a `spec.simulation` block */
	simulation: boolean;
}

/** Tags that mark a weighted split (the split bars are the point of the scenario). */
const SPLIT_TAGS = new Set(['traffic-splitting', 'weights', 'canary', 'blue-green']);

export function autoplayKind({ tags, steps, simulation }: AutoplayInput): AutoplayKind {
	if (simulation) return 'simulation';
	if (tags.includes('istio') && tags.some((t) => SPLIT_TAGS.has(t))) return 'requests';
	if (steps.some((s) => s.flow)) return 'walkthrough';
	return 'none';
}

/** A scenario file's header has a `spec.simulation` block (two-space YAML, as the presets are written). */
export function hasSimulationBlock(text: string): boolean {
	return /^ {2}simulation:/m.test(text);
}

/**
 * Whether opening plays: `autoplay=0` never, `autoplay=1` always, a link to a
 * moment (something named to play) opens paused there, and reduced motion
 * sets the scenario up without playing it.
 */
export function shouldAutoplay(opts: { autoplay?: boolean; pointInTime: boolean; reducedMotion: boolean }): boolean {
	if (opts.autoplay !== undefined) return opts.autoplay;
	return !opts.pointInTime && !opts.reducedMotion;
}

/**
 * The walkthrough step on screen while a flow plays: the last step of that
 * flow whose hop the playhead has reached (steps name 0-based hops), else
 * `fallback` (the step that was chosen). 0-based; -1 for none.
 */
export function stepAt(steps: readonly ScenarioStep[], flow: string, index: number, fallback: number): number {
	let at = -1;
	steps.forEach((s, i) => {
		if (s.flow === flow && (s.hop ?? 0) <= index) at = i;
	});
	return at >= 0 ? at : fallback;
}
