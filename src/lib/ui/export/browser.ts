// The Export menu's work in the browser: SVG and PNG of the whole diagram,
// and video (WebM/MP4 via WebCodecs and mediabunny) and GIF (gifenc) of what
// plays, each frame rendered from the tape (frames.ts) as SVG and rasterised
// through an <img> into a canvas — never a screen capture. mediabunny and
// gifenc are loaded on first use, so they cost nothing before.
import type { Scene } from '../../view';
import { sceneToSvg, type Palette } from './svg';
import { frameAt, frameCount, type FrameTiming, type VideoTape } from './frames';

/** The current theme's colours, read from the page's CSS custom properties. */
export function themePalette(): Palette {
	const style = getComputedStyle(document.documentElement);
	return (name) => style.getPropertyValue(name).trim();
}

export function download(data: Blob, name: string): void {
	const url = URL.createObjectURL(data);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a title: letters, digits and dashes. */
export function fileStem(title: string): string {
	return (
		title
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'hopscope'
	);
}

export function svgBlob(svg: string): Blob {
	return new Blob([svg], { type: 'image/svg+xml' });
}

/** Draws an SVG document into the canvas (resized to the SVG's size × scale). */
export async function drawSvg(svg: string, canvas: HTMLCanvasElement | OffscreenCanvas, scale = 1, img = new Image()): Promise<void> {
	const url = URL.createObjectURL(svgBlob(svg));
	try {
		img.src = url;
		await img.decode();
		const w = Math.round(img.naturalWidth * scale);
		const h = Math.round(img.naturalHeight * scale);
		if (canvas.width !== w || canvas.height !== h) {
			canvas.width = w;
			canvas.height = h;
		}
		const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
		ctx.clearRect(0, 0, w, h);
		ctx.drawImage(img, 0, 0, w, h);
	} finally {
		URL.revokeObjectURL(url);
	}
}

export async function pngBlob(svg: string, scale: number): Promise<Blob> {
	const canvas = document.createElement('canvas');
	await drawSvg(svg, canvas, scale);
	return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

export interface MotionOptions {
	palette: Palette;
	title: string;
	timing: FrameTiming;
	/** frame size in px (default 1280×720) */
	width?: number;
	height?: number;
	onprogress?: (done: number, total: number) => void;
	signal?: AbortSignal;
}

export type VideoFormat = 'webm' | 'mp4';

/** Which video formats this browser can encode (WebCodecs), with the codec used. */
export type VideoCodecName = 'vp9' | 'vp8' | 'avc';

export async function videoSupport(width = 1280, height = 720): Promise<Record<VideoFormat, VideoCodecName | null>> {
	if (typeof VideoEncoder === 'undefined') return { webm: null, mp4: null };
	const { canEncodeVideo } = await import('mediabunny');
	const first = async (codecs: VideoCodecName[]) => {
		for (const c of codecs) if (await canEncodeVideo(c, { width, height }).catch(() => false)) return c;
		return null;
	};
	return { webm: await first(['vp9', 'vp8']), mp4: await first(['avc']) };
}

/**
 * Renders the film frame by frame into `canvas`, calling `emit` after each:
 * the diagram layer is rasterised once a step (cached), the packet layer
 * every frame on top of it.
 */
async function film(scene: Scene, tape: VideoTape, o: MotionOptions, canvas: HTMLCanvasElement, emit: (n: number, total: number) => Promise<void> | void) {
	const width = canvas.width;
	const height = canvas.height;
	const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
	const base = { palette: o.palette, title: o.title, frame: { width, height } };
	const diagram = document.createElement('canvas');
	const packet = document.createElement('canvas');
	const img = new Image();
	const total = frameCount(tape, o.timing);
	let shownStep = -1;
	for (let n = 0; n < total; n++) {
		if (o.signal?.aborted) throw aborted();
		const f = frameAt(tape, o.timing, n);
		if (f.step !== shownStep) {
			shownStep = f.step;
			await drawSvg(sceneToSvg(scene, { ...base, caption: f.caption, highlight: f.highlight, layer: 'diagram' }), diagram, 1, img);
		}
		ctx.drawImage(diagram, 0, 0);
		if (f.packet) {
			await drawSvg(sceneToSvg(scene, { ...base, caption: f.caption, packet: f.packet, layer: 'packet' }), packet, 1, img);
			ctx.drawImage(packet, 0, 0);
		}
		await emit(n, total);
		o.onprogress?.(n + 1, total);
	}
}

const aborted = () => new DOMException('Export cancelled', 'AbortError');

/** The tape as a video file, frame by frame, at the timing given. */
export async function videoBlob(scene: Scene, tape: VideoTape, format: VideoFormat, o: MotionOptions): Promise<Blob> {
	const width = o.width ?? 1280;
	const height = o.height ?? 720;
	const mb = await import('mediabunny');
	const codec = (await videoSupport(width, height))[format];
	if (!codec) throw new Error(format === 'mp4' ? 'This browser cannot encode H.264 video (MP4); export WebM instead.' : 'This browser cannot encode video (no WebCodecs VP8/VP9 encoder).');
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const output = new mb.Output({ format: format === 'webm' ? new mb.WebMOutputFormat() : new mb.Mp4OutputFormat({ fastStart: 'in-memory' }), target: new mb.BufferTarget() });
	const source = new mb.CanvasSource(canvas, { codec, quality: mb.QUALITY_HIGH, keyFrameInterval: 2 });
	output.addVideoTrack(source, { frameRate: o.timing.fps });
	await output.start();
	try {
		await film(scene, tape, o, canvas, (n) => source.add(n / o.timing.fps, 1 / o.timing.fps));
		await output.finalize();
	} catch (e) {
		await output.cancel().catch(() => {});
		throw e;
	}
	const buf = (output.target as InstanceType<typeof mb.BufferTarget>).buffer;
	if (!buf) throw new Error('the video encoder gave no data');
	return new Blob([buf], { type: format === 'webm' ? 'video/webm' : 'video/mp4' });
}

/** The tape as an animated GIF (for slide tools that cannot play video). */
export async function gifBlob(scene: Scene, tape: VideoTape, o: MotionOptions): Promise<Blob> {
	const width = o.width ?? 960;
	const height = o.height ?? 540;
	const { GIFEncoder, quantize, applyPalette } = await import('gifenc');
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
	const gif = GIFEncoder();
	let palette: number[][] | null = null;
	const delay = Math.round(1000 / o.timing.fps);
	await film(scene, tape, o, canvas, async () => {
		const { data } = ctx.getImageData(0, 0, width, height);
		// one palette for the whole film: the diagram's colours do not change, and the first frame holds the packet's
		palette ??= quantize(data, 256);
		gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay });
		// yield to the page between frames so progress paints and Cancel is heard
		await new Promise((r) => setTimeout(r, 0));
	});
	gif.finish();
	return new Blob([gif.bytes() as Uint8Array<ArrayBuffer>], { type: 'image/gif' });
}
