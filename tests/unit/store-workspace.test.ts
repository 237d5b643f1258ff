// The workspace store on a fake IndexedDB: drafts and last good kept apart
// across a reload (a fresh store on the same database), revisions and the
// conflict result, two tabs told over a real BroadcastChannel, stored
// undo/redo, failures as values, the memory fallback, the one-time migration
// from localStorage, and the redact hook.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InputFile } from '../../src/lib/manifest/types';
import { createWorkspaceStore, isGoodLoad, memoryBackend, openWorkspaceStore, requestPersistence, type Backend, type StoreEvent, type StoreOptions, type WorkspaceStore } from '../../src/lib/store';
import { serializeWorkspace, STORAGE_KEY } from '../../src/lib/scenario/workspace';

const GOOD = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
const BROKEN = 'apiVersion: v1\nkind: Service\nmetadata: [\n';
const f = (text: string, name = 'app.yaml'): InputFile[] => [{ name, text }];

let opened: WorkspaceStore[] = [];
let channelSeq = 0;
afterEach(() => {
	for (const s of opened) s.close();
	opened = [];
});

/** A store on `idb` with a clock we move by hand; each test gets its own channel name. */
function tab(idb: IDBFactory, extra: StoreOptions & { clock?: { t: number } } = {}) {
	const clock = extra.clock ?? { t: 1_000 };
	return openWorkspaceStore({ indexedDB: () => idb, localStorage: () => undefined, now: () => clock.t, channelName: `test-${channelSeq}`, ...extra }).then((s) => {
		opened.push(s);
		return s;
	});
}

function must<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
	if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
	return r.value;
}

describe('workspaces on IndexedDB', () => {
	it('creates, lists and reopens a workspace after a reload', async () => {
		const idb = new IDBFactory();
		const a = await tab(idb);
		expect(a.persistent).toBe(true);
		expect(a.unavailable).toBeNull();
		const ws = must(await a.create({ name: 'shop', files: f(GOOD), presetId: 'bookinfo', view: 'mesh' }));
		expect(ws).toMatchObject({ name: 'shop', revision: 1, presetId: 'bookinfo', view: 'mesh', undoDepth: 0, redoDepth: 0, createdAt: 1_000, updatedAt: 1_000 });
		a.close();
		const b = await tab(idb); // the reload
		expect(must(await b.list())).toEqual([{ id: ws.id, name: 'shop', presetId: 'bookinfo', updatedAt: 1_000, revision: 1, chars: 'app.yaml'.length + GOOD.length }]);
		const back = must(await b.open(ws.id));
		expect(back.workspace.files).toEqual(f(GOOD));
		expect(back.lastGood).toBeNull();
	});

	it('keeps a 10 MB workspace whole (no localStorage quota)', async () => {
		const idb = new IDBFactory();
		const a = await tab(idb);
		const big = `# ${'x'.repeat(10 * 1024 * 1024)}\n`;
		const ws = must(await a.create({ name: 'big', files: [...f(big, 'big.yaml'), ...f(GOOD)] }));
		a.close();
		const b = await tab(idb);
		const back = must(await b.open(ws.id)).workspace;
		expect(back.files[0].text.length).toBe(big.length);
		expect(back.files[0].text === big).toBe(true);
		expect(must(await b.list())[0].chars).toBe('big.yaml'.length + big.length + 'app.yaml'.length + GOOD.length);
	}, 30_000);

	it('last good means resources and no errors', () => {
		expect(isGoodLoad({ resourceCount: 3, errorCount: 0 })).toBe(true);
		expect(isGoodLoad({ resourceCount: 3, errorCount: 1 })).toBe(false);
		expect(isGoodLoad({ resourceCount: 0, errorCount: 0 })).toBe(false);
	});

	it('a broken paste replaces the draft but never the last good manifests', async () => {
		const idb = new IDBFactory();
		const a = await tab(idb);
		const ws = must(await a.create({ name: 'shop', files: f(GOOD) }));
		const good = must(await a.markGood(ws.id, 1, f(GOOD)));
		expect(good).toMatchObject({ revision: 1, files: f(GOOD), presetId: null });
		const draft = must(await a.saveDraft(ws.id, 1, { files: f(BROKEN) }));
		expect(draft.revision).toBe(2);
		a.close();
		const b = await tab(idb);
		const back = must(await b.open(ws.id));
		expect(back.workspace.files).toEqual(f(BROKEN));
		expect(back.lastGood?.files).toEqual(f(GOOD));
		expect(back.lastGood?.revision).toBe(1);
	});

	it('a late good result of an older draft does not replace a newer good version', async () => {
		const a = await tab(new IDBFactory());
		const ws = must(await a.create({ name: 'shop', files: f('v1') }));
		must(await a.saveDraft(ws.id, 1, { files: f('v2') }));
		must(await a.markGood(ws.id, 2, f('v2')));
		expect(must(await a.markGood(ws.id, 1, f('v1'))).files).toEqual(f('v2'));
		expect(must(await a.open(ws.id)).lastGood?.files).toEqual(f('v2'));
		expect(await a.markGood('nope', 1, f('v1'))).toMatchObject({ ok: false, reason: 'not-found' });
	});
});

describe('revisions and tabs', () => {
	it('a write based on a stale revision fails as a conflict and overwrites nothing; the copy keeps it', async () => {
		const a = await tab(new IDBFactory());
		const ws = must(await a.create({ name: 'shop', files: f('mine v1') }));
		must(await a.saveDraft(ws.id, 1, { files: f('theirs') }));
		const r = await a.saveDraft(ws.id, 1, { files: f('mine v2') });
		expect(r).toMatchObject({ ok: false, reason: 'conflict', current: { id: ws.id, revision: 2 } });
		expect(r.ok ? '' : r.message).toMatch(/changed in another tab/);
		expect(must(await a.open(ws.id)).workspace.files).toEqual(f('theirs'));
		const copy = must(await a.saveAsCopy(ws.id, { files: f('mine v2') }));
		expect(copy).toMatchObject({ name: 'shop (copy)', files: f('mine v2'), revision: 1 });
		expect(copy.id).not.toBe(ws.id);
		expect(must(await a.saveAsCopy(ws.id, {})).name).toBe('shop (copy) (2)');
		expect(must(await a.list()).map((s) => s.name).sort()).toEqual(['shop', 'shop (copy)', 'shop (copy) (2)']);
	});

	it('two tabs on one database: the older one is told, and its save is a conflict', async () => {
		channelSeq++;
		const idb = new IDBFactory();
		const a = await tab(idb);
		const b = await tab(idb);
		const ws = must(await a.create({ name: 'shop', files: f('v1') }));
		must(await b.open(ws.id)); // b holds revision 1
		const events: StoreEvent[] = [];
		b.subscribe((e) => events.push(e));
		must(await a.saveDraft(ws.id, 1, { files: f('v2 from a') }));
		await vi.waitFor(() => expect(events).toHaveLength(1), { interval: 5 });
		expect(events[0]).toEqual({ type: 'changed-elsewhere', id: ws.id, revision: 2, heldRevision: 1, stale: true });
		// b's edit, based on what it holds, must not silently overwrite a's
		expect(await b.saveDraft(ws.id, 1, { files: f('v2 from b') })).toMatchObject({ ok: false, reason: 'conflict', current: { revision: 2 } });
		const copy = must(await b.saveAsCopy(ws.id, { files: f('v2 from b') }));
		// "reload": b opens a's version and holds it; a's next save tells b again
		expect(must(await b.open(ws.id)).workspace.files).toEqual(f('v2 from a'));
		must(await a.saveDraft(ws.id, 2, { view: 'network' }));
		await vi.waitFor(() => expect(events.filter((e) => e.type === 'changed-elsewhere' && e.id === ws.id)).toHaveLength(2), { interval: 5 });
		expect(events.at(-1)).toMatchObject({ revision: 3, heldRevision: 2, stale: true });
		// a hears of b's copy, a workspace it never opened: not stale
		expect(events.some((e) => e.type === 'changed-elsewhere' && e.id === copy.id)).toBe(false);
		const aEvents: StoreEvent[] = [];
		a.subscribe((e) => aEvents.push(e));
		must(await b.remove(copy.id));
		await vi.waitFor(() => expect(aEvents).toEqual([{ type: 'removed-elsewhere', id: copy.id, held: false }]), { interval: 5 });
		must(await b.remove(ws.id)); // a holds this one
		await vi.waitFor(() => expect(aEvents.at(-1)).toEqual({ type: 'removed-elsewhere', id: ws.id, held: true }), { interval: 5 });
		expect(await a.saveDraft(ws.id, 3, { files: f('v4') })).toMatchObject({ ok: false, reason: 'not-found' });
	});

	it('a tab hears of saves to a workspace it does not hold, without being stale', async () => {
		channelSeq++;
		const idb = new IDBFactory();
		const a = await tab(idb);
		const b = await tab(idb);
		const events: StoreEvent[] = [];
		b.subscribe((e) => events.push(e));
		const ws = must(await a.create({ name: 'new', files: f('x') }));
		await vi.waitFor(() => expect(events).toEqual([{ type: 'changed-elsewhere', id: ws.id, revision: 1, heldRevision: null, stale: false }]), { interval: 5 });
	});
});

describe('undo / redo', () => {
	it('undoes and redoes edits, and the history survives a reload', async () => {
		const idb = new IDBFactory();
		const clock = { t: 1_000 };
		const a = await tab(idb, { clock });
		const ws = must(await a.create({ name: 'w', files: f('one') }));
		clock.t += 5_000;
		must(await a.saveDraft(ws.id, 1, { files: f('two') }));
		clock.t += 5_000;
		const r3 = must(await a.saveDraft(ws.id, 2, { files: f('three') }));
		expect(r3).toMatchObject({ undoDepth: 2, redoDepth: 0 });
		a.close();
		const b = await tab(idb, { clock });
		const u1 = must(await b.undo(ws.id, 3));
		expect(u1).toMatchObject({ files: f('two'), revision: 4, undoDepth: 1, redoDepth: 1 });
		const u2 = must(await b.undo(ws.id, 4));
		expect(u2).toMatchObject({ files: f('one'), undoDepth: 0, redoDepth: 2 });
		expect(await b.undo(ws.id, 5)).toMatchObject({ ok: false, reason: 'empty' });
		expect(must(await b.redo(ws.id, 5))).toMatchObject({ files: f('two'), undoDepth: 1, redoDepth: 1 });
		// a new edit drops the redo branch
		clock.t += 5_000;
		expect(must(await b.saveDraft(ws.id, 6, { files: f('other') }))).toMatchObject({ undoDepth: 2, redoDepth: 0 });
		expect(await b.redo(ws.id, 7)).toMatchObject({ ok: false, reason: 'empty' });
		// undo from a stale revision is a conflict like any write
		expect(await b.undo(ws.id, 6)).toMatchObject({ ok: false, reason: 'conflict' });
	});

	it('typing within the coalescing window is one undo step; a view change is none', async () => {
		const clock = { t: 1_000 };
		const a = await tab(new IDBFactory(), { clock });
		const ws = must(await a.create({ name: 'w', files: f('') }));
		let rev = 1;
		for (const text of ['a', 'ab', 'abc']) {
			clock.t += 200;
			rev = must(await a.saveDraft(ws.id, rev, { files: f(text) })).revision;
		}
		rev = must(await a.saveDraft(ws.id, rev, { view: 'network' })).revision;
		const u = must(await a.undo(ws.id, rev));
		expect(u.files).toEqual(f(''));
		expect(u.view).toBe('network');
		expect(u.undoDepth).toBe(0);
	});

	it('keeps at most the configured number of steps and characters, always the newest', async () => {
		const clock = { t: 1_000 };
		const a = await tab(new IDBFactory(), { clock, history: { entries: 3, chars: 1_000_000, coalesceMs: 0 } });
		const ws = must(await a.create({ name: 'w', files: f('0') }));
		let rec = ws;
		for (let i = 1; i <= 6; i++) rec = must(await a.saveDraft(ws.id, rec.revision, { files: f(String(i)) }));
		expect(rec.undoDepth).toBe(3);
		for (const want of ['5', '4', '3']) {
			rec = must(await a.undo(ws.id, rec.revision));
			expect(rec.files).toEqual(f(want));
		}
		expect(await a.undo(ws.id, rec.revision)).toMatchObject({ ok: false, reason: 'empty' });

		const b = await tab(new IDBFactory(), { clock, history: { entries: 100, chars: 25, coalesceMs: 0 } });
		const big = must(await b.create({ name: 'w', files: f('x'.repeat(10)) })); // each step: 8 + 10 chars
		let r = big;
		for (let i = 0; i < 4; i++) r = must(await b.saveDraft(big.id, r.revision, { files: f(String(i).repeat(10)) }));
		expect(r.undoDepth).toBe(1);
		const c = await tab(new IDBFactory(), { clock, history: { entries: 100, chars: 5, coalesceMs: 0 } });
		const huge = must(await c.create({ name: 'w', files: f('y'.repeat(50)) }));
		expect(must(await c.saveDraft(huge.id, 1, { files: f('z') })).undoDepth).toBe(1); // over budget, still the newest
		expect(must(await c.undo(huge.id, 2)).files).toEqual(f('y'.repeat(50)));
	});
});

describe('failures are values', () => {
	it('a database closed under it (deleted in another tab) fails saves with a message, never a throw', async () => {
		const idb = new IDBFactory();
		const a = await tab(idb);
		const ws = must(await a.create({ name: 'w', files: f('v1') }));
		await new Promise<void>((resolve) => {
			const req = idb.deleteDatabase('hopscope');
			req.onsuccess = () => resolve();
		});
		const r = await a.saveDraft(ws.id, 1, { files: f('v2') });
		expect(r).toMatchObject({ ok: false, reason: 'failed' });
		expect(r.ok ? '' : r.message).toMatch(/^Not saved: .*closed by another tab/);
		expect(await a.list()).toMatchObject({ ok: false, reason: 'failed' });
	});

	it('a write that does not read back as written is reported', async () => {
		const mem = memoryBackend();
		let lose = false;
		// storage that acknowledges writes and then drops them
		const lossy: Backend = {
			persistent: true,
			transact: (mode, fn) => mem.transact(mode, (tx) => fn(lose ? { ...tx, put: async () => {}, delete: async () => {} } : tx)),
			close() {}
		};
		const s = createWorkspaceStore(lossy, { broadcastChannel: () => undefined });
		const ws = must(await s.create({ name: 'w', files: f('v1') }));
		expect(ws.revision).toBe(1);
		lose = true;
		const r = await s.saveDraft(ws.id, 1, { files: f('v2') });
		expect(r).toMatchObject({ ok: false, reason: 'failed', message: 'Not saved: the workspace read back after saving is not what was written.' });
		// a create that never landed
		expect(await s.create({ name: 'x', files: f('x') })).toMatchObject({ ok: false, reason: 'failed' });
	});

	it('a redact hook that throws fails the write and stores nothing', async () => {
		const a = await tab(new IDBFactory(), {
			redact: (t) => {
				if (t.includes('Secret')) throw new Error('cannot redact');
				return t;
			}
		});
		const r = await a.create({ name: 'w', files: f('kind: Secret') });
		expect(r).toMatchObject({ ok: false, reason: 'failed', message: 'Not saved: Error: cannot redact' });
		expect(must(await a.list())).toEqual([]);
	});
});

describe('storage unavailable', () => {
	const securityError = () => {
		throw new DOMException("Failed to read the 'indexedDB' property from 'Window': access is denied for this document.", 'SecurityError');
	};

	it('a sandboxed iframe (indexedDB access throws) gets the same API in memory, persistent: false', async () => {
		const s = await openWorkspaceStore({ indexedDB: securityError, localStorage: securityError, broadcastChannel: securityError });
		opened.push(s);
		expect(s.persistent).toBe(false);
		expect(s.unavailable).toMatch(/^Not saved: storage unavailable \(storage is not allowed here: SecurityError/);
		const ws = must(await s.create({ name: 'w', files: f(GOOD) }));
		must(await s.markGood(ws.id, 1, f(GOOD)));
		const d = must(await s.saveDraft(ws.id, 1, { files: f(BROKEN) }));
		expect(await s.saveDraft(ws.id, 1, { files: f('x') })).toMatchObject({ ok: false, reason: 'conflict' });
		expect(must(await s.undo(ws.id, d.revision)).files).toEqual(f(GOOD));
		const back = must(await s.open(ws.id));
		expect(back.lastGood?.files).toEqual(f(GOOD));
		// values are copies, as IndexedDB gives: mutating one does not reach the store
		back.workspace.files[0].text = 'mutated';
		expect(must(await s.open(ws.id)).workspace.files).toEqual(f(GOOD));
	});

	it('an open that throws, errors or never answers falls back too', async () => {
		const throwing = { open: () => securityError() } as unknown as IDBFactory;
		const s1 = await openWorkspaceStore({ indexedDB: () => throwing, localStorage: () => undefined });
		const s2 = await openWorkspaceStore({ indexedDB: () => undefined, localStorage: () => undefined });
		const hanging = { open: () => ({}) } as unknown as IDBFactory;
		const s3 = await openWorkspaceStore({ indexedDB: () => hanging, localStorage: () => undefined, openTimeoutMs: 20 });
		opened.push(s1, s2, s3);
		expect([s1, s2, s3].map((s) => s.persistent)).toEqual([false, false, false]);
		expect(s2.unavailable).toMatch(/not available in this browser/);
		expect(s3.unavailable).toMatch(/did not open/);
		expect(must(await s3.create({ name: 'w', files: f('x') })).revision).toBe(1);
	});

	it('no BroadcastChannel: saves still work and stale writes still conflict', async () => {
		const idb = new IDBFactory();
		const a = await tab(idb, { broadcastChannel: () => undefined });
		const b = await tab(idb, { broadcastChannel: securityError });
		const ws = must(await a.create({ name: 'w', files: f('v1') }));
		must(await b.open(ws.id));
		must(await a.saveDraft(ws.id, 1, { files: f('v2') }));
		expect(await b.saveDraft(ws.id, 1, { files: f('mine') })).toMatchObject({ ok: false, reason: 'conflict' });
	});
});

describe('migration from localStorage', () => {
	const legacy = (text: string) => serializeWorkspace({ files: f(text, 'old.yaml'), active: 0, presetId: 'bookinfo', view: 'network' })!;
	/** a localStorage that counts writes: the migration must make none */
	function storage(value: string | null) {
		const calls = { get: 0, set: 0, remove: 0 };
		return {
			calls,
			get: () => ({
				getItem: (k: string) => (calls.get++, k === STORAGE_KEY ? value : null),
				setItem: () => void calls.set++,
				removeItem: () => void calls.remove++
			})
		};
	}

	it('moves the old workspace in once, then leaves localStorage alone', async () => {
		const idb = new IDBFactory();
		const ls = storage(legacy(GOOD));
		const a = await tab(idb, { localStorage: ls.get });
		const list = must(await a.list());
		expect(list.map((s) => [s.name, s.presetId])).toEqual([['bookinfo (edited)', 'bookinfo']]);
		const ws = must(await a.open(list[0].id)).workspace;
		expect(ws).toMatchObject({ files: f(GOOD, 'old.yaml'), view: 'network', revision: 1 });
		a.close();
		// a later run, even with different localStorage contents, does not import again
		const ls2 = storage(legacy('changed'));
		const b = await tab(idb, { localStorage: ls2.get });
		expect(must(await b.list()).map((s) => s.id)).toEqual([list[0].id]);
		expect(ls.calls).toEqual({ get: 1, set: 0, remove: 0 });
		expect(ls2.calls.set + ls2.calls.remove).toBe(0);
	});

	it('a missing or malformed old workspace imports nothing, and is not retried', async () => {
		const idb = new IDBFactory();
		const a = await tab(idb, { localStorage: storage('{not json').get });
		expect(must(await a.list())).toEqual([]);
		a.close();
		const b = await tab(idb, { localStorage: storage(legacy(GOOD)).get });
		expect(must(await b.list())).toEqual([]);
	});
});

describe('the redact hook', () => {
	it('every stored text passes through it: drafts, last good, history, the migrated workspace', async () => {
		const redact = (t: string) => t.replace(/password: \S+/g, 'password: <redacted: 6 bytes>');
		const idb = new IDBFactory();
		const ls = { getItem: () => serializeWorkspace({ files: f('password: hunter'), active: 0, presetId: null, view: 'architecture' }) };
		const clock = { t: 1_000 };
		const a = await tab(idb, { redact, clock, localStorage: () => ls });
		const [migrated] = must(await a.list());
		expect(must(await a.open(migrated.id)).workspace.files[0].text).toBe('password: <redacted: 6 bytes>');
		const ws = must(await a.create({ name: 'w', files: f('password: s3cret1') }));
		must(await a.markGood(ws.id, 1, f('password: s3cret1')));
		clock.t += 5_000;
		must(await a.saveDraft(ws.id, 1, { files: f('password: s3cret2\nport: 80') }));
		const back = must(await a.open(ws.id));
		expect(back.workspace.files[0].text).toBe('password: <redacted: 6 bytes>\nport: 80');
		expect(back.lastGood?.files[0].text).toBe('password: <redacted: 6 bytes>');
		expect(must(await a.undo(ws.id, 2)).files[0].text).toBe('password: <redacted: 6 bytes>');
		// nothing anywhere in the database holds a value
		const dump = await new Promise<string>((resolve) => {
			const req = idb.open('hopscope');
			req.onsuccess = () => {
				const db = req.result;
				const t = db.transaction([...db.objectStoreNames], 'readonly');
				const all: unknown[] = [];
				for (const n of db.objectStoreNames) t.objectStore(n).getAll().onsuccess = (e) => all.push((e.target as IDBRequest).result);
				t.oncomplete = () => {
					db.close();
					resolve(JSON.stringify(all));
				};
			};
		});
		expect(dump).toContain('<redacted: 6 bytes>');
		expect(dump).not.toMatch(/hunter|s3cret/);
	});
});

describe('requestPersistence', () => {
	it('says granted, denied or unsupported, and never throws', async () => {
		const sm = (persisted: boolean, grant: boolean) => ({ persisted: async () => persisted, persist: async () => grant }) as unknown as StorageManager;
		expect(await requestPersistence(() => sm(true, false))).toBe('granted');
		expect(await requestPersistence(() => sm(false, true))).toBe('granted');
		expect(await requestPersistence(() => sm(false, false))).toBe('denied');
		expect(await requestPersistence(() => undefined)).toBe('unsupported');
		const throwing = { persisted: async () => false, persist: async () => { throw new DOMException('denied', 'SecurityError'); } } as unknown as StorageManager;
		expect(await requestPersistence(() => throwing)).toBe('unsupported');
	});
});
