// The editor in tests: CodeMirror once it has loaded, the textarea before
// (or if it cannot load). Both carry data-testid="editor" and a `value`.
import { expect, type Page } from '@playwright/test';

/** Waits until the editor is CodeMirror or the textarea fallback (not loading). */
export async function editorReady(page: Page) {
	await expect(page.locator('[data-editor]')).not.toHaveAttribute('data-editor', 'loading', { timeout: 20_000 });
}

/**
 * Replaces the editor's text the way a user pastes it: select all, then one
 * paste (CodeMirror) or one input event (textarea). Sets
 * window.__editorFilledAt just before, for timing assertions.
 */
export async function fillEditor(page: Page, text: string) {
	await editorReady(page);
	const ed = page.getByTestId('editor');
	const cm = (await page.locator('[data-editor="codemirror"]').count()) > 0;
	if (cm) {
		await ed.click();
		await page.keyboard.press('ControlOrMeta+a');
	}
	await ed.evaluate(
		(el, [t, isCm]) => {
			(window as unknown as { __editorFilledAt: number }).__editorFilledAt = performance.now();
			if (!isCm) {
				(el as HTMLTextAreaElement).value = t as string;
				el.dispatchEvent(new Event('input', { bubbles: true }));
				return;
			}
			const dt = new DataTransfer();
			dt.setData('text/plain', t as string);
			el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
		},
		[text, cm] as const
	);
}

export const editorText = (page: Page): Promise<string> => page.getByTestId('editor').evaluate((el) => (el as HTMLTextAreaElement).value);

export async function expectEditorText(page: Page, text: string, timeout = 10_000) {
	await expect.poll(() => editorText(page), { timeout }).toBe(text);
}
