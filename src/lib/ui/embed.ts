// The Embed dialog's options → the embedded moment and its <iframe> snippet.
// Pure. The snippet's attributes are escaped: a title is manifest text.
import type { Moment } from './moment';

export interface EmbedOptions {
	autoplay: boolean;
	loop: boolean;
	/** 1-based walkthrough step to start at; 0: the scenario's start */
	step: number;
	theme: 'auto' | 'light' | 'dark';
	controls: boolean;
}

export const DEFAULT_EMBED: EmbedOptions = { autoplay: true, loop: false, step: 0, theme: 'auto', controls: true };

/** The moment an embed opens: this one with the embed route and the options. */
export function embedMoment(m: Moment, o: EmbedOptions): Moment {
	const e: Moment = { ...m, embed: true, panel: undefined, side: undefined, filter: m.filter, theme: o.theme === 'auto' ? undefined : o.theme };
	if (o.step > 0) {
		e.play = { kind: 'step', step: o.step, seed: 1 };
		delete e.hop;
	}
	e.autoplay = o.autoplay;
	e.loop = o.loop || undefined;
	e.controls = o.controls ? undefined : false;
	for (const k of Object.keys(e) as (keyof Moment)[]) if (e[k] === undefined) delete e[k];
	return e;
}

function attr(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The snippet to paste: 800×450 by default, sandboxed to scripts only (the embed needs nothing more). */
export function iframeSnippet(src: string, title: string, width = 800, height = 450): string {
	return `<iframe src="${attr(src)}" width="${width}" height="${height}" title="${attr(`Hopscope: ${title}`)}" style="border:0" loading="lazy" sandbox="allow-scripts"></iframe>`;
}
