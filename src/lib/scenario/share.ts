// Share links: the whole workspace (file names + texts) in one URL-safe token.
//
// Format `1.<base64url of UTF-8 JSON [[name, text], …]>` — no compression, on
// purpose: it stays synchronous and dependency-free in the browser and Node.
// Share links use the compressed `2.` format below (encodeShare/decodeShare);
// `1.` tokens are still read.
// JSON.stringify escapes lone surrogates, so every JS string round-trips exactly.
import { redactFiles, type InputFile } from '../manifest';

const VERSION = '1';
/** refuse absurd tokens before decoding them (about 6 MB of text) */
const MAX_TOKEN = 8_000_000;

export function encodeWorkspace(files: InputFile[]): string {
	const json = JSON.stringify(files.map((f) => [f.name, f.text]));
	return `${VERSION}.${toBase64Url(new TextEncoder().encode(json))}`;
}

/** The files of a share token, or null for anything that is not a valid token. Never throws. */
export function decodeWorkspace(token: string): InputFile[] | null {
	try {
		if (typeof token !== 'string' || token.length > MAX_TOKEN) return null;
		const dot = token.indexOf('.');
		if (dot < 0 || token.slice(0, dot) !== VERSION) return null;
		const bytes = fromBase64Url(token.slice(dot + 1));
		if (!bytes) return null;
		return filesOf(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		return null;
	}
}

/** [[name, text], …] JSON → files; null for any other shape. Throws on bad JSON (callers catch). */
function filesOf(json: string): InputFile[] | null {
	const data: unknown = JSON.parse(json);
	if (!Array.isArray(data)) return null;
	const files: InputFile[] = [];
	for (const item of data) {
		if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || typeof item[1] !== 'string') return null;
		files.push({ name: item[0], text: item[1] });
	}
	return files;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
	}
	return out;
}

/** Inverse of toBase64Url; null on a character outside the alphabet or an impossible length. */
export function fromBase64Url(s: string): Uint8Array | null {
	if (s.length % 4 === 1) return null;
	const out = new Uint8Array(Math.floor((s.length * 6) / 8));
	let acc = 0;
	let bits = 0;
	let o = 0;
	for (const c of s) {
		const v = INDEX.get(c);
		if (v === undefined) return null;
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 255;
		}
		acc &= (1 << bits) - 1;
	}
	return out;
}

// ---- v2: compressed ----
//
// Format `2.<base64url of deflate-raw (RFC 1951) of the same UTF-8 JSON>`.
// fflate is imported lazily (only a Share or a link with a token needs it),
// so these two are async. Decoding inflates in chunks and gives up past
// MAX_TEXT_BYTES, so a small hostile token cannot expand into gigabytes.

/** Links hold at most this many characters of token (the README and the Share dialog say so). */
export const SHARE_CAP = 32_000;
/** inflated JSON beyond this is refused (a deflate bomb) */
export const MAX_TEXT_BYTES = 4_000_000;

export type EncodedShare = { ok: true; token: string } | { ok: false; reason: 'too-large'; length: number };

/** The files as a v2 token (Secret values cut out first), or why they do not fit in a link. */
export async function encodeShare(files: InputFile[], cap = SHARE_CAP): Promise<EncodedShare> {
	const { deflateSync } = await import('fflate');
	const json = JSON.stringify(redactFiles(files).map((f) => [f.name, f.text]));
	const token = `2.${toBase64Url(deflateSync(new TextEncoder().encode(json), { level: 9 }))}`;
	return token.length <= cap ? { ok: true, token } : { ok: false, reason: 'too-large', length: token.length };
}

/** The files of a v1 or v2 token, or null for anything else (never throws, never inflates past MAX_TEXT_BYTES). */
export async function decodeShare(token: string, maxBytes = MAX_TEXT_BYTES): Promise<InputFile[] | null> {
	if (typeof token !== 'string' || token.length > MAX_TOKEN) return null;
	if (token.startsWith('1.')) return decodeWorkspace(token);
	if (!token.startsWith('2.')) return null;
	const bytes = fromBase64Url(token.slice(2));
	if (!bytes) return null;
	try {
		const { Inflate } = await import('fflate');
		const chunks: Uint8Array[] = [];
		let total = 0;
		let done = false;
		const inflate = new Inflate((chunk, final) => {
			total += chunk.length;
			if (total > maxBytes) throw new Error('too large');
			chunks.push(chunk);
			if (final) done = true;
		});
		inflate.push(bytes, true);
		if (!done) return null;
		const all = new Uint8Array(total);
		let o = 0;
		for (const c of chunks) {
			all.set(c, o);
			o += c.length;
		}
		return filesOf(new TextDecoder('utf-8', { fatal: true }).decode(all));
	} catch {
		return null;
	}
}
