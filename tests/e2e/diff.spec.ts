import { readFileSync } from 'node:fs';
import { test, expect, type Page } from './ready';
import { fillEditor } from './editing';

// Issue 12 §3 "What does this change do?": Compare the workspace with an
// earlier version. Two versions of the same manifests — the VirtualService's
// split 90/10 → 50/50 and the Service's selector renamed so it selects no pod
// — show the changed split and the flow to the Service that is now rejected,
// in the list and as data-diff marks on both diagrams.
const BEFORE = readFileSync('tests/data/diff/before.yaml', 'utf8');
const AFTER = readFileSync('tests/data/diff/after.yaml', 'utf8');

async function typeManifests(page: Page, text: string) {
	await fillEditor(page, text);
}

async function expectSplitAndDroppedFlow(page: Page) {
	const list = page.getByTestId('compare-list');
	await expect(list).toBeVisible({ timeout: 30_000 }); // two loads, a diff and two layouts in workers on a shared machine
	const route = list.locator('[data-change-class="route"]');
	await expect(route).toHaveCount(1);
	await expect(route).toContainText('web.default.svc.cluster.local');
	await expect(route.locator('tr[data-split="web.default.svc.cluster.local subset v1"]')).toHaveText(/90%\s*→\s*50%/);
	await expect(route.locator('tr[data-split="web.default.svc.cluster.local subset v2"]')).toHaveText(/10%\s*→\s*50%/);
	const dropped = list.locator('[data-change-class="flow"][data-verdict-changed="true"]', { hasText: 'default/client → default/web:80' });
	await expect(dropped).toHaveCount(1);
	await expect(dropped).toContainText('delivered → rejected');
	await expect(dropped).toContainText('the Service has no endpoints');
	await expect(page.getByTestId('compare-summary')).toContainText('4 verdicts changed');
	// the diagrams: the Service changed on both sides, the new ConfigMap only after
	const before = page.locator('[data-side="before"]');
	const after = page.locator('[data-side="after"]');
	await expect(before.locator('[data-kind="Service"][data-name="web"]')).toHaveAttribute('data-diff', 'changed');
	await expect(after.locator('[data-kind="Service"][data-name="web"]')).toHaveAttribute('data-diff', 'changed');
	await expect(after.locator('[data-kind="ConfigMap"][data-name="web-config"]')).toHaveAttribute('data-diff', 'added');
	await expect(before.locator('[data-kind="ConfigMap"][data-name="web-config"]')).toHaveCount(0);
	await expect(after.locator('[data-kind="Pod"][data-name="client"]')).not.toHaveAttribute('data-diff', /.+/);
}

test('Compare with the version before my edits: a changed split and a newly dropped flow', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/');
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await typeManifests(page, BEFORE);
	await expect(page.locator('svg [data-kind="Service"][data-name="web"]')).toBeVisible({ timeout: 30_000 });
	await page.waitForTimeout(2_500); // a separate undo step: past the editor's settle and the store's 1 s coalescing
	await typeManifests(page, AFTER);
	await expect(page.locator('svg [data-kind="ConfigMap"][data-name="web-config"]')).toBeVisible({ timeout: 30_000 });

	await page.getByTestId('compare-toggle').click();
	await expect(page.getByTestId('compare')).toBeVisible();
	await expect(page.getByTestId('compare-source').locator('option:checked')).toHaveText(/^Before my edits/);
	await expectSplitAndDroppedFlow(page);
	// an edit after the comparison: it says so, and offers to compare again
	await expect(page.getByTestId('compare-outdated')).toHaveCount(0);
	await typeManifests(page, AFTER.replace('mode: canary', 'mode: stable'));
	await expect(page.getByTestId('compare-outdated')).toBeVisible();

	await page.getByTestId('compare-close').click();
	await expect(page.getByTestId('compare')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('Compare with a pasted live dump', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await typeManifests(page, AFTER);
	await expect(page.locator('svg [data-kind="ConfigMap"][data-name="web-config"]')).toBeVisible({ timeout: 30_000 });
	await page.getByTestId('compare-toggle').click();
	await page.getByTestId('compare-source').selectOption({ label: 'A pasted or dropped live dump…' });
	// a live dump carries fields the API server writes: they are no change
	const live = BEFORE.replace('metadata:\n  name: web\nspec:\n  selector:', 'metadata:\n  name: web\n  uid: 5c1e\n  resourceVersion: "4711"\nspec:\n  selector:');
	await page.getByTestId('compare-paste').fill(live);
	await page.getByTestId('compare-run').click();
	await expectSplitAndDroppedFlow(page);
	await expect(page.getByTestId('compare-list').locator('[data-change-class="resource"]', { hasText: /(^|\s)Service default\/web/ })).toContainText('spec.selector.app: "web" → "webapp"');
});
