// Where the store's records live: one transactional interface over
// IndexedDB (idb.ts) and over memory (below, for when storage is unavailable).
// A transaction's promise resolves only once it has committed (IndexedDB's
// `complete` event), so a resolved write is a durable write.

export type StoreName = 'workspaces' | 'summaries' | 'good' | 'history' | 'meta';

/** keyPath of each object store */
export const KEY_PATHS: Record<StoreName, string | string[]> = {
	workspaces: 'id',
	summaries: 'id',
	good: 'id',
	history: ['wsId', 'seq'],
	meta: 'key'
};

export const STORE_NAMES = Object.keys(KEY_PATHS) as StoreName[];

export type Key = string | number | (string | number)[];

/** Requests inside one transaction. Only await these inside `transact`: any other wait lets IndexedDB commit early. */
export interface Tx {
	get<T>(store: StoreName, key: Key): Promise<T | undefined>;
	getAll<T>(store: StoreName): Promise<T[]>;
	put(store: StoreName, value: object): Promise<void>;
	delete(store: StoreName, key: Key): Promise<void>;
}

export interface Backend {
	readonly persistent: boolean;
	/** Runs `fn` in one transaction over every store: resolves with its value once committed, rejects if it aborted. */
	transact<T>(mode: 'readonly' | 'readwrite', fn: (tx: Tx) => Promise<T>): Promise<T>;
	close(): void;
}

function keyOf(store: StoreName, value: object): Key {
	const path = KEY_PATHS[store];
	const rec = value as Record<string, string | number>;
	return Array.isArray(path) ? path.map((p) => rec[p]) : rec[path];
}

/**
 * The same API in memory: nothing survives a reload. Values are cloned in and
 * out as IndexedDB would, writes are staged and applied only when `fn`
 * succeeds, and transactions run one at a time.
 */
export function memoryBackend(): Backend {
	const data = new Map<StoreName, Map<string, unknown>>(STORE_NAMES.map((s) => [s, new Map()]));
	let queue: Promise<unknown> = Promise.resolve();
	const k = (key: Key) => JSON.stringify(key);

	async function run<T>(mode: 'readonly' | 'readwrite', fn: (tx: Tx) => Promise<T>): Promise<T> {
		// store → key → value, or undefined for a delete
		const staged = new Map<StoreName, Map<string, unknown>>();
		const read = (store: StoreName, key: string) => {
			const s = staged.get(store);
			return s?.has(key) ? s.get(key) : data.get(store)!.get(key);
		};
		const stage = (store: StoreName, key: string, value: unknown) => {
			// as IndexedDB: a readonly transaction refuses writes
			if (mode === 'readonly') throw new DOMException('The transaction is read-only.', 'ReadOnlyError');
			if (!staged.has(store)) staged.set(store, new Map());
			staged.get(store)!.set(key, value);
		};
		const tx: Tx = {
			get: async <V>(store: StoreName, key: Key) => {
				const v = read(store, k(key));
				return v === undefined ? undefined : (structuredClone(v) as V);
			},
			getAll: async <V>(store: StoreName) => {
				const keys = new Set([...data.get(store)!.keys(), ...(staged.get(store)?.keys() ?? [])]);
				const out: V[] = [];
				for (const key of keys) {
					const v = read(store, key);
					if (v !== undefined) out.push(structuredClone(v) as V);
				}
				return out;
			},
			put: async (store, value) => stage(store, k(keyOf(store, value)), structuredClone(value)),
			delete: async (store, key) => stage(store, k(key), undefined)
		};
		const value = await fn(tx);
		for (const [store, writes] of staged)
			for (const [key, v] of writes) {
				if (v === undefined) data.get(store)!.delete(key);
				else data.get(store)!.set(key, v);
			}
		return value;
	}

	return {
		persistent: false,
		transact<T>(mode: 'readonly' | 'readwrite', fn: (tx: Tx) => Promise<T>): Promise<T> {
			const p = queue.then(() => run(mode, fn));
			queue = p.catch(() => {});
			return p;
		},
		close() {}
	};
}
