// Deterministic stand-ins for the random parts of Kubernetes object names.
// The real controllers use FNV-32a (pod-template-hash) and a random 5-char
// suffix; we derive both from names so the same input gives the same pods.

/** Kubernetes' "safe" alphanumerics (no vowels, no 0/1/3: avoids words and look-alikes). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit hash of a string (UTF-16 code units folded to bytes). */
export function fnv1a(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		h ^= c & 0xff;
		h = Math.imul(h, 0x01000193);
		if (c > 0xff) {
			h ^= c >>> 8;
			h = Math.imul(h, 0x01000193);
		}
	}
	return h >>> 0;
}

/**
 * Like rand.SafeEncodeString(fmt.Sprint(hash)) in the ReplicaSet controller:
 * each decimal digit mapped onto the safe alphabet (so 10 chars for a uint32,
 * left-padded here so the length is always 10).
 */
export function podTemplateHash(key: string): string {
	const digits = String(fnv1a(key)).padStart(10, '0');
	let out = '';
	for (let i = 0; i < digits.length; i++) out += SAFE_ALPHABET[digits.charCodeAt(i) % SAFE_ALPHABET.length];
	return out;
}

/** A 5-char suffix from the safe alphabet, derived from the key (27^5 < 2^32: one hash is enough). */
export function nameSuffix(key: string, length = 5): string {
	let h = fnv1a(key);
	let out = '';
	for (let i = 0; i < length; i++) {
		out += SAFE_ALPHABET[h % SAFE_ALPHABET.length];
		h = Math.floor(h / SAFE_ALPHABET.length);
	}
	return out;
}
