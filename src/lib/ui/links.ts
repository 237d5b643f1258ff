// Addresses inside the app. The offline build is one HTML file opened from
// disk with the hash router; there SvelteKit's resolve() yields the folder
// (`/…/build-offline#/scenario/x`), which leaves index.html for a folder
// listing. A fragment-only address (`#/scenario/x`) resolves against the page
// itself, so the offline file's links and navigation stay inside the file.
import { resolve } from '$app/paths';
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { emptyMoment, fragmentHref, momentParts, parseMoment, partsFromFragment, partsFromServed, servedHref, type Moment } from './moment';

/** The href of a scenario (or of the start page when `id` is null). */
export function scenarioHref(id: string | null): string {
	if (__HOPSCOPE_OFFLINE__) return id ? `#/scenario/${encodeURIComponent(id)}` : '#/';
	return id ? resolve('/scenario/[id]', { id }) : resolve('/');
}

// ---- the moment in the address (moment.ts is the codec) ----

/** The moment the page's address holds. */
export function readMoment(): Moment {
	if (typeof location === 'undefined') return emptyMoment();
	return parseMoment(__HOPSCOPE_OFFLINE__ ? partsFromFragment(location.hash) : partsFromServed(location.pathname, location.search, location.hash));
}

/** The served app's root path ('' at the origin's root), from the page's own address. */
function servedRoot(): string {
	return location.pathname.replace(/\/(?:embed\/?)?(?:scenario\/[^/]*\/?)?$/, '').replace(/\/index\.html$/, '');
}

/** The full address of a moment (a share link, an embed's src). */
export function momentUrl(m: Moment): string {
	const parts = momentParts(m);
	if (__HOPSCOPE_OFFLINE__) return `${location.href.split('#')[0]}${fragmentHref(parts)}`;
	return `${location.origin}${servedRoot()}${servedHref(parts)}`;
}

/**
 * Writes the moment into the address bar without a navigation (SvelteKit's
 * shallow replaceState, so its router keeps its history bookkeeping). The
 * route (scenario) is changed by navigating instead; the token stays out of
 * the address bar (it is built for the Share link only).
 */
export function replaceMoment(m: Moment): void {
	const href = momentUrl({ ...m, token: undefined });
	if (href === location.href) return;
	try {
		replaceState(href, page.state);
	} catch {
		// the router is not started yet: the next change writes it
	}
}
