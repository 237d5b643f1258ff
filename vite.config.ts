import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
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
