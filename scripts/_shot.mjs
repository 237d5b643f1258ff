import { chromium } from '@playwright/test';
const [url, out, w = 1400, h = 900] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
try { await page.waitForSelector('[data-kind]', { timeout: 25000 }); } catch { console.log('no nodes'); }
await page.waitForTimeout(500);
console.log('info:', await page.locator('[data-testid=dev-info]').textContent().catch(() => '?'));
console.log('nodes:', await page.locator('g[data-kind]').count());
await page.screenshot({ path: out });
await browser.close();
