// Finds a Chromium for the browser tests, in the order the README documents:
// $CHROMIUM_PATH, /usr/bin/chromium, Playwright's own browser, and (as root
// with apt) Debian's `chromium` package installed on the spot. Never silently
// skips: if none can be had, it says how to get one and exits non-zero.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

export function findBrowser({ install = true, log = console.error } = {}) {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) {
		if (existsSync(fromEnv)) return fromEnv;
		log(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
	}
	for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
	try {
		// Playwright's own browser, when `npx playwright install chromium` was run.
		const pw = execSync(
			`node -e "import('playwright-core').then(m=>process.stdout.write(m.chromium.executablePath()))"`,
			{ stdio: ['ignore', 'pipe', 'ignore'] }
		).toString();
		if (pw && existsSync(pw)) return pw;
	} catch {
		/* not installed */
	}
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const hasApt = existsSync('/usr/bin/apt-get');
	if (install && isRoot && hasApt) {
		log('No Chromium found: installing Debian\'s chromium package (apt-get install -y chromium)…');
		try {
			execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
				stdio: ['ignore', 'ignore', 'inherit']
			});
			if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
		} catch {
			log('apt-get could not install chromium.');
		}
	}
	return null;
}

export const HOW_TO_GET_ONE = `No Chromium browser for the end-to-end tests.
Get one of:
  - set CHROMIUM_PATH=/path/to/chrome-or-chromium
  - Debian/Ubuntu: sudo apt-get install -y chromium
  - anywhere else: npx playwright install chromium`;

if (import.meta.url === `file://${process.argv[1]}`) {
	const p = findBrowser();
	if (!p) {
		console.error(HOW_TO_GET_ONE);
		process.exit(1);
	}
	console.log(p);
}
