// Box metrics shared by the layout (sizes) and the Diagram (drawing), so the
// estimated sizes and the drawn text agree. All in diagram px at zoom 1.
import type { GNode } from '../types';
import { textWidth, truncate } from './text';

export const FONT_TITLE = 13;
export const FONT_SUB = 12;
export const FONT_BADGE = 11;
export const PAD_X = 10;
export const ICON = 22;
export const ICON_GAP = 8;
export const MAX_TEXT = 280;
export const MIN_LEAF_W = 120;
export const LINE_TITLE = 17;
export const LINE_SUB = 16;
export const BADGE_H = 17;
/** stacks draw two cards behind the front one, offset by this much each */
export const STACK_OFFSET = 4;
/** header band of a container box (icon + title + subtitle on one line) */
export const HEADER: Record<string, number> = { cluster: 40, node: 38, namespace: 30 };
export const HEADER_DEFAULT = 34;
export const CONTAINER_PAD = 14;

// Semibold titles run a little wider than the regular-weight estimate.
const titleWidth = (s: string) => Math.ceil(textWidth(s, FONT_TITLE) * 1.12);

export function badgeWidth(b: string): number {
	return textWidth(b, FONT_BADGE) + 12;
}

export interface BoxText {
	title: string;
	subtitle?: string;
}

export function boxText(n: GNode): BoxText {
	const title = truncateTitle(n.label, n.container ? MAX_TEXT * 1.5 : MAX_TEXT);
	const subtitle = n.sublabel ? truncate(n.sublabel, FONT_SUB, n.container ? MAX_TEXT * 1.5 : MAX_TEXT) : undefined;
	return { title, subtitle };
}

function truncateTitle(s: string, max: number): string {
	return truncate(s, FONT_TITLE * 1.12, max);
}

/** Size of a leaf box, from its (cut) text. */
export function leafSize(n: GNode): { w: number; h: number } {
	const { title, subtitle } = boxText(n);
	const badges = n.badges ?? [];
	const badgesW = badges.reduce((s, b) => s + badgeWidth(b) + 4, 0);
	const textW = Math.max(titleWidth(title), subtitle ? textWidth(subtitle, FONT_SUB) : 0, badgesW);
	const extra = n.kind === 'stack' ? STACK_OFFSET * 2 : 0;
	const w = Math.max(MIN_LEAF_W, PAD_X + ICON + ICON_GAP + textW + PAD_X + 2) + extra;
	let h = 12 + LINE_TITLE + (subtitle ? LINE_SUB : 0) + (badges.length ? BADGE_H + 4 : 0);
	h = Math.max(h, ICON + 14) + extra;
	return { w, h };
}

/** Header height and minimum width of a container box. */
export function containerHeader(n: GNode): { top: number; minW: number } {
	const top = HEADER[n.kind] ?? HEADER_DEFAULT;
	const { title, subtitle } = boxText(n);
	const minW = PAD_X + 18 + ICON_GAP + titleWidth(title) + (subtitle ? 12 + textWidth(subtitle, FONT_SUB) : 0) + PAD_X;
	return { top, minW };
}

/** Where the parts of a leaf box go (box-relative px): the Diagram and the SVG export draw from this. */
export interface LeafGeometry {
	/** stacks: offset of each card behind the front one */
	off: number;
	/** the front card's size */
	cw: number;
	ch: number;
	iconY: number;
	titleY: number;
	subY: number;
	chipY: number;
	chips: { text: string; x: number; w: number }[];
}

export function leafGeometry(n: { w: number; h: number; subtitle?: string; node: Pick<GNode, 'kind' | 'badges'> }): LeafGeometry {
	const off = n.node.kind === 'stack' ? STACK_OFFSET : 0;
	const cw = n.w - 2 * off;
	const ch = n.h - 2 * off;
	const badges = n.node.badges ?? [];
	const block = LINE_TITLE + (n.subtitle ? LINE_SUB : 0) + (badges.length ? BADGE_H + 4 : 0);
	const top = Math.max(6, (ch - block) / 2);
	let bx = PAD_X + ICON + ICON_GAP;
	const chips = badges.map((b) => {
		const w = badgeWidth(b);
		const chip = { text: b, x: bx, w };
		bx += w + 4;
		return chip;
	});
	return {
		off,
		cw,
		ch,
		iconY: Math.max(6, (ch - ICON) / 2),
		titleY: top + 13,
		subY: top + LINE_TITLE + 12,
		chipY: top + LINE_TITLE + (n.subtitle ? LINE_SUB : 0) + 3,
		chips
	};
}

/** A row of badge chips (edge labels): x of each from 0, and the row's width. */
export function badgeRow(badges: readonly string[]): { chips: { text: string; x: number; w: number }[]; w: number } {
	let x = 0;
	const chips = badges.map((text) => {
		const w = badgeWidth(text);
		const c = { text, x, w };
		x += w + 4;
		return c;
	});
	return { chips, w: Math.max(0, x - 4) };
}
