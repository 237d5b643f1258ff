// Grid packing for the big-cluster layout: items go into vertical columns of
// bounded height, columns of one kind form a band, bands sit left to right.
// Pure arithmetic, O(items) per try, so the caller can try many heights.

export interface PackItem {
	id: string;
	w: number;
	h: number;
}

/** A placed item, relative to the content origin of its container. */
export interface Placed extends PackItem {
	x: number;
	y: number;
}

export interface PackColumn {
	x: number;
	w: number;
	/** top to bottom */
	items: Placed[];
}

/** vertical gap between items of a column (edges cross columns through it) */
export const GAP_Y = 16;
/** gap between columns of one band */
export const GUTTER = 28;
/** gap between bands: edge buses run here */
export const CHANNEL = 64;

/**
 * Column-major: fill a column up to maxH, then start the next. Consecutive
 * items stay neighbours, so pods of one workload sit together.
 */
export function columnMajor(items: PackItem[], maxH: number): Placed[][] {
	const cols: Placed[][] = [];
	let col: Placed[] = [];
	let y = 0;
	for (const it of items) {
		if (col.length && y + it.h > maxH) {
			cols.push(col);
			col = [];
			y = 0;
		}
		col.push({ ...it, x: 0, y });
		y += it.h + GAP_Y;
	}
	if (col.length) cols.push(col);
	return cols;
}

/**
 * Balanced: `k` columns, each item to the currently shortest one. Items
 * sorted by a wanted height therefore land near it, row by row.
 */
export function balanced(items: PackItem[], k: number): Placed[][] {
	const cols: Placed[][] = Array.from({ length: Math.max(1, Math.min(k, items.length)) }, () => []);
	const bottoms = cols.map(() => 0);
	for (const it of items) {
		let best = 0;
		for (let c = 1; c < cols.length; c++) if (bottoms[c] < bottoms[best]) best = c;
		cols[best].push({ ...it, x: 0, y: bottoms[best] });
		bottoms[best] += it.h + GAP_Y;
	}
	return cols.filter((c) => c.length);
}

export function columnHeight(col: Placed[]): number {
	const last = col[col.length - 1];
	return last ? last.y + last.h : 0;
}

/**
 * Bands of columns side by side: columns of a band are GUTTER apart, bands
 * CHANNEL apart. A one-column band is centred vertically (a lone Internet
 * box sits mid-height, as in the layered layout). Mutates x/y of the items.
 */
export function placeBands(bands: Placed[][][]): { columns: PackColumn[]; w: number; h: number } {
	const h = Math.max(0, ...bands.flat().map(columnHeight));
	const columns: PackColumn[] = [];
	let x = 0;
	for (const [b, band] of bands.entries()) {
		if (b > 0) x += CHANNEL - GUTTER;
		for (const col of band) {
			const w = Math.max(0, ...col.map((i) => i.w));
			const dy = band.length === 1 ? Math.round((h - columnHeight(col)) / 2) : 0;
			for (const it of col) {
				it.x = x;
				it.y += dy;
			}
			columns.push({ x, w, items: col });
			x += w + GUTTER;
		}
	}
	return { columns, w: Math.max(0, x - GUTTER), h };
}

/** Column heights worth trying: from the tallest item to everything in one column. */
export function heightCandidates(items: PackItem[], tries = 40): number[] {
	if (!items.length) return [0];
	const min = Math.max(...items.map((i) => i.h));
	const max = items.reduce((s, i) => s + i.h + GAP_Y, 0);
	if (max <= min) return [min];
	const out: number[] = [];
	for (let i = 0; i < tries; i++) out.push(Math.round(min * Math.pow(max / min, i / (tries - 1))));
	return [...new Set(out)];
}
