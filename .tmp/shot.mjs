import { chromium } from 'playwright-core';
const port = process.env.P || 4203;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(`http://127.0.0.1:${port}/scenario/${process.env.S || "istio-canary"}`);
await page.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1');
await page.getByRole('tab', { name: /Your manifests/ }).click();
await page.waitForSelector('[data-editor="codemirror"]', { timeout: 20000 });
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/ed-light.png' });
const theme = process.env.DARK;
if (theme) { await page.getByRole('button', { name: /Switch to dark/ }).click(); await page.waitForTimeout(300); await page.screenshot({ path: '/tmp/ed-dark.png' }); }
const diag = page.locator('[data-testid=diagnostics] li button.row').first();
if (await diag.count()) { await diag.click(); await page.waitForTimeout(300); await page.screenshot({ path: '/tmp/ed-jump.png' }); }
console.log(await page.locator('[data-editor]').getAttribute('data-editor'));
await browser.close();
