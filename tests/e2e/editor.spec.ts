import { test, expect, type Page } from './ready';
import { editorReady, editorText, expectEditorText, fillEditor } from './editing';
import { readFileSync } from 'node:fs';

// The CodeMirror editor (ui/editor/), go-to-definition, and workspaces moved
// in and out as a .zip, deleted with Undo.

const drawn = (page: Page, kind: string, name?: string) => page.locator(`svg [data-kind="${kind}"]${name ? `[data-name="${name}"]` : ''}`);
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports: [{ port: 80 }]\n`;
/** 1-based line of the cursor (the editor exposes selectionStart like a textarea) */
const cursorLine = (page: Page) => page.getByTestId('editor').evaluate((el) => (el as HTMLTextAreaElement).value.slice(0, (el as HTMLTextAreaElement).selectionStart).split('\n').length);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

async function manifests(page: Page) {
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await expect(page.locator('[data-editor="codemirror"]')).toBeVisible({ timeout: 20_000 });
}

test('CodeMirror replaces the textarea; the lint gutter shows a finding\'s text on hover; a problem click puts the cursor on its line', async ({ page }) => {
	await page.goto('/scenario/istio-ab-header-slide-bug');
	await manifests(page);
	await expect(page.locator('textarea[data-testid="editor"]')).toHaveCount(0);
	// HS-M013 on the rule whose two destinations have no weight
	const row = page.getByTestId('diagnostics').locator('li.error').filter({ hasText: 'HS-M013' });
	await expect(row).toBeVisible();
	const where = (await row.locator('.where').textContent())!;
	const line = Number(where.split(':')[1]);
	await row.locator('button.row').click();
	await expect.poll(() => cursorLine(page)).toBe(line);
	// the line's text is shown (not covered): its element is visible and holds the YAML
	const text = await editorText(page);
	const lineText = text.split('\n')[line - 1].trim();
	await expect(page.locator('.cm-activeLine')).toContainText(lineText);
	// hover the error marker in the lint gutter: the tooltip says what the finding says
	await page.locator('.cm-gutter-lint .cm-lint-marker-error').first().hover();
	const tip = page.locator('.cm-tooltip-lint');
	await expect(tip).toBeVisible();
	await expect(tip).toContainText('this rule has 2 destinations and none has a weight');
});

test('go-to-definition: F12 on a VirtualService destination offers the Service and the subset, and jumps to the Service', async ({ page }) => {
	await page.goto('/scenario/istio-canary');
	await expect(drawn(page, 'Service', 'helloworld')).toBeVisible();
	await manifests(page);
	const text = await editorText(page);
	const serviceLine = lineOf(text, 'kind: Service\nmetadata:\n  name: helloworld\n') - 1;
	const subsetLine = lineOf(text, '    - name: v2');
	// the cursor on the second destination's host (line of "host: helloworld" after "subset: v1")
	const hostLine = lineOf(text, 'weight: 90\n        - destination:\n            host: helloworld') + 2;
	// search (Ctrl+F) for the second destination's host, as a user would
	await page.getByTestId('editor').click();
	await page.keyboard.press('ControlOrMeta+Home');
	await page.keyboard.press('ControlOrMeta+f');
	await page.locator('.cm-search input[name="search"]').fill('host: helloworld');
	// Enter: the next match, until the one after "subset: v1"
	for (let i = 0; i < 4 && (await cursorLine(page)) !== hostLine; i++) await page.keyboard.press('Enter');
	await page.keyboard.press('Escape');
	await expect.poll(() => cursorLine(page)).toBe(hostLine);
	await page.keyboard.press('F12');
	const menu = page.getByTestId('definition-menu');
	await expect(menu.getByRole('menuitem')).toHaveText([/Service default\/helloworld/, /subset v2 of DestinationRule default\/helloworld-destination/]);
	await expect(menu.getByRole('menuitem').nth(1)).toContainText(`:${subsetLine}`);
	await menu.getByRole('menuitem', { name: /Service default\/helloworld/ }).click();
	await expect.poll(() => cursorLine(page)).toBe(serviceLine);
	// Ctrl-click on the Service's selector: the pods it selects (two Deployments' templates)
	const selectorLine = lineOf(text, '  selector:\n    app: helloworld\n---') + 1;
	for (let i = 0; i < 20 && (await cursorLine(page)) < selectorLine; i++) await page.keyboard.press('ArrowDown');
	await expect.poll(() => cursorLine(page)).toBe(selectorLine);
	await page.locator('.cm-activeLine').click({ modifiers: ['Control'] });
	await expect(page.getByTestId('definition-menu').getByRole('menuitem')).toHaveCount(2);
	await expect(page.getByTestId('definition-menu')).toContainText('helloworld-v1-');
});

test('a workspace round-trips through its .zip: exported, imported as a new workspace, same files and text', async ({ page }, info) => {
	await page.goto('/');
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await fillEditor(page, service('zipped-a'));
	await expect(drawn(page, 'Service', 'zipped-a')).toBeVisible();
	// a second file, opened beside it
	await page.getByTestId('file-input').setInputFiles({ name: 'second.yaml', mimeType: 'application/yaml', buffer: Buffer.from(service('zipped-b')) });
	await expect(drawn(page, 'Service', 'zipped-b')).toBeVisible();
	const tabs = page.getByRole('tablist', { name: 'Open files' }).getByRole('tab');
	await expect(tabs).toHaveText(['manifests.yaml', 'second.yaml']);

	await page.getByTestId('workspace-menu').click();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('workspace-export-zip').click()]);
	expect(download.suggestedFilename()).toMatch(/^your-manifests.*\.zip$/);
	const path = info.outputPath('workspace.zip');
	await download.saveAs(path);
	expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK');

	await page.getByTestId('workspace-menu').click();
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('workspace-import').click()]);
	await chooser.setFiles(path);
	await expect(page.getByTestId('workspace-notice')).toContainText('as a new workspace');
	// a new workspace beside the first, never over it
	const switcher = page.getByRole('combobox', { name: 'Workspace' });
	await expect(switcher.locator('option')).toHaveText(['Your manifests (2)', 'Your manifests']);
	await expect(switcher).toHaveValue(await switcher.locator('option', { hasText: '(2)' }).getAttribute('value') as string);
	await expect(tabs).toHaveText(['manifests.yaml', 'second.yaml']);
	await tabs.nth(0).click();
	await expectEditorText(page, service('zipped-a'));
	await tabs.nth(1).click();
	await expectEditorText(page, service('zipped-b'));
	await expect(drawn(page, 'Service', 'zipped-a')).toBeVisible();
});

test('a pasted manifest survives opening a preset and a reload; delete asks first and can be undone', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await fillEditor(page, service('kept-svc'));
	await expect(drawn(page, 'Service', 'kept-svc')).toBeVisible();
	await page.getByRole('tab', { name: 'Scenarios' }).click();
	await page.getByTestId('gallery').locator('[data-preset="nginx-service"]').click();
	await expect(drawn(page, 'Service', 'nginx-service')).toBeVisible();
	await page.reload();
	await expect(drawn(page, 'Service', 'nginx-service')).toBeVisible();
	const switcher = page.getByRole('combobox', { name: 'Workspace' });
	await switcher.selectOption({ label: 'Your manifests' });
	await expect(page).toHaveURL(/\/(\?(?!.*scenario)[^/]*)?$/);
	await expect(drawn(page, 'Service', 'kept-svc')).toBeVisible();
	await expectEditorText(page, service('kept-svc'));

	// delete: asked first, then gone; Undo brings it back with its text
	await page.getByTestId('workspace-menu').click();
	await page.getByTestId('workspace-delete').click();
	await expect(page.getByRole('menu')).toContainText('Delete “Your manifests” from this browser?');
	await page.getByTestId('workspace-delete-confirm').click();
	await expect(page.getByTestId('workspace-notice')).toContainText('Deleted "Your manifests".');
	await expect(drawn(page, 'Service', 'kept-svc')).toHaveCount(0);
	await expect(switcher.locator('option', { hasText: /^Your manifests$/ })).toHaveCount(0);
	await page.getByTestId('workspace-notice').getByRole('button', { name: 'Undo' }).click();
	await expect(drawn(page, 'Service', 'kept-svc')).toBeVisible();
	await expectEditorText(page, service('kept-svc'));
	await expect(switcher.locator('option:checked')).toHaveText('Your manifests');
});

test('Ctrl+Z in the editor after a reload steps back through the stored history', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('tab', { name: /Your manifests/ }).click();
	await page.getByRole('button', { name: 'New' }).click();
	await fillEditor(page, service('before'));
	await expect(drawn(page, 'Service', 'before')).toBeVisible();
	await page.waitForTimeout(1200); // a separate stored step (edits close together coalesce)
	await fillEditor(page, service('after'));
	await expect(drawn(page, 'Service', 'after')).toBeVisible();
	await expect.poll(() => page.getByRole('button', { name: 'Undo' }).isEnabled()).toBe(true);
	await page.evaluate(() => new Promise((r) => setTimeout(r, 1500))); // the autosave's debounce
	await page.reload();
	await editorReady(page);
	await expectEditorText(page, service('after'));
	await page.getByTestId('editor').click();
	await page.keyboard.press('ControlOrMeta+z');
	await expectEditorText(page, service('before'));
	await expect(drawn(page, 'Service', 'before')).toBeVisible();
});
