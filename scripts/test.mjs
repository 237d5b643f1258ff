// `npm test`: every test Hopscope has, in one command, with one closing line.
//   1. type check (svelte-check)            — counts as one test
//   2. unit tests (vitest)                  — tests/unit
//   3. builds: served app + offline single file
//   4. end-to-end (Playwright, Chromium)    — tests/e2e
//   also: import boundaries (with check) and the fuzz harness (fuzz), one test each
// Ends with `N passed, N failed` alone on a line; exit 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { findBrowser, HOW_TO_GET_ONE } from './find-browser.mjs';

let passed = 0;
let failed = 0;
const problems = [];

function run(title, cmd, args, env = {}) {
	console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	return r.status ?? 1;
}

function tally(title, p, f, status) {
	passed += p;
	failed += f;
	if (f > 0 || (status !== 0 && f === 0)) {
		problems.push(`${title}: ${f} failed${status !== 0 && f === 0 ? ` (runner exited ${status})` : ''}`);
		if (status !== 0 && f === 0) failed += 1;
	}
	console.log(`--- ${title}: ${p} passed, ${f} failed`);
}

const only = process.argv.slice(2);
const want = (s) => only.length === 0 || only.includes(s);
mkdirSync('test-results', { recursive: true });

const browser = want('e2e') ? findBrowser() : null;
if (want('e2e') && !browser) {
	console.error(HOW_TO_GET_ONE);
	console.log(`\n${passed} passed, ${failed + 1} failed`);
	process.exit(1);
}

if (want('check')) {
	const s = run('type check', 'npx', ['svelte-kit', 'sync']) || run('type check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--output', 'human']);
	tally('type check', s === 0 ? 1 : 0, s === 0 ? 0 : 1, 0);
}

if (want('check')) {
	// import boundaries: folders entered through their index.ts, engines never import the UI
	const s = run('import boundaries', 'node', ['scripts/check-imports.mjs']);
	tally('import boundaries', s === 0 ? 1 : 0, s === 0 ? 0 : 1, 0);
}

if (want('fuzz')) {
	// every saved failure replayed, then a fixed seed and budget (scripts/fuzz.ts)
	const r = run('fuzz: saved failures', 'npx', ['tsx', 'scripts/fuzz.ts', '--replay', 'tests/fuzz/regressions']);
	tally('fuzz: saved failures', r === 0 ? 1 : 0, r === 0 ? 0 : 1, 0);
	const s = run('fuzz: seed 1, 1,500 inputs', 'npx', ['tsx', 'scripts/fuzz.ts', '--seed', '1', '--count', '1500']);
	tally('fuzz: seed 1', s === 0 ? 1 : 0, s === 0 ? 0 : 1, 0);
}

if (want('unit')) {
	rmSync('test-results/vitest.json', { force: true });
	const s = run('unit tests', 'npx', ['vitest', 'run']);
	let p = 0, f = 0;
	if (existsSync('test-results/vitest.json')) {
		const j = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
		p = j.numPassedTests;
		f = j.numFailedTests;
		if (j.numTotalTestSuites > 0 && j.testResults?.some((r) => r.status === 'failed' && r.assertionResults.length === 0)) f += 1; // a file that failed to load
	}
	tally('unit tests', p, f, s);
}

if (want('e2e')) {
	const b1 = run('build (served app)', 'npx', ['vite', 'build', '--logLevel', 'warn']);
	// the offline file is also served as build/offline.html (Export → HTML), as `npm run build` does
	const b2 = run('build (offline single file)', 'npx', ['vite', 'build', '--logLevel', 'warn'], { HOPSCOPE_OFFLINE: '1' }) || run('offline copy', 'node', ['scripts/offline-copy.mjs']);
	tally('builds', (b1 === 0 ? 1 : 0) + (b2 === 0 ? 1 : 0), (b1 === 0 ? 0 : 1) + (b2 === 0 ? 0 : 1), 0);
	rmSync('test-results/playwright.json', { force: true });
	const s = run('end-to-end tests', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: browser });
	let p = 0, f = 0;
	if (existsSync('test-results/playwright.json')) {
		const j = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
		p = j.stats.expected + (j.stats.flaky ?? 0);
		f = j.stats.unexpected;
	}
	tally('end-to-end tests', p, f, s);
}

if (problems.length) console.log('\nFailures:\n  ' + problems.join('\n  '));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
