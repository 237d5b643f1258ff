import { test, expect, type Page } from './ready';

async function pcts(page: Page): Promise<Record<string, number>> {
	const rows = page.getByTestId('split-row');
	const out: Record<string, number> = {};
	for (let i = 0; i < (await rows.count()); i++) {
		const r = rows.nth(i);
		const subset = (await r.getAttribute('data-subset')) ?? '';
		const text = (await r.getByTestId('split-pct').textContent()) ?? '';
		out[subset] = Number(text.replace('%', ''));
	}
	return out;
}

test('canary preset: Send N fills the bars to ≈90/10; what-if 50 gives ≈50/50 and exports the weight', async ({ page }) => {
	await page.goto('/scenario/istio-canary-90-10');
	await expect(page.getByTestId('title')).toContainText('canary');
	await page.getByTestId('tab-requests').click();
	await expect(page.getByTestId('req-host')).toHaveValue('myapp.demo.com');
	await expect(page.getByTestId('req-path')).toHaveValue('/demo');
	await page.getByTestId('req-n').fill('1000');
	await page.getByTestId('send-n').click();

	await expect(page.getByTestId('split-progress')).toHaveText('1000 of 1000 requests');
	const split = await pcts(page);
	expect(Math.abs(split.v1 - 90)).toBeLessThanOrEqual(4);
	expect(Math.abs(split.v2 - 10)).toBeLessThanOrEqual(4);
	await expect(page.getByTestId('split-row').first()).toContainText('target 90%');

	// the mesh view is on, with the weighted routes; the player steps the first request
	await expect(page.getByTestId('view-mesh')).toHaveAttribute('aria-selected', 'true');
	await expect(page.locator('svg [data-kind="VirtualService"]').first()).toBeVisible();
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 1 of \d+$/);

	// what-if: v1 to 50 → v2 follows to 50, the split re-runs at once
	await page.getByTestId('whatif-weight').filter({ has: page.locator('[data-subset]') }).first();
	const v1 = page.locator('[data-testid="whatif-weight"][data-subset="v1"] [data-testid="whatif-weight-input"]');
	await v1.fill('50');
	await v1.press('Enter');
	await v1.blur();
	await expect(page.locator('[data-testid="whatif-weight"][data-subset="v2"] [data-testid="whatif-weight-input"]')).toHaveValue('50');
	await expect(page.getByTestId('split-row').first()).toContainText('target 50%');
	const after = await pcts(page);
	expect(Math.abs(after.v1 - 50)).toBeLessThanOrEqual(4);
	expect(Math.abs(after.v2 - 50)).toBeLessThanOrEqual(4);

	await page.getByTestId('export-yaml').click();
	const yaml = await page.getByTestId('export-text').inputValue();
	expect(yaml).toContain('kind: VirtualService');
	expect(yaml).toContain('weight: 50');
	expect(yaml).not.toContain('weight: 90');
	await expect(page.getByTestId('export-download')).toHaveAttribute('href', /^blob:/);
});

test('A/B preset: the composer with end-user: jason routes to v2 and names the matched rule', async ({ page }) => {
	await page.goto('/scenario/istio-ab-header');
	await expect(page.getByTestId('title')).toContainText('A/B');
	await page.getByTestId('tab-requests').click();
	await expect(page.getByTestId('req-host')).toHaveValue('myapp.demo.com');
	// start from no headers, then add one by hand
	while ((await page.getByTestId('req-header').count()) > 0) await page.getByTestId('req-header').first().getByRole('button', { name: 'Remove this header' }).click();
	await page.getByTestId('send-one').click();
	await expect(page.getByTestId('picked')).toContainText('subset v1');
	await expect(page.getByTestId('matched-rule')).toContainText('rule #1');

	await page.getByTestId('req-add-header').click();
	await page.getByTestId('req-header-key').fill('end-user');
	await page.getByTestId('req-header-value').fill('jason');
	await page.getByTestId('send-one').click();
	await expect(page.getByTestId('picked')).toContainText('subset v2');
	await expect(page.getByTestId('matched-rule')).toContainText('default/helloworld');
	await expect(page.getByTestId('matched-rule')).toContainText('rule #0');
	await expect(page.getByTestId('route-status')).toContainText('HTTP 200');

	// stepping: a hop button seeks the player; "show in YAML" opens the editor at the rule
	await page.getByTestId('mesh-hop').nth(2).click();
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 3 of \d+$/);
	await page.getByTestId('show-rule').click();
	await expect(page.getByTestId('tab-manifests')).toHaveAttribute('aria-selected', 'true');

	// what-if header toggle: off → rule #1, v1
	await page.getByTestId('tab-request').click();
	await page.getByTestId('whatif-header').uncheck();
	await expect(page.getByTestId('picked')).toContainText('subset v1');
});
