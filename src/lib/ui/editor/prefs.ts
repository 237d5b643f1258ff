// The editor's small preferences (wrapping, collapsed, the left panel's width),
// kept in localStorage behind a guard (sandboxed iframes throw on touching it),
// and the width clamp of the panel's resize handle.

const KEY = 'hopscope.editor';

export interface EditorPrefs {
	wrap: boolean;
	collapsed: boolean;
	/** the left panel's width in px, or null for the default (25 %, at least 280 px) */
	width: number | null;
}

export const DEFAULT_PREFS: EditorPrefs = { wrap: true, collapsed: false, width: null };

export function readPrefs(): EditorPrefs {
	try {
		const o = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null');
		if (!o || typeof o !== 'object') return { ...DEFAULT_PREFS };
		return {
			wrap: typeof o.wrap === 'boolean' ? o.wrap : DEFAULT_PREFS.wrap,
			collapsed: o.collapsed === true,
			width: typeof o.width === 'number' && Number.isFinite(o.width) ? o.width : null
		};
	} catch {
		return { ...DEFAULT_PREFS };
	}
}

export function writePrefs(p: EditorPrefs): void {
	try {
		globalThis.localStorage?.setItem(KEY, JSON.stringify(p));
	} catch {
		/* not kept: the defaults next time */
	}
}

/** The left panel stays between 280 px and 70 % of the window (the diagram keeps room). */
export function clampWidth(px: number, windowWidth: number): number {
	const max = Math.max(280, Math.round(windowWidth * 0.7));
	return Math.round(Math.min(max, Math.max(280, px)));
}
