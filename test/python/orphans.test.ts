/**
 * No CPython worker outlives its parent, even SIGKILLed mid-call: a sleeping call, pure-Python
 * CPU work, and a C loop that never lets go of the GIL (only the kernel's parent-death signal can
 * end that one). The parent runs the built runtime: out/main/python.js and out/python/.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../support/processes';
import { tempDir } from '../support/temp-dir';
import { cleanups } from './support';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/python-parent.mjs');

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function runParent(...args: string[]) {
  const child = spawn(process.execPath, [FIXTURE, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => kill(child.pid!));
  const firstLine = new Promise<string>((resolveLine) =>
    createInterface({ input: child.stdout }).once('line', resolveLine),
  );
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, firstLine, exit };
}

describe('no orphans on the python runtime', () => {
  const holdsGil = () => {
    const path = join(tempDir(cleanups), 'gil.py');
    writeFileSync(path, 'def hold():\n    return sum(range(10**14))\n');
    return path;
  };
  const tutorial = () => 'poolscope:tutorial.py';
  it.each<[string, () => string, string, ...string[]]>([
    ['slow_function(60)', tutorial, 'slow_function', '60'],
    ['busy_work(60)', tutorial, 'busy_work', '60'],
    ['count_primes(10**12)', tutorial, 'count_primes', '1000000000000'],
    ['sum(range(10**14)), which holds the GIL', holdsGil, 'hold'],
  ])('workers running %s exit when their parent is SIGKILLed', async (_, module, fn, ...args) => {
    const { child, firstLine, exit } = runParent(module(), fn, ...args);
    const { pids } = JSON.parse(await firstLine) as { pids: number[] };
    cleanups.push(() => pids.forEach(kill));
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    child.kill('SIGKILL');
    await exit;
    await expect.poll(() => pids.filter(isAlive), { timeout: 10_000 }).toEqual([]);
  });
});
