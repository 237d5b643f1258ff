import { test, expect } from './ready';
import { editorText, expectEditorText, fillEditor } from './editing';
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

// Students click through the file from disk: every card, Back, Forward and
// New must stay inside index.html (SvelteKit's resolve() pointed at the folder).
test('in the offline file, gallery cards, Back, Forward and New stay inside the file', async ({ page }) => {
	const inFile = (hash: string) => pathToFileURL(file).href + hash;
	await page.goto(pathToFileURL(file).href);
	await expect(page.locator('html[data-hopscope-ready]')).toHaveCount(1);
	await expect(page.locator('a[data-preset="journey-1-same-node"]')).toHaveAttribute('href', '#/scenario/journey-1-same-node');
	await page.locator('a[data-preset="journey-1-same-node"]').click();
	await expect(page).toHaveURL(inFile('#/scenario/journey-1-same-node'));
	await expect(page.locator('svg [data-kind="Pod"][data-name="pod1"]')).toBeVisible();
	await page.locator('a[data-preset="k8s-demo"]').click();
	await expect(page).toHaveURL(inFile('#/scenario/k8s-demo'));
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(inFile('#/scenario/journey-1-same-node'));
	await expect(page.locator('svg [data-kind="Pod"][data-name="pod1"]')).toBeVisible();
	await page.goForward();
	await expect(page).toHaveURL(inFile('#/scenario/k8s-demo'));
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await expect(page).toHaveURL(inFile('#/'));
	await expect(page.locator('svg [data-kind]')).toHaveCount(0);
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await expectEditorText(page, '');
});
