import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto('http://127.0.0.1:4199/dev-diagram');
const res = await page.evaluate(() => {
  const c = document.createElement('canvas').getContext('2d');
  const sans = getComputedStyle(document.body).fontFamily;
  const out = {};
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-./:·, ×()=_';
  c.font = `100px ${sans}`;
  for (const ch of chars) out[ch] = Math.round(c.measureText(ch).width) / 100;
  c.font = `600 100px ${sans}`;
  const bold = {};
  for (const ch of chars) bold[ch] = Math.round(c.measureText(ch).width) / 100;
  return { sans, out, bold };
});
console.log(JSON.stringify(res));
await browser.close();
