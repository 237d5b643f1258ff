import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	// the offline single file inlines the layout worker; the served app fetches it lazily
	define: { __HOPSCOPE_OFFLINE__: JSON.stringify(process.env.HOPSCOPE_OFFLINE === '1') },
	server: { host: '127.0.0.1' },
	preview: { host: '127.0.0.1', port: 4173, strictPort: true },
	worker: { format: 'iife' },
	build: {
		rollupOptions: {
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
