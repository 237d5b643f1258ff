import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const offline = process.env.HOPSCOPE_OFFLINE === '1';

export default defineConfig({
	plugins: [sveltekit()],
	// the offline single file inlines the layout worker; the served app fetches it lazily
	define: { __HOPSCOPE_OFFLINE__: JSON.stringify(offline) },
	server: { host: '127.0.0.1' },
	preview: { host: '127.0.0.1', port: 4173, strictPort: true },
	worker: { format: 'iife' },
	build: {
		// the offline file is one inline bundle by design (≈5.3 MB with the exporters).
		// The served app's big chunks load off the first paint: the ELK layout worker
		// (1.5 MB) and the video encoder (mediabunny, 0.7 MB, on Export → Video);
		// what the first paint loads has its own budget (npm run bench).
		chunkSizeWarningLimit: offline ? 6144 : 1600,
		rolldownOptions: {
			checks: {
				// timings of our own build are not something a user can act on
				pluginTimings: false,
				// the offline file's inline (non-ESM) bundle has no import.meta: Vite's
				// preload helper and SvelteKit's dynamic imports check for it and fall
				// back, which is what the offline e2e test exercises
				...(offline ? { emptyImportMeta: false } : {})
			},
			// Our engine modules (src/lib/**/*.ts) have no side effects at import
			// time: a module reached only through a folder's index.ts and never used
			// is left out, so the index files cost nothing in the first download.
			// Workers, Svelte state modules (.svelte.ts) and styles keep the default.
			treeshake: { moduleSideEffects: (id: string) => !/\/src\/lib\/(?!.*worker)[^?]*(?<!\.svelte)\.ts$/.test(id) }
		}
	},
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		reporters: ['default', 'json'],
		outputFile: { json: 'test-results/vitest.json' }
	}
});
