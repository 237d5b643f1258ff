// Addresses inside the app. The offline build is one HTML file opened from
// disk with the hash router; there SvelteKit's resolve() yields the folder
// (`/…/build-offline#/scenario/x`), which leaves index.html for a folder
// listing. A fragment-only address (`#/scenario/x`) resolves against the page
// itself, so the offline file's links and navigation stay inside the file.
import { resolve } from '$app/paths';

/** The href of a scenario (or of the start page when `id` is null). */
export function scenarioHref(id: string | null): string {
	if (__HOPSCOPE_OFFLINE__) return id ? `#/scenario/${encodeURIComponent(id)}` : '#/';
	return id ? resolve('/scenario/[id]', { id }) : resolve('/');
}

