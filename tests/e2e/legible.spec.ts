// Legible by default (issue 9 §1, §4, §5; issue 8 §5's Docker hosts): every
// view opens with its diagram text at least 12 px high on screen at 1440×900,
// the canary's weights are on its edges and follow a what-if, the legend never
// covers the diagram, narrow windows fold the panels, and journey 9 draws its
// Docker hosts with the packet moving through them.
import { test, expect, type Page } from './ready';
import { LEGIBILITY_PRESETS, LEGIBLE_PX, diagramTextStats, openPreset } from '../../scripts/legibility';

test.use({ viewport: { width: 1440, height: 900 } });

const base = '';

/** Texts in the diagram whose content is exactly `s`, with their on-screen height (only those inside the diagram's box). */
async function shownTexts(page: Page, s: string): Promise<number[]> {
	return page.evaluate((want) => {
		const svg = document.querySelector('svg.diagram')!;
		const box = svg.getBoundingClientRect();
		return [...svg.querySelectorAll('text')]
			.filter((t) => t.textContent?.trim() === want)
			.map((t) => t.getBoundingClientRect())
			.filter((r) => r.height > 0 && r.x >= box.left && r.x + r.width <= box.right && r.y >= box.top && r.y + r.height <= box.bottom)
			.map((r) => r.height);
	}, s);
}

/** The player's hop count, once a trace is playing ("hop N of M"). */
async function hops(page: Page): Promise<number> {
	const pos = page.getByTestId('player-position');
	await expect(pos).toHaveText(/^hop \d+ of \d+$/);
	return Number(/of (\d+)/.exec((await pos.textContent()) ?? '')![1]);
}

const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const p of LEGIBILITY_PRESETS) {
	test(`${p.label} opens with its diagram text ≥ ${LEGIBLE_PX} px (median) at 1440×900`, async ({ page }) => {
		await openPreset(page, base, p);
		const s = await diagramTextStats(page);
		expect(s.count).toBeGreaterThanOrEqual(5);
		expect(s.median).toBeGreaterThanOrEqual(LEGIBLE_PX);
	});
}

test('canary: "90%" and "10%" are on its edges at the default zoom on the Mesh and Architecture views, and follow a what-if', async ({ page }) => {
	await openPreset(page, base, { id: 'istio-canary-90-10', view: 'mesh', label: '' });
	for (const w of ['90%', '10%']) {
		const hs = await shownTexts(page, w);
		expect(hs.length, w).toBe(1);
		expect(hs[0]).toBeGreaterThanOrEqual(LEGIBLE_PX);
	}
	await page.getByTestId('view-architecture').click();
	await page.locator('svg.diagram[data-view="architecture"] [data-kind]').first().waitFor({ state: 'attached' });
	await page.waitForTimeout(300);
	expect(await shownTexts(page, '90%')).toHaveLength(1);
	expect(await shownTexts(page, '10%')).toHaveLength(1);

	// what-if: send one request, move v1 to 70: both views relabel (30% follows)
	await page.getByTestId('tab-requests').click();
	await expect(page.getByTestId('req-host')).toHaveValue('myapp.demo.com');
	await page.getByTestId('send-one').click();
	await expect(page.getByTestId('view-mesh')).toHaveAttribute('aria-selected', 'true');
	const v1 = page.locator('[data-testid="whatif-weight"][data-subset="v1"] [data-testid="whatif-weight-input"]');
	await v1.fill('70');
	await v1.press('Enter');
	await v1.blur();
	await expect(page.locator('[data-testid="whatif-weight"][data-subset="v2"] [data-testid="whatif-weight-input"]')).toHaveValue('30');
	await expect(page.locator('svg.diagram text.edge-label', { hasText: /^70%$/ })).toHaveCount(1);
	await expect(page.locator('svg.diagram text.edge-label', { hasText: /^30%$/ })).toHaveCount(1);
	await expect(page.locator('svg.diagram text.edge-label', { hasText: /^90%$/ })).toHaveCount(0);
	await page.getByTestId('view-architecture').click();
	await expect(page.locator('svg.diagram[data-view="architecture"] text.edge-label', { hasText: /^70%$/ })).toHaveCount(1);
	await expect(page.locator('svg.diagram[data-view="architecture"] text.edge-label', { hasText: /^30%$/ })).toHaveCount(1);
});

test('fault injection: delay, abort and timeout badges ride on the Mesh view’s route edges', async ({ page }) => {
	await openPreset(page, base, { id: 'istio-fault-injection', view: 'mesh', label: '' });
	for (const b of ['delay 5s 40%', 'abort 500 20%', 'timeout 2s']) await expect(page.locator(`svg.diagram [data-badge="${b}"]`)).toHaveCount(1);
});

test('the legend never covers the diagram’s boxes: it docks beside it, or opens from the status bar', async ({ page }) => {
	await openPreset(page, base, { id: 'bookinfo', view: 'architecture', label: '' });
	const stage = (await page.locator('main.stage').boundingBox())!;
	const dock = page.getByTestId('legend-dock');
	await expect(dock).toBeVisible();
	expect(overlap((await dock.boundingBox())!, stage)).toBe(false);
	const popup = page.getByTestId('legend-popup');
	await expect(popup).toBeVisible();
	const closed = (await popup.boundingBox())!;
	const boxes = page.locator('svg.diagram g.box[data-kind]');
	const n = await boxes.count();
	expect(n).toBeGreaterThan(5);
	for (let i = 0; i < n; i++) {
		const b = await boxes.nth(i).boundingBox();
		if (b) expect(overlap(closed, b)).toBe(false);
	}
});

test('at 1024×768 the panels fold into rails: the zoom buttons and the diagram are not covered; a rail opens its drawer', async ({ page }) => {
	await page.setViewportSize({ width: 1024, height: 768 });
	await openPreset(page, base, { id: 'bookinfo', view: 'architecture', label: '' });
	for (const name of ['Zoom in', 'Zoom out', 'Fit diagram to view']) {
		const btn = page.getByRole('button', { name, exact: true });
		const b = (await btn.boundingBox())!;
		const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.getAttribute('aria-label') ?? null, [b.x + b.width / 2, b.y + b.height / 2]);
		expect(hit).toBe(name);
	}
	await expect(page.locator('aside.left')).toBeHidden();
	await expect(page.locator('aside.right')).toBeHidden();
	const svg = (await page.locator('svg.diagram').boundingBox())!;
	expect(svg.width).toBeGreaterThan(1024 - 2 * 40 - 4);
	const s = await diagramTextStats(page);
	expect(s.median).toBeGreaterThanOrEqual(LEGIBLE_PX);
	await page.getByRole('button', { name: 'Scenarios, manifests and packets' }).click();
	await expect(page.locator('aside.left')).toBeVisible();
	await expect(page.getByRole('tab', { name: 'Scenarios' })).toBeVisible();
});

test('journey 9 draws its Docker hosts — docker0, containers, netfilter, eth0 — and the packet moves through them', async ({ page }) => {
	await openPreset(page, base, { id: 'journey-9-docker', view: 'network', label: '' });
	const svg = page.locator('svg.diagram');
	await expect(svg.locator('[data-kind="DockerHost"]')).toHaveCount(2);
	await expect(svg.locator('[data-kind="Container"]')).toHaveCount(4);
	await expect(svg.locator('[data-kind="Bridge"][data-name="host-a/docker0"]')).toHaveCount(1);
	await expect(svg.locator('[data-kind="Bridge"][data-name="host-b/docker0"]')).toHaveCount(1);
	await expect(svg.locator('[data-kind="Netfilter"][data-name="host-b/netfilter"]')).toHaveCount(1);

	// trace web-server on host A → host B:7000 and step through every hop, noting the box lit at each
	await page.getByTestId('tab-flows').click();
	await page.locator('[data-flow="container-to-published-port"]').click();
	const total = await hops(page);
	expect(total).toBeGreaterThan(10);
	await page.keyboard.press('Home');
	const lit = new Set<string>();
	for (let i = 0; i < total; i++) {
		await expect(page.getByTestId('player-position')).toHaveText(`hop ${i + 1} of ${total}`);
		for (const id of await svg.locator('g.box.lit').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''))) lit.add(id);
		await page.keyboard.press('ArrowRight');
	}
	for (const id of ['Device/host-a/web-server/eth0', 'Device/host-a/docker0', 'Netfilter/host-a', 'Device/host-a/eth0', 'docker-wire', 'Device/host-b/eth0', 'Netfilter/host-b', 'Device/host-b/docker0', 'Device/host-b/myapp/eth0']) expect([...lit]).toContain(id);
	// the Kubernetes nodes beside them are off this path: folded into compact boxes
	await expect(svg.locator('[data-kind="Node"][data-name="node-1"] .chip', { hasText: 'folded' })).toHaveCount(1);
	// the packet itself is drawn where the lit box is
	await expect(page.locator('svg [data-packet]')).toHaveCount(1);
});

test('journey 2 (overlay): the packet’s tag shows the outer and the inner header, legibly, on the VXLAN hops', async ({ page }) => {
	await openPreset(page, base, { id: 'journey-2-overlay', view: 'network', label: '' });
	await page.getByTestId('tab-flows').click();
	await page.locator('[data-flow]').first().click();
	const total = await hops(page);
	await page.keyboard.press('Home');
	let seen = false;
	for (let i = 0; i < total && !seen; i++) {
		await expect(page.getByTestId('player-position')).toHaveText(`hop ${i + 1} of ${total}`);
		const tag = page.locator('[data-packet-tag]');
		const text = (await tag.textContent()) ?? '';
		if (/outer .*VNI/.test(text)) {
			seen = true;
			expect(text).toMatch(/inner 10\.\d+\.\d+\.\d+/);
			const hs = await tag.locator('text').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
			for (const h of hs) expect(h).toBeGreaterThanOrEqual(LEGIBLE_PX);
		}
		await page.keyboard.press('ArrowRight');
	}
	expect(seen).toBe(true);
});
