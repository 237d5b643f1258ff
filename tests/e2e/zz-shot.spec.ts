import { test } from './ready';
import { modelYaml, policy } from '../unit/netpol-helpers';
const allowB = policy('x', 'x-a-allows-x-b', 'podSelector:\n  matchLabels: {pod: a}\ningress:\n- from:\n  - podSelector:\n      matchLabels: {pod: b}');
test('shots', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('file-input').setInputFiles([
		{ name: 'model.yaml', mimeType: 'text/yaml', buffer: Buffer.from(modelYaml([80, 81], ['TCP'])) },
		{ name: 'policy.yaml', mimeType: 'text/yaml', buffer: Buffer.from(allowB) }
	]);
	await page.waitForTimeout(1500);
	await page.locator('svg [data-kind="Pod"][data-namespace="x"][data-name="a"]').hover();
	await page.waitForTimeout(300);
	await page.screenshot({ path: '/tmp/np-diagram.png' });
	await page.getByTestId('tab-reach').click();
	await page.getByTestId('reach-matrix').locator('[data-from="y/b"][data-to="x/a"]').click();
	await page.waitForTimeout(1200);
	await page.screenshot({ path: '/tmp/np-reach-light.png' });
	await page.getByRole('button', { name: /Switch to dark theme/ }).click();
	await page.waitForTimeout(300);
	await page.screenshot({ path: '/tmp/np-reach-dark.png' });
});
