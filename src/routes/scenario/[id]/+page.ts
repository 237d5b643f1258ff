// Served build: every preset's deep link is prerendered to a real file
// (build/scenario/<id>.html), so any static server answers it.
import { presets } from '$lib/presets';
import type { EntryGenerator } from './$types';

export const prerender = true;
export const entries: EntryGenerator = () => presets.map((p) => ({ id: p.id }));
