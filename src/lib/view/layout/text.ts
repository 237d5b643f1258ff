// Deterministic text-width estimate for the system sans-serif stack. Layout
// runs in a worker and in Node, where no canvas can measure text, so widths
// come from per-character classes (em fractions tuned on Helvetica/Arial/DejaVu
// and rounded up a little so labels never overflow their boxes).

// Regular-weight advance widths (em) of DejaVu Sans, the widest common
// fallback of the system stack; Helvetica/Segoe/Roboto come out narrower, so
// boxes may be a little roomy there but text never overflows.
const LOWER: Record<string, number> = {
	a: 0.61, b: 0.63, c: 0.55, d: 0.63, e: 0.62, f: 0.35, g: 0.63, h: 0.63, i: 0.28, j: 0.28, k: 0.58, l: 0.28, m: 0.97,
	n: 0.63, o: 0.61, p: 0.63, q: 0.63, r: 0.41, s: 0.52, t: 0.39, u: 0.63, v: 0.59, w: 0.82, x: 0.59, y: 0.59, z: 0.52
};
const PUNCT: Record<string, number> = {
	'-': 0.36, '.': 0.32, '/': 0.34, ':': 0.34, '·': 0.32, ',': 0.32, ' ': 0.32, '(': 0.39, ')': 0.39, '=': 0.84, '_': 0.5,
	'×': 0.84, '*': 0.5, '[': 0.39, ']': 0.39, "'": 0.28, '"': 0.46, '!': 0.4, '|': 0.34
};

export function charWidth(ch: string): number {
	if (ch in LOWER) return LOWER[ch];
	if (ch in PUNCT) return PUNCT[ch];
	if (ch >= '0' && ch <= '9') return 0.64;
	if (ch === 'I' || ch === 'J') return 0.3;
	if (ch === 'M' || ch === 'W') return 0.99;
	if (ch >= 'A' && ch <= 'Z') return 0.72;
	if (ch.charCodeAt(0) > 0x2000) return 1; // symbols, CJK: err wide
	return 0.64;
}

/** Estimated rendered width in px of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number): number {
	let em = 0;
	for (const ch of text) em += charWidth(ch);
	return Math.ceil(em * fontSize);
}

/** Cut `text` to fit `maxWidth`, ending in an ellipsis when cut. */
export function truncate(text: string, fontSize: number, maxWidth: number): string {
	if (textWidth(text, fontSize) <= maxWidth) return text;
	const budget = maxWidth - textWidth('…', fontSize);
	let em = 0;
	let out = '';
	for (const ch of text) {
		em += charWidth(ch) * fontSize;
		if (em > budget) break;
		out += ch;
	}
	return out + '…';
}
