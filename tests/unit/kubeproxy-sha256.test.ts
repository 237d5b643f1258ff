import { describe, expect, it } from 'vitest';
import { base32, sha256, sha256String, toHex } from '../../src/lib/net/sha256';

describe('sha256 (FIPS 180-4 vectors)', () => {
	it.each([
		['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
		['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
		['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
		['The quick brown fox jumps over the lazy dog', 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592']
	])('sha256(%j)', (input, hex) => {
		expect(toHex(sha256String(input))).toBe(hex);
	});
	it('one million a (multi-block)', () => {
		expect(toHex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
	});
	it('55/56/64-byte boundaries', () => {
		expect(toHex(sha256String('a'.repeat(55)))).toBe('9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318');
		expect(toHex(sha256String('a'.repeat(56)))).toBe('b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a');
		expect(toHex(sha256String('a'.repeat(64)))).toBe('ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb');
	});
});

describe('base32 (RFC 4648 §10 vectors)', () => {
	it.each([
		['', ''],
		['f', 'MY======'],
		['fo', 'MZXQ===='],
		['foo', 'MZXW6==='],
		['foob', 'MZXW6YQ='],
		['fooba', 'MZXW6YTB'],
		['foobar', 'MZXW6YTBOI======']
	])('base32(%j) = %j', (input, out) => {
		expect(base32(new TextEncoder().encode(input))).toBe(out);
	});
});
