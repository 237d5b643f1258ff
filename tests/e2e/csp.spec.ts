import { test, expect, type Page } from './ready';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Both builds carry a Content-Security-Policy <meta> (svelte.config.js, kit.csp)
// and must run under it: no securitypolicyviolation, no console error, and the
// layout worker still starts (from /_app/ served, from a Blob offline).

interface Watch {
	problems: string[];
	workers: string[];
}

async function watch(page: Page): Promise<Watch> {
	const w: Watch = { problems: [], workers: [] };
	page.on('console', (m) => {
		if (m.type() === 'error') w.problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => w.problems.push(`pageerror: ${e.message}`));
	page.on('worker', (worker) => w.workers.push(worker.url()));
	await page.exposeFunction('__cspViolation', (text: string) => w.problems.push(`csp: ${text}`));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			(window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
		);
	});
	return w;
}

const cspOf = (html: string) => /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? '';

test('served build: a preset page runs under its CSP with no violation', async ({ page }) => {
	const w = await watch(page);
	await page.goto('/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Pod"][data-name^="k8s-demo-deployment-"]')).toHaveCount(3);
	await page.goto('/scenario/resilience-circuit-breaker');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	expect(w.problems).toEqual([]);
	expect(w.workers.length).toBeGreaterThan(0);
	for (const u of w.workers) expect(u).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_app\//);
	const csp = cspOf(await (await page.request.get('/scenario/k8s-demo')).text());
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain("connect-src 'self'");
	expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
	expect(csp).not.toContain('frame-ancestors');
});

test('served build: nosniff and no-referrer headers', async ({ page }) => {
	const r = await page.request.get('/scenario/k8s-demo');
	expect(r.headers()['x-content-type-options']).toBe('nosniff');
	expect(r.headers()['referrer-policy']).toBe('no-referrer');
});

test('offline build: the single file runs under its CSP with no violation, workers from Blobs', async ({ page, context }) => {
	const file = resolve('build-offline/index.html');
	const csp = cspOf(readFileSync(file, 'utf8'));
	expect(csp).toContain("connect-src 'none'");
	expect(csp).toContain('worker-src blob:');
	expect(csp).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+'){2,};/);
	const w = await watch(page);
	await context.setOffline(true);
	await page.goto(pathToFileURL(file).href + '#/scenario/k8s-demo');
	await expect(page.locator('svg [data-kind="Pod"][data-name^="k8s-demo-deployment-"]')).toHaveCount(3, { timeout: 20_000 });
	await page.goto(pathToFileURL(file).href + '#/scenario/resilience-circuit-breaker');
	await expect(page.locator('svg [data-kind="Service"]').first()).toBeVisible();
	expect(w.problems).toEqual([]);
	expect(w.workers.length).toBeGreaterThan(0);
	for (const u of w.workers) expect(u).toMatch(/^blob:/);
});
