// Workspace export and import for the app (the ⋯ menu, drops), loaded on
// first use: the formats are store/transfer; this module reads and writes the
// files and says what happened in the app's notice. redactSource comes from
// the caller (so this lazily loaded module shares no code with the first
// download).
import type { AppState } from './app.svelte';

type Redact = (text: string) => string;

export async function importFile(app: AppState, f: File, redact: Redact): Promise<void> {
	try {
		const m = await import('../../store/transfer');
		const r = await m.importWorkspaceFile(f.name, new Uint8Array(await f.arrayBuffer()), redact);
		const failed = r.ok ? await app.importWorkspace(r.workspace) : r.message;
		app.notice = failed ? { text: failed } : { text: `Imported "${app.workspaceName}" as a new workspace.` };
	} catch (e) {
		app.notice = { text: `Could not import ${f.name}: ${e instanceof Error ? e.message : String(e)}` };
	}
}

export async function exportWorkspace(app: AppState, kind: 'zip' | 'yaml', redact: Redact): Promise<void> {
	const m = await import('../../store/transfer');
	const ws = { name: app.workspaceName, files: app.doc.ws.files, active: app.doc.ws.active, view: app.doc.ws.view, presetId: app.doc.ws.presetId };
	const data = kind === 'zip' ? await m.workspaceToZip(ws, redact) : m.workspaceToYaml(ws, redact);
	const blob = new Blob([data as BlobPart], { type: kind === 'zip' ? 'application/zip' : 'application/yaml' });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = m.exportFileName(ws.name, kind);
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
