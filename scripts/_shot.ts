import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { syntheticDump } from '../src/lib/scenario/synthetic-dump';
const pods = Number(process.argv[2] ?? 10000);
const theme = process.argv[3] ?? 'light';
const PORT = 4208;
const server = spawn(process.execPath, ['scripts/serve.mjs', 'build', String(PORT)], { stdio: 'ignore', detached: true });
await new Promise((r) => setTimeout(r, 1200));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: theme === 'dark' ? 'dark' : 'light' });
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
  const ws = JSON.stringify({ v: 1, files: [{ name: 'dump.json', text: syntheticDump({ pods, format: 'json' }).text }], active: 0, presetId: null, view: 'architecture' });
  await page.addInitScript(([theme]) => { localStorage.setItem('hopscope.theme', theme); }, [theme]);
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1');
  const t0 = Date.now();
  await page.getByTestId('file-input').setInputFiles({ name: 'dump.json', mimeType: 'application/json', buffer: Buffer.from(syntheticDump({ pods, format: 'json' }).text) });
  await page.locator('svg [data-kind="Namespace"], svg [data-kind="Pod"]').first().waitFor({ timeout: 60000 }).catch(async (e) => { await page.screenshot({ path: "/tmp/scale/fail.png" }); console.log(await page.locator(".banner, .center").allTextContents()); throw e; });
  console.log('drawn after', Date.now() - t0, 'ms; DOM', await page.evaluate(() => document.getElementsByTagName('*').length));
  await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/scale/overview-${theme}.png` });
  const ns = page.locator('svg [data-kind="Namespace"][data-level="aggregate"]').nth(6);
  const nb = (await ns.boundingBox())!;
  await page.mouse.move(nb.x + nb.width * 0.35, nb.y + nb.height * 0.4);
  const steps = [4, 3, 4];
  for (const [j, n] of steps.entries()) {
    for (let i = 0; i < n; i++) { await page.mouse.wheel(0, -240); await page.waitForTimeout(150); }
    await page.waitForTimeout(700);
    console.log('zoom', j + 1, 'DOM', await page.evaluate(() => document.getElementsByTagName('*').length));
    await page.screenshot({ path: `/tmp/scale/zoom${j + 1}-${theme}.png` });
  }
} finally {
  await browser.close();
  process.kill(-server.pid!, 'SIGTERM');
}
