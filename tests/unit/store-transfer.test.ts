import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/lib/scenario/load';
import { importWorkspaceFile as importFile, isWorkspaceYaml, META_LINE, workspaceFromYaml as fromYaml, workspaceFromZip as fromZip, workspaceToYaml as toYaml, workspaceToZip as toZip, type WorkspaceExport } from '../../src/lib/store/transfer';
import { WORKSPACE_YAML_MARK } from '../../src/lib/store';
import { redactSource } from '../../src/lib/manifest';

// the app hands the transfer functions the manifest layer's redaction
const workspaceToZip = (ws: WorkspaceExport) => toZip(ws, redactSource);
const workspaceFromZip = (b: Uint8Array, n: string) => fromZip(b, n, redactSource);
const workspaceToYaml = (ws: WorkspaceExport) => toYaml(ws, redactSource);
const workspaceFromYaml = (t: string, n: string) => fromYaml(t, n, redactSource);
const importWorkspaceFile = (n: string, b: Uint8Array) => importFile(n, b, redactSource);

const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: { app: ${name} }\n  ports: [{ port: 80 }]\n`;
const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: hunter2\n';

const ws: WorkspaceExport = {
	name: 'Shop — staging',
	files: [
		{ name: 'web.yaml', text: svc('web') + '---\n' + svc('api') },
		{ name: 'nested/db.yml', text: svc('db').trimEnd() },
		{ name: 'creds.yaml', text: secret }
	],
	active: 1,
	view: 'mesh',
	presetId: 'k8s-demo'
};
const redacted = (t: string) => t.replace('hunter2', '"<redacted: 7 bytes>"');

it('the YAML mark a drop is told by is the transfer module\'s first line', () => {
	expect(META_LINE).toBe(WORKSPACE_YAML_MARK);
});

describe('workspace zip', () => {
	it('holds the files as they are (Secret values dropped) and hopscope.json', async () => {
		const bytes = await workspaceToZip(ws);
		const raw = unzipSync(bytes);
		expect(Object.keys(raw).sort()).toEqual(['creds.yaml', 'hopscope.json', 'nested/db.yml', 'web.yaml']);
		expect(JSON.parse(strFromU8(raw['hopscope.json']))).toEqual({ format: 'hopscope-workspace', version: 1, name: 'Shop — staging', presetId: 'k8s-demo', view: 'mesh', active: 1, files: ['web.yaml', 'nested/db.yml', 'creds.yaml'] });
		expect(strFromU8(raw['web.yaml'])).toBe(ws.files[0].text);
		expect(strFromU8(raw['creds.yaml'])).not.toContain('hunter2');
		expect(strFromU8(raw['creds.yaml'])).toBe(redacted(secret));
		// the same workspace gives the same bytes (fixed dates)
		expect(await workspaceToZip(ws)).toEqual(bytes);
	});

	it('round-trips: names, order, texts, view, preset, open file', async () => {
		const r = await workspaceFromZip(await workspaceToZip(ws), 'shop.zip');
		expect(r).toEqual({ ok: true, workspace: { ...ws, files: ws.files.map((f) => ({ ...f, text: redacted(f.text) })) } });
	});

	it('a zip without hopscope.json imports its YAML files by name; other entries are skipped', async () => {
		const { zipSync, strToU8 } = await import('fflate');
		const bytes = zipSync({ 'b.yaml': strToU8(svc('b')), 'a.json': strToU8('{}'), 'README.md': strToU8('# hi'), 'dir/': new Uint8Array() });
		const r = await importWorkspaceFile('mine.zip', bytes);
		expect(r).toEqual({ ok: true, workspace: { name: 'mine', files: [{ name: 'a.json', text: '{}' }, { name: 'b.yaml', text: svc('b') }], active: 0, view: 'architecture', presetId: null } });
	});

	it('says what is wrong with a broken zip or one without manifests', async () => {
		expect(await workspaceFromZip(new Uint8Array([0x50, 0x4b, 1, 2, 3]), 'bad.zip')).toMatchObject({ ok: false, message: expect.stringContaining('bad.zip is not a readable .zip') });
		const { zipSync, strToU8 } = await import('fflate');
		expect(await workspaceFromZip(zipSync({ 'x.txt': strToU8('x') }), 'empty.zip')).toEqual({ ok: false, message: 'empty.zip holds no .yaml, .yml or .json files.' });
	});
});

describe('workspace as one YAML with the scenario header', () => {
	it('writes the metadata line, a header titled with the name, and each file after its marker', () => {
		const y = workspaceToYaml(ws);
		expect(isWorkspaceYaml(y)).toBe(true);
		expect(y.split('\n').slice(1, 8)).toEqual(['apiVersion: hopscope/v1', 'kind: Scenario', 'metadata:', '  name: shop-staging', 'spec:', '  title: "Shop — staging"', '  summary: "A Hopscope workspace: web.yaml, nested/db.yml, creds.yaml"']);
		expect(y).toContain('---\n# hopscope-file: "nested/db.yml" noeol\n');
		expect(y).not.toContain('hunter2');
		// it loads as a scenario: the header's title, every Service, no errors
		const loaded = loadScenario([{ name: 'shop.yaml', text: y }]);
		expect(loaded.header?.title).toBe('Shop — staging');
		expect(loaded.cluster.services.map((s) => s.name).sort()).toEqual(['api', 'db', 'web']);
		expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
	});

	it('round-trips exactly, a file without a final newline included', () => {
		const r = workspaceFromYaml(workspaceToYaml(ws), 'shop.yaml');
		expect(r).toEqual({ ok: true, workspace: { ...ws, files: ws.files.map((f) => ({ ...f, text: redacted(f.text) })) } });
	});

	it('keeps a preset file\'s own header instead of adding one', () => {
		const text = readFileSync('scenarios/k8s-demo.yaml', 'utf8');
		const y = workspaceToYaml({ name: 'k8s-demo (edited)', files: [{ name: 'k8s-demo.yaml', text }], active: 0, view: 'architecture', presetId: 'k8s-demo' });
		expect(y.match(/^kind: Scenario$/gm)).toHaveLength(1);
		expect(workspaceFromYaml(y, 'x.yaml')).toEqual({ ok: true, workspace: { name: 'k8s-demo (edited)', files: [{ name: 'k8s-demo.yaml', text }], active: 0, view: 'architecture', presetId: 'k8s-demo' } });
	});

	it('any other YAML becomes one file, named after its header title', async () => {
		const text = readFileSync('scenarios/k8s-demo.yaml', 'utf8');
		const r = await importWorkspaceFile('k8s-demo.yaml', new TextEncoder().encode(text));
		expect(r.ok && r.workspace.files).toEqual([{ name: 'k8s-demo.yaml', text }]);
		expect(r.ok && r.workspace.name).toMatch(/^k8s-demo: /);
		const plain = workspaceFromYaml(svc('x'), 'plain.yml');
		expect(plain).toEqual({ ok: true, workspace: { name: 'plain', files: [{ name: 'plain.yml', text: svc('x') }], active: 0, view: 'architecture', presetId: null } });
	});
});
