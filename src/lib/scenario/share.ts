// Share links: the whole workspace (file names + texts) in one URL-safe token.
//
// Format `1.<base64url of UTF-8 JSON [[name, text], …]>` — no compression, on
// purpose: it stays synchronous and dependency-free in the browser and Node.
// The leading version digit leaves room for a compressed `2.` format later
// (CompressionStream('deflate-raw') is async, so it would need an async API).
// JSON.stringify escapes lone surrogates, so every JS string round-trips exactly.
import type { InputFile } from '../manifest';

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
		const data: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
		if (!Array.isArray(data)) return null;
		const files: InputFile[] = [];
		for (const item of data) {
			if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || typeof item[1] !== 'string') return null;
			files.push({ name: item[0], text: item[1] });
		}
		return files;
	} catch {
		return null;
	}
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
