// The store's records in IndexedDB. Every access is guarded: in a sandboxed
// iframe merely reading `indexedDB` throws SecurityError, Firefox's private
// mode fails the open, and an open can hang on a `blocked` upgrade. Any of
// these gives an error value, and the caller falls back to memory.
// https://developer.mozilla.org/en-US/docs/Web/API/IDBTransaction/complete_event
import { KEY_PATHS, STORE_NAMES, type Backend, type Key, type StoreName, type Tx } from './backend';

export const DB_NAME = 'hopscope';
export const DB_VERSION = 1;
/** an open that neither succeeds nor fails in this long counts as unavailable */
export const OPEN_TIMEOUT_MS = 5_000;

export type Opened = { ok: true; backend: Backend } | { ok: false; message: string };

export function describeError(e: unknown): string {
	if (e && typeof e === 'object' && 'name' in e && 'message' in e) {
		const { name, message } = e as { name: string; message: string };
		if (name === 'QuotaExceededError') return 'the browser’s storage is full';
		return message ? `${name}: ${message}` : String(name);
	}
	return String(e);
}

function request<R>(r: IDBRequest<R>): Promise<R> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
}

function wrap(db: IDBDatabase): Backend {
	let closed: string | null = null;
	// another tab upgrading or deleting the database: let it, and fail our writes as values from then on
	db.onversionchange = () => {
		closed = 'the database was closed by another tab (upgrade or delete); reload to save again';
		db.close();
	};
	return {
		persistent: true,
		transact<T>(mode: IDBTransactionMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
			return new Promise<T>((resolve, reject) => {
				if (closed) return reject(new Error(closed));
				let t: IDBTransaction;
				try {
					t = db.transaction(STORE_NAMES, mode);
				} catch (e) {
					return reject(e);
				}
				let settled = false;
				let value: T;
				t.oncomplete = () => (settled ? resolve(value) : reject(new Error('the transaction committed before its work was done')));
				t.onabort = () => reject(t.error ?? new Error('the transaction was aborted'));
				const os = (s: StoreName) => t.objectStore(s);
				const tx: Tx = {
					get: <V>(s: StoreName, key: Key) => request(os(s).get(key) as IDBRequest<V | undefined>),
					getAll: <V>(s: StoreName) => request(os(s).getAll() as IDBRequest<V[]>),
					put: (s, v) => request(os(s).put(v)).then(() => {}),
					delete: (s, key) => request(os(s).delete(key)).then(() => {})
				};
				fn(tx).then(
					(v) => {
						value = v;
						settled = true;
					},
					(e) => {
						reject(e);
						try {
							t.abort();
						} catch {
							/* already finished */
						}
					}
				);
			});
		},
		close() {
			closed = 'the store is closed';
			db.close();
		}
	};
}

/** Opens (creating or upgrading) the database; never throws, never hangs past OPEN_TIMEOUT_MS. */
export function openIdb(getFactory: () => IDBFactory | undefined, name = DB_NAME, timeoutMs = OPEN_TIMEOUT_MS): Promise<Opened> {
	return new Promise((resolve) => {
		let done = false;
		const finish = (o: Opened) => {
			if (done) {
				if (o.ok) o.backend.close(); // opened after we gave up on it
				return;
			}
			done = true;
			clearTimeout(timer);
			resolve(o);
		};
		const timer = setTimeout(() => finish({ ok: false, message: 'IndexedDB did not open (blocked by another tab?)' }), timeoutMs);
		try {
			const factory = getFactory();
			if (!factory) return finish({ ok: false, message: 'IndexedDB is not available in this browser' });
			const req = factory.open(name, DB_VERSION);
			req.onupgradeneeded = () => {
				const db = req.result;
				for (const s of STORE_NAMES) if (!db.objectStoreNames.contains(s)) db.createObjectStore(s, { keyPath: KEY_PATHS[s] });
			};
			req.onsuccess = () => finish({ ok: true, backend: wrap(req.result) });
			req.onerror = () => finish({ ok: false, message: `IndexedDB could not be opened: ${describeError(req.error)}` });
			req.onblocked = () => {
				/* wait: the timeout decides */
			};
		} catch (e) {
			// a sandboxed iframe: reading `indexedDB` itself throws SecurityError
			finish({ ok: false, message: `storage is not allowed here: ${describeError(e)}` });
		}
	});
}
