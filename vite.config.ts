import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	// the offline single file inlines the layout worker; the served app fetches it lazily
	define: { __HOPSCOPE_OFFLINE__: JSON.stringify(process.env.HOPSCOPE_OFFLINE === '1') },
	server: { host: '127.0.0.1' },
	preview: { host: '127.0.0.1', port: 4173, strictPort: true },
	worker: { format: 'iife' },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		reporters: ['default', 'json'],
		outputFile: { json: 'test-results/vitest.json' }
	}
});
