// The heavy runs a click starts go to the compute worker: the page keeps
// answering while they run (no long task over 100 ms), a running state with a
// Stop button shows, and Stop ends the run with nothing put on the stage.
import { test, expect, type Page } from './ready';
import { longTasks, watchLongTasks } from './longtasks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A frame round trip, timed in the page: the main thread is free when it is short. */
const frameMs = (page: Page) => page.evaluate(() => new Promise<number>((r) => { const t = performance.now(); requestAnimationFrame(() => r(performance.now() - t)); }));

/** Open the circuit-breaker preset's Simulate form, set duration and rate, watch long tasks, click Run. */
async function runBreaker(page: Page, durationS: string, rps: string) {
	await page.goto('/scenario/resilience-circuit-breaker?autoplay=0');
	await page.getByTestId('tab-simulate').click();
	await page.getByTestId('sim-duration').fill(durationS);
	await page.getByTestId('sim-rps').fill(rps);
	await watchLongTasks(page);
	await page.getByTestId('sim-run').click();
}

test('a long resilience run keeps the page responsive, shows Stop, and Stop ends it', async ({ page }) => {
	// the longest run the form allows within the simulator's 200,000-request budget
	await runBreaker(page, '600', '330');
	const stop = page.getByRole('button', { name: 'Stop', exact: true });
	await expect(stop).toBeVisible();
	await expect(page.getByTestId('sim-running')).toHaveText('Simulating…');
	// while the worker computes, frames keep coming
	for (let i = 0; i < 5; i++) {
		expect(await frameMs(page)).toBeLessThan(100);
		await page.waitForTimeout(200);
	}
	await expect(stop).toBeVisible(); // still running: 198,000 requests take seconds
	await stop.click();
	await expect(stop).toHaveCount(0);
	await expect(page.getByTestId('sim-running')).toHaveCount(0);
	await expect(page.getByTestId('simulation-stage')).toHaveCount(0);
	await expect(page.getByRole('alert')).toHaveCount(0); // stopped is not an error
	const long = await longTasks(page);
	expect(long.filter((d) => d > 100)).toEqual([]);

	// the worker respawns: the next run completes
	await page.getByTestId('sim-duration').fill('2');
	await page.getByTestId('sim-rps').fill('3');
	await page.getByTestId('sim-run').click();
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 1 of \d+$/);
});

test('a large resilience run that completes: the figures of its long tasks', async ({ page }) => {
	await runBreaker(page, '60', '500');
	await expect(page.getByTestId('sim-stop')).toBeVisible();
	const during: number[] = [];
	while (await page.getByTestId('sim-stop').count()) {
		during.push(await frameMs(page));
		await page.waitForTimeout(100);
	}
	const computing = await longTasks(page);
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 1 of \d+$/, { timeout: 60_000 });
	await page.waitForTimeout(500);
	const all = await longTasks(page);
	console.log(`frames while computing (ms): max ${Math.round(Math.max(...during))} of ${during.length}; long tasks while computing: ${JSON.stringify(computing)}; after, to the stage: ${JSON.stringify(all.slice(computing.length))}`);
	expect(Math.max(...during)).toBeLessThan(100);
});

test('Send 100000 runs in the worker and Stop ends it, keeping the last answer', async ({ page }) => {
	await page.goto('/scenario/istio-canary-90-10?autoplay=0');
	await page.getByTestId('tab-requests').click();
	await expect(page.getByTestId('req-host')).toHaveValue('myapp.demo.com');
	// a first Send N puts the mesh view up (its drawing is not what this measures)
	await page.getByTestId('req-n').fill('200');
	await page.getByTestId('send-n').click();
	await expect(page.getByTestId('split-progress')).toHaveText('200 of 200 requests');
	await page.waitForTimeout(500);

	await page.getByTestId('req-n').fill('100000');
	await watchLongTasks(page);
	await page.getByTestId('send-n').click();
	const stop = page.getByRole('button', { name: 'Stop', exact: true });
	await expect(stop).toBeVisible();
	await expect(page.getByTestId('send-n-running')).toContainText('Sending 100000 requests');
	expect(await frameMs(page)).toBeLessThan(100);
	await stop.click();
	await expect(page.getByTestId('send-n-running')).toHaveCount(0);
	// stopped: the last answer stays, nothing of the stopped run lands later
	await page.waitForTimeout(300);
	await expect(page.getByTestId('split-progress')).toHaveText('200 of 200 requests');
	const long = await longTasks(page);
	console.log(`Send 100000 then Stop, long tasks: ${JSON.stringify(long)}`);
	expect(long.filter((d) => d > 100)).toEqual([]);
	await expect(page.getByRole('alert')).toHaveCount(0);
});

test('offline build: Run starts the compute worker from a Blob under the CSP, not on the main thread', async ({ page, context }) => {
	const problems: string[] = [];
	const workers: string[] = [];
	page.on('console', (m) => {
		// the client warns when it falls back to the main thread
		if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('worker', (w) => workers.push(w.url()));
	await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`csp: ${e.effectiveDirective} blocked ${e.blockedURI}`)));
	await context.setOffline(true);
	await page.goto(pathToFileURL(resolve('build-offline/index.html')).href + '#/scenario/resilience-circuit-breaker?autoplay=0');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible({ timeout: 20_000 });
	await page.getByTestId('tab-simulate').click();
	const before = workers.length;
	await page.getByTestId('sim-run').click();
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 1 of 30$/);
	// the compute worker (and the stage's layout worker) started, from Blobs; no
	// fallback warning, so the run did not fall back to the main thread
	expect(workers.length).toBeGreaterThan(before);
	for (const u of workers) expect(u).toMatch(/^blob:/);
	expect(problems).toEqual([]);
});
