// Deterministic stand-ins for the random parts of Kubernetes object names.
// The real controllers use FNV-32a (pod-template-hash) and a random 5-char
// suffix; we derive both from names so the same input gives the same pods.
import { fnv1a } from '../util';

/** Kubernetes' "safe" alphanumerics (no vowels, no 0/1/3: avoids words and look-alikes). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

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
