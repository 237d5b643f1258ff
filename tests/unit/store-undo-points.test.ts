// Compare (issue 12 §3) reads a workspace's stored undo steps without moving
// through them: newest first, each the files before an edit, and a reload
// (a fresh store on the same database) still has them.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openWorkspaceStore } from '../../src/lib/store';

const f = (text: string) => [{ name: 'app.yaml', text }];

describe('store.undoPoints', () => {
	it('lists the undo steps newest first, read only, across a reload', async () => {
		const idb = new IDBFactory();
		const clock = { t: 1_000 };
		const open = () => openWorkspaceStore({ indexedDB: () => idb, localStorage: () => undefined, now: () => clock.t, channelName: 'undo-points' });
		const s = await open();
		const c = await s.create({ name: 'w', files: f('v1') });
		if (!c.ok) throw new Error(c.message);
		let rev = c.value.revision;
		for (const text of ['v2', 'v3']) {
			clock.t += 5_000; // apart: no coalescing
			const r = await s.saveDraft(c.value.id, rev, { files: f(text) });
			if (!r.ok) throw new Error(r.message);
			rev = r.value.revision;
		}
		const points = await s.undoPoints(c.value.id);
		expect(points.ok && points.value.map((p) => [p.files[0].text, p.at])).toEqual([['v2', 11_000], ['v1', 6_000]]);
		// reading moved nothing: the draft is still v3 with two undo steps
		const again = await s.open(c.value.id);
		expect(again.ok && [again.value.workspace.files[0].text, again.value.workspace.undoDepth]).toEqual(['v3', 2]);
		s.close();
		const reloaded = await open();
		const after = await reloaded.undoPoints(c.value.id);
		expect(after.ok && after.value.map((p) => p.files[0].text)).toEqual(['v2', 'v1']);
		expect((await reloaded.undoPoints('nope')).ok).toBe(false);
		reloaded.close();
	});
});
