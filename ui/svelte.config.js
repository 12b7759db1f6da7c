import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** Svelte compiler options: TypeScript in components via Vite's preprocessor. */
export default {
  preprocess: vitePreprocess(),
};
