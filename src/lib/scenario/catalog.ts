// The preset catalogue: scenario files (path → text) → sorted list of what the
// UI shows on the start page. Pure, so tests can feed it the files from disk
// and the browser can feed it Vite's import.meta.glob result.
import { parseText } from '../manifest/index';
import { LEVELS, splitScenario, type ScenarioHeader } from './header';

/** What the gallery shows of a preset: its header's card fields, plus the file. */
export interface PresetInfo extends Pick<ScenarioHeader, 'title' | 'summary' | 'level' | 'source' | 'tags'> {
	/** file name without `.yaml` (kebab-case; equals the header's metadata.name) */
	id: string;
	/** the whole file, ready for loadScenario([{ name: `${id}.yaml`, text }]) */
	text: string;
}

export function catalogFrom(files: Record<string, string>): PresetInfo[] {
	const out: PresetInfo[] = [];
	for (const [path, text] of Object.entries(files)) {
		const id = presetId(path);
		if (!id) continue;
		// Only the header is needed here, and it is the first document: parsing
		// every preset whole at start-up cost a 300 ms main-thread task.
		const { header } = splitScenario(parseText(`${id}.yaml`, firstDocument(text)).resources);
		out.push({
			id,
			title: header?.title || id,
			summary: header?.summary ?? '',
			level: header?.level ?? 'beginner',
			source: header?.source ?? '',
			tags: header?.tags ?? [],
			text
		});
	}
	return out.sort(
		(a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || a.title.localeCompare(b.title, 'en') || a.id.localeCompare(b.id, 'en')
	);
}

/** The text up to the second document marker (a leading `---` is skipped). */
export function firstDocument(text: string): string {
	const re = /^---[ \t]*(?:#.*)?$/gm;
	let m: RegExpExecArray | null;
	let seenContent = false;
	let last = 0;
	while ((m = re.exec(text))) {
		if (text.slice(last, m.index).replace(/^\s*#.*$/gm, '').trim()) seenContent = true;
		if (seenContent) return text.slice(0, m.index);
		last = m.index + m[0].length;
	}
	return text;
}

/** `/scenarios/k8s-demo.yaml` → `k8s-demo`; null for other files. */
export function presetId(path: string): string | null {
	const m = /(?:^|\/)([a-z0-9][a-z0-9-]*)\.ya?ml$/.exec(path);
	return m ? m[1] : null;
}
