// FNV-1a, 32 bits, over the UTF-8 bytes of a string: the one hash behind the
// deterministic stand-ins for random names (pod-template-hash, pod suffixes,
// veth names, allocated addresses) and string seeds. Go's hash/fnv hashes a
// string's UTF-8 bytes too, so non-Latin-1 text hashes as Kubernetes would.

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** FNV-1a 32-bit hash of the string's UTF-8 encoding, as an unsigned integer. */
export function fnv1a(s: string): number {
	let h = OFFSET;
	const byte = (b: number) => {
		h = Math.imul(h ^ b, PRIME);
	};
	for (const ch of s) {
		const c = ch.codePointAt(0)!;
		if (c < 0x80) byte(c);
		else if (c < 0x800) {
			byte(0xc0 | (c >> 6));
			byte(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			// a lone surrogate encodes as U+FFFD, as TextEncoder does
			const u = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
			byte(0xe0 | (u >> 12));
			byte(0x80 | ((u >> 6) & 0x3f));
			byte(0x80 | (u & 0x3f));
		} else {
			byte(0xf0 | (c >> 18));
			byte(0x80 | ((c >> 12) & 0x3f));
			byte(0x80 | ((c >> 6) & 0x3f));
			byte(0x80 | (c & 0x3f));
		}
	}
	return h >>> 0;
}
