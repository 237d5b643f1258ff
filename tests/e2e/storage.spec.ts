import { test, expect } from './ready';
import { editorText, expectEditorText, fillEditor } from './editing';

// A sandboxed iframe (or a privacy mode) throws on merely touching
// window.localStorage. The app must still open, draw, edit and switch theme;
// it only forgets on reload.
test('with localStorage throwing, a preset opens, edits are drawn and the theme toggles', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.addInitScript(() => {
		Object.defineProperty(window, 'localStorage', {
			configurable: true,
			get() {
				throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError');
			}
		});
	});
	await page.goto('/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();

	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await fillEditor(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: no-storage\nspec:\n  ports: [{ port: 80 }]\n');
	await expect(page.locator('svg [data-kind="Service"][data-name="no-storage"]')).toBeVisible();

	const before = await page.evaluate(() => document.documentElement.dataset.theme);
	await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
	expect(await page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(before);
	expect(errors).toEqual([]);
});
