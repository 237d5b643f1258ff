// The diagram as one standalone SVG document, built from the laid-out Scene
// alone (no DOM), so the browser's Export and the CLI's `render` write the
// same file. It draws what Diagram.svelte draws — containers, edges with
// their dash patterns and arrowheads, leaf cards with icon, title, subtitle
// and badges — at full size (the whole scene, not the viewport), with every
// colour resolved to a concrete value (no CSS variables, no <style>, no
// external references, no scripts, no foreignObject), and text as <text>, so
// Inkscape and browsers open it as it is.
import type { Point, Scene, SceneNode } from '../../view';
import { BADGE_H, FONT_BADGE, HEADER, HEADER_DEFAULT, ICON, ICON_GAP, PAD_X, badgeRow, leafGeometry } from '../../view/layout';
import { BADGE_PATH, familyColor, iconFor } from '../icons';
import { EDGE_STYLES, badgeTone, edgeBadgeTone, edgeStyle, type ChipTone } from '../diagram/edge-styles';

/** Resolves a theme variable name (`--d-box-fill`) to a concrete colour. */
export type Palette = (name: string) => string;

/** A packet drawn on the diagram (video frames): where it is and the trail behind it. */
export interface SvgPacket {
	x: number;
	y: number;
	trail: [number, number][];
	tone: 'request' | 'reply' | 'dns';
	label?: string;
}

export interface SvgOptions {
	palette: Palette;
	/** the document's <title> */
	title?: string;
	/** space around the scene, px (default 16) */
	margin?: number;
	/** nodes lit (the packet's hop); the others are drawn as they are */
	highlight?: readonly string[];
	packet?: SvgPacket | null;
	/** frame the scene into exactly this size (video frames), letterboxed */
	frame?: { width: number; height: number };
	/** a caption band at the bottom (video frames) */
	caption?: string;
	/**
	 * Video frames are drawn in two layers: the diagram (with the hop lit and
	 * the caption) changes once a step, the packet every frame. 'packet' is a
	 * transparent document with the packet alone, placed like the diagram.
	 */
	layer?: 'all' | 'diagram' | 'packet';
}

/** The sans-serif stack of the app, with the fonts resvg finds on Linux and a generic fallback. */
export const SVG_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";
export const SVG_MONO = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";

/** XML text and attribute escaping: every label comes from a manifest. */
export function xmlEscape(s: string): string {
	// characters XML 1.0 forbids outright are dropped, so the file always parses
	// eslint-disable-next-line no-control-regex
	return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** `var(--x)` (or `var(--x, fallback)`) → the palette's value; other values pass through. */
export function resolveColor(value: string, palette: Palette): string {
	const m = /^var\((--[\w-]+)(?:,\s*(.+))?\)$/.exec(value.trim());
	if (!m) return value;
	return palette(m[1]) || (m[2] ? resolveColor(m[2], palette) : '#000');
}

const f = (n: number) => String(Math.round(n * 100) / 100);

interface Ctx {
	c: (cssVar: string) => string;
	out: string[];
}

function attrs(a: Record<string, string | number | undefined>): string {
	return Object.entries(a)
		.filter(([, v]) => v !== undefined && v !== '')
		.map(([k, v]) => ` ${k}="${typeof v === 'number' ? f(v) : xmlEscape(v!)}"`)
		.join('');
}

function icon(ctx: Ctx, kind: string, x: number, y: number, size: number) {
	const ic = iconFor(kind);
	const fam = resolveColor(familyColor(ic.family), ctx.c as Palette);
	const glyph = ctx.c('--k-glyph');
	ctx.out.push(`<g transform="translate(${f(x)} ${f(y)}) scale(${f(size / 24)})">`);
	ctx.out.push(`<path d="${BADGE_PATH}" fill="${fam}"/>`);
	if (ic.glyph) ctx.out.push(`<path d="${ic.glyph}" fill="none" stroke="${glyph}" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>`);
	if (ic.fill) ctx.out.push(`<path d="${ic.fill}" fill="${glyph}"/>`);
	ctx.out.push('</g>');
}

function container(ctx: Ctx, n: SceneNode) {
	const k = n.node.kind;
	const top = HEADER[k] ?? HEADER_DEFAULT;
	const [fill, stroke] = k === 'node' ? ['--d-node-fill', '--d-node-stroke'] : k === 'namespace' ? ['--d-ns-fill', '--d-ns-stroke'] : ['--d-cluster-fill', '--d-cluster-stroke'];
	ctx.out.push(`<g${attrs({ transform: `translate(${f(n.x)} ${f(n.y)})`, 'data-kind': n.node.ref.kind, 'data-namespace': n.node.ref.namespace, 'data-name': n.node.ref.name })}>`);
	ctx.out.push(`<rect${attrs({ width: n.w, height: n.h, rx: k === 'namespace' ? 8 : 12, fill: ctx.c(fill), stroke: ctx.c(stroke), 'stroke-width': 1.2, 'stroke-dasharray': k === 'namespace' ? '5 4' : undefined })}/>`);
	icon(ctx, k === 'namespace' ? 'namespace' : n.node.ref.kind, PAD_X, (top - 18) / 2, 18);
	const size = k === 'cluster' ? 14 : 13;
	ctx.out.push(`<text${attrs({ x: PAD_X + 18 + ICON_GAP, y: top / 2 + 4.5, 'font-size': size, fill: ctx.c('--text') })}>`);
	ctx.out.push(`<tspan font-weight="600">${xmlEscape(n.title)}</tspan>`);
	if (n.subtitle) ctx.out.push(`<tspan${attrs({ dx: 10, 'font-size': 12, fill: ctx.c('--muted') })}>${xmlEscape(n.subtitle)}</tspan>`);
	ctx.out.push('</text></g>');
}

function leaf(ctx: Ctx, n: SceneNode, lit: boolean) {
	const g = leafGeometry(n);
	const internet = n.node.kind === 'internet';
	const cardFill = ctx.c(internet ? '--panel-2' : '--d-box-fill');
	const cardStroke = lit ? ctx.c('--d-selected') : ctx.c('--d-box-stroke');
	const dash = internet ? '4 3' : n.node.kind === 'unknown' ? '3 3' : undefined;
	ctx.out.push(`<g${attrs({ transform: `translate(${f(n.x)} ${f(n.y)})`, 'data-kind': n.node.ref.kind, 'data-namespace': n.node.ref.namespace, 'data-name': n.node.ref.name, 'data-count': n.node.count })}>`);
	// the full name (a title may be cut to fit its box): tooltips, search, screen readers
	ctx.out.push(`<title>${xmlEscape(n.node.label + (n.node.sublabel ? ` — ${n.node.sublabel}` : ''))}</title>`);
	if (g.off) {
		for (const [x, y] of [[2 * g.off, 0], [g.off, g.off]])
			ctx.out.push(`<rect${attrs({ x, y, width: g.cw, height: g.ch, rx: 8, fill: cardFill, stroke: ctx.c('--d-box-stroke'), 'stroke-width': 1, opacity: 0.85 })}/>`);
	}
	ctx.out.push(`<g transform="translate(0 ${f(2 * g.off)})">`);
	ctx.out.push(`<rect${attrs({ width: g.cw, height: g.ch, rx: 8, fill: cardFill, stroke: cardStroke, 'stroke-width': lit ? 2.2 : 1, 'stroke-dasharray': dash })}/>`);
	icon(ctx, n.node.kind === 'stack' ? 'stack' : n.node.ref.kind, PAD_X, g.iconY, ICON);
	const tx = PAD_X + ICON + ICON_GAP;
	ctx.out.push(`<text${attrs({ x: tx, y: g.titleY, 'font-size': 13, 'font-weight': 600, fill: ctx.c('--text') })}>${xmlEscape(n.title)}</text>`);
	if (n.subtitle) ctx.out.push(`<text${attrs({ x: tx, y: g.subY, 'font-size': 12, fill: ctx.c('--muted') })}>${xmlEscape(n.subtitle)}</text>`);
	for (const c of g.chips) chip(ctx, c.text, c.x, g.chipY, c.w, badgeTone(c.text));
	ctx.out.push('</g></g>');
}

const TONES: Record<ChipTone, [string, string]> = { '': ['--d-chip-fill', '--d-chip-text'], bad: ['--bad-soft', '--bad'], warn: ['--warn-soft', '--text'], mesh: ['--accent-soft', '--accent'] };

/** A badge chip, as the Diagram draws it. */
function chip(ctx: Ctx, text: string, x: number, y: number, w: number, tone: ChipTone) {
	const [fill, ink] = TONES[tone];
	ctx.out.push(`<g transform="translate(${f(x)} ${f(y)})"><rect${attrs({ width: w, height: BADGE_H, rx: BADGE_H / 2, fill: ctx.c(fill) })}/>`);
	ctx.out.push(`<text${attrs({ x: w / 2, y: BADGE_H / 2 + FONT_BADGE / 2 - 1.5, 'text-anchor': 'middle', 'font-size': 11, fill: ctx.c(ink) })}>${xmlEscape(text)}</text></g>`);
}

function packetMarks(ctx: Ctx, p: SvgPacket) {
	const col = ctx.c(p.tone === 'reply' ? '--ok' : p.tone === 'dns' ? '--info' : '--accent');
	const dash = p.tone === 'reply' ? '6 5' : p.tone === 'dns' ? '2 5' : undefined;
	if (p.trail.length > 1)
		ctx.out.push(`<polyline${attrs({ points: p.trail.map(([x, y]) => `${f(x)},${f(y)}`).join(' '), fill: 'none', stroke: col, 'stroke-width': 3, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', opacity: 0.55, 'stroke-dasharray': dash })}/>`);
	ctx.out.push(`<g transform="translate(${f(p.x)} ${f(p.y)})"><circle r="11" fill="${col}" opacity="0.25"/><circle r="7" fill="${col}" stroke="${ctx.c('--panel')}" stroke-width="2"/>`);
	if (p.label) {
		const w = p.label.length * 6.6 + 14;
		ctx.out.push(`<g transform="translate(14 -26)"><rect${attrs({ width: w, height: 20, rx: 5, fill: ctx.c('--panel'), stroke: ctx.c('--line') })}/>`);
		ctx.out.push(`<text${attrs({ x: 7, y: 14, 'font-family': SVG_MONO, 'font-size': 11, fill: ctx.c('--text') })}>${xmlEscape(p.label)}</text></g>`);
	}
	ctx.out.push('</g>');
}

/** The bounds of everything drawn: boxes, edge points and labels. */
export function drawingBounds(scene: Scene): { x: number; y: number; w: number; h: number } {
	let x0 = 0;
	let y0 = 0;
	let x1 = scene.width;
	let y1 = scene.height;
	const grow = (p: Point) => {
		x0 = Math.min(x0, p.x);
		y0 = Math.min(y0, p.y);
		x1 = Math.max(x1, p.x);
		y1 = Math.max(y1, p.y);
	};
	for (const n of scene.nodes) {
		grow(n);
		grow({ x: n.x + n.w, y: n.y + n.h });
	}
	for (const e of scene.edges) for (const p of e.points) grow(p);
	return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export const CAPTION_H = 64;

export interface Placement {
	/** document size */
	width: number;
	height: number;
	/** scene → document: translate(tx ty) scale(k) */
	k: number;
	tx: number;
	ty: number;
}

/** Where the scene goes in the document: 1:1 with a margin, or fitted into a frame above its caption band. */
export function placement(scene: Scene, opts: Pick<SvgOptions, 'margin' | 'frame' | 'caption'>): Placement {
	const margin = opts.margin ?? 16;
	const b = drawingBounds(scene);
	const vw = b.w + 2 * margin;
	const vh = b.h + 2 * margin;
	if (!opts.frame) return { width: Math.ceil(vw), height: Math.ceil(vh), k: 1, tx: margin - b.x, ty: margin - b.y };
	const { width, height } = opts.frame;
	const room = height - (opts.caption !== undefined ? CAPTION_H : 0);
	const k = Math.round(Math.min(width / vw, room / vh) * 10000) / 10000;
	return { width, height, k, tx: (width - b.w * k) / 2 - b.x * k, ty: (room - b.h * k) / 2 - b.y * k };
}

/** The whole scene as a standalone SVG document (UTF-8 text). */
export function sceneToSvg(scene: Scene, opts: SvgOptions): string {
	const cache = new Map<string, string>();
	const c = (v: string) => {
		let hit = cache.get(v);
		if (hit === undefined) {
			hit = resolveColor(v.startsWith('--') ? `var(${v})` : v, opts.palette);
			cache.set(v, hit);
		}
		return hit;
	};
	const ctx: Ctx = { c, out: [] };
	const { width: W, height: H, k, tx, ty } = placement(scene, opts);
	const lit = new Set(opts.highlight ?? []);
	const out = ctx.out;
	out.push('<?xml version="1.0" encoding="UTF-8"?>');
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${xmlEscape(SVG_FONT)}">`);
	const layer = opts.layer ?? 'all';
	if (layer === 'packet') {
		out.push(`<g transform="translate(${f(tx)} ${f(ty)})${k === 1 ? '' : ` scale(${k})`}">`);
		if (opts.packet) packetMarks(ctx, opts.packet);
		out.push('</g></svg>');
		return out.join('\n');
	}
	out.push(`<title>${xmlEscape(opts.title ?? `Hopscope: ${scene.view} view`)}</title>`);
	out.push('<defs>');
	for (const type of new Set([...Object.keys(EDGE_STYLES), ...scene.edges.map((e) => e.type)])) {
		out.push(`<marker id="arrow-${xmlEscape(type.replace(/[^\w-]/g, '_'))}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M1 1.5L9 5L1 8.5z" fill="${c(edgeStyle(type).color)}"/></marker>`);
	}
	out.push('</defs>');
	out.push(`<rect width="${W}" height="${H}" fill="${c('--canvas')}"/>`);
	out.push(`<g transform="translate(${f(tx)} ${f(ty)})${k === 1 ? '' : ` scale(${k})`}">`);
	for (const n of scene.nodes) if (n.node.container) container(ctx, n);
	for (const e of scene.edges) {
		const s = edgeStyle(e.type);
		out.push(`<path${attrs({ d: e.d, fill: 'none', stroke: c(s.color), 'stroke-width': s.width, 'stroke-dasharray': s.dash || undefined, 'stroke-linecap': 'round', 'marker-end': `url(#arrow-${e.type.replace(/[^\w-]/g, '_')})`, 'data-edge': e.type })}/>`);
	}
	for (const e of scene.edges) {
		if (!e.label) continue;
		// a split's weight is drawn bold and larger, as on screen
		const weight = !!e.edge.weight;
		if (e.label.text)
			out.push(`<text${attrs({ x: e.label.x, y: e.label.y - 4, 'text-anchor': 'middle', 'font-size': weight ? 13 : 12, 'font-weight': weight ? 700 : undefined, fill: c(weight ? '--text' : '--muted'), stroke: c('--canvas'), 'stroke-width': 4, 'stroke-linejoin': 'round', 'paint-order': 'stroke', 'data-edge-label': e.type })}>${xmlEscape(e.label.text)}</text>`);
		if (e.label.badges?.length) {
			const row = badgeRow(e.label.badges);
			for (const b of row.chips) chip(ctx, b.text, e.label.x - row.w / 2 + b.x, e.label.y + 2, b.w, edgeBadgeTone(b.text));
		}
	}
	for (const n of scene.nodes) if (!n.node.container) leaf(ctx, n, lit.has(n.id));
	if (opts.packet && layer === 'all') packetMarks(ctx, opts.packet);
	out.push('</g>');
	if (opts.caption !== undefined) {
		out.push(`<rect y="${H - CAPTION_H}" width="${W}" height="${CAPTION_H}" fill="${c('--panel')}"/>`);
		out.push(`<text${attrs({ x: 24, y: H - CAPTION_H / 2 + 7, 'font-size': 20, fill: c('--text') })}>${xmlEscape(opts.caption)}</text>`);
	}
	out.push('</svg>');
	return out.join('\n');
}

/**
 * A theme's palette from the text of theme.css: the custom properties of
 * `:root[data-theme='NAME']` (light also takes plain `:root`). The CLI reads
 * the app's own theme.css with this, so both draw with the same colours.
 */
export function paletteFromCss(css: string, theme: 'light' | 'dark'): Record<string, string> {
	const out: Record<string, string> = {};
	const noComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
	for (const m of noComments.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
		const selectors = m[1].split(',').map((s) => s.trim());
		const hit = selectors.some((s) => s === `:root[data-theme='${theme}']` || s === `:root[data-theme="${theme}"]` || (theme === 'light' && s === ':root'));
		if (!hit) continue;
		for (const d of m[2].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) out[d[1]] = d[2].trim();
	}
	return out;
}
