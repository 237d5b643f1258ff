// FNV-1a, 32 bits, over the UTF-8 bytes of a string: the one hash behind the
// deterministic stand-ins for random names (pod-template-hash, pod suffixes,
// veth names, allocated addresses) and string seeds. Go's hash/fnv hashes a
// string's UTF-8 bytes too, so non-Latin-1 text hashes as Kubernetes would.

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a 32-bit hash of the string's UTF-8 encoding, as an unsigned integer. */
export function fnv1a(s: string): number {
	let h = OFFSET;
	for (let i = 0; i < s.length; i++) {
		let c = s.charCodeAt(i);
		if (c < 0x80) {
			h = Math.imul(h ^ c, PRIME);
			continue;
		}
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const lo = s.charCodeAt(i + 1);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				i++;
			}
		}
		// a lone surrogate encodes as U+FFFD, as TextEncoder does
		if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
		const bytes =
			c < 0x800
				? [0xc0 | (c >> 6), 0x80 | (c & 0x3f)]
				: c < 0x10000
					? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
					: [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
		for (const b of bytes) h = Math.imul(h ^ b, PRIME);
	}
	return h >>> 0;
}
