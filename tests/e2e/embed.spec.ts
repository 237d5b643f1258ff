import { test, expect } from './ready';
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeShare } from '../../src/lib/scenario/share';

// Issue 8 §2: embed mode — the diagram, a compact player and a caption; it
// works cross-origin inside sandbox="allow-scripts" (opaque origin: storage,
// IndexedDB and workers by URL all refuse), in both builds.

const port = Number(process.env.E2E_PORT || 4176);
const app = `http://127.0.0.1:${port}`;
const hostPort = port + 1;
let host: Server;
let frameHtml = '';

test.use({ reducedMotion: 'no-preference' });

test.beforeAll(async () => {
	// another origin (localhost vs 127.0.0.1, another port) serving the host page
	host = createServer((_, res) => {
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(frameHtml);
	});
	await new Promise<void>((r) => host.listen(hostPort, '127.0.0.1', r));
});

test.afterAll(() => new Promise<void>((r) => host.close(() => r())));

test('the embed route shows the diagram and a compact player, no panels and no editor', async ({ page }) => {
	await page.goto('/embed/scenario/k8s-demo?autoplay=0');
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();
	await expect(page.locator('[data-embed]')).toBeVisible();
	await expect(page.locator('aside')).toHaveCount(0);
	await expect(page.getByTestId('editor')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
	await expect(page.locator('[data-player]')).toBeVisible();
	await expect(page.locator('#filter-text')).toHaveCount(0);
});

test('autoplay=0 keeps an embed at hop 0; Play starts the walkthrough with its narration as the caption', async ({ page }) => {
	await page.goto('/embed/scenario/journey-3-service?autoplay=0');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	await page.waitForTimeout(1500);
	await expect(page.locator('[data-player]')).toHaveAttribute('data-hop', '0');
	await page.getByRole('button', { name: 'Play (Space)' }).click();
	await expect(page.locator('[data-player]')).not.toHaveAttribute('data-hop', '0');
	await expect(page.getByTestId('player').locator('.caption')).not.toBeEmpty();
});

for (const size of [
	{ width: 800, height: 450 },
	{ width: 1280, height: 720 }
]) {
	test(`a sandboxed cross-origin iframe draws the diagram at ${size.width}×${size.height}`, async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		frameHtml = `<!doctype html><title>host</title><body style="margin:0"><iframe sandbox="allow-scripts" src="${app}/embed/scenario/journey-3-service" width="${size.width}" height="${size.height}" style="border:0"></iframe></body>`;
		await page.setViewportSize({ width: size.width + 40, height: size.height + 40 });
		await page.goto(`http://localhost:${hostPort}/`, { waitUntil: 'load' }).catch(() => {});
		const frame = page.frameLocator('iframe');
		await expect(frame.locator('svg [data-kind="Service"]').first()).toBeVisible({ timeout: 20_000 });
		expect(await frame.locator('svg [data-kind]').count()).toBeGreaterThan(3);
		// it plays (the walkthrough) and the player fits in the frame
		await expect(frame.locator('[data-player]')).not.toHaveAttribute('data-hop', '0');
		const box = await frame.locator('[data-player]').boundingBox();
		expect(box!.y + box!.height).toBeLessThanOrEqual(size.height + 1);
		// no legend is open over the diagram
		expect(await frame.locator('details.legend[open]').count()).toBe(0);
		expect(errors).toEqual([]);
	});
}

test('the offline file embeds at #/embed/scenario/<id>', async ({ page }) => {
	const file = resolve('build-offline/index.html');
	expect(existsSync(file), 'run npm run build:offline first').toBe(true);
	await page.goto(`${pathToFileURL(file).href}#/embed/scenario/k8s-demo?autoplay=0`);
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();
	await expect(page.locator('aside')).toHaveCount(0);
	await expect(page.locator('[data-player]')).toHaveAttribute('data-hop', '0');
});

test('the Embed button gives an iframe snippet with its options', async ({ page }) => {
	await page.goto('/scenario/journey-3-service?autoplay=0');
	await page.getByRole('button', { name: 'Embed', exact: true }).click();
	const code = page.getByTestId('embed-code');
	await expect(code).toHaveValue(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\/scenario\/journey-3-service\?[^"]*autoplay=1/);
	await expect(code).toHaveValue(/sandbox="allow-scripts"/);
	await page.getByLabel('loop').check();
	await page.getByLabel('Start step').fill('2');
	await page.getByLabel('Embed theme').selectOption('dark');
	await expect(code).toHaveValue(/step=2&[^"]*theme=dark[^"]*loop=1/);
	const src = (await code.inputValue()).match(/src="([^"]+)"/)![1].replace(/&amp;/g, '&');
	await page.goto(src);
	await expect(page.locator('[data-embed]')).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(page.locator('[data-walkthrough-step], [data-player]').first()).toBeVisible();
});

test('any moment embeds: a share link of your own manifests with /embed in front', async ({ page }) => {
	const r = await encodeShare([{ name: 'mine.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: { name: embedded-svc }\nspec: { ports: [{ port: 80 }] }\n' }]);
	if (!r.ok) throw new Error('a one-Service file fits in a link');
	await page.goto(`/embed?theme=dark#m=${r.token}`);
	await expect(page.locator('[data-embed]')).toBeVisible();
	await expect(page.locator('svg [data-kind="Service"][data-name="embedded-svc"]')).toBeVisible();
});
