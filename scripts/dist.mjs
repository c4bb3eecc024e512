// `npm run dist`: builds out/ and the installers for this OS (electron-builder.json): AppImage and
// deb on Linux, dmg on macOS, nsis on Windows, into dist/. It needs the Electron binary, which
// electron-builder downloads for the target; where that is impossible it says so and stops.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['electron-vite', 'build']);
run('npx', [
  'electron-builder',
  '--config',
  'electron-builder.json',
  '--publish',
  'never',
  ...process.argv.slice(2),
]);
