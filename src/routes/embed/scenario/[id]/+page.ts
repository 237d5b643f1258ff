// Served build: every preset's embed is prerendered too (build/embed/scenario/<id>.html).
import { presets } from '$lib/presets';
import type { EntryGenerator } from './$types';

export const prerender = true;
export const entries: EntryGenerator = () => presets.map((p) => ({ id: p.id }));
