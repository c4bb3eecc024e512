import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three builds, one per process kind:
// - main: the Electron main process, plus plain-Node entries that share its code: the forked
//   worker (Node 20 cannot fork a .ts file), the browser-mode server and the pool library.
// - preload: one CommonJS file, as sandboxed preloads require.
// - renderer: the Svelte UI, also served as-is by browser mode.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          worker: resolve('electron/worker/index.ts'),
          serve: resolve('electron/server/cli.ts'),
          // The pool as a library, for the benchmark and for tests that need a parent process
          // running built code (a forked .mjs fixture cannot import TypeScript).
          pool: resolve('electron/pool/index.ts'),
          // The `poolscope` command line (bin/poolscope.mjs starts it).
          cli: resolve('electron/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [svelte()],
    build: {
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});
