// The one player for everything that moves (packet traces now; Istio requests
// and resilience simulations later): which step is shown, whether it plays,
// how fast. Pure reducers, so keys, buttons and tests all go through one place.

export interface PlayerState {
	/** the step shown, 0-based; -1 before the first */
	index: number;
	count: number;
	playing: boolean;
	/** index into SPEEDS */
	speed: number;
}

export type PlayerAction =
	| { type: 'toggle' }
	| { type: 'play' }
	| { type: 'pause' }
	| { type: 'next' }
	| { type: 'prev' }
	| { type: 'restart' }
	| { type: 'end' }
	| { type: 'seek'; index: number }
	| { type: 'slower' }
	| { type: 'faster' }
	| { type: 'load'; count: number };

/** Steps per second at each speed setting; 1× shows a hop a second — readable aloud. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;
export const DEFAULT_SPEED = 2;

export function initialPlayer(count = 0): PlayerState {
	return { index: count > 0 ? 0 : -1, count, playing: false, speed: DEFAULT_SPEED };
}

const clamp = (i: number, count: number) => Math.max(count > 0 ? 0 : -1, Math.min(count - 1, i));

export function reduce(s: PlayerState, a: PlayerAction): PlayerState {
	switch (a.type) {
		case 'load':
			return { ...initialPlayer(a.count), speed: s.speed };
		case 'toggle':
			return reduce(s, { type: s.playing ? 'pause' : 'play' });
		case 'play':
			// playing from the last step starts over, as media players do
			return { ...s, playing: s.count > 0, index: s.index >= s.count - 1 ? 0 : s.index };
		case 'pause':
			return { ...s, playing: false };
		case 'next': {
			const index = clamp(s.index + 1, s.count);
			return { ...s, index, playing: s.playing && index < s.count - 1 };
		}
		case 'prev':
			return { ...s, index: clamp(s.index - 1, s.count), playing: false };
		case 'restart':
			return { ...s, index: clamp(0, s.count), playing: false };
		case 'end':
			return { ...s, index: clamp(s.count - 1, s.count), playing: false };
		case 'seek':
			return { ...s, index: clamp(a.index, s.count), playing: false };
		case 'slower':
			return { ...s, speed: Math.max(0, s.speed - 1) };
		case 'faster':
			return { ...s, speed: Math.min(SPEEDS.length - 1, s.speed + 1) };
	}
}

/** The same keys everywhere (UI.md): Space, ← →, Home, End, [ ]. */
export function keyAction(key: string): PlayerAction | null {
	switch (key) {
		case ' ':
		case 'k':
			return { type: 'toggle' };
		case 'ArrowRight':
		case 'l':
			return { type: 'next' };
		case 'ArrowLeft':
		case 'j':
			return { type: 'prev' };
		case 'Home':
			return { type: 'restart' };
		case 'End':
			return { type: 'end' };
		case '[':
			return { type: 'slower' };
		case ']':
			return { type: 'faster' };
		default:
			return null;
	}
}

/** Milliseconds a step stays on screen at this speed. */
export function stepMs(s: PlayerState): number {
	return 1000 / SPEEDS[s.speed];
}
