import { test, expect } from './ready';

test('a journey preset plays hop by hop, steps back and forth, and shows the DNAT', async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]')).toBeVisible();
	await page.getByTestId('tab-flows').click();
	// compose: client pod → the Service's ClusterIP (no DNS), port 8000
	await page.getByTestId('flow-from').selectOption('pod/default/client');
	await page.getByTestId('flow-to').selectOption('svc/default/k8s-demo-service');
	await page.getByTestId('trace-button').click();

	const position = page.getByTestId('player-position');
	await expect(position).toHaveText(/^hop 1 of \d+$/);
	const total = Number((await position.textContent())!.match(/of (\d+)/)![1]);
	expect(total).toBeGreaterThan(5);
	await expect(page.getByTestId('verdict')).toContainText('delivered');

	// keyboard: → steps forward, ← steps back
	await page.locator('body').click({ position: { x: 5, y: 300 } });
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect(position).toHaveText(`hop 3 of ${total}`);
	await page.keyboard.press('ArrowLeft');
	await expect(position).toHaveText(`hop 2 of ${total}`);

	// the hop where kube-proxy DNATs the ClusterIP to a pod
	const events = page.getByTestId('event-list');
	const dnat = events.locator('li', { hasText: 'DNAT' }).first();
	await dnat.locator('button').click();
	const detail = page.getByTestId('hop-detail');
	await expect(detail).toContainText('DNAT');
	await expect(detail).toContainText('KUBE-SEP-');
	const changed = detail.locator('tr.changed');
	await expect(changed.locator('th')).toHaveText('destination');
	const before = await changed.locator('td').nth(0).textContent();
	const after = await changed.locator('td').nth(1).textContent();
	expect(before).toMatch(/^10\.\d+\.\d+\.\d+:8000$/); // the Service's ClusterIP
	expect(after).toMatch(/^10\.244\.\d+\.\d+:80$/); // a k8s-demo pod on port 80

	// play runs by itself to the end
	await page.getByRole('button', { name: 'Restart (Home)' }).click();
	await expect(position).toHaveText(`hop 1 of ${total}`);
	await page.getByRole('button', { name: 'Play (Space)' }).click();
	for (let i = 0; i < 4; i++) await page.keyboard.press(']');
	await expect(position).toHaveText(`hop ${total} of ${total}`, { timeout: 30_000 });
});

test("the node's iptables panel highlights the rules the trace matched", async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await page.getByTestId('tab-flows').click();
	await page.getByTestId('flow-from').selectOption('pod/default/client');
	await page.getByTestId('flow-to').selectOption('svc/default/k8s-demo-service');
	await page.getByTestId('trace-button').click();
	await page.getByTestId('event-list').locator('li', { hasText: 'KUBE-SERVICES' }).first().locator('button').click();
	await page.getByRole('button', { name: /show node-\d's iptables/ }).click();
	const panel = page.getByTestId('iptables-panel');
	await expect(panel).toContainText('*nat');
	await expect(panel).toContainText(':KUBE-SERVICES - [0:0]');
	const hits = panel.locator('span.hit');
	expect(await hits.count()).toBeGreaterThanOrEqual(2);
	await expect(hits.filter({ hasText: /^-A KUBE-SERVICES .*KUBE-SVC-/ })).toHaveCount(1);
	await expect(hits.filter({ hasText: /^-A KUBE-SEP-.* -j DNAT --to-destination 10\.244\./ })).toHaveCount(1);
});

test('source and destination can be picked by clicking the diagram', async ({ page }) => {
	await page.goto('/scenario/k8s-demo?autoplay=0');
	await page.locator('svg [data-kind="Pod"][data-name="client"]').click();
	await page.getByTestId('pick-from').click();
	await page.locator('svg [data-kind="Service"][data-name="k8s-demo-service"]').click();
	await page.getByTestId('pick-to').click();
	await expect(page.getByTestId('flow-from')).toHaveValue('pod/default/client');
	await expect(page.getByTestId('flow-to')).toHaveValue('svc/default/k8s-demo-service');
	await page.getByTestId('trace-button').click();
	await expect(page.getByTestId('verdict')).toContainText('delivered');
	// the packet is drawn on the diagram, and the network view shows the same trace
	await expect(page.locator('svg [data-packet]')).toHaveCount(1);
	await page.getByTestId('view-network').click();
	await expect(page.locator('svg [data-kind="Bridge"]').first()).toBeVisible();
	await expect(page.locator('svg [data-packet]')).toHaveCount(1);
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 1 of \d+$/);
});

test("a scenario's narrated steps play its flow and stop at the step's hop", async ({ page }) => {
	await page.goto('/scenario/journey-3-service');
	await page.getByTestId('tab-flows').click();
	const steps = page.getByTestId('steps');
	await steps.getByRole('button', { name: /KUBE-SEP-… DNATs to Pod3/ }).click();
	await expect(page.getByTestId('narration')).toContainText('DNATs to Pod3');
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 6 of \d+$/);
	await expect(page.getByTestId('hop-detail')).toContainText('DNAT');
	await steps.getByRole('button', { name: /KUBE-SERVICES recognises it/ }).click();
	await expect(page.getByTestId('player-position')).toHaveText(/^hop 4 of \d+$/);
});

test('switching between the architecture and network views keeps the selection', async ({ page }) => {
	await page.goto('/scenario/k8s-demo');
	await page.locator('svg [data-kind="Pod"][data-name="client"]').click();
	await expect(page.locator('svg [data-kind="Pod"][data-name="client"].sel')).toHaveCount(1);
	await page.getByTestId('view-network').click();
	await expect(page.locator('svg [data-kind="Bridge"]').first()).toBeVisible();
	await expect(page.locator('svg [data-kind="Pod"][data-name="client"].sel')).toHaveCount(1);
	await expect(page.locator('.right')).toContainText('client');
	await page.getByTestId('view-architecture').click();
	await expect(page.locator('svg [data-kind="Pod"][data-name="client"].sel')).toHaveCount(1);
});
