import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Two builds from one source tree:
// - the served app (default): path router, prerendered shell in build/
// - the offline single file (HOPSCOPE_OFFLINE=1): hash router, every script and
//   style inlined into one HTML file in build-offline/ that works from file://
const offline = process.env.HOPSCOPE_OFFLINE === '1';

// Content-Security-Policy, as a <meta> tag SvelteKit writes into every
// prerendered page (mode 'hash': it adds the hashes of the scripts it inlines,
// the whole bundle in the offline file). The theme script in src/app.html is
// ours, so its hash is added here. Styles need 'unsafe-inline': Svelte writes
// style="…" attributes into the prerendered markup. Served workers come from
// /_app/ (or, in a sandboxed embed, from a Blob of the fetched script); the
// offline file starts them from Blobs (Vite's ?worker&inline).
// No frame-ancestors: embedding stays allowed (and a <meta> CSP cannot set it).
// The README's "Content-Security-Policy" section describes the same policy.
const appScriptHashes = [...readFileSync('src/app.html', 'utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
	(m) => `sha256-${createHash('sha256').update(m[1]).digest('base64')}`
);
const csp = {
	mode: 'hash',
	directives: {
		'default-src': ['self'],
		'script-src': ['self', ...appScriptHashes],
		'style-src': ['self', 'unsafe-inline'],
		'img-src': ['self', 'data:', 'blob:'],
		'font-src': ['self'],
		'connect-src': offline ? ['none'] : ['self'],
		// blob: served too: a sandboxed embed (opaque origin) cannot start a worker
		// by URL, so it starts one from a Blob of the fetched worker script
		'worker-src': offline ? ['blob:'] : ['self', 'blob:'],
		'object-src': ['none'],
		'base-uri': ['self'],
		'form-action': ['self']
	}
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({
			pages: offline ? 'build-offline' : 'build',
			assets: offline ? 'build-offline' : 'build',
			fallback: offline ? undefined : 'index.html',
			strict: false
		}),
		router: { type: offline ? 'hash' : 'pathname' },
		output: { bundleStrategy: offline ? 'inline' : 'split' },
		prerender: { entries: offline ? ['*'] : ['*'], handleHttpError: 'warn', handleMissingId: 'warn' },
		paths: { relative: true },
		csp,
		// The hash router refuses page options, and the only route module we
		// have (scenario/[id]/+page.ts) exists to prerender deep links for the
		// served build. Offline, route modules are .js only, so it is skipped.
		moduleExtensions: offline ? ['.js'] : ['.js', '.ts']
	}
};

export default config;
