/**
 * The packaged layout, without the Electron binary: the files electron-builder.json packs are
 * laid out as it would (app.asar, here a folder, and app.asar.unpacked), then the paths main
 * resolves in a packaged app are checked against it, and the unpacked worker is run for real.
 */
import { builtinModules, createRequire } from 'node:module';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FuseV1Options } from '@electron/fuses';
import { ProcessPoolExecutor } from '../../electron/pool';
import { APP_ID } from '../../electron/main/app';
import { WORKER_LAUNCH } from '../../electron/main/launcher';
import { resolveAppPaths, unpacked as unpackedTwin } from '../../electron/main/paths';
import { pythonDirCandidates } from '../../electron/python-host/python-dir';
import { tempDir } from '../support/temp-dir';
// @ts-expect-error -- plain .mjs build script, no types
import { FUSE_CHOICES, fuseConfig } from '../../scripts/fuses.mjs';
// @ts-expect-error -- plain .mjs build script, no types
import { electronBinary } from '../../scripts/after-pack.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
/** The matcher electron-builder itself uses for `files` and `asarUnpack` (its dependency). */
const minimatch = createRequire(import.meta.url)('minimatch') as (
  path: string,
  pattern: string,
  options?: { dot?: boolean },
) => boolean;
const config = JSON.parse(readFileSync(join(ROOT, 'electron-builder.json'), 'utf8')) as {
  files: string[];
  asarUnpack: string[];
  appId: string;
  productName: string;
  afterPack: string;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** electron-builder's rule: a file is packed if the last pattern matching it is not a negation. */
function matches(patterns: string[], file: string): boolean {
  let packed = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) packed = false;
    } else if (minimatch(file, p, { dot: true })) packed = true;
  }
  return packed;
}

/**
 * Lays the packed files out as resources/app.asar/... and resources/app.asar.unpacked/...: what
 * `files` selects from out/, and the production dependencies named (electron-builder packs
 * those whatever `files` says).
 */
function layOut(dependencies: string[]): {
  resources: string;
  packed: string[];
  unpacked: string[];
} {
  const resources = join(tempDir(cleanups), 'resources');
  const candidates = ['package.json', ...walk(join(ROOT, 'out'))];
  const deps = dependencies.flatMap((name) => walk(join(ROOT, 'node_modules', name)));
  const packed = [...candidates.filter((f) => matches(config.files, f)), ...deps];
  const unpacked = packed.filter((f) => config.asarUnpack.some((p) => minimatch(f, p)));
  for (const f of packed) {
    const into = unpacked.includes(f) ? 'app.asar.unpacked' : 'app.asar';
    mkdirSync(dirname(join(resources, into, f)), { recursive: true });
    cpSync(join(ROOT, f), join(resources, into, f));
  }
  return { resources, packed, unpacked };
}

/**
 * Where a packed file is read from: an unpacked file stays listed in app.asar and Electron reads
 * it from app.asar.unpacked, so main may import an unpacked chunk by its asar path.
 */
function located(file: string): string | null {
  if (existsSync(file)) return file;
  return existsSync(unpackedTwin(file)) ? unpackedTwin(file) : null;
}

/** The import specifiers of a built ES module (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(located(file) ?? file, 'utf8');
  return [...text.matchAll(/\b(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (s: string) => s.startsWith('node:') || BUILTINS.has(s);

/** Every file a module reaches through relative imports, and the bare ones it needs. */
function graph(entry: string): { files: string[]; bare: string[] } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!isBuiltin(spec))
        bare.add(
          spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  };
  visit(entry);
  return { files: [...files], bare: [...bare] };
}

describe('the packaged app (electron-builder.json)', () => {
  it('names the app and builds AppImage and deb, dmg, nsis, with the fuses flipped after packing', () => {
    expect(config).toMatchObject({ appId: APP_ID, productName: 'PoolScope' });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(existsSync(join(ROOT, config.afterPack))).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(existsSync(join(ROOT, `build/icons/${size}x${size}.png`))).toBe(true);
    }
    expect(existsSync(join(ROOT, 'build/icon.png'))).toBe(true);
  });

  it('resolves the main entry, preload, page and its assets from app.asar, the worker and its chunks from app.asar.unpacked', async () => {
    expect(existsSync(join(ROOT, 'out/main/worker.js')), 'run npm run build first').toBe(true);
    const { resources } = layOut(['valibot']);
    const asar = join(resources, 'app.asar');
    const main = join(asar, pkg.main);
    expect(existsSync(main)).toBe(true);
    const paths = resolveAppPaths(dirname(main));
    expect(existsSync(paths.preload)).toBe(true);
    expect(existsSync(paths.rendererIndex)).toBe(true);
    const html = readFileSync(paths.rendererIndex, 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(existsSync(join(dirname(paths.rendererIndex), a)), a).toBe(true);

    // main and everything it imports is packed; its packages are production dependencies.
    const mainGraph = graph(main);
    for (const f of mainGraph.files) expect(located(f), f).not.toBeNull();
    for (const name of mainGraph.bare) {
      expect(name === 'electron' || name in pkg.dependencies, `${name} is not a dependency`).toBe(
        true,
      );
    }

    // The worker runs as a separate process from disk: it, all it imports and every package it
    // needs are unpacked (a process run from app.asar.unpacked resolves packages there).
    expect(paths.workerPath).toBe(join(resources, 'app.asar.unpacked/out/main/worker.js'));
    const workerGraph = graph(paths.workerPath);
    for (const f of workerGraph.files) {
      expect(f.startsWith(join(resources, 'app.asar.unpacked')), f).toBe(true);
      expect(existsSync(f), f).toBe(true);
    }
    for (const name of workerGraph.bare) {
      expect(name in pkg.dependencies, `${name} is not a dependency`).toBe(true);
      expect(
        existsSync(join(resources, 'app.asar.unpacked/node_modules', name, 'package.json')),
        `${name} is not unpacked`,
      ).toBe(true);
    }

    // And it works from there: a real pool on the unpacked worker.
    const pool = new ProcessPoolExecutor({ maxWorkers: 1, workerPath: paths.workerPath });
    cleanups.push(() => pool.shutdown());
    await expect(pool.submit('slow_add', 0, 6, 7).result()).resolves.toBe(13);
  });

  it("unpacks every Python file the build copies to out/python, where the app's resolver looks first", () => {
    // Code in app.asar/out/main (or its chunks) looks in app.asar.unpacked/out/python first.
    const resources = join(tempDir(cleanups), 'resources');
    const unpackedPython = join(resources, 'app.asar.unpacked', 'out', 'python');
    const packedPython = join(resources, 'app.asar', 'out', 'python');
    for (const here of ['out/main', 'out/main/chunks']) {
      const candidates = pythonDirCandidates(join(resources, 'app.asar', here));
      expect(candidates).toContain(unpackedPython);
      expect(candidates.indexOf(unpackedPython)).toBeLessThan(candidates.indexOf(packedPython));
    }
    const sources = walk(join(ROOT, 'electron/python')).filter((f) => f.endsWith('.py'));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      const built = src.replace(/^electron\/python\//, 'out/python/');
      expect(matches(config.files, built), built).toBe(true);
      expect(
        config.asarUnpack.some((p) => minimatch(built, p)),
        built,
      ).toBe(true);
    }
  });

  it('sets every fuse deliberately, RunAsNode as the worker launcher needs it', () => {
    const all = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    expect(Object.keys(FUSE_CHOICES).map(Number).sort()).toEqual([...all].sort());
    // Forked workers are Electron run as Node: the fuse must let them be (utilityProcess would not).
    expect(FUSE_CHOICES[FuseV1Options.RunAsNode]).toBe(WORKER_LAUNCH === 'child_process.fork');
    expect(FUSE_CHOICES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSE_CHOICES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSE_CHOICES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuseConfig('linux', 'x64')).toMatchObject({
      strictlyRequireAllFuses: true,
      resetAdHocDarwinSignature: false,
    });
    expect(fuseConfig('darwin', 'arm64')).toMatchObject({ resetAdHocDarwinSignature: true });
    const packager = { appInfo: { productFilename: 'PoolScope' }, executableName: 'poolscope' };
    expect(electronBinary({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(
      '/o/PoolScope.app',
    );
    expect(electronBinary({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(
      join('/o', 'PoolScope.exe'),
    );
    expect(electronBinary({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(
      join('/o', 'poolscope'),
    );
  });
});
