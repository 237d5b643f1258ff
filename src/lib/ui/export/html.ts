// HTML export: one self-contained file, like the offline build, that opens
// straight into this moment with its manifests inside (for a USB stick, or
// slides that embed HTML). The file is the offline build itself — in the
// offline file, this very document (its scripts and styles are all inline);
// in the served app, the copy the build emits beside it (offline.html) — with
// the moment in a JSON data block the app reads on boot (moment.ts). A data
// block is not a script, so the file's Content-Security-Policy is untouched.
import { base } from '$app/paths';
import { redactFiles } from '../../manifest';
import { encodeWorkspace } from '../../scenario';
import type { AppState } from '../state/app.svelte';
import { MOMENT_ID, type Moment } from './moment';

/** The offline document as it was before the app drew into it. */
function ownSource(): string {
	const root = document.documentElement.cloneNode(true) as HTMLElement;
	// the app renders into the element holding the start script: keep only the scripts
	for (const holder of root.querySelectorAll('body > div')) for (const child of [...holder.childNodes]) if (!(child instanceof HTMLScriptElement)) child.remove();
	for (const el of [...root.querySelectorAll('body > :not(div):not(script)')]) el.remove();
	root.querySelector(`#${MOMENT_ID}`)?.remove();
	for (const a of ['data-hopscope-ready', 'data-theme', 'style']) root.removeAttribute(a);
	return `<!doctype html>\n${root.outerHTML}`;
}

async function offlineSource(): Promise<string> {
	if (__HOPSCOPE_OFFLINE__) return ownSource();
	const res = await fetch(new URL(`${base}/offline.html`, location.href));
	const text = res.ok ? await res.text() : '';
	// a static server may answer a missing file with the app's index.html: the offline file is the one that allows no network
	if (!/connect-src 'none'/.test(text)) throw new Error('this build has no offline copy (offline.html): build with `npm run build`, which writes it');
	return text;
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`. */
export function scriptSafeJson(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function injectMoment(html: string, moment: Moment): string {
	const block = `<script type="application/json" id="${MOMENT_ID}">${scriptSafeJson(moment)}</script>`;
	const at = html.indexOf('</head>');
	if (at < 0) throw new Error('the offline file has no </head>');
	return html.slice(0, at) + block + html.slice(at);
}

export function momentOf(app: AppState): Moment {
	const { doc, playback, present, view } = app;
	return {
		v: 1,
		workspace: encodeWorkspace(redactFiles(doc.ws.files)),
		presetId: doc.ws.presetId,
		view: doc.ws.view,
		step: present.step >= 0 ? present.step : undefined,
		flow: present.step < 0 && playback.flow ? $state.snapshot(playback.flow) : undefined,
		hop: playback.player.count ? playback.player.index : undefined,
		theme: view.theme
	};
}

export async function htmlExport(app: AppState): Promise<Blob> {
	return new Blob([injectMoment(await offlineSource(), momentOf(app))], { type: 'text/html' });
}
