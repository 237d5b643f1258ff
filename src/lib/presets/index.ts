// The presets: every scenarios/*.yaml bundled as text at build time. A folder
// of its own because it is Browser/Vite only (import.meta.glob is Vite's):
// engine code and the CLI never import it.
import { catalogFrom, type PresetInfo } from '../scenario';

const files = import.meta.glob('/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const presets: PresetInfo[] = catalogFrom(files);

export function presetById(id: string): PresetInfo | undefined {
	return presets.find((p) => p.id === id);
}
