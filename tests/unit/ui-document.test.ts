import { describe, expect, it } from 'vitest';
import { DocumentState } from '../../src/lib/ui/state/document.svelte';
import { WorkspaceSession } from '../../src/lib/ui/state/session.svelte';
import { createStore, type Store } from '../../src/lib/ui/state/storage';
import { createWorkspaceStore, memoryBackend, type WorkspaceStore } from '../../src/lib/store';
import { redactSource } from '../../src/lib/manifest';

/** Prefs whose backend throws, like localStorage in a sandboxed iframe: memory only. */
const sandboxedPrefs = (): Store =>
	createStore(() => {
		throw new DOMException('sandboxed', 'SecurityError');
	});

/** One workspace store shared by the "tabs" of a test (no BroadcastChannel in memory). */
const memoryStore = () => createWorkspaceStore(memoryBackend(), { redact: redactSource });

async function docOn(store: WorkspaceStore, prefs = sandboxedPrefs()): Promise<DocumentState> {
	const session = new WorkspaceSession();
	await session.connect(store);
	return new DocumentState(prefs, session);
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  containers: [{ name: web, image: nginx }]
`;

/** Lets the store's promise chain settle. */
const settle = async (doc: DocumentState) => {
	for (let i = 0; i < 5; i++) await doc.session.flush();
};

describe('document state', () => {
	it('opens a preset: its cluster and title are shown, and nothing is stored until it is edited', async () => {
		const store = memoryStore();
		const doc = await docOn(store);
		expect(doc.openPreset('journey-3-service')).toBe(true);
		await doc.settled();
		expect(doc.title).toMatch(/^Journey 3: pod to Service/);
		expect(doc.cluster?.pods.map((p) => p.name).sort()).toEqual(['pod1', 'pod3', 'pod4', 'pod5']);
		expect(doc.flows.map((f) => f.name)).toContain('pod1-to-service1');
		await settle(doc);
		const before = await store.list();
		expect(before.ok && before.value).toEqual([]);
		doc.edit(POD);
		await settle(doc);
		const list = await store.list();
		expect(list.ok && list.value.map((w) => [w.name, w.presetId])).toEqual([['journey-3-service (edited)', 'journey-3-service']]);
	});

	it('an unknown preset is reported and changes nothing', async () => {
		const doc = await docOn(memoryStore());
		expect(doc.openPreset('no-such-preset')).toBe(false);
		expect(doc.diagnostics.map((d) => d.code)).toEqual(['no-preset']);
		expect(doc.cluster).toBeNull();
	});

	it('an edit that leaves nothing readable keeps the last good diagram, marked stale, and the text', async () => {
		const doc = await docOn(memoryStore());
		doc.edit(POD);
		await doc.settled();
		const good = doc.cluster;
		expect(good?.pods.map((p) => p.name)).toEqual(['web']);
		expect(doc.stale).toBe(false);
		doc.edit('kind: [unclosed');
		await doc.settled();
		expect(doc.stale).toBe(true);
		expect(doc.cluster).toBe(good);
		expect(doc.ws.files[0].text).toBe('kind: [unclosed');
		expect(doc.errorCount).toBeGreaterThan(0);
		doc.edit(POD.replace('name: web', 'name: api'));
		await doc.settled();
		expect(doc.stale).toBe(false);
		expect(doc.cluster?.pods.map((p) => p.name)).toEqual(['api']);
	});

	it('opened files are added (others skipped with a note) and the preset link is dropped', async () => {
		const doc = await docOn(memoryStore());
		doc.openPreset('k8s-demo');
		expect(doc.addFiles([{ name: 'notes.txt', text: 'hi' }])).toBe(false);
		expect(doc.diagnostics.map((d) => d.code)).toContain('skipped-file');
		expect(doc.addFiles([{ name: 'web.yaml', text: POD }])).toBe(true);
		expect(doc.ws.presetId).toBeNull();
		expect(doc.ws.files.map((f) => f.name)).toEqual(['k8s-demo.yaml', 'web.yaml']);
		expect(doc.ws.active).toBe(1);
	});

	it('closing the last file leaves an empty scratch file; clear keeps the view', async () => {
		const doc = await docOn(memoryStore());
		doc.edit(POD);
		doc.setView('network');
		doc.closeFile(0);
		expect(doc.ws.files).toEqual([{ name: 'manifests.yaml', text: '' }]);
		doc.edit(POD);
		doc.clear();
		expect(doc.ws).toEqual({ files: [{ name: 'manifests.yaml', text: '' }], active: 0, presetId: null, view: 'network' });
	});

	describe('restore (route → workspace)', () => {
		it('a broken draft reopens in the editor over the last good diagram', async () => {
			const store = memoryStore();
			const first = await docOn(store);
			first.edit(POD);
			await first.settled();
			await settle(first);
			first.edit('kind: [unclosed');
			await first.settled();
			await settle(first);
			const doc = await docOn(store);
			expect(await doc.restore(null)).toBe('stored');
			expect(doc.ws.files[0].text).toBe('kind: [unclosed');
			expect(doc.cluster?.pods.map((p) => p.name)).toEqual(['web']);
			expect(doc.stale).toBe(true);
			expect(doc.fromLastGood).toBe(true);
		});

		it('Secret values are redacted in what is stored', async () => {
			const store = memoryStore();
			const doc = await docOn(store);
			doc.edit('apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData:\n  token: hunter2\n');
			await settle(doc);
			const o = await store.open(doc.session.id ?? '');
			expect(o.ok && o.value.workspace.files[0].text).toBe('apiVersion: v1\nkind: Secret\nmetadata: { name: s }\nstringData:\n  token: "<redacted: 7 bytes>"\n');
		});

		it('a deep link to the stored preset keeps the edits in it', async () => {
			const store = memoryStore();
			const first = await docOn(store);
			first.openPreset('k8s-demo');
			first.edit(POD);
			await settle(first);
			const doc = await docOn(store);
			expect(await doc.restore('k8s-demo')).toBe('kept');
			expect(doc.ws.files[0].text).toBe(POD);
		});

		it('a deep link to another preset opens it, and the stored workspace stays for the switcher', async () => {
			const store = memoryStore();
			const first = await docOn(store);
			first.edit(POD);
			await settle(first);
			const doc = await docOn(store);
			expect(await doc.restore('k8s-demo')).toBe('preset');
			expect(doc.ws.presetId).toBe('k8s-demo');
			expect(doc.session.list.map((w) => w.name)).toEqual(['Your manifests']);
			expect(await doc.switchTo(doc.session.list[0].id)).toBe(true);
			expect(doc.ws.files[0].text).toBe(POD);
		});

		it('the bare app reopens the stored workspace, once; back from a preset it returns to it', async () => {
			const store = memoryStore();
			const first = await docOn(store);
			first.edit(POD);
			await settle(first);
			const doc = await docOn(store);
			expect(await doc.restore(null)).toBe('stored');
			expect(doc.cluster?.pods.map((p) => p.name)).toEqual(['web']);
			expect(await doc.restore(null)).toBeNull();
			doc.openPreset('k8s-demo');
			expect(await doc.restore(null)).toBe('stored');
			expect(doc.ws.files[0].text).toBe(POD);
			expect(await (await docOn(memoryStore())).restore(null)).toBeNull();
		});
	});

	it('a write based on a revision another tab replaced is not written: the conflict is shown, and "keep mine" makes a copy', async () => {
		const store = memoryStore();
		const a = await docOn(store);
		a.edit(POD);
		await settle(a);
		const b = await docOn(store);
		expect(await b.restore(null)).toBe('stored');
		b.edit(POD.replace('name: web', 'name: from-b'));
		await settle(b);
		a.edit(POD.replace('name: web', 'name: from-a'));
		await settle(a);
		expect(a.session.conflict).toBe('This workspace was changed in another tab.');
		const id = a.session.id ?? '';
		const stored = await store.open(id);
		expect(stored.ok && stored.value.workspace.files[0].text).toContain('name: from-b');
		expect(await a.keepAsCopy()).toBe(true);
		expect(a.session.conflict).toBeNull();
		expect(a.session.id).not.toBe(id);
		const list = await store.list();
		expect(list.ok && list.value.map((w) => w.name).sort()).toEqual(['Your manifests', 'Your manifests (copy)']);
		const copy = await store.open(a.session.id ?? '');
		expect(copy.ok && copy.value.workspace.files[0].text).toContain('name: from-a');
	});

	it('stored undo and redo', async () => {
		const doc = await docOn(memoryStore());
		doc.edit(POD);
		await settle(doc);
		doc.edit(POD.replace('name: web', 'name: api'));
		await doc.settled();
		await settle(doc);
		expect(await doc.step('undo')).toBe(true);
		expect(doc.ws.files[0].text).toBe(POD);
		expect(await doc.step('redo')).toBe(true);
		expect(doc.cluster?.pods.map((p) => p.name)).toEqual(['api']);
	});

	it('silenced checks are de-duplicated and saved', async () => {
		const prefs = sandboxedPrefs();
		const doc = await docOn(memoryStore(), prefs);
		doc.setSilenced(['a', 'b', 'a']);
		expect(doc.silenced).toEqual(['a', 'b']);
		const again = await docOn(memoryStore(), prefs);
		again.mount();
		expect(again.silenced).toEqual(['a', 'b']);
	});
});
