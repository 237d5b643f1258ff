// What the workspace on screen can be compared with: its stored undo points
// (before my edits), its last good version, the preset it started from, the
// other workspaces in the switcher, or a pasted / dropped live dump.
import type { InputFile } from '../../manifest';
import { presetById } from '../../presets';
import type { WorkspaceSession } from '../state/session.svelte';

export interface CompareSource {
	id: string;
	label: string;
	/** the files of the "before" side; null when they cannot be read any more */
	files: () => Promise<InputFile[] | null>;
}

export const PASTE_ID = 'paste';

const time = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The sources, most useful first: the oldest undo point is "before all my edits". */
export async function compareSources(session: WorkspaceSession, presetId: string | null): Promise<CompareSource[]> {
	const out: CompareSource[] = [];
	const points = await session.undoPoints();
	if (points.length) {
		const oldest = points[points.length - 1];
		out.push({ id: `undo-${oldest.seq}`, label: `Before my edits (${time(oldest.at)})`, files: async () => oldest.files });
		for (const p of points.slice(0, -1).slice(0, 20)) out.push({ id: `undo-${p.seq}`, label: `Undo point of ${time(p.at)}`, files: async () => p.files });
	}
	if (session.id) {
		const id = session.id;
		const good = await session.read(id);
		if (good?.lastGood) {
			const files = good.lastGood;
			out.push({ id: 'good', label: 'Last good version', files: async () => files });
		}
	}
	const preset = presetId ? presetById(presetId) : undefined;
	if (preset) out.push({ id: `preset-${preset.id}`, label: `Preset as shipped: ${preset.title}`, files: async () => [{ name: `${preset.id}.yaml`, text: preset.text }] });
	for (const w of session.list)
		if (w.id !== session.id) out.push({ id: `ws-${w.id}`, label: `Workspace: ${w.name}`, files: async () => (await session.read(w.id))?.ws.files ?? null });
	out.push({ id: PASTE_ID, label: 'A pasted or dropped live dump…', files: async () => null });
	return out;
}
