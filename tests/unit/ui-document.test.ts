import { describe, expect, it } from 'vitest';
import { DocumentState } from '../../src/lib/ui/state/document.svelte';
import { createStore, readWorkspace, writeWorkspace, type Store } from '../../src/lib/ui/state/storage';
import { STORAGE_KEY } from '../../src/lib/scenario/workspace';

/** A store whose backend throws, like localStorage in a sandboxed iframe: memory only. */
const sandboxedStore = (): Store =>
	createStore(() => {
		throw new DOMException('sandboxed', 'SecurityError');
	});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  containers: [{ name: web, image: nginx }]
`;

describe('document state', () => {
	it('opens a preset: its cluster and title are shown, and the workspace is saved', () => {
		const store = sandboxedStore();
		const doc = new DocumentState(store);
		expect(doc.openPreset('journey-3-service')).toBe(true);
		expect(doc.title).toMatch(/^Journey 3: pod to Service/);
		expect(doc.cluster?.pods.map((p) => p.name).sort()).toEqual(['pod1', 'pod3', 'pod4', 'pod5']);
		expect(doc.flows.map((f) => f.name)).toContain('pod1-to-service1');
		expect(readWorkspace(store)?.presetId).toBe('journey-3-service');
	});

	it('an unknown preset is reported and changes nothing', () => {
		const doc = new DocumentState(sandboxedStore());
		expect(doc.openPreset('no-such-preset')).toBe(false);
		expect(doc.diagnostics.map((d) => d.code)).toEqual(['no-preset']);
		expect(doc.cluster).toBeNull();
	});

	it('an edit that leaves nothing readable keeps the last good diagram, marked stale, and the text', () => {
		const doc = new DocumentState(sandboxedStore());
		doc.edit(POD);
		const good = doc.cluster;
		expect(good?.pods.map((p) => p.name)).toEqual(['web']);
		expect(doc.stale).toBe(false);
		doc.edit('kind: [unclosed');
		expect(doc.stale).toBe(true);
		expect(doc.cluster).toBe(good);
		expect(doc.ws.files[0].text).toBe('kind: [unclosed');
		expect(doc.errorCount).toBeGreaterThan(0);
		doc.edit(POD.replace('name: web', 'name: api'));
		expect(doc.stale).toBe(false);
		expect(doc.cluster?.pods.map((p) => p.name)).toEqual(['api']);
	});

	it('opened files are added (others skipped with a note) and the preset link is dropped', () => {
		const doc = new DocumentState(sandboxedStore());
		doc.openPreset('k8s-demo');
		expect(doc.addFiles([{ name: 'notes.txt', text: 'hi' }])).toBe(false);
		expect(doc.diagnostics.map((d) => d.code)).toContain('skipped-file');
		expect(doc.addFiles([{ name: 'web.yaml', text: POD }])).toBe(true);
		expect(doc.ws.presetId).toBeNull();
		expect(doc.ws.files.map((f) => f.name)).toEqual(['k8s-demo.yaml', 'web.yaml']);
		expect(doc.ws.active).toBe(1);
	});

	it('closing the last file leaves an empty scratch file; clear keeps the view', () => {
		const doc = new DocumentState(sandboxedStore());
		doc.edit(POD);
		doc.setView('network');
		doc.closeFile(0);
		expect(doc.ws.files).toEqual([{ name: 'manifests.yaml', text: '' }]);
		doc.edit(POD);
		doc.clear();
		expect(doc.ws).toEqual({ files: [{ name: 'manifests.yaml', text: '' }], active: 0, presetId: null, view: 'network' });
	});

	describe('restore (route → workspace)', () => {
		it('a deep link to the stored preset keeps the edits in it', () => {
			const store = sandboxedStore();
			const first = new DocumentState(store);
			first.openPreset('k8s-demo');
			first.edit(POD);
			const doc = new DocumentState(store);
			expect(doc.restore('k8s-demo')).toBe('kept');
			expect(doc.ws.files[0].text).toBe(POD);
		});

		it('a deep link to another preset opens it', () => {
			const store = sandboxedStore();
			new DocumentState(store).edit(POD);
			const doc = new DocumentState(store);
			expect(doc.restore('k8s-demo')).toBe('preset');
			expect(doc.ws.presetId).toBe('k8s-demo');
		});

		it('the bare app reopens the stored workspace, once, and only if nothing is shown', () => {
			const store = sandboxedStore();
			new DocumentState(store).edit(POD);
			const doc = new DocumentState(store);
			expect(doc.restore(null)).toBe('stored');
			expect(doc.cluster?.pods.map((p) => p.name)).toEqual(['web']);
			expect(doc.restore(null)).toBeNull();
			expect(new DocumentState(sandboxedStore()).restore(null)).toBeNull();
		});

		it('a malformed stored workspace is ignored', () => {
			const backing = new Map<string, string>([[STORAGE_KEY, '{"v":1,"files":"nope"}']]);
			const store = createStore(() => ({ getItem: (k) => backing.get(k) ?? null, setItem: (k, v) => void backing.set(k, v) }));
			expect(new DocumentState(store).restore(null)).toBeNull();
			writeWorkspace(store, { files: [{ name: 'a.yaml', text: POD }], active: 0, presetId: null, view: 'mesh' });
			const doc = new DocumentState(store);
			expect(doc.restore(null)).toBe('stored');
			expect(doc.ws.view).toBe('mesh');
		});
	});

	it('silenced checks are de-duplicated and saved', () => {
		const store = sandboxedStore();
		const doc = new DocumentState(store);
		doc.setSilenced(['a', 'b', 'a']);
		expect(doc.silenced).toEqual(['a', 'b']);
		const again = new DocumentState(store);
		again.mount();
		expect(again.silenced).toEqual(['a', 'b']);
	});
});
