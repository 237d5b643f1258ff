// Tabs tell each other about saves over a BroadcastChannel. Guarded: the
// constructor may be missing (old Safari) or throw (sandboxed, opaque origin);
// without it tabs are not told, but a stale write still fails as a conflict.
// https://developer.mozilla.org/en-US/docs/Web/API/BroadcastChannel

export const CHANNEL_NAME = 'hopscope.workspaces';

export type TabMessage = { v: 1; kind: 'saved'; id: string; revision: number } | { v: 1; kind: 'removed'; id: string };

export interface TabChannel {
	post(msg: TabMessage): void;
	close(): void;
}

type ChannelCtor = new (name: string) => BroadcastChannel;

function isTabMessage(m: unknown): m is TabMessage {
	if (!m || typeof m !== 'object') return false;
	const o = m as Record<string, unknown>;
	if (o.v !== 1 || typeof o.id !== 'string') return false;
	return o.kind === 'removed' || (o.kind === 'saved' && typeof o.revision === 'number');
}

/** null when there is no channel to be had. */
export function openChannel(getCtor: () => ChannelCtor | undefined, onMessage: (msg: TabMessage) => void, name = CHANNEL_NAME): TabChannel | null {
	let ch: BroadcastChannel;
	try {
		const Ctor = getCtor();
		if (!Ctor) return null;
		ch = new Ctor(name);
		ch.onmessage = (ev: MessageEvent) => {
			// anything else on the channel (an older build, a stray page) is ignored
			if (isTabMessage(ev.data)) onMessage(ev.data);
		};
	} catch {
		return null;
	}
	return {
		post(msg) {
			try {
				ch.postMessage(msg);
			} catch {
				/* a closed channel: other tabs will see the conflict on their next save */
			}
		},
		close() {
			try {
				ch.close();
			} catch {
				/* already closed */
			}
		}
	};
}
