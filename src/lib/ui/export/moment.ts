// The moment an exported HTML file opens at: the workspace (a share token of
// scenario/share.ts, Secret values redacted), the view, the walkthrough step
// and the hop, the theme. It lives in a JSON data block of the file; the app
// reads it once on boot (AppState.mount). Hostile like any input: every
// field is checked, and a bad block is ignored.
import type { InputFile } from '../../manifest';
import { decodeWorkspace } from '../../scenario';
import type { FlowRequest } from '../../view';

export const MOMENT_ID = 'hopscope-moment';

export interface Moment {
	v: 1;
	workspace: string;
	presetId: string | null;
	view: 'architecture' | 'network' | 'mesh';
	/** walkthrough step, 0-based */
	step?: number;
	/** the packet trace playing when it is no walkthrough step */
	flow?: FlowRequest;
	/** player position, 0-based */
	hop?: number;
	theme?: 'light' | 'dark';
}

export interface BootMoment extends Omit<Moment, 'workspace'> {
	files: InputFile[];
}

const VIEWS = new Set(['architecture', 'network', 'mesh']);
const index = (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 100_000 ? (v as number) : undefined);

export function parseMoment(text: string | null | undefined): BootMoment | null {
	if (!text) return null;
	try {
		const o = JSON.parse(text) as Record<string, unknown>;
		if (!o || o.v !== 1 || typeof o.workspace !== 'string') return null;
		const files = decodeWorkspace(o.workspace);
		if (!files) return null;
		return {
			v: 1,
			files,
			presetId: typeof o.presetId === 'string' && /^[\w-]{1,100}$/.test(o.presetId) ? o.presetId : null,
			view: typeof o.view === 'string' && VIEWS.has(o.view) ? (o.view as Moment['view']) : 'architecture',
			step: index(o.step),
			flow: flowOf(o.flow),
			hop: index(o.hop),
			theme: o.theme === 'dark' || o.theme === 'light' ? o.theme : undefined
		};
	} catch {
		return null;
	}
}

const str = (v: unknown, max = 500) => (typeof v === 'string' && v.length <= max ? v : undefined);

function flowOf(v: unknown): FlowRequest | undefined {
	if (!v || typeof v !== 'object') return undefined;
	const o = v as Record<string, unknown>;
	const from = str(o.from);
	const to = str(o.to);
	if (!from || !to) return undefined;
	const port = index(o.port);
	return { name: str(o.name, 100) ?? 'custom', from, to, port: port && port < 65536 ? port : undefined, protocol: str(o.protocol, 8), path: str(o.path), seed: index(o.seed) ?? 1 };
}

/** The moment block of this document, if any. */
export function readMoment(doc: Document): BootMoment | null {
	return parseMoment(doc.getElementById(MOMENT_ID)?.textContent);
}
