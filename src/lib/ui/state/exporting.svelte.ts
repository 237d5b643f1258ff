// The Export menu's state: which export runs, its progress, Cancel, the last
// error. The work is in ui/export (loaded on first use); this gathers what
// it needs from the app — the scene on screen, the theme's colours, and what
// plays as a tape — and hands the file to the browser's download.
import type { AppState } from './app.svelte';
import { stepMs } from '../../view';
import type { VideoTape } from '../export/frames';

export type ExportKind = 'svg' | 'png1' | 'png2' | 'png4' | 'webm' | 'mp4' | 'gif' | 'html';

const load = () => import('../export/browser');
const loadPure = () => import('../export');

export class Exporter {
	/** the export running, with its progress (0–1) */
	busy = $state<ExportKind | null>(null);
	progress = $state(0);
	message = $state<string | null>(null);
	/** video formats this browser encodes; null until asked */
	support = $state<{ webm: string | null; mp4: string | null } | null>(null);
	private abort: AbortController | null = null;
	private readonly app: AppState;

	constructor(app: AppState) {
		this.app = app;
	}

	/** something moves on the player: a video or GIF can be made */
	get canFilm(): boolean {
		return this.app.playback.active && (this.app.playback.player.count > 0);
	}

	async checkSupport() {
		if (this.support) return;
		try {
			this.support = await (await load()).videoSupport();
		} catch {
			this.support = { webm: null, mp4: null };
		}
	}

	cancel() {
		this.abort?.abort();
	}

	async run(kind: ExportKind) {
		const scene = this.app.scene;
		if (!scene || this.busy) return;
		this.busy = kind;
		this.progress = 0;
		this.message = null;
		this.abort = new AbortController();
		try {
			const b = await load();
			const { sceneToSvg } = await loadPure();
			const title = this.app.doc.title;
			const stem = `${b.fileStem(title)}-${scene.view}`;
			const palette = b.themePalette();
			const svg = () => sceneToSvg(scene, { palette, title: `Hopscope: ${title}` });
			if (kind === 'svg') b.download(b.svgBlob(svg()), `${stem}.svg`);
			else if (kind === 'png1' || kind === 'png2' || kind === 'png4') {
				const scale = Number(kind.slice(3));
				b.download(await b.pngBlob(svg(), scale), `${stem}@${scale}x.png`);
			} else if (kind === 'webm' || kind === 'mp4' || kind === 'gif') {
				const tape = await this.tape();
				if (!tape) throw new Error('Nothing plays: start a packet, a request or a walkthrough step first.');
				const pb = this.app.playback;
				const gif = kind === 'gif';
				const opts = {
					palette,
					title,
					timing: { fps: gif ? 10 : 30, stepMs: stepMs(pb.player), moveMs: pb.moveMs },
					signal: this.abort.signal,
					onprogress: (done: number, total: number) => (this.progress = done / total)
				};
				const blob = gif ? await b.gifBlob(scene, tape, opts) : await b.videoBlob(scene, tape, kind, opts);
				b.download(blob, `${stem}.${kind}`);
			} else if (kind === 'html') {
				const { htmlExport } = await import('../export/html');
				b.download(await htmlExport(this.app), `${stem}.html`);
			}
			this.progress = 1;
		} catch (e) {
			this.message = e instanceof DOMException && e.name === 'AbortError' ? 'Export cancelled.' : `Export failed: ${e instanceof Error ? e.message : String(e)}`;
		} finally {
			this.busy = null;
			this.abort = null;
		}
	}

	/** What plays, as frames: the trace (a walkthrough step's narration leads its captions), the request or the simulation. */
	private async tape(): Promise<VideoTape | null> {
		const { hopTape, captionTape } = await loadPure();
		const { playback, overlay, features } = this.app;
		const p = playback.playing;
		if (playback.traced) return hopTape(overlay.path, playback.traced.hops, p.kind === 'walkthrough' ? p.narration.title : undefined);
		if (playback.request) return hopTape(overlay.requestPath, playback.request.hops);
		const sim = playback.simulation;
		if (sim && features.res) {
			const res = features.res;
			return captionTape(sim.run.result.events.map((ev) => res.describeEvent(ev)));
		}
		return null;
	}
}
