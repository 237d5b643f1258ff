// Long tasks (the browser reports main-thread tasks over 50 ms), recorded in
// the page: start watching, then read the durations (ms) seen so far.
import type { Page } from '@playwright/test';

export async function watchLongTasks(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as { __long: number[] };
		w.__long = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__long.push(Math.round(e.duration));
		}).observe({ type: 'longtask' });
	});
}

export const longTasks = (page: Page): Promise<number[]> => page.evaluate(() => (window as unknown as { __long: number[] }).__long.slice());
