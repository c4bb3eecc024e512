// `npm run serve`: build if out/ is missing or older than the sources, then start browser mode
// in this process (so Ctrl-C and SIGTERM reach its shutdown handler directly). Arguments pass
// through: npm run serve -- --port 8080
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const outputs = ['out/main/serve.js', 'out/main/worker.js', 'out/renderer/index.html'];
const sources = ['electron', 'shared', 'renderer', 'package.json', 'electron.vite.config.ts'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isStale() {
  const built = outputs.map((p) => join(root, p));
  if (!built.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...built.map((p) => statSync(p).mtimeMs));
  const newestSource = Math.max(
    ...sources
      .map((p) => join(root, p))
      .filter(existsSync)
      .map(newestMtime),
  );
  return newestSource > oldestOutput;
}

if (isStale()) {
  console.log('PoolScope: building (out/ is missing or older than the sources)...');
  const bin = join(
    dirname(createRequire(import.meta.url).resolve('electron-vite/package.json')),
    'bin/electron-vite.js',
  );
  const build = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import(pathToFileURL(join(root, 'out/main/serve.js')).href);
