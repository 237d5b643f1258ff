// The link between the stage and the speaker view: a BroadcastChannel where
// one can be made (sandboxed frames and some private modes throw), carrying
// only well-formed messages (view/present.ts). Loaded on first use.
import { SPEAKER_CHANNEL, readSpeakerMessage, type SpeakerMessage } from '../../view';

export interface SpeakerLink {
	post(m: SpeakerMessage): void;
	close(): void;
}

/** A message port to the other window: BroadcastChannel where it can be made, else nothing (sandboxed frames throw). */
export function openChannel(onmessage: (m: SpeakerMessage) => void): SpeakerLink | null {
	let ch: BroadcastChannel;
	try {
		ch = new BroadcastChannel(SPEAKER_CHANNEL);
	} catch {
		return null;
	}
	ch.onmessage = (e) => {
		const m = readSpeakerMessage(e.data);
		if (m) onmessage(m);
	};
	return {
		post: (m) => {
			try {
				// $state proxies do not clone: send plain data
				ch.postMessage(JSON.parse(JSON.stringify(m)));
			} catch {
				/* the other side went away */
			}
		},
		close: () => ch.close()
	};
}

