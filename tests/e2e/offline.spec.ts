import { test, expect } from './ready';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The single-file build (npm run build:offline), opened straight from disk.
const file = resolve('build-offline/index.html');

test('the offline file opens from disk, with no server and no network', async ({ page, context }) => {
	expect(existsSync(file), 'run npm run build:offline first').toBe(true);
	const requests: string[] = [];
	page.on('request', (r) => {
		const u = r.url();
		if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')) requests.push(u);
	});
	await context.setOffline(true);
	await page.goto(pathToFileURL(file).href + '#/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible({ timeout: 20_000 });
	await expect(page.locator('svg [data-kind="Pod"][data-name^="k8s-demo-deployment-"]')).toHaveCount(3);
	expect(requests).toEqual([]);
});

test('the offline build is one self-contained HTML file', async () => {
	const size = statSync(file).size;
	expect(size).toBeGreaterThan(50_000);
	const { readFileSync } = await import('node:fs');
	const html = readFileSync(file, 'utf8');
	expect(html).not.toMatch(/<script[^>]+src=/);
	expect(html).not.toMatch(/<link[^>]+rel="stylesheet"[^>]+href=/);
});
