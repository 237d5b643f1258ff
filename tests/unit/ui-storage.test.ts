import { describe, expect, it } from 'vitest';
import {
	SILENCED_KEY,
	THEME_KEY,
	createStore,
	readSilenced,
	readTheme,
	writeSilenced,
	writeTheme,
	type StorageLike
} from '../../src/lib/ui/state/storage';

class MapStorage implements StorageLike {
	data = new Map<string, string>();
	getItem(k: string) {
		return this.data.get(k) ?? null;
	}
	setItem(k: string, v: string) {
		this.data.set(k, v);
	}
}

/** What a sandboxed iframe does: touching localStorage throws a SecurityError. */
const sandboxed = () => {
	throw new DOMException('The document is sandboxed', 'SecurityError');
};

describe('storage', () => {
	it('writes through to the backend and reads back', () => {
		const backend = new MapStorage();
		const s = createStore(() => backend);
		expect(s.set('k', 'v')).toBe(true);
		expect(backend.data.get('k')).toBe('v');
		expect(createStore(() => backend).get('k')).toBe('v');
	});

	it('a backend that throws on access falls back to memory, for reads and writes', () => {
		const s = createStore(sandboxed);
		expect(s.get('k')).toBeNull();
		expect(s.set('k', 'v')).toBe(false);
		expect(s.get('k')).toBe('v');
	});

	it('a full backend keeps the value in memory for this session', () => {
		const backend = new MapStorage();
		backend.setItem('k', 'old');
		backend.setItem = () => {
			throw new DOMException('quota', 'QuotaExceededError');
		};
		const s = createStore(() => backend);
		expect(s.set('k', 'new')).toBe(false);
		expect(s.get('k')).toBe('new');
		expect(backend.data.get('k')).toBe('old');
	});

	it('no backend at all (outside a browser) is memory only', () => {
		const s = createStore(() => undefined);
		expect(s.set('k', 'v')).toBe(false);
		expect(s.get('k')).toBe('v');
	});

	it('theme: only light or dark are read back', () => {
		const backend = new MapStorage();
		const s = createStore(() => backend);
		expect(readTheme(s)).toBeNull();
		writeTheme(s, 'dark');
		expect(backend.data.get(THEME_KEY)).toBe('dark');
		expect(readTheme(s)).toBe('dark');
		backend.setItem(THEME_KEY, 'purple');
		expect(readTheme(createStore(() => backend))).toBeNull();
	});

	it('silenced codes: strings only; malformed JSON reads as none', () => {
		const backend = new MapStorage();
		const s = createStore(() => backend);
		writeSilenced(s, ['no-endpoints', 'port-mismatch']);
		expect(readSilenced(createStore(() => backend))).toEqual(['no-endpoints', 'port-mismatch']);
		backend.setItem(SILENCED_KEY, '["a", 3, null, "b"]');
		expect(readSilenced(createStore(() => backend))).toEqual(['a', 'b']);
		backend.setItem(SILENCED_KEY, '{oops');
		expect(readSilenced(createStore(() => backend))).toEqual([]);
		expect(readSilenced(createStore(sandboxed))).toEqual([]);
	});
});
