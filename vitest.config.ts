import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Compiles runes in *.svelte.ts state classes, so they can be tested in Node too.
  plugins: [svelte()],
  test: {
    include: ['src/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/embedding/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // The SDK warns on every worker that Node 20 support ends in 2027; we know (the machines run Node 20).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
