/**
 * Running the real `poolscope` (bin/poolscope.mjs, which starts the built out/main/cli.js) as a
 * child process, and reading what it wrote with tools nobody here wrote.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync, crc32 } from 'node:zlib';
import { expect } from 'vitest';
import { isAlive, procStat } from '../support/processes';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/poolscope.mjs');
const BUILT = join(ROOT, 'out/main/cli.js');

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type Cleanup = () => void | Promise<void>;

/** Starts poolscope with `args` in `cwd`; the child is SIGKILLed after the test if still alive. */
export function start(
  cleanups: Cleanup[],
  args: string[],
  opts: { cwd: string; detached?: boolean; env?: NodeJS.ProcessEnv },
): { child: ChildProcess; done: Promise<Outcome> } {
  expect(existsSync(BUILT), `${BUILT} is missing: run npm run build`).toBe(true);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
    env: { ...process.env, ...opts.env },
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<Outcome>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Runs poolscope to its end. */
export function poolscope(
  cleanups: Cleanup[],
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv } = {},
): Promise<Outcome> {
  return start(cleanups, args, { cwd, ...opts }).done;
}

/**
 * Starts poolscope on a pseudo-terminal (script(1)), as a person at a terminal runs it, so its
 * progress line shows; `screen()` is what the terminal has shown so far, `pid` the command's own
 * process (script's child), to signal it alone.
 */
export async function startInTerminal(cleanups: Cleanup[], args: string[], cwd: string) {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`);
  // A wide terminal, so the progress line is never cut where a test reads it. script(1) runs
  // the line with $SHELL -c: bash execs the last command itself, dash stays as its parent (and
  // would take the signals meant for the command), so `exec` makes it the command in both.
  const term = spawn('script', ['-qfec', `stty cols 250; exec ${quoted.join(' ')}`, '/dev/null'], {
    cwd,
    env: { ...process.env, SHELL: '/bin/sh' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let screen = '';
  term.stdout!.setEncoding('utf8').on('data', (s: string) => (screen += s));
  const done = new Promise<number | null>((resolve) => term.once('close', (code) => resolve(code)));
  // The command's own process: node running BIN (never a shell whose -c line names BIN).
  const pid = await until('the command under script', () =>
    descendantsOf(term.pid!).find((p) => cmdline(p).startsWith(`${process.execPath} ${BIN} `)),
  );
  cleanups.push(() => {
    for (const p of [pid, term.pid!]) if (isAlive(p)) process.kill(p, 'SIGKILL');
  });
  return { pid, done, screen: () => screen };
}

function descendantsOf(pid: number): number[] {
  const children = childrenOf(pid);
  return [...children, ...children.flatMap(descendantsOf)];
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The PIDs of `pid`'s live children, from /proc (Linux). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = Number(name);
    if (procStat(entry)?.ppid === pid && isAlive(entry)) out.push(entry);
  }
  return out;
}

/** Polls until `check` holds; fails with `what` if it never does within the test's time. */
export async function until<T>(
  what: string,
  check: () => T | null | undefined | false,
  ms = 20_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface PngChunk {
  type: string;
  data: Buffer;
}

/**
 * A PNG's chunks, read here from the bytes (signature, length, type, data, CRC checked with
 * node's zlib.crc32), independently of the code that wrote them.
 */
export function pngChunks(path: string): PngChunk[] {
  const png = readFileSync(path);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: PngChunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    expect(crc, `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  return chunks;
}

/** What the test asserts of every PoolScope PNG: 2× the SVG, 192 dpi, the pixels really there. */
export function expectChartPng(path: string, svgWidth: number): { width: number; height: number } {
  const chunks = pngChunks(path);
  const types = chunks.map((c) => c.type);
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  expect(types.filter((t) => t === 'pHYs')).toHaveLength(1);
  expect(types.indexOf('pHYs')).toBeLessThan(types.indexOf('IDAT'));
  const ihdr = chunks[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect(width).toBe(2 * svgWidth);
  const phys = chunks.find((c) => c.type === 'pHYs')!.data;
  // 192 dots per inch = 7559 per metre, both ways, unit metre.
  expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([7559, 7559, 1]);
  // The image data inflates to one filter byte plus 4 bytes (RGBA, 8 bit) per pixel per row.
  expect([ihdr[8], ihdr[9]]).toEqual([8, 6]);
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  expect(inflateSync(idat).length).toBe(height * (1 + 4 * width));
  return { width, height };
}

/** Rows of a CSV file as python3's csv module reads them (the header first). */
export function pythonCsv(path: string): string[][] {
  const script =
    'import csv, json, sys\n' +
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n" +
    '    print(json.dumps(list(csv.reader(f, strict=True))))\n';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

/**
 * Each row's `call` column as Python's ast reads it: the function's name and its arguments'
 * values (ast.literal_eval), next to the `arguments` column read with json.loads.
 */
export function pythonCalls(path: string): { fn: string; args: unknown[]; json: unknown[] }[] {
  const script =
    'import ast, csv, json, sys\n' +
    "with open(sys.argv[1], newline='', encoding='utf-8') as f:\n" +
    '    out = []\n' +
    '    for row in csv.DictReader(f, strict=True):\n' +
    "        call = ast.parse(row['call'], mode='eval').body\n" +
    '        assert isinstance(call, ast.Call), row\n' +
    "        out.append({'fn': call.func.id, 'args': [ast.literal_eval(a) for a in call.args],\n" +
    "                    'json': json.loads(row['arguments'])})\n" +
    '    print(json.dumps(out))\n';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

/** A JSON file as Python's json module reads it. */
export function pythonJson(path: string): unknown {
  const script =
    'import json, sys\nprint(json.dumps(json.load(open(sys.argv[1], encoding="utf-8"))))\n';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
}

/** Renders an SVG with librsvg's rsvg-convert (it refuses malformed SVG); returns the PNG's size. */
export function rsvgSize(svgPath: string, pngPath: string): { width: number; height: number } {
  execFileSync('rsvg-convert', ['--format', 'png', '--output', pngPath, svgPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ihdr = pngChunks(pngPath)[0]!.data;
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) };
}

/** A workload file in the app's schema. */
export const workloadJson = (
  name: string,
  calls: { fn: string; args: number[]; repeat: number }[],
) => JSON.stringify({ name, calls }, null, 2);
