// What plays, as a VideoTape for frames.ts: a packet trace, an Istio request
// or a resilience simulation (captions only). Structural inputs, so this
// stays pure and testable.
import type { PacketPath } from '../../view';
import type { VideoTape } from './frames';

/** A frame's caption band holds one line (about 110 characters at 1280 px). */
export function captionLine(s: string, max = 110): string {
	const one = s.replace(/\s+/g, ' ').trim();
	return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

interface TraceHopLike {
	at: string;
	note: string;
	leg?: string;
	packet?: { src: string; dst: string };
	src?: string;
	dst?: string;
}

/** A trace's or a request's hops on their path; `title` (a walkthrough step's) leads every caption. */
export function hopTape(path: PacketPath | null, hops: readonly TraceHopLike[], title?: string): VideoTape {
	return {
		path,
		count: hops.length,
		captions: hops.map((h, i) => captionLine(`${title ? `${title} · ` : ''}${i + 1}/${hops.length} ${h.at} — ${h.note}`)),
		tones: hops.map((h) => (h.leg === 'reply' || h.leg === 'dns-reply' ? 'reply' : h.leg === 'dns' ? 'dns' : 'request')),
		labels: hops.map((h) => (h.packet ? `${h.packet.src} → ${h.packet.dst}` : h.src && h.dst ? `${h.src} → ${h.dst}` : ''))
	};
}

/** Events without a path on the diagram (a simulation): the captions tell the story. */
export function captionTape(captions: readonly string[]): VideoTape {
	return { path: null, count: captions.length, captions: captions.map((c) => captionLine(c)), tones: captions.map(() => 'request'), labels: captions.map(() => '') };
}
