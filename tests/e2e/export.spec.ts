import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from '@playwright/test';
import { test, expect, type Page } from './ready';

async function exportFile(page: Page, item: string | RegExp, timeout = 30_000): Promise<{ name: string; bytes: Buffer }> {
	await page.getByRole('button', { name: 'Export', exact: true }).click();
	const menu = page.getByRole('menu', { name: 'Export' });
	await expect(menu).toBeVisible();
	const download = page.waitForEvent('download', { timeout });
	await menu.getByRole('menuitem', { name: item }).click();
	const d = await download;
	return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

/** Decodes a video in a page without the app's CSP: its frame size and duration as a <video> reads them. */
async function decodeVideo(context: BrowserContext, bytes: Buffer, type: string) {
	const probe = await context.newPage();
	await probe.setContent('<video muted></video>');
	return probe.evaluate(
		async ([b64, mime]) => {
			const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
			const v = document.querySelector('video')!;
			v.src = URL.createObjectURL(new Blob([data], { type: mime }));
			await new Promise((ok, bad) => ((v.onloadeddata = ok), (v.onerror = () => bad(new Error(String(v.error?.message))))));
			return { w: v.videoWidth, h: v.videoHeight, duration: v.duration };
		},
		[bytes.toString('base64'), type] as const
	);
}

const pngSize = (b: Buffer) => [b.readUInt32BE(16), b.readUInt32BE(20)];

test('SVG export is the whole diagram as XML: every pod named, no script, no external reference', async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Pod"]').first()).toBeVisible();
	const pods = await page.locator('svg.diagram [data-kind="Pod"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')!));
	expect(pods.length).toBe(4);
	// zoom in so the viewport shows only part of the diagram: the export still holds all of it
	await page.getByRole('button', { name: 'Zoom in' }).click();
	await page.getByRole('button', { name: 'Zoom in' }).click();
	const { name, bytes } = await exportFile(page, 'SVG');
	expect(name).toMatch(/\.svg$/);
	const text = bytes.toString('utf8');
	const check = await page.evaluate((svg) => {
		const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
		const hrefs = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /href$/i.test(a.name)).map((a) => a.value));
		const urls = [...svg.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]);
		return {
			error: doc.querySelector('parsererror')?.textContent ?? null,
			root: doc.documentElement.nodeName,
			text: doc.documentElement.textContent,
			scripts: doc.querySelectorAll('script, foreignObject').length,
			external: [...hrefs, ...urls].filter((u) => !u.startsWith('#')),
			vars: /var\(--/.test(svg),
			pods: [...doc.querySelectorAll('[data-kind="Pod"]')].map((e) => e.getAttribute('data-name'))
		};
	}, text);
	expect(check.error).toBeNull();
	expect(check.root).toBe('svg');
	expect(check.scripts).toBe(0);
	expect(check.external).toEqual([]);
	expect(check.vars).toBe(false);
	expect(check.pods.sort()).toEqual(pods.sort());
	for (const p of pods) expect(check.text).toContain(p);
});

test('PNG export at 2× has twice the pixels of 1×', async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Pod"]').first()).toBeVisible();
	const one = await exportFile(page, 'PNG 1×');
	const two = await exportFile(page, 'PNG 2×');
	expect([...one.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
	const [w, h] = pngSize(one.bytes);
	expect(w).toBeGreaterThan(400);
	expect(pngSize(two.bytes)).toEqual([w * 2, h * 2]);
});

test('video export of a playing journey is a decodable WebM; GIF too', async ({ page, context }) => {
	test.setTimeout(180_000);
	await page.goto('/scenario/journey-3-service');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	await page.getByTestId('tab-flows').click();
	await page.getByTestId('steps').getByRole('button', { name: /KUBE-SERVICES recognises it/ }).click();
	await expect(page.getByTestId('player-position')).toBeVisible();
	// 4× speed: a quarter second per hop keeps the film short
	await page.locator('body').click({ position: { x: 900, y: 5 } });
	await page.keyboard.press(']');
	await page.keyboard.press(']');
	const hops = Number((await page.getByTestId('player-position').textContent())!.match(/of (\d+)/)![1]);

	await page.getByRole('button', { name: 'Export', exact: true }).click();
	const download = page.waitForEvent('download', { timeout: 150_000 });
	await page.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: 'Video (WebM)' }).click();
	await expect(page.getByTestId('export-progress')).toContainText('Exporting webm');
	const d = await download;
	const webm = readFileSync((await d.path())!);
	expect(d.suggestedFilename()).toMatch(/\.webm$/);
	expect([...webm.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML
	expect(webm.length).toBeGreaterThan(20_000);

	// decode it back in a page without the app's CSP: metadata, size and duration of the tape
	const meta = await decodeVideo(context, webm, 'video/webm');
	expect([meta.w, meta.h]).toEqual([1280, 720]);
	expect(meta.duration).toBeGreaterThan(hops * 0.25 - 0.5);
	expect(meta.duration).toBeLessThan(hops * 0.25 + 0.5);

	const gif = await exportFile(page, 'GIF', 150_000);
	expect(gif.bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
	expect([gif.bytes.readUInt16LE(6), gif.bytes.readUInt16LE(8)]).toEqual([960, 540]);
});

test('MP4 export (H.264, which this Chromium encodes) is an ISO BMFF file a <video> decodes', async ({ page, context }) => {
	test.setTimeout(180_000);
	await page.goto('/scenario/journey-3-service');
	await page.getByTestId('tab-flows').click();
	await page.getByTestId('steps').getByRole('button', { name: /KUBE-SERVICES recognises it/ }).click();
	await page.locator('body').click({ position: { x: 900, y: 5 } });
	await page.keyboard.press(']');
	await page.keyboard.press(']');
	const mp4 = await exportFile(page, 'Video (MP4)', 150_000);
	expect(mp4.name).toMatch(/\.mp4$/);
	expect(mp4.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
	expect(mp4.bytes.length).toBeGreaterThan(20_000);
	const meta = await decodeVideo(context, mp4.bytes, 'video/mp4');
	expect([meta.w, meta.h]).toEqual([1280, 720]);
	expect(meta.duration).toBeGreaterThan(5);
});

test('Cancel stops a video export', async ({ page }) => {
	await page.goto('/scenario/journey-3-service');
	await page.getByTestId('tab-flows').click();
	await page.getByTestId('steps').getByRole('button', { name: /KUBE-SERVICES recognises it/ }).click();
	await page.getByRole('button', { name: 'Export', exact: true }).click();
	await page.getByRole('menu', { name: 'Export' }).getByRole('menuitem', { name: 'Video (WebM)' }).click();
	const progress = page.getByTestId('export-progress');
	await expect(progress).toContainText(/Exporting webm… [1-9]/);
	await progress.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByTestId('export-message')).toHaveText(/Export cancelled\./);
});

test('HTML export is one offline file that opens at the same step, with the manifests inside', async ({ page, context }) => {
	test.setTimeout(90_000);
	await page.goto('/scenario/journey-3-service');
	await page.getByTestId('tab-flows').click();
	await page.getByTestId('steps').getByRole('button', { name: /KUBE-SERVICES recognises it/ }).click();
	await page.getByRole('tab', { name: 'Network' }).click();
	const pos = await page.getByTestId('player-position').textContent();
	const { name, bytes } = await exportFile(page, 'HTML');
	expect(name).toMatch(/\.html$/);
	const html = bytes.toString('utf8');
	expect(html).toContain('id="hopscope-moment"');
	expect(html).toMatch(/<meta http-equiv="content-security-policy"[^>]*connect-src 'none'/i);
	expect(html).not.toMatch(/<script[^>]+src=/);
	const file = join(tmpdir(), `hopscope-export-${Date.now()}.html`);
	writeFileSync(file, bytes);

	// a fresh page with no storage of this origin: everything comes from the file
	const offline = await context.newPage();
	const errors: string[] = [];
	offline.on('pageerror', (e) => errors.push(e.message));
	await offline.goto(pathToFileURL(file).href);
	await expect(offline.locator('[data-testid="title"]')).toContainText('pod to Service');
	await expect(offline.getByTestId('player-position')).toHaveText(pos!);
	await expect(offline.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
	await expect(offline.locator('svg [data-kind="Pod"]').first()).toBeVisible();
	expect(errors).toEqual([]);
});

test('the offline file exports itself as HTML: the copy opens at the same step from file://', async ({ page, context }) => {
	test.setTimeout(90_000);
	const { resolve } = await import('node:path');
	await page.goto(`${pathToFileURL(resolve('build-offline/index.html')).href}#/scenario/journey-3-service`);
	await page.getByTestId('tab-flows').click();
	await page.getByTestId('steps').getByRole('button', { name: /The probability ladder/ }).click();
	const pos = await page.getByTestId('player-position').textContent();
	const { bytes } = await exportFile(page, 'HTML');
	const html = bytes.toString('utf8');
	expect(html.match(/id="hopscope-moment"/g)?.length).toBe(1);
	// the app's own drawing is not in the copy: only its scripts and styles
	expect(html).not.toContain('data-kind="Pod"');
	const file = join(tmpdir(), `hopscope-export-offline-${Date.now()}.html`);
	writeFileSync(file, bytes);
	const copy = await context.newPage();
	const errors: string[] = [];
	copy.on('pageerror', (e) => errors.push(e.message));
	await copy.goto(pathToFileURL(file).href);
	await expect(copy.getByTestId('player-position')).toHaveText(pos!);
	await expect(copy.getByTestId('narration')).toContainText('probability');
	await expect(copy.locator('svg [data-kind="Pod"]').first()).toBeVisible();
	expect(errors).toEqual([]);
});
