import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/lib/util/hash';
import { makeRng, pickWeighted, seedOf } from '../../src/lib/util/rng';
import { formatMs, parseDuration } from '../../src/lib/util/duration';

describe('fnv1a (UTF-8 bytes)', () => {
	it('matches the published FNV-1a 32-bit vectors', () => {
		// test vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv): "" and "a", "foobar"
		expect(fnv1a('')).toBe(0x811c9dc5);
		expect(fnv1a('a')).toBe(0xe40c292c);
		expect(fnv1a('foobar')).toBe(0xbf9cf968);
	});

	it('hashes the UTF-8 encoding, as Go hash/fnv does with []byte(s)', () => {
		const bytesHash = (s: string) => {
			let h = 0x811c9dc5;
			for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193);
			return h >>> 0;
		};
		for (const s of ['é', 'ü-name', 'サービス', '😀/pod', 'default/web'])
			expect(fnv1a(s), s).toBe(bytesHash(s));
		// é is C3 A9 in UTF-8, not the single Latin-1 byte E9 the old model hash folded it to
		expect(fnv1a('é')).toBe(Math.imul(Math.imul(0x811c9dc5 ^ 0xc3, 0x01000193) ^ 0xa9, 0x01000193) >>> 0);
		expect(fnv1a('é')).not.toBe(Math.imul(0x811c9dc5 ^ 0xe9, 0x01000193) >>> 0);
	});
});

describe('makeRng (mulberry32)', () => {
	it('gives the mulberry32 sequence for seed 1 and repeats per seed', () => {
		const a = makeRng(1);
		const first = [a.next(), a.next(), a.next()];
		// mulberry32(1): 0.6270739405881613, 0.002735721180215478, 0.5274470399599522
		expect(first).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
		const b = makeRng(42);
		const c = makeRng(42);
		const xs = Array.from({ length: 1000 }, () => b.next());
		expect(xs).toEqual(Array.from({ length: 1000 }, () => c.next()));
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(new Set(xs).size).toBeGreaterThan(990);
	});

	it('int(lo, hi) covers both ends; chance(0/100) draws nothing', () => {
		const r = makeRng(7);
		const seen = new Set(Array.from({ length: 200 }, () => r.int(1, 3)));
		expect([...seen].sort()).toEqual([1, 2, 3]);
		const s = makeRng(9);
		const t = makeRng(9);
		expect(s.chance(0)).toBe(false);
		expect(s.chance(100)).toBe(true);
		expect(s.next()).toBe(t.next());
	});

	it('string seeds go through FNV-1a; numbers are taken as uint32', () => {
		expect(seedOf('demo')).toBe(fnv1a('demo'));
		expect(seedOf(-1)).toBe(0xffffffff);
		expect(makeRng('demo').next()).toBe(makeRng(fnv1a('demo')).next());
	});

	it('pickWeighted draws in proportion and -1 when all weights are 0', () => {
		const r = makeRng(3);
		const n = [0, 0];
		for (let i = 0; i < 10000; i++) n[pickWeighted(r, [80, 20])]++;
		expect(n[0]).toBeGreaterThan(7700);
		expect(n[0]).toBeLessThan(8300);
		expect(pickWeighted(r, [0, 0])).toBe(-1);
		expect(pickWeighted(r, [0, 5])).toBe(1);
	});
});

describe('parseDuration', () => {
	it('reads Go-style durations into milliseconds', () => {
		expect(parseDuration('1.5s')).toBe(1500);
		expect(parseDuration('100ms')).toBe(100);
		expect(parseDuration('1h2m')).toBe(3_720_000);
		expect(parseDuration('1m30s')).toBe(90_000);
		expect(parseDuration('250us')).toBe(0.25);
		expect(parseDuration(2)).toBe(2000);
	});

	it('rejects what is not a duration', () => {
		for (const v of ['', 's', '5', '1.5', '-1s', '5 s', '5sec', '1s ms', null, {}, -3, Number.NaN]) expect(parseDuration(v), String(v)).toBeNull();
	});

	it('formatMs prints seconds from 1s up', () => {
		expect(formatMs(7000)).toBe('7s');
		expect(formatMs(1500)).toBe('1.5s');
		expect(formatMs(250)).toBe('250ms');
	});
});

describe('fnv1a edge cases', () => {
	it('lone surrogates hash as U+FFFD, like TextEncoder', () => {
		const enc = (s: string) => {
			let h = 0x811c9dc5;
			for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193);
			return h >>> 0;
		};
		for (const s of ['a\ud800b', '\udc00', 'x\ud83d', '\ud83d\ude00\ud83d']) expect(fnv1a(s), JSON.stringify(s)).toBe(enc(s));
	});
});
