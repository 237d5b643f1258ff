// NetworkPolicy in the browser: shields on isolated pods, the Reachability
// matrix (a denied cell explains itself and plays the trace that is dropped at
// the destination's ingress, naming the policy), and the what-if marks.
import { test, expect, type Page } from './ready';
import { modelYaml, policy } from '../unit/netpol-helpers';
import { longTasks, watchLongTasks } from './longtasks';

const allowB = policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}');
const allowBandY = policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}\n  - namespaceSelector:\n      matchLabels: {ns: y}');

async function open(page: Page, policies: string) {
	await page.getByTestId('file-input').setInputFiles([
		{ name: 'model.yaml', mimeType: 'text/yaml', buffer: Buffer.from(modelYaml([80, 81], ['TCP'])) },
		{ name: 'policy.yaml', mimeType: 'text/yaml', buffer: Buffer.from(policies) }
	]);
}

test('the matrix shows a denied cell; clicking it explains and plays the dropped trace naming the policy', async ({ page }) => {
	await page.goto('/');
	await open(page, allowB);
	// the shield on the isolated pod
	const xa = page.locator('svg [data-kind="Pod"][data-namespace="x"][data-name="a"]');
	await expect(xa).toHaveAttribute('data-isolated', 'ingress');
	await expect(xa.getByTestId('np-shield')).toHaveCount(1);
	await expect(page.locator('svg [data-isolated]')).toHaveCount(1);

	await page.getByTestId('tab-reach').click();
	const matrix = page.getByTestId('reach-matrix');
	const denied = matrix.locator('[data-from="y/b"][data-to="x/a"]');
	await expect(denied).toHaveAttribute('data-state', 'denied');
	await expect(denied).toHaveText('✗');
	await expect(matrix.locator('[data-from="x/b"][data-to="x/a"]')).toHaveText('✓');
	await expect(matrix.locator('[data-state="denied"]')).toHaveCount(7);
	await expect(page.getByTestId('reach-summary')).toContainText('7 of 81 cells denied');

	await denied.click();
	const explain = page.getByTestId('reach-explain');
	await expect(explain).toHaveAttribute('data-allowed', 'false');
	await expect(explain).toContainText('y/b → x/a on 80/TCP: ✗ denied');
	await expect(explain.locator('[data-side="ingress"]')).toContainText('isolated for ingress by x/x-a-allows-x-b');
	await expect(explain.locator('[data-side="ingress"]')).toContainText('no policy allows from y/b on 80/TCP');

	// the trace of that pair plays: dropped at x/a's ingress, naming the policy
	await expect(page.getByTestId('verdict')).toContainText('dropped');
	const events = page.getByTestId('event-list');
	const drop = events.locator('li', { hasText: 'NetworkPolicy ingress of x/a' });
	await expect(drop).toHaveCount(1);
	await drop.locator('button').first().click();
	await expect(page.getByTestId('hop-detail')).toContainText('no policy allows it — isolated by x/x-a-allows-x-b');
});

test('what-if: opening an edited policy marks the cells it changed', async ({ page }) => {
	await page.goto('/');
	await open(page, allowB);
	await page.getByTestId('tab-reach').click();
	await expect(page.getByTestId('reach-matrix').locator('[data-state="denied"]')).toHaveCount(7);
	await open(page, allowBandY);
	await page.getByTestId('tab-reach').click();
	const matrix = page.getByTestId('reach-matrix');
	await expect(matrix.locator('[data-state="denied"]')).toHaveCount(4);
	const changed = matrix.locator('[data-changed="true"]');
	await expect(changed).toHaveCount(3);
	for (const from of ['y/a', 'y/b', 'y/c']) await expect(matrix.locator(`[data-from="${from}"][data-to="x/a"]`)).toHaveAttribute('data-changed', 'true');
	await expect(page.getByTestId('reach-summary')).toContainText('3 changed by your last edit');
});

test('a big matrix is drawn on a canvas, computed off the main thread, and a cell still explains itself', async ({ page }) => {
	const { syntheticCluster } = await import('../../src/lib/scenario/synthetic');
	const { syntheticPolicies } = await import('../../src/lib/scenario/synthetic-netpol');
	const { buildCluster } = await import('../../src/lib/model');
	const { parseText } = await import('../../src/lib/manifest');
	const { text } = syntheticCluster({ pods: 900, seed: 3 });
	const cluster = buildCluster(parseText('big.yaml', text).resources, { nodeCount: 10 });
	const header = 'apiVersion: hopscope/v1\nkind: Scenario\nmetadata: {name: big}\nspec:\n  settings: {nodeCount: 10}\n---\n';
	await page.goto('/');
	await page.getByTestId('file-input').setInputFiles([{ name: 'big.yaml', mimeType: 'text/yaml', buffer: Buffer.from(header + text + '---\n' + syntheticPolicies(cluster, 100, 3)) }]);
	await expect(page.getByTestId('status')).toContainText('900 pods', { timeout: 30_000 });
	// leave the editor (tearing down a 900-pod file is the editor's cost, not the matrix's) and
	// let the 900-pod diagram finish drawing: then only the matrix's own work is measured
	await page.getByRole('tab', { name: 'Scenarios' }).click();
	for (let i = 0; i < 15; i++) {
		await watchLongTasks(page);
		await page.waitForTimeout(1500);
		if ((await longTasks(page)).length === 0) break;
	}
	await watchLongTasks(page);
	await page.getByTestId('tab-reach').click();
	const canvas = page.getByTestId('reach-canvas');
	await expect(canvas).toBeVisible({ timeout: 30_000 });
	const rows = Number(await canvas.getAttribute('data-rows'));
	expect(rows).toBe(cluster.workloads.length);
	expect(rows).toBeGreaterThan(60);
	expect(rows).toBeLessThanOrEqual(200);
	expect(Math.max(0, ...(await longTasks(page)))).toBeLessThan(100);
	await canvas.click({ position: { x: 3, y: 3 } });
	await expect(page.getByTestId('reach-explain')).toBeVisible();
});
