// 10,000 pods from a `kubectl get pods,svc,nodes -A -o json`-style dump:
// the overview is drawn by level of detail (namespaces as aggregates with
// counts), zooming in with the wheel opens a namespace, and the filter finds
// a pod inside a closed namespace. One page for all three (one load).
import { test, expect, type Page } from './ready';
import { syntheticDump } from '../../src/lib/scenario/synthetic-dump';

const dump = syntheticDump({ pods: 10_000, format: 'json' });
const domCount = (page: Page) => page.evaluate(() => document.getElementsByTagName('*').length);

test.describe.serial('10,000 pods', () => {
	let page: Page;
	test.beforeAll(async ({ browser }) => {
		test.setTimeout(150_000);
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto('/');
		await page.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1', null, { timeout: 30_000 });
		await page.getByTestId('file-input').setInputFiles({ name: 'cluster.json', mimeType: 'application/json', buffer: Buffer.from(dump.text) });
		await page.locator('svg [data-kind="Namespace"][data-level="aggregate"]').first().waitFor({ timeout: 120_000 });
	});
	test.afterAll(async () => page?.close());

	test('the overview shows every namespace as one aggregate with its pod count, in under 6,000 DOM elements', async () => {
		const boxes = page.locator('svg [data-kind="Namespace"][data-level="aggregate"]');
		await expect(boxes).toHaveCount(dump.counts.namespaces);
		const counts = await boxes.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
		expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
		const ready = await boxes.evaluateAll((els) => els.reduce((s, e) => s + Number(e.getAttribute('data-ready')), 0));
		expect(ready).toBe(10_000 - dump.counts.notReady);
		await expect(page.locator('svg [data-kind="Pod"]')).toHaveCount(0);
		expect(await domCount(page)).toBeLessThan(6000);
	});

	test('zooming in on a namespace with the wheel opens it: its workloads, then its pods', async () => {
		const ns = page.locator('svg [data-kind="Namespace"][data-level="aggregate"]').first();
		const name = await ns.getAttribute('data-name');
		const b = (await ns.boundingBox())!;
		await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
		const workloads = page.locator(`svg [data-namespace="${name}"][data-kind="Deployment"], svg [data-namespace="${name}"][data-kind="StatefulSet"]`);
		for (let i = 0; i < 12 && (await workloads.count()) === 0; i++) {
			await page.mouse.wheel(0, -240);
			await page.waitForTimeout(250);
		}
		await expect(workloads.first()).toBeVisible();
		const pods = page.locator(`svg [data-kind="Pod"][data-namespace="${name}"]`);
		for (let i = 0; i < 12 && (await pods.count()) === 0; i++) {
			await page.mouse.wheel(0, -240);
			await page.waitForTimeout(250);
		}
		await expect(pods.first()).toBeVisible();
		expect(await domCount(page)).toBeLessThan(6000);
	});

	test('the filter finds a pod inside a closed namespace and opens the way to it', async () => {
		await page.getByRole('button', { name: 'Fit diagram to view' }).click();
		await expect(page.locator('svg [data-kind="Namespace"][data-level="aggregate"]')).toHaveCount(dump.counts.namespaces);
		const pod = /"kind":"Pod","metadata":\{"name":"(db-[^"]+)","namespace":"([^"]+)"/.exec(dump.text)!;
		await page.locator('#filter-text').fill(pod[1]);
		const found = page.locator(`svg [data-kind="Pod"][data-name="${pod[1]}"][data-namespace="${pod[2]}"]`);
		await expect(found).toBeVisible({ timeout: 30_000 });
		await expect(page.locator('svg [data-kind="Namespace"][data-level="aggregate"]')).toHaveCount(0);
	});
});
