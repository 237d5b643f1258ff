// Asks the browser not to evict the store under storage pressure ("best
// effort" data may be cleared without asking). Firefox may prompt, so call it
// on a user action (naming a workspace), not on start. Guarded: missing in
// old browsers and refused in some contexts; never throws.
// https://developer.mozilla.org/en-US/docs/Web/API/StorageManager/persist

export type Persistence = 'granted' | 'denied' | 'unsupported';

export async function requestPersistence(getStorage: () => StorageManager | undefined = () => globalThis.navigator?.storage): Promise<Persistence> {
	try {
		const sm = getStorage();
		if (!sm || typeof sm.persist !== 'function') return 'unsupported';
		if (typeof sm.persisted === 'function' && (await sm.persisted())) return 'granted';
		return (await sm.persist()) ? 'granted' : 'denied';
	} catch {
		return 'unsupported';
	}
}
