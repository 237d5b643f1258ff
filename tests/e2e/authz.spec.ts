import { test, expect } from './ready';

test('Requests: a POST to webapp gets 403 "RBAC: access denied" from its sidecar, naming the policy', async ({ page }) => {
	await page.goto('/scenario/istio-rbac-slide');
	await expect(page.getByTestId('title')).toContainText('RBAC');
	await page.getByTestId('tab-requests').click();
	await expect(page.getByTestId('req-host')).not.toHaveValue('');
	const sleep = page.locator('[data-testid="req-from"] option', { hasText: 'default/sleep-' }).first();
	await page.getByTestId('req-from').selectOption((await sleep.getAttribute('value'))!);
	await page.getByTestId('req-host').fill('webapp.default.svc.cluster.local');
	await page.getByTestId('req-method').selectOption('POST');
	await page.getByTestId('send-one').click();

	await expect(page.getByTestId('route-status')).toContainText('HTTP 403');
	await expect(page.getByTestId('route-status')).toContainText('RBAC: access denied');
	const authz = page.getByTestId('route-authz');
	await expect(authz).toHaveAttribute('data-verdict', 'deny');
	await expect(page.getByTestId('authz-policy')).toHaveText('default/binding-products-all-authenticated-users-webapp');
	await expect(authz).toContainText('translated from legacy RBAC ServiceRoleBinding/default/binding-products-all-authenticated-users');
	await expect(authz).toContainText('methods [GET, HEAD] vs method POST');
	// the hop list ends in the server's sidecar: its RBAC filter, then the response
	const hops = page.getByTestId('mesh-hop');
	await expect(hops.nth((await hops.count()) - 2)).toContainText('envoy.filters.http.rbac');
	await expect(hops.nth((await hops.count()) - 2)).toContainText('(istio-proxy)');
	// stepping to that hop lights the sidecar box of webapp on the mesh view
	await expect(page.getByTestId('view-mesh')).toHaveAttribute('aria-selected', 'true');
	await hops.nth((await hops.count()) - 2).click();
	await expect(page.locator('svg g.leaf.k-sidecar.lit[data-name^="webapp-"]')).toHaveCount(1);

	// "show in YAML" opens the editor at the binding the policy comes from
	await page.getByTestId('show-policy').click();
	await expect(page.getByTestId('tab-manifests')).toHaveAttribute('aria-selected', 'true');
});

test('Inspector: a legacy ServiceRoleBinding shows its AuthorizationPolicy twin', async ({ page }) => {
	await page.goto('/scenario/istio-rbac-slide');
	await expect(page.getByTestId('title')).toContainText('RBAC');
	await page.getByTestId('tab-manifests').click();
	const finding = page.getByTestId('diagnostics').locator('li', { hasText: 'ServiceRoleBinding (rbac.istio.io/v1alpha1) was deprecated' });
	await expect(finding).toHaveCount(1);
	await expect(finding).toContainText('HS-A001');
	await finding.getByRole('button').first().click();
	const twin = page.getByTestId('rbac-twin');
	await expect(twin).toBeVisible();
	await expect(twin).toContainText('kind: AuthorizationPolicy');
	await expect(twin).toContainText('name: binding-products-all-authenticated-users-webapp');
	await expect(twin).toContainText('key: request.headers[version]');
	await expect(page.getByRole('region', { name: 'Inspector' })).toContainText('removed in Istio 1.6');
});

test('Security layer: the toggle draws per-edge verdicts, an L7-denied edge and an L3-4-dropped edge named', async ({ page }) => {
	await page.goto('/scenario/istio-calico-concert');
	await expect(page.getByTestId('title')).toContainText('Calico');
	const toggle = page.getByTestId('security-toggle');
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	await expect(page.locator('svg [data-edge="sec-l34"]')).toHaveCount(0);
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	await expect(page.locator('svg [data-edge="sec-l34"]')).toHaveCount(1);
	await expect(page.locator('svg [data-edge="sec-ok"]')).toHaveCount(1);
	// the list beside the edges says the whole sentence, with the deciding policy
	const pairs = page.getByTestId('security-pair');
	await expect(pairs.filter({ hasText: 'untrusted/scanner' })).toHaveAttribute('data-layer', 'L3-4');
	await expect(pairs.filter({ hasText: 'untrusted/scanner' })).toContainText('✗ L3-4 on the node (shop/orders-from-shop-only)');
	await expect(pairs.filter({ hasText: 'shop/frontend' })).toContainText('L3-4 ✓ · mTLS ✓ · L7 ✓');

	// the RBAC slide: plaintext from legacy is denied in the sidecar (L7)
	await page.goto('/scenario/istio-rbac-slide');
	await expect(page.getByTestId('title')).toContainText('RBAC');
	if ((await page.getByTestId('security-toggle').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('security-toggle').click();
	await expect(page.locator('svg [data-edge="sec-l7"]').first()).toBeAttached();
	const legacy = page.getByTestId('security-pair').filter({ hasText: 'legacy/sleep' }).filter({ hasText: 'default/webapp' });
	await expect(legacy).toHaveAttribute('data-layer', 'L7');
	await expect(legacy).toContainText('L3-4 ✓ · plaintext · ✗ L7 403 in the sidecar (default/binding-products-all-authenticated-users-webapp)');
	// and on the mesh view too
	await page.getByTestId('view-mesh').click();
	await expect(page.locator('svg [data-edge="sec-l7"]').first()).toBeAttached();
	// where there is room, the edge carries the short verdict
	await expect(page.locator('svg text.edge-label', { hasText: '✗ L7 403 (sidecar)' }).first()).toBeAttached();
});
