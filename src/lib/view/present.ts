// Presenter mode, the pure parts: what a key does on stage (a clicker sends
// PageDown / PageUp, and → ← Space; they move by walkthrough STEP, with Shift
// they move by hop), where in the walkthrough the playing narration is, and
// the messages that keep the speaker view and the stage in step over a
// BroadcastChannel.

export type PresentAction =
	| { type: 'step'; delta: 1 | -1 }
	| { type: 'hop'; delta: 1 | -1 }
	| { type: 'first' }
	| { type: 'last' }
	| { type: 'black' }
	| { type: 'exit' };

export interface KeyLike {
	key: string;
	shiftKey?: boolean;
	altKey?: boolean;
	ctrlKey?: boolean;
	metaKey?: boolean;
}

/** A key in presenter mode, or null (then it does what it does elsewhere). */
export function presentKey(e: KeyLike): PresentAction | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	switch (e.key) {
		case 'PageDown':
		case ' ':
			return { type: 'step', delta: 1 };
		case 'PageUp':
			return { type: 'step', delta: -1 };
		case 'ArrowRight':
		case 'ArrowDown':
			return e.shiftKey ? { type: 'hop', delta: 1 } : { type: 'step', delta: 1 };
		case 'ArrowLeft':
		case 'ArrowUp':
			return e.shiftKey ? { type: 'hop', delta: -1 } : { type: 'step', delta: -1 };
		case 'Home':
			return { type: 'first' };
		case 'End':
			return { type: 'last' };
		case 'b':
		case 'B':
		case '.': // many clickers' "black screen" button sends '.'
			return { type: 'black' };
		case 'Escape':
			return { type: 'exit' };
		default:
			return null;
	}
}

/** Which of the steps a narration on screen belongs to (-1: none). */
export function stepIndexOf(steps: readonly { title: string; text: string }[], narration: { title: string; text: string } | null): number {
	if (!narration) return -1;
	return steps.findIndex((s) => s.title === narration.title && s.text === narration.text);
}

/** One step as the speaker view shows it. */
export interface SpeakerStep {
	title: string;
	text: string;
	notes: string;
}

/** What the stage tells the speaker view, whole, after every change. */
export interface SpeakerSnapshot {
	title: string;
	steps: SpeakerStep[];
	/** 0-based current step, -1 when none is playing */
	step: number;
	/** 1-based hop and the hop count of what plays (0 and 0 when nothing does) */
	hop: number;
	hops: number;
	caption: string;
	/** Date.now() when presenting started, 0 when not presenting */
	startedAt: number;
	black: boolean;
}

export type SpeakerMessage =
	| { type: 'snapshot'; snapshot: SpeakerSnapshot }
	/** the speaker view asks the stage for a snapshot (it just opened) */
	| { type: 'hello' }
	| { type: 'go'; step: number }
	| { type: 'action'; action: PresentAction };

export const SPEAKER_CHANNEL = 'hopscope-speaker';

/** Accepts only well-formed messages: a channel is shared by every tab of the origin. */
export function readSpeakerMessage(data: unknown): SpeakerMessage | null {
	if (!data || typeof data !== 'object') return null;
	const m = data as Record<string, unknown>;
	if (m.type === 'hello') return { type: 'hello' };
	if (m.type === 'go' && Number.isInteger(m.step)) return { type: 'go', step: m.step as number };
	if (m.type === 'action' && m.action && typeof m.action === 'object') return { type: 'action', action: m.action as PresentAction };
	if (m.type === 'snapshot' && m.snapshot && typeof m.snapshot === 'object' && Array.isArray((m.snapshot as SpeakerSnapshot).steps))
		return { type: 'snapshot', snapshot: m.snapshot as SpeakerSnapshot };
	return null;
}

/** mm:ss (h:mm:ss past an hour) for the speaker's timer. */
export function clock(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	const two = (n: number) => String(n).padStart(2, '0');
	const h = Math.floor(s / 3600);
	return h ? `${h}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${two(Math.floor(s / 60))}:${two(s % 60)}`;
}

/**
 * Zoom for presenter mode: node labels are FONT px in the diagram; on a
 * projector they must be at least `minPx` on screen, so the scale is at least
 * minPx / font — more when the whole diagram fits at a larger size.
 */
export function presentScale(fitScale: number, font: number, minPx = 18): number {
	return Math.max(fitScale, minPx / font + 0.02);
}
