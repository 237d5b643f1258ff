import { test, expect, type Page } from './ready';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeShare } from '../../src/lib/scenario/share';

// Issue 8 §1: the address holds the moment; a link opens paused there; a
// scenario opened plays; user manifests travel in the link (no storage needed).

const player = (page: Page) => page.locator('[data-player]');

test.use({ reducedMotion: 'no-preference' });

test('opening a journey plays its walkthrough; a link to the moment reopens paused at the same hop in a fresh context', async ({ page, browser }) => {
	await page.goto('/scenario/journey-3-service');
	// it plays: the hop advances on its own
	await expect(player(page)).toHaveAttribute('data-hop', /^[3-9]|\d\d$/, { timeout: 15_000 });
	await page.getByRole('button', { name: 'Pause (Space)' }).click();
	const hop = await player(page).getAttribute('data-hop');
	const hops = await player(page).getAttribute('data-hops');
	await expect(page).toHaveURL(new RegExp(`[?&]hop=${hop}(&|$)`));
	await expect(page).toHaveURL(/[?&]step=1(&|$)/);
	await expect(page.locator('[data-walkthrough-step]')).toBeVisible();
	const url = page.url();

	const fresh = await browser.newContext({ reducedMotion: 'no-preference' });
	const other = await fresh.newPage();
	await other.goto(url);
	await other.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1');
	await expect(player(other)).toHaveAttribute('data-hop', hop!);
	await expect(player(other)).toHaveAttribute('data-hops', hops!);
	await other.waitForTimeout(1500);
	// paused: still the same hop
	await expect(player(other)).toHaveAttribute('data-hop', hop!);
	await expect(other.getByRole('button', { name: 'Play (Space)' })).toBeVisible();
	await fresh.close();
});

test('autoplay=0 opens a journey without playing it', async ({ page }) => {
	await page.goto('/scenario/journey-3-service?autoplay=0');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	await page.waitForTimeout(1500);
	await expect(player(page)).toHaveCount(0);
});

test('the view, filter and theme are in the address and come back from it', async ({ page }) => {
	await page.goto('/scenario/k8s-demo?autoplay=0');
	await page.getByTestId('view-network').click();
	await expect(page).toHaveURL(/[?&]view=network(&|$)/);
	await page.getByLabel('Filter by name or label').fill('client');
	await expect(page).toHaveURL(/[?&]q=client(&|$)/);
	await page.goto('/scenario/k8s-demo?view=mesh&q=k8s-demo&theme=dark&autoplay=0');
	await expect(page.getByTestId('view-mesh')).toHaveAttribute('aria-selected', 'true');
	await expect(page.getByLabel('Filter by name or label')).toHaveValue('k8s-demo');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('an Istio split preset sends requests on open, so its split bars grow', async ({ page }) => {
	await page.goto('/scenario/istio-canary-90-10');
	await expect(page.getByTestId('split-progress')).toHaveText('1000 of 1000 requests', { timeout: 20_000 });
	await expect(page).toHaveURL(/[?&]req=n(&|$)/);
});

test('Back and Forward move between scenarios opened from the gallery', async ({ page }) => {
	await page.goto('/scenario/journey-1-same-node?autoplay=0');
	await expect(page.locator('svg [data-kind="Pod"][data-name="pod1"]')).toBeVisible();
	await page.locator('a[data-preset="k8s-demo"]').click();
	await expect(page).toHaveURL(/\/scenario\/k8s-demo/);
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(/\/scenario\/journey-1-same-node/);
	await expect(page.locator('svg [data-kind="Pod"][data-name="pod1"]')).toBeVisible();
	await page.goForward();
	await expect(page).toHaveURL(/\/scenario\/k8s-demo/);
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();
});

const manifests = [
	'apiVersion: apps/v1',
	'kind: Deployment',
	'metadata: { name: shop }',
	'spec:',
	'  replicas: 2',
	'  selector: { matchLabels: { app: shop } }',
	'  template:',
	'    metadata: { labels: { app: shop } }',
	'    spec: { containers: [{ name: web, image: nginx, ports: [{ containerPort: 80 }] }] }',
	'---',
	'apiVersion: v1',
	'kind: Service',
	'metadata: { name: shop-front }',
	'spec: { selector: { app: shop }, ports: [{ port: 80 }] }',
	'---',
	'apiVersion: v1',
	'kind: Secret',
	'metadata: { name: creds }',
	'stringData: { password: hunter2-very-secret }',
	''
].join('\n');

test('user manifests survive a round trip through a Share link into a context with no storage', async ({ page, browser }) => {
	await page.goto('/');
	await page.getByTestId('file-input').setInputFiles({ name: 'shop.yaml', mimeType: 'text/yaml', buffer: Buffer.from(manifests) });
	await expect(page.locator('svg [data-kind="Service"][data-name="shop-front"]')).toBeVisible();
	await page.getByRole('button', { name: 'Share', exact: true }).click();
	const field = page.getByTestId('share-url');
	await expect(field).toHaveValue(/#m=2\.[A-Za-z0-9_-]+$/);
	await expect(field).toHaveAttribute('readonly', '');
	const url = await field.inputValue();

	const fresh = await browser.newContext();
	const other = await fresh.newPage();
	await other.goto(url);
	await other.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1');
	await expect(other.locator('svg [data-kind="Service"][data-name="shop-front"]')).toBeVisible();
	await expect(other.locator('svg [data-kind="Pod"][data-name^="shop-"]')).toHaveCount(2);
	// the Secret's value did not travel; the rest did, line for line
	const shared = await decodeShare(url.split('#m=')[1]);
	expect(shared?.[0].name).toBe('shop.yaml');
	expect(shared?.[0].text).toContain('shop-front');
	expect(shared?.[0].text).not.toContain('hunter2-very-secret');
	expect(shared?.[0].text.split('\n')).toHaveLength(manifests.split('\n').length);
	// opened as a new document, not saved over anything
	await expect(other.getByRole('combobox', { name: 'Workspace' })).toHaveCount(0);
	await fresh.close();
});

test('a damaged link says so and opens nothing', async ({ page }) => {
	await page.goto('/#m=2.AAAAbroken');
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await expect(page.getByText(/could not be read/)).toBeVisible();
});

test('in the offline file, a link to a moment opens paused at that hop', async ({ page }) => {
	const file = resolve('build-offline/index.html');
	expect(existsSync(file), 'run npm run build:offline first').toBe(true);
	await page.goto(`${pathToFileURL(file).href}#/scenario/journey-3-service?step=2&hop=4`);
	await expect(player(page)).toHaveAttribute('data-hop', '4');
	await page.waitForTimeout(1200);
	await expect(player(page)).toHaveAttribute('data-hop', '4');
	await expect(page.locator('[data-walkthrough-step]')).toBeVisible();
	// stepping writes the moment back into the fragment
	await page.getByRole('button', { name: 'Step forward (→)' }).click();
	await expect(page).toHaveURL(/#\/scenario\/journey-3-service\?.*hop=5/);
});
