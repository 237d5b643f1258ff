import { test, expect, type Page } from './ready';

// Presenter mode on journey 3 (seven narrated steps) at a projector's size.
test.use({ viewport: { width: 1920, height: 1080 } });

async function present(page: Page) {
	await page.goto('/scenario/journey-3-service');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	await page.getByRole('button', { name: 'Present', exact: true }).click();
	const caption = page.getByRole('region', { name: 'Caption' });
	await expect(caption).toHaveAttribute('data-walkthrough-step', '1');
	return caption;
}

test('Present hides the panels, PageDown / → / Space step the walkthrough, Shift+→ a hop, PageUp / ← back, Esc leaves', async ({ page }) => {
	const caption = await present(page);
	await expect(page.locator('[data-presenting]')).toBeVisible();
	await expect(page.getByTestId('player')).toBeHidden();
	await expect(page.getByTestId('flows')).toBeHidden();
	await expect(caption).toContainText('The destination is the Service');

	await page.keyboard.press('PageDown');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '2');
	await expect(caption).toContainText('KUBE-SERVICES recognises it');
	await page.keyboard.press('ArrowRight');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '3');
	await page.keyboard.press(' ');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '4');
	await page.keyboard.press('PageUp');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '3');
	await page.keyboard.press('ArrowLeft');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '2');

	// Shift+→ moves one hop and stays on the step
	const hop = async () => Number((await caption.textContent())!.match(/hop (\d+) of/)![1]);
	const before = await hop();
	await page.keyboard.press('Shift+ArrowRight');
	await expect.poll(hop).toBe(before + 1);
	await expect(caption).toHaveAttribute('data-walkthrough-step', '2');

	await page.keyboard.press('Escape');
	await expect(page.locator('[data-presenting]')).toHaveCount(0);
	await expect(page.getByTestId('player')).toBeVisible();
	// the normal player keys are back: → steps one hop
	const pos = page.getByTestId('player-position');
	const n = Number((await pos.textContent())!.match(/hop (\d+)/)![1]);
	await page.keyboard.press('ArrowRight');
	await expect(pos).toHaveText(new RegExp(`^hop ${n + 1} of`));
	await page.keyboard.press('End');
	await expect(pos).toHaveText(/^hop (\d+) of \1$/);
	await page.keyboard.press('Home');
	await expect(pos).toHaveText(/^hop 1 of/);
});

test('F opens presenter mode with node labels at least 18 px on a 1920×1080 screen', async ({ page }) => {
	await page.goto('/scenario/journey-3-service');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	await page.locator('body').click({ position: { x: 900, y: 5 } });
	await page.keyboard.press('f');
	await expect(page.getByRole('region', { name: 'Caption' })).toBeVisible();
	// wait for the refit to the presenter stage, then measure every visible pod title on screen
	await expect
		.poll(() =>
			page.evaluate(() => {
				const sizes = [...document.querySelectorAll<SVGTextElement>('svg.diagram g.leaf text.title')].map((t) => {
					const m = t.getScreenCTM()!;
					return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
				});
				return sizes.length ? Math.min(...sizes) : 0;
			})
		)
		.toBeGreaterThanOrEqual(18);
});

test('B blacks the screen and brings it back', async ({ page }) => {
	await present(page);
	await page.keyboard.press('b');
	const black = page.getByTestId('black-screen');
	await expect(black).toBeVisible();
	expect(await black.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
	const box = await black.boundingBox();
	expect([box!.width, box!.height]).toEqual([1920, 1080]);
	await page.keyboard.press('b');
	await expect(black).toHaveCount(0);
});

test('the speaker view shows current and next step with notes and a timer, and stays in step both ways', async ({ page, context }) => {
	const caption = await present(page);
	const speaker = await context.newPage();
	await speaker.goto('/scenario/journey-3-service?speaker=1');
	const sp = speaker.getByTestId('speaker');
	await expect(sp).toBeVisible();
	await expect(speaker.getByTestId('speaker-current')).toHaveText('The destination is the Service');
	await expect(speaker.getByTestId('speaker-next')).toHaveText('KUBE-SERVICES recognises it');
	await expect(speaker.getByTestId('speaker-notes')).not.toHaveText('');
	await expect(speaker.getByTestId('speaker-timer')).toHaveText(/^\d\d:\d\d$/);

	// stepping on the stage moves the speaker view
	await page.bringToFront();
	await page.keyboard.press('PageDown');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '2');
	await expect(speaker.locator('[data-walkthrough-step]')).toHaveAttribute('data-walkthrough-step', '2');
	await expect(speaker.getByTestId('speaker-current')).toHaveText('KUBE-SERVICES recognises it');

	// and stepping in the speaker view moves the stage
	await speaker.getByRole('button', { name: 'Next step ›' }).click();
	await expect(caption).toHaveAttribute('data-walkthrough-step', '3');
	await expect(speaker.locator('[data-walkthrough-step]')).toHaveAttribute('data-walkthrough-step', '3');
	await speaker.keyboard.press('PageUp');
	await expect(caption).toHaveAttribute('data-walkthrough-step', '2');
});

test('presenter mode and the speaker view work in the offline file from file://', async ({ page, context }) => {
	const { resolve } = await import('node:path');
	const { pathToFileURL } = await import('node:url');
	const url = pathToFileURL(resolve('build-offline/index.html')).href;
	await page.goto(`${url}#/scenario/journey-3-service`);
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	// the Speaker view button opens the same file with ?speaker=1
	const popup = page.waitForEvent('popup');
	await page.getByRole('button', { name: 'Speaker view' }).click();
	const speaker = await popup;
	// the speaker window opens at this moment: the same file and scenario, with `speaker=1`
	expect(speaker.url().startsWith(`${url}?speaker=1#/scenario/journey-3-service`)).toBe(true);
	await page.getByRole('button', { name: 'Present', exact: true }).click();
	const caption = page.getByRole('region', { name: 'Caption' });
	await expect(caption).toHaveAttribute('data-walkthrough-step', '1');
	await expect(speaker.getByTestId('speaker-current')).toHaveText('The destination is the Service');
	await page.keyboard.press('PageDown');
	await expect(speaker.getByTestId('speaker-current')).toHaveText('KUBE-SERVICES recognises it');
	await speaker.getByRole('button', { name: 'Next step ›' }).click();
	await expect(caption).toHaveAttribute('data-walkthrough-step', '3');
});
