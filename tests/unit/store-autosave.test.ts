// Autosave over a store on a fake IndexedDB: typing is one write, writes
// chain on the returned revision, a conflict stops saving and keeps the edits
// for a copy, rebase resumes, and undo runs in the same queue.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputFile } from '../../src/lib/manifest';
import { createAutosaver, openWorkspaceStore, type Result, type WorkspaceRecord, type WorkspaceStore } from '../../src/lib/store';

const f = (text: string): InputFile[] => [{ name: 'a.yaml', text }];
let opened: WorkspaceStore[] = [];
afterEach(() => {
	for (const s of opened) s.close();
	opened = [];
});

async function tab(idb: IDBFactory, clock = { t: 1_000 }) {
	const s = await openWorkspaceStore({ indexedDB: () => idb, localStorage: () => undefined, broadcastChannel: () => undefined, now: () => clock.t });
	opened.push(s);
	return s;
}

function must<T>(r: Result<T>): T {
	if (!r.ok) throw new Error(r.message);
	return r.value;
}

describe('createAutosaver', () => {
	it('writes a burst of edits once, merged, and chains later writes on the returned revision', async () => {
		const s = await tab(new IDBFactory());
		const ws = must(await s.create({ name: 'w', files: f('') }));
		const results: Result<WorkspaceRecord>[] = [];
		const saver = createAutosaver(s, ws.id, ws.revision, { delayMs: 20, onResult: (r) => results.push(r) });
		for (const text of ['a', 'ab', 'abc']) saver.edit({ files: f(text) });
		saver.edit({ view: 'mesh' });
		expect(saver.pending).toEqual({ files: f('abc'), view: 'mesh' });
		await new Promise((r) => setTimeout(r, 60));
		await saver.flush();
		expect(results).toHaveLength(1);
		expect(saver.revision).toBe(2);
		expect(saver.pending).toBeNull();
		expect(must(await s.open(ws.id)).workspace).toMatchObject({ files: f('abc'), view: 'mesh', revision: 2 });
		saver.edit({ files: f('abcd') });
		saver.edit({ active: 0 });
		expect(must((await saver.flush())!).revision).toBe(3);
		expect(await saver.flush()).toBeNull(); // nothing queued
		saver.dispose();
	});

	it('marks good without flushing the debounced draft, and a later mark replaces an earlier one', async () => {
		const s = await tab(new IDBFactory());
		const ws = must(await s.create({ name: 'w', files: f('good 1') }));
		const saver = createAutosaver(s, ws.id, ws.revision, { delayMs: 10_000 });
		expect(must(await saver.markGood(f('good 1'))).files).toEqual(f('good 1'));
		saver.edit({ files: f('good 2') });
		const g = must(await saver.markGood(f('good 2')));
		expect(g).toMatchObject({ files: f('good 2'), revision: 1 });
		expect(saver.pending).toEqual({ files: f('good 2') }); // still waiting for the quiet time
		saver.edit({ files: f('broken [') });
		await saver.flush();
		const back = must(await s.open(ws.id));
		expect(back.workspace.files).toEqual(f('broken ['));
		expect(back.lastGood?.files).toEqual(f('good 2'));
		saver.dispose();
	});

	it('undo runs after the queued edits, in the same chain', async () => {
		const clock = { t: 1_000 };
		const s = await tab(new IDBFactory(), clock);
		const ws = must(await s.create({ name: 'w', files: f('one') }));
		const saver = createAutosaver(s, ws.id, ws.revision, { delayMs: 10_000 });
		saver.edit({ files: f('two') }); // not yet written when undo is asked for
		const u = must(await saver.run((rev) => s.undo(ws.id, rev)));
		expect(u.files).toEqual(f('one'));
		expect(saver.revision).toBe(3);
		expect(must(await saver.run((rev) => s.redo(ws.id, rev))).files).toEqual(f('two'));
	});

	it('a conflict stops saving and keeps the edits for a copy; rebase resumes', async () => {
		const idb = new IDBFactory();
		const mine = await tab(idb);
		const theirs = await tab(idb);
		const ws = must(await mine.create({ name: 'shop', files: f('v1') }));
		must(await theirs.saveDraft(ws.id, 1, { files: f('theirs') }));
		const saver = createAutosaver(mine, ws.id, 1, { delayMs: 5 });
		saver.edit({ files: f('mine') });
		const r = await saver.flush();
		expect(r).toMatchObject({ ok: false, reason: 'conflict', current: { revision: 2 } });
		expect(saver.saving).toBe(false);
		saver.edit({ view: 'network' });
		await new Promise((res) => setTimeout(res, 30));
		expect(saver.pending).toEqual({ files: f('mine'), view: 'network' }); // nothing written, nothing lost
		expect(must(await mine.open(ws.id)).workspace.files).toEqual(f('theirs'));
		const copy = must(await mine.saveAsCopy(ws.id, saver.pending!));
		expect(copy).toMatchObject({ name: 'shop (copy)', files: f('mine'), view: 'network' });
		// or reload theirs and carry on from it
		saver.rebase(2);
		expect(saver.pending).toBeNull();
		saver.edit({ files: f('theirs + mine') });
		expect(must((await saver.flush())!).revision).toBe(3);
	});
});
