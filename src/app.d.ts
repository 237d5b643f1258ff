// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {}
	/** true in the offline single-file build (HOPSCOPE_OFFLINE=1; vite.config.ts `define`) */
	const __HOPSCOPE_OFFLINE__: boolean;
}
export {};
