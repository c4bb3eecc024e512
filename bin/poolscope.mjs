#!/usr/bin/env node
// `poolscope`: starts the built command line (out/main/cli.js). It is built by `npm run build`;
// this script only finds it, so `npx poolscope` works in a checkout and after an install.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = join(resolve(import.meta.dirname, '..'), 'out', 'main', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write(
    `poolscope: ${entry} is missing: run npm run build (in ${resolve(import.meta.dirname, '..')}) first\n`,
  );
  process.exit(1);
}
await import(pathToFileURL(entry).href);
