// Browser/Vite only: bundles every scenarios/*.yaml as text at build time.
// Keep engine code and the CLI away from this module (import.meta.glob is Vite's).
import { catalogFrom, type PresetInfo } from './catalog';

const files = import.meta.glob('/scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const presets: PresetInfo[] = catalogFrom(files);

export function presetById(id: string): PresetInfo | undefined {
	return presets.find((p) => p.id === id);
}
