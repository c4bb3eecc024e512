// `npm start`: build and open the desktop app, or say plainly why it cannot open here.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';
import { runForwarding } from './forward-signals.mjs';

const MISSING = `The Electron binary is not installed (installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 skip it).
To get it, run \`node node_modules/electron/install.js\` on a machine that can reach GitHub
(it is what \`npm install\` runs to fetch the binary).
Or use browser mode, which needs no Electron: npm run serve`;

if (!findElectronBinary()) {
  console.error(MISSING);
  process.exit(1);
}

// `electron-vite preview` builds main, preload and renderer, then launches Electron on out/. It
// runs as a child that signals reach (a blocking spawnSync would leave them unhandled).
const bin = join(
  dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')),
  'bin/electron-vite.js',
);
process.exit(await runForwarding(process.execPath, [bin, 'preview', ...process.argv.slice(2)]));
