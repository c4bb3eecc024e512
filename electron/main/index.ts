/** The Electron main process entry (out/main/index.js). All the logic is in app.ts. */
import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  dialog,
  ipcMain,
  nativeTheme,
  session,
  shell,
} from 'electron';
import { startApp } from './app';
import { resolveAppPaths } from './paths';

startApp(
  { app, BrowserWindow, dialog, ipcMain, session, Menu, nativeTheme, Notification, shell },
  resolveAppPaths(import.meta.dirname, process.env.ELECTRON_RENDERER_URL),
  { argv: process.argv },
).catch((e: unknown) => {
  console.error('PoolScope failed to start:', e);
  app.exit(1);
});
