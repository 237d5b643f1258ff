import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// Two builds from one source tree:
// - the served app (default): path router, prerendered shell in build/
// - the offline single file (HOPSCOPE_OFFLINE=1): hash router, every script and
//   style inlined into one HTML file in build-offline/ that works from file://
const offline = process.env.HOPSCOPE_OFFLINE === '1';

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
		// The hash router refuses page options, and the only route module we
		// have (scenario/[id]/+page.ts) exists to prerender deep links for the
		// served build. Offline, route modules are .js only, so it is skipped.
		moduleExtensions: offline ? ['.js'] : ['.js', '.ts']
	}
};

export default config;
