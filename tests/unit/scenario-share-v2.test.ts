import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { SHARE_CAP, decodeShare, encodeShare, encodeWorkspace, toBase64Url } from '../../src/lib/scenario/share';
import { readFileSync } from 'node:fs';

const secret = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db', 'data:', '  password: aHVudGVyMg==', 'stringData:', '  token: s3cr3t-value', ''].join('\n');

describe('compressed share tokens (v2)', () => {
	it('round-trips a preset, smaller than v1', async () => {
		const files = [{ name: 'bookinfo.yaml', text: readFileSync('scenarios/bookinfo.yaml', 'utf8') }];
		const r = await encodeShare(files);
		if (!r.ok) throw new Error('bookinfo should fit');
		expect(r.token).toMatch(/^2\.[A-Za-z0-9_-]+$/);
		expect(r.token.length).toBeLessThan(encodeWorkspace(files).length / 2);
		expect(await decodeShare(r.token)).toEqual(files);
	});

	it('drops Secret data and stringData values before encoding', async () => {
		const r = await encodeShare([{ name: 's.yaml', text: secret }]);
		if (!r.ok) throw new Error('fits');
		const back = await decodeShare(r.token);
		expect(back?.[0].text).not.toContain('aHVudGVyMg==');
		expect(back?.[0].text).not.toContain('s3cr3t-value');
		expect(back?.[0].text).toContain('password: "<redacted: 7 bytes>"');
		expect(back?.[0].text.split('\n')).toHaveLength(secret.split('\n').length);
	});

	it('says how long the token is when it goes over the cap', async () => {
		// incompressible text: xorshift32 characters
		let x = 2463534242;
		const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), x >>> 0);
		const text = Array.from({ length: 60_000 }, () => String.fromCharCode(33 + (next() % 90))).join('');
		const r = await encodeShare([{ name: 'big.yaml', text }]);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.reason).toBe('too-large');
		expect(r.length).toBeGreaterThan(SHARE_CAP);
	});

	it('still reads v1 tokens', async () => {
		const files = [{ name: 'a.yaml', text: 'kind: Pod\n' }];
		expect(await decodeShare(encodeWorkspace(files))).toEqual(files);
	});

	it.each([
		['empty', ''],
		['unknown version', '3.AAAA'],
		['bad base64', '2.@@@@'],
		['not deflate', '2.' + toBase64Url(new TextEncoder().encode('hello'))],
		['truncated', '2.' + toBase64Url(deflateSync(new TextEncoder().encode('[["a","b"]]'))).slice(0, 6)],
		['not a list', '2.' + toBase64Url(deflateSync(new TextEncoder().encode('{"a":1}')))],
		['wrong shape', '2.' + toBase64Url(deflateSync(new TextEncoder().encode('[["a",1]]')))],
		['bad UTF-8', '2.' + toBase64Url(deflateSync(new Uint8Array([0x5b, 0xff, 0x5d])))]
	])('refuses a hostile token: %s', async (_, token) => {
		expect(await decodeShare(token)).toBeNull();
	});

	it('refuses a deflate bomb without inflating it whole', async () => {
		// 12 MB of spaces compress to about 12 KB; the cap stops inflation at 4 MB
		const bomb = '2.' + toBase64Url(deflateSync(new Uint8Array(12_000_000).fill(32), { level: 6 }));
		expect(bomb.length).toBeLessThan(SHARE_CAP);
		expect(await decodeShare(bomb)).toBeNull();
		expect(await decodeShare('2.' + toBase64Url(deflateSync(new TextEncoder().encode('[["a","b"]]'))), 5)).toBeNull();
	});
});
