// The frames of an exported video or GIF, computed from the player's tape
// alone: frame n is at time n / fps; the hop on screen and the packet's place
// along its path follow from that time the way the live player moves them
// (one hop per step, gliding with an ease-in-out for moveMs). No clock, no
// screen capture: the same tape gives the same frames, on any machine.
import { hopArrivals, pathUpTo, positionAtDistance, type PacketPath } from '../../view';
import type { SvgPacket } from './svg';

export interface VideoTape {
	/** where the packet goes on the scene (null: nothing moves, e.g. a simulation) */
	path: PacketPath | null;
	/** steps on the player */
	count: number;
	/** per step: the caption shown under the diagram */
	captions: string[];
	/** per step: the packet's leg and its `src → dst` label */
	tones: SvgPacket['tone'][];
	labels: string[];
}

export interface FrameTiming {
	fps: number;
	/** how long each step stays on screen */
	stepMs: number;
	/** how long the packet glides from one hop to the next (≤ stepMs) */
	moveMs: number;
}

export interface Frame {
	/** step on screen (0-based) */
	step: number;
	packet: SvgPacket | null;
	caption: string;
	/** scene node lit */
	highlight: string[];
}

/** Frames in the whole video: every step for stepMs. */
export function frameCount(tape: VideoTape, t: FrameTiming): number {
	return Math.max(1, Math.ceil(((tape.count * t.stepMs) / 1000) * t.fps));
}

const ease = (f: number) => (f < 0.5 ? 2 * f * f : 1 - Math.pow(-2 * f + 2, 2) / 2);

export function frameAt(tape: VideoTape, t: FrameTiming, n: number): Frame {
	const ms = (n * 1000) / t.fps;
	const step = Math.max(0, Math.min(tape.count - 1, Math.floor(ms / t.stepMs)));
	const caption = tape.captions[step] ?? '';
	if (!tape.path) return { step, packet: null, caption, highlight: [] };
	const arrivals = hopArrivals(tape.path);
	const to = arrivals[step] ?? 0;
	const from = step > 0 ? (arrivals[step - 1] ?? to) : to;
	const f = t.moveMs > 0 ? Math.min(1, (ms - step * t.stepMs) / t.moveMs) : 1;
	const d = from + (to - from) * ease(Math.max(0, f));
	const pos = positionAtDistance(tape.path, d);
	return {
		step,
		caption,
		highlight: tape.path.targets[step] ? [tape.path.targets[step]] : [],
		packet: { x: pos.x, y: pos.y, trail: pathUpTo(tape.path, d), tone: tape.tones[step] ?? 'request', label: tape.labels[step] }
	};
}
