import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeWorkspace, encodeWorkspace, fromBase64Url, toBase64Url } from '../../src/lib/scenario/share';

describe('share links', () => {
	it('round-trips unicode, emoji, lone surrogates and hostile names', () => {
		const files = [
			{ name: 'a.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: grüße-日本語-🚀\n' },
			{ name: '../../etc/passwd', text: '"\'<script>alert(1)</script>\u0000\u2028\u2029\r\n' },
			{ name: 'lone\ud800surrogate', text: '\udfff\ud83d' },
			{ name: '', text: '' }
		];
		const token = encodeWorkspace(files);
		expect(token).toMatch(/^1\.[A-Za-z0-9_-]*$/);
		expect(decodeWorkspace(token)).toEqual(files);
	});

	it('round-trips any list of files (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.record({ name: fc.string(), text: fc.string({ unit: 'binary' }) }), { maxLength: 5 }), (files) => {
				expect(decodeWorkspace(encodeWorkspace(files))).toEqual(files);
			}),
			{ numRuns: 200 }
		);
	});

	it.each([
		['empty', ''],
		['no version', 'abc'],
		['wrong version', '2.W10'],
		['bad alphabet', '1.W1+='],
		['impossible length', '1.W'],
		['not JSON', '1.' + toBase64Url(new TextEncoder().encode('{oops'))],
		['not a list', '1.' + toBase64Url(new TextEncoder().encode('{"a":1}'))],
		['wrong item shape', '1.' + toBase64Url(new TextEncoder().encode('[["a"]]'))],
		['non-string text', '1.' + toBase64Url(new TextEncoder().encode('[["a",1]]'))],
		['invalid UTF-8', '1.' + toBase64Url(new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]))]
	])('decodes garbage (%s) to null', (_, token) => {
		expect(decodeWorkspace(token)).toBeNull();
	});

	it('never throws on arbitrary input (property)', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				const out = decodeWorkspace('1.' + s);
				expect(out === null || Array.isArray(out)).toBe(true);
				expect(decodeWorkspace(s) === null || Array.isArray(decodeWorkspace(s))).toBe(true);
			}),
			{ numRuns: 300 }
		);
		expect(decodeWorkspace(undefined as unknown as string)).toBeNull();
	});

	it('base64url agrees with Node for every length mod 3', () => {
		for (const bytes of [[], [0], [0xff, 0xfe], [1, 2, 3], [250, 251, 252, 253, 254]]) {
			const u = new Uint8Array(bytes);
			expect(toBase64Url(u)).toBe(Buffer.from(u).toString('base64url'));
			expect([...fromBase64Url(toBase64Url(u))!]).toEqual(bytes);
		}
	});
});
