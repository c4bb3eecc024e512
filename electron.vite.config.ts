import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Three builds, one per process kind:
// - main: the Electron main process, plus plain-Node entries that share its code: the forked
//   worker (Node 20 cannot fork a .ts file), the browser-mode server and the pool library.
// - preload: one CommonJS file, as sandboxed preloads require.
// - renderer: the Svelte UI, also served as-is by browser mode.
/**
 * The python runtime's files (issue 10): electron/python/** copied as plain .py to out/python/,
 * where electron/python-host/python-dir.ts finds them (the packaged app unpacks out/python/**
 * from the asar, since CPython cannot read inside it).
 */
function copyPython(): Plugin {
  return {
    name: 'poolscope-copy-python',
    closeBundle() {
      const to = resolve('out/python');
      rmSync(to, { recursive: true, force: true });
      cpSync(resolve('electron/python'), to, {
        recursive: true,
        filter: (src) => !/__pycache__|\.pyc$/.test(src),
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [copyPython()],
    build: {
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          worker: resolve('electron/worker/index.ts'),
          serve: resolve('electron/server/cli.ts'),
          // The pool as a library, for the benchmark and for tests that need a parent process
          // running built code (a forked .mjs fixture cannot import TypeScript).
          pool: resolve('electron/pool/index.ts'),
          // The run service as a library, for the benchmark's "app path" (pool engineer).
          service: resolve('electron/service/index.ts'),
          // The `poolscope` command line (bin/poolscope.mjs starts it).
          cli: resolve('electron/cli/index.ts'),
          // The python runtime's Node side, for bench-python.mjs and the no-orphan fixture.
          python: resolve('electron/python-host/index.ts'),
          // The script tracer as a library, for the bench and the no-orphan test's parent.
          trace: resolve('electron/trace/index.ts'),
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
