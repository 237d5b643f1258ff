// The legibility row of `npm run bench` (issue 9): how large the diagram's
// text is on screen when a preset opens, at its default zoom, in headless
// Chromium at 1440×900. Text height is each visible diagram <text>'s
// getBoundingClientRect().height (so it includes the zoom); the row reports
// the median per preset. Also runnable alone:
//   npx tsx scripts/legibility.ts [BASE_URL]   (default http://127.0.0.1:4173)
import type { Browser, Page } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';

export interface LegibilityPreset {
	id: string;
	view: 'architecture' | 'network' | 'mesh';
	label: string;
}

/** Five presets a student or an architect opens first, one per view and size. */
export const LEGIBILITY_PRESETS: LegibilityPreset[] = [
	{ id: 'bookinfo', view: 'architecture', label: 'bookinfo · Architecture' },
	{ id: 'istio-canary-90-10', view: 'mesh', label: 'canary 90/10 · Mesh' },
	{ id: 'journey-2-cross-node', view: 'network', label: 'journey 2 · Network' },
	{ id: 'online-boutique', view: 'architecture', label: 'Online Boutique · Architecture' },
	{ id: 'journey-9-docker', view: 'network', label: 'journey 9 (Docker) · Network' }
];

export const LEGIBLE_PX = 12;

export interface TextStats {
	count: number;
	median: number;
	/** share of the visible texts at least LEGIBLE_PX high */
	legibleShare: number;
}

/** In the page: median on-screen height of the diagram's visible <text> elements. */
export async function diagramTextStats(page: Page): Promise<TextStats> {
	return page.evaluate((min) => {
		const svg = document.querySelector('svg.diagram');
		if (!svg) return { count: 0, median: 0, legibleShare: 0 };
		const box = svg.getBoundingClientRect();
		const hs: number[] = [];
		for (const t of svg.querySelectorAll('text')) {
			const r = t.getBoundingClientRect();
			if (!r.height || !t.textContent?.trim()) continue;
			if (getComputedStyle(t).display === 'none' || getComputedStyle(t).visibility === 'hidden') continue;
			// only what is on screen: its centre inside the diagram's box
			const cx = r.x + r.width / 2;
			const cy = r.y + r.height / 2;
			if (cx < box.left || cx > box.right || cy < box.top || cy > box.bottom) continue;
			hs.push(r.height);
		}
		hs.sort((a, b) => a - b);
		const n = hs.length;
		const median = n ? (n % 2 ? hs[(n - 1) >> 1] : (hs[n / 2 - 1] + hs[n / 2]) / 2) : 0;
		return { count: n, median, legibleShare: n ? hs.filter((h) => h >= min).length / n : 0 };
	}, LEGIBLE_PX);
}

/** Opens a preset in `view` and waits until its diagram is drawn and the zoom has settled. */
export async function openPreset(page: Page, base: string, p: LegibilityPreset): Promise<void> {
	// paused at its opening (autoplay=0): the default zoom, before a walkthrough or request frames its own hops
	await page.goto(`${base}/scenario/${p.id}?autoplay=0`);
	await page.waitForFunction(() => document.documentElement.dataset.hopscopeReady === '1', null, { timeout: 30_000 });
	await page.locator('svg.diagram [data-kind]').first().waitFor({ state: 'attached', timeout: 30_000 });
	const tab = page.getByTestId(`view-${p.view}`);
	if ((await tab.getAttribute('aria-selected')) !== 'true') {
		await tab.click();
		await page.locator(`svg.diagram[data-view="${p.view}"] [data-kind]`).first().waitFor({ state: 'attached', timeout: 30_000 });
	}
	// the opening zoom is applied once the layout lands; give it a frame or two
	await page.waitForTimeout(400);
}

export async function measureLegibility(browser: Browser, base: string, viewport = { width: 1440, height: 900 }): Promise<{ preset: LegibilityPreset; stats: TextStats }[]> {
	const out: { preset: LegibilityPreset; stats: TextStats }[] = [];
	for (const p of LEGIBILITY_PRESETS) {
		const page = await browser.newPage({ viewport });
		try {
			await openPreset(page, base, p);
			out.push({ preset: p, stats: await diagramTextStats(page) });
		} finally {
			await page.close();
		}
	}
	return out;
}

/** The issue's measurements before this row existed (1440×900, same method). */
const BEFORE: Record<string, string> = {
	bookinfo: '6 px',
	'istio-canary-90-10': '6.5 px',
	'journey-2-cross-node': '6 px',
	'online-boutique': '9 px',
	'journey-9-docker': '6 px'
};

/** `npm run bench`'s legibility row: serves build/ on `port`, measures the five presets, prints a table. */
export async function legibilityReport(port: number, flags: string[], printTable: (rows: string[][]) => void): Promise<void> {
	console.log(`\nLegibility: served build, headless Chromium 1440×900, each preset's default zoom; median on-screen height of the diagram's visible <text> (goal ≥ ${LEGIBLE_PX} px)`);
	if (!existsSync(resolve('build/index.html'))) execFileSync('npx', ['vite', 'build'], { stdio: 'ignore' });
	const { findBrowser } = (await import('./find-browser.mjs')) as { findBrowser: (o: { install: boolean; log: (s: string) => void }) => string | null };
	const executablePath = findBrowser({ install: false, log: () => {} });
	if (!executablePath) return console.log('legibility row skipped: no Chromium (set CHROMIUM_PATH)');
	const { chromium } = await import('playwright-core');
	const server = spawn(process.execPath, ['scripts/serve.mjs', 'build', String(port)], { stdio: 'ignore', detached: true });
	const browser = await chromium.launch({ executablePath, args: flags }).catch((e: Error) => e);
	try {
		if (browser instanceof Error) return console.log(`legibility row skipped: ${browser.message.split('\n')[0]}`);
		const base = `http://127.0.0.1:${port}`;
		for (let t = Date.now(); ; ) {
			const up = await fetch(base).then((r) => r.ok, () => false);
			if (up) break;
			if (Date.now() - t > 30_000) throw new Error(`${base} did not answer`);
			await new Promise((r) => setTimeout(r, 200));
		}
		const rows = await measureLegibility(browser, base);
		printTable([
			['preset · view', 'median text', 'texts ≥ 12 px', 'before'],
			...rows.map((r) => [r.preset.label, `${r.stats.median.toFixed(1)} px`, `${Math.round(r.stats.legibleShare * 100)}% of ${r.stats.count}`, BEFORE[r.preset.id] ?? ''])
		]);
		const low = rows.filter((r) => r.stats.median < LEGIBLE_PX);
		console.log(low.length ? `GOAL MISSED: ${low.map((r) => `${r.preset.label} ${r.stats.median.toFixed(1)} px`).join('; ')}` : `OK: every preset opens with median text ≥ ${LEGIBLE_PX} px`);
	} finally {
		if (!(browser instanceof Error)) await browser.close();
		try {
			if (server.pid) process.kill(-server.pid, 'SIGTERM');
		} catch {
			/* already gone */
		}
	}
}

async function main() {
	const base = process.argv[2] ?? 'http://127.0.0.1:4173';
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
	try {
		for (const r of await measureLegibility(browser, base)) console.log(`${r.preset.label.padEnd(36)} median ${r.stats.median.toFixed(1)} px  (${r.stats.count} texts, ${Math.round(r.stats.legibleShare * 100)}% ≥ ${LEGIBLE_PX} px)`);
	} finally {
		await browser.close();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
