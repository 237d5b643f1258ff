// Fixed-size bit sets over the pod list: peer matches and allowed rows are
// ORed a word at a time, which keeps `reach` over 1,000 pods × 200 policies
// well under a second (no pods² × policies × peers loop).
export type Bits = Uint32Array;

export const words = (n: number) => (n + 31) >>> 5;
export const makeBits = (n: number): Bits => new Uint32Array(words(n));
export const setBit = (b: Bits, i: number) => {
	b[i >>> 5] |= 1 << (i & 31);
};
export const hasBit = (b: Bits, i: number) => (b[i >>> 5] & (1 << (i & 31))) !== 0;

export function orInto(into: Bits, b: Bits): void {
	for (let k = 0; k < into.length; k++) into[k] |= b[k];
}

/** into |= a & b */
export function orAndInto(into: Bits, a: Bits, b: Bits): void {
	for (let k = 0; k < into.length; k++) into[k] |= a[k] & b[k];
}
