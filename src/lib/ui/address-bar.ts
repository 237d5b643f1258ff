// The moment in the page's address: read it, write it (shallow, no
// navigation), and build the full address of any moment (a Share link, an
// embed's src). moment.ts is the codec; this file knows the two builds'
// address styles (path + query + `#m=` served, all in the fragment offline).
import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { emptyMoment, fragmentHref, momentParts, parseMoment, partsFromFragment, partsFromServed, servedHref, type Moment } from './moment';

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
