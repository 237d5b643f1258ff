// The small preferences kept between visits (the theme, the silenced
// checks), in localStorage. The workspace itself lives in IndexedDB (see
// session.svelte.ts and src/lib/store). Every access is
// guarded — sandboxed iframes and some privacy modes throw on merely reading
// `localStorage`, and a full quota throws on write — and falls back to
// memory, so the app keeps working and only forgets on reload.
/** The part of the Web Storage API used here (localStorage, or a fake in tests). */
export interface StorageLike {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

export interface Store {
	get(key: string): string | null;
	/** true when the value reached the backend, false when it is kept in memory only */
	set(key: string, value: string): boolean;
}

export type Theme = 'light' | 'dark';

export const THEME_KEY = 'hopscope.theme';
export const SILENCED_KEY = 'hopscope.silenced';

/**
 * A store over `backend()`, which is looked up on every access (it may throw,
 * or be missing outside a browser). Values written this session win over the
 * backend's, so a write that failed is still read back until reload.
 */
export function createStore(backend: () => StorageLike | null | undefined): Store {
	const memory = new Map<string, string>();
	return {
		get(key) {
			if (memory.has(key)) return memory.get(key) ?? null;
			try {
				return backend()?.getItem(key) ?? null;
			} catch {
				return null;
			}
		},
		set(key, value) {
			memory.set(key, value);
			try {
				const b = backend();
				if (!b) return false;
				b.setItem(key, value);
				return true;
			} catch {
				return false;
			}
		}
	};
}

/** The browser's store: localStorage when it can be touched, memory otherwise. */
export const browserStore: Store = createStore(() => globalThis.localStorage);

export function readTheme(store: Store): Theme | null {
	const t = store.get(THEME_KEY);
	return t === 'dark' || t === 'light' ? t : null;
}

export function writeTheme(store: Store, theme: Theme): void {
	store.set(THEME_KEY, theme);
}

/** The silenced check codes; anything malformed reads as none. */
export function readSilenced(store: Store): string[] {
	try {
		const s: unknown = JSON.parse(store.get(SILENCED_KEY) ?? '[]');
		return Array.isArray(s) ? s.filter((c): c is string => typeof c === 'string') : [];
	} catch {
		return [];
	}
}

export function writeSilenced(store: Store, codes: readonly string[]): void {
	store.set(SILENCED_KEY, JSON.stringify(codes));
}
