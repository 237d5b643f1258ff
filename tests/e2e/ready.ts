// Playwright's `test` with one addition: page.goto and page.reload wait until
// the app has mounted (html[data-hopscope-ready]). Prerendered pages show
// their controls before hydration; a click that lands before the app listens
// would be lost, and the test would be flaky.
import { test as base, expect, type Page } from '@playwright/test';

async function untilReady(page: Page) {
	await page.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1', null, { timeout: 20_000 });
}

export const test = base.extend<{ page: Page }>({
	page: async ({ page }, use) => {
		const goto = page.goto.bind(page);
		const reload = page.reload.bind(page);
		page.goto = async (url, opts) => {
			const r = await goto(url, opts);
			await untilReady(page);
			return r;
		};
		page.reload = async (opts) => {
			const r = await reload(opts);
			await untilReady(page);
			return r;
		};
		await use(page);
	}
});

export { expect };
export type { Page };
