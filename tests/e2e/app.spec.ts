import { test, expect, type Page } from './ready';
import { editorText, expectEditorText, fillEditor } from './editing';

const drawn = (page: Page, kind: string, name?: string) =>
	page.locator(`svg [data-kind="${kind}"]${name ? `[data-name="${name}"]` : ''}`);

async function pasteManifests(page: Page, text: string) {
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await fillEditor(page, text);
}

test('a preset opens by deep link and is drawn with its resources', async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await expect(page.getByTestId('title')).toContainText(/k8s-demo/i);
	await expect(drawn(page, 'Service', 'k8s-demo-service')).toBeVisible();
	await expect(drawn(page, 'Deployment', 'k8s-demo-deployment')).toBeVisible();
	// three replicas of the Deployment, plus the scenario's client pod
	await expect(page.locator('svg [data-kind="Pod"][data-name^="k8s-demo-deployment-"]')).toHaveCount(3);
	await expect(page.getByTestId('status')).toContainText('4 pods');
});

test('the gallery lists presets and opens one on click', async ({ page }) => {
	await page.goto('/');
	const gallery = page.getByTestId('gallery');
	await expect(gallery.locator('[data-preset="nginx-service"]')).toBeVisible();
	await gallery.locator('[data-preset="nginx-service"]').click();
	await expect(page).toHaveURL(/\/scenario\/nginx-service$/);
	await expect(drawn(page, 'Service', 'nginx-service')).toBeVisible();
});

test('pasted manifests with an error show the message with its line, and the rest is drawn', async ({ page }) => {
	await page.goto('/');
	await pasteManifests(
		page,
		[
			'apiVersion: v1',
			'kind: Service',
			'metadata:',
			'  name: web',
			'spec:',
			'  selector: { app: web }',
			'  ports:',
			'  - port: 80',
			'---',
			'apiVersion: apps/v1',
			'kind: Deployment',
			'metadata: { name: web }',
			'spec:',
			'  replicas: 2',
			'  selector: { matchLabels: { app: web } }',
			'  template:',
			'    metadata: { labels: { app: web } }',
			'    spec:',
			'      containers:',
			'      - name: web',
			'        image: nginx',
			'        ports: [{ containerPort: 80 }]',
			'---',
			'apiVersion: v1',
			'kind: Service',
			'metadata:',
			'  name: broken',
			'spec:',
			'  ports: [ { port: 80 }',
			''
		].join('\n')
	);
	const diags = page.getByTestId('diagnostics');
	await expect(diags).toContainText('manifests.yaml:');
	await expect(diags.locator('li.error')).toHaveCount(1, { timeout: 10_000 });
	const where = await diags.locator('li.error .where').textContent();
	const line = Number(where!.split(':')[1]);
	expect(line).toBeGreaterThanOrEqual(24);
	await expect(drawn(page, 'Service', 'web')).toBeVisible();
	await expect(drawn(page, 'Deployment', 'web')).toBeVisible();
	// clicking the message puts the editor's cursor on that line
	await diags.locator('li.error button').click();
	const cursorLine = await page
		.getByTestId('editor')
		.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length);
	expect(cursorLine).toBe(line);
});

test('a bad paste keeps the last good diagram and the user text', async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await expect(drawn(page, 'Service', 'k8s-demo-service')).toBeVisible();
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await fillEditor(page, 'kind: [unclosed\n  : : :');
	await expect(page.getByRole('status').filter({ hasText: 'last good diagram' })).toBeVisible();
	await expect(drawn(page, 'Service', 'k8s-demo-service')).toBeVisible();
	await expectEditorText(page, 'kind: [unclosed\n  : : :');
});

test('the workspace survives a reload', async ({ page }) => {
	await page.goto('/');
	await pasteManifests(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kept-after-reload\nspec:\n  ports: [{ port: 80 }]\n');
	await expect(drawn(page, 'Service', 'kept-after-reload')).toBeVisible();
	await page.reload();
	await expect(drawn(page, 'Service', 'kept-after-reload')).toBeVisible();
});

test('opening several files at once draws them all; other extensions are skipped with a note', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('file-input').setInputFiles([
		{ name: 'svc.yaml', mimeType: 'text/yaml', buffer: Buffer.from('apiVersion: v1\nkind: Service\nmetadata: { name: from-file-a }\nspec: { ports: [{ port: 80 }] }\n') },
		{ name: 'svc.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'from-file-b' }, spec: { ports: [{ port: 81 }] } }, null, 2)) },
		{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }
	]);
	await expect(drawn(page, 'Service', 'from-file-a')).toBeVisible();
	await expect(drawn(page, 'Service', 'from-file-b')).toBeVisible();
	await expect(page.getByTestId('diagnostics')).toContainText('Skipped notes.txt');
});

test('hostile strings are shown as text, never as HTML', async ({ page }) => {
	await page.goto('/');
	await pasteManifests(
		page,
		'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: { app: "<img src=x onerror=window.__pwned=1>" }\ndata: { a: "<script>window.__pwned=2</script>" }\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: "<img src=y onerror=window.__pwned=3>"\nspec: { ports: [{ port: 80 }] }\n'
	);
	await page.waitForTimeout(1500);
	expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
	expect(await page.locator('img').count()).toBe(0);
});

test('clicking a Service shows its details in the inspector', async ({ page }) => {
	await page.goto('/scenario/nginx-service');
	await drawn(page, 'Service', 'nginx-service').first().click();
	const inspector = page.locator('.right');
	await expect(inspector).toContainText('10.106.115.135');
	await expect(inspector).toContainText('32499');
});

test('the theme toggles between light and dark', async ({ page }) => {
	await page.goto('/');
	const before = await page.evaluate(() => document.documentElement.dataset.theme);
	await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
	const after = await page.evaluate(() => document.documentElement.dataset.theme);
	expect(after).not.toBe(before);
	expect(['light', 'dark']).toContain(after);
});

test('dropping files on the page opens them', async ({ page }) => {
	await page.goto('/');
	// the drop handler lives on the hydrated app: wait for it before dropping
	await page.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1');
	await page.evaluate(() => {
		const dt = new DataTransfer();
		dt.items.add(new File(['apiVersion: v1\nkind: Service\nmetadata: { name: dropped-svc }\nspec: { ports: [{ port: 80 }] }\n'], 'dropped.yml', { type: 'text/yaml' }));
		window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
		window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
	});
	await expect(page.locator('svg [data-kind="Service"][data-name="dropped-svc"]')).toBeVisible();
	await expect(page.getByRole('tab', { name: 'dropped.yml' })).toBeVisible();
});

test('an alias bomb is refused with a message and the tab stays responsive', async ({ page }) => {
	await page.goto('/');
	const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
	for (let i = 1; i < 9; i++) {
		const prev = String.fromCharCode(96 + i);
		const cur = String.fromCharCode(97 + i);
		levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
	}
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await fillEditor(page, levels.join('\n') + '\n');
	await expect(page.getByTestId('diagnostics')).toContainText(/alias/i);
	// still responsive: the theme toggles
	await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
});
