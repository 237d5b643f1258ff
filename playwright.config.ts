import { defineConfig } from '@playwright/test';

// The browser comes from scripts/find-browser.mjs (npm test sets CHROMIUM_PATH).
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// E2E_PORT: run beside another server (the default port must be free: the run fails, not reuses)
const port = Number(process.env.E2E_PORT || 4176);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 45_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		viewport: { width: 1400, height: 900 },
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--no-first-run',
				'--disable-sync',
				'--disable-quic'
			]
		}
	},
	webServer: {
		command: `node scripts/serve.mjs build ${port}`,
		url: `http://127.0.0.1:${port}`,
		reuseExistingServer: false,
		timeout: 60_000
	}
});
