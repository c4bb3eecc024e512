/** The Electron main process entry (out/main/index.js). All the logic is in app.ts. */
import { BrowserWindow, app, dialog, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { startApp } from './app';

const here = import.meta.dirname; // out/main

startApp(
  { app, BrowserWindow, dialog, ipcMain, session },
  {
    rendererIndex: join(here, '../renderer/index.html'),
    rendererUrl: process.env.ELECTRON_RENDERER_URL,
    sourceIndex: join(here, '../../renderer/index.html'),
    preload: join(here, '../preload/index.cjs'),
    // In a packaged app out/ sits inside app.asar. That is fine for the worker: it is plain JS,
    // and the Electron binary run as Node (ELECTRON_RUN_AS_NODE) reads scripts out of asar
    // archives, so fork() needs no asarUnpack.
    workerPath: join(here, 'worker.js'),
  },
).catch((e: unknown) => {
  console.error('PoolScope failed to start:', e);
  app.exit(1);
});
