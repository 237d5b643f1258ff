import { test, expect } from './ready';

test('the course circuit-breaker preset: run, play to the end, 503s, the ejected host and the lit state', async ({ page }) => {
	await page.goto('/scenario/resilience-circuit-breaker');
	await expect(page.locator('svg [data-kind="Service"][data-name="reviews"]')).toBeVisible();
	await page.getByTestId('tab-simulate').click();
	// prefilled from the scenario header's spec.simulation
	await expect(page.getByTestId('sim-target')).toHaveValue('default/reviews');
	await expect(page.getByTestId('sim-rps')).toHaveValue('3');
	await page.getByTestId('sim-run').click();

	const stage = page.getByTestId('simulation-stage');
	await expect(stage).toBeVisible();
	const position = page.getByTestId('player-position');
	await expect(position).toHaveText(/^hop 1 of 30$/);

	// keyboard: → steps to the next response, End goes to the last one
	await page.locator('body').click({ position: { x: 5, y: 300 } });
	await page.keyboard.press('ArrowRight');
	await expect(position).toHaveText('hop 2 of 30');
	await page.keyboard.press('End');
	await expect(position).toHaveText('hop 30 of 30');

	// 503 UO bars on the timeline (second 0), with a non-zero height
	const uo = page.locator('[data-testid="sim-timeline"] rect[data-outcome="503"]');
	await expect(uo).toHaveCount(1);
	await expect(uo).toHaveAttribute('data-count', '2');
	expect(Number(await uo.getAttribute('height'))).toBeGreaterThan(0);
	await expect(page.getByTestId('total-503')).toHaveText('2');
	// the ejection bar of the failing host
	const ej = page.locator('[data-testid="ejection-bar"]');
	await expect(ej).toHaveCount(1);
	await expect(ej).toHaveAttribute('data-host', /^reviews-v1-/);
	await expect(ej).toHaveAttribute('data-until', '180');
	expect(Number(await ej.getAttribute('width'))).toBeGreaterThan(10);

	// the outlier machine's diagram lights `ejected`
	const outlier = page.getByTestId('machine-outlierHost');
	await expect(outlier).toHaveAttribute('data-state', 'ejected');
	await expect(outlier.locator('g.leaf.lit[data-name="ejected"]')).toBeVisible();
	await expect(outlier.locator('g.leaf.lit[data-name="healthy"]')).toHaveCount(0);
	await expect(outlier).toContainText('ejected until 180 s');
	await expect(page.getByTestId('machine-connectionPool')).toBeVisible();

	// back to the cluster: the ejected pod is greyed with its remaining time
	await page.getByTestId('sim-back').click();
	const pod = page.locator('svg g.leaf[data-kind="Pod"][data-name^="reviews-v1-"]');
	await expect(pod).toHaveAttribute('data-dimmed', /^ejected · \d+ s left$/);
	await expect(pod.locator('.dim-note')).toBeVisible();
	// the player still steps the simulation; Home goes back to t=0
	await page.locator('body').click({ position: { x: 5, y: 300 } });
	await page.keyboard.press('Home');
	await expect(position).toHaveText('hop 1 of 30');
	await expect(pod).toHaveAttribute('data-dimmed', 'ejected · 180 s left');
});

test('play runs the simulation by itself', async ({ page }) => {
	await page.goto('/scenario/resilience-circuit-breaker');
	await page.getByTestId('tab-simulate').click();
	await page.getByTestId('sim-duration').fill('2');
	await page.getByTestId('sim-run').click();
	const position = page.getByTestId('player-position');
	await expect(position).toHaveText(/^hop 1 of \d+$/);
	const total = Number((await position.textContent())!.match(/of (\d+)/)![1]);
	await page.locator('body').click({ position: { x: 5, y: 300 } });
	await page.keyboard.press(']');
	await page.keyboard.press(']');
	await page.keyboard.press(' ');
	await expect(position).toHaveText(`hop ${total} of ${total}`, { timeout: 15_000 });
	await expect(page.getByTestId('machine-outlierHost')).toHaveAttribute('data-state', 'ejected');
});

test('the current response on the cluster diagram (bouncing 503 UO, 200 through) and the transition that fired', async ({ page }) => {
	await page.goto('/scenario/resilience-circuit-breaker');
	await page.getByTestId('tab-simulate').click();
	await page.getByTestId('sim-run').click();
	const position = page.getByTestId('player-position');
	await expect(position).toHaveText(/^hop 1 of 30$/);

	// the first 503 UO response: it bounces at the caller's sidecar, on the cluster diagram under the chart
	await page.getByTestId('sim-events').locator('button', { hasText: '503 UO' }).first().click();
	const cluster = page.getByTestId('sim-cluster');
	await expect(cluster.locator('svg [data-kind="Service"][data-name="reviews"]')).toBeVisible();
	await expect(cluster.locator('[data-shot-label="503 UO"]')).toBeVisible();
	await expect(cluster.locator('[data-shot-kind="client"]')).toHaveCount(1);

	// at hop 1 the outlier host was ejected: that edge is lit in its machine diagram
	await expect(position).toHaveText('hop 1 of 30');
	const outlier = page.getByTestId('machine-outlierHost');
	await expect(outlier.locator('[data-fired="healthy→ejected"] [data-fired-edge]')).toHaveCount(1);

	// the first 200 goes through to the pod; nothing fires for the outlier host there
	await page.getByTestId('sim-events').locator('button', { hasText: '2xx' }).first().click();
	await expect(cluster.locator('[data-shot-label="200"]')).toBeVisible();
	await expect(cluster.locator('[data-shot-kind="through"]')).toHaveCount(1);
	await expect(outlier.locator('[data-fired]')).toHaveCount(0);

	// the cluster view can be hidden while the player keeps running
	await page.getByTestId('sim-cluster-toggle').click();
	await expect(cluster.locator('svg [data-kind="Service"]')).toHaveCount(0);
	await page.getByTestId('sim-cluster-toggle').click();
	await expect(cluster.locator('[data-shot-label="200"]')).toBeVisible();

	// back on the full cluster diagram the response is drawn too
	await page.getByTestId('sim-back').click();
	await expect(page.locator('[data-shot-label="200"]')).toBeVisible();
});
