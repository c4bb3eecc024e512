/**
 * Ctrl-C and worse during a run: the command cancels, writes what it has when --out was given and
 * says so, exits 130, and leaves no worker process; SIGKILLed, it still leaves none.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../support/processes';
import { tempDir } from '../support/temp-dir';
import {
  childrenOf,
  pythonJson,
  start,
  startInTerminal,
  until,
  workloadJson,
  type Cleanup,
} from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Task = { fn: string; status: string; args: number[] };

function workload(dir: string, calls: { fn: string; args: number[]; repeat: number }[]) {
  const path = join(dir, 'w.json');
  writeFileSync(path, workloadJson('interrupted', calls));
  return path;
}

/** Starts a run in its own process group and waits until `n` worker processes are up. */
async function runWithWorkers(dir: string, args: string[], n: number) {
  const cli = start(cleanups, ['run', ...args], { cwd: dir, detached: true });
  const pid = cli.child.pid!;
  const workers = await until(`${n} workers`, () => {
    const children = childrenOf(pid);
    return children.length >= n && children;
  });
  return { ...cli, pid, workers };
}

const tasksIn = (path: string) => (pythonJson(path) as { tasks: Task[] }).tasks;

describe('Ctrl-C during poolscope run', () => {
  it('from a terminal (SIGINT to the whole process group): exits 130, writes what it has, no worker left', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [{ fn: 'slow_function', args: [20], repeat: 4 }]);
    const { done, pid, workers } = await runWithWorkers(
      dir,
      [path, '--max-workers', '2', '--out', 'cut.json', '--out', 'cut.svg'],
      2,
    );
    process.kill(-pid, 'SIGINT'); // what a terminal's Ctrl-C does: the CLI and its workers get it
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted: cancelling');
    expect(result.stderr).toContain('Writing what it has, up to the interruption.');
    expect(result.stdout).toContain('wrote cut.json (interrupted run)');
    expect(workers.filter(isAlive)).toEqual([]);
    const tasks = tasksIn(join(dir, 'cut.json'));
    expect(tasks).toHaveLength(4);
    // No 20-second call ran to its end: the command did not wait for them.
    expect(tasks.filter((t) => t.status === 'done' || t.status === 'running')).toEqual([]);
  });

  it('to the command alone: the first cancels what waits, the second stops the running call', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [
      { fn: 'slow_function', args: [25], repeat: 1 },
      { fn: 'slow_function', args: [0.01], repeat: 3 },
    ]);
    const args = ['run', path, '--max-workers', '1', '--out', 'cut.json'];
    const term = await startInTerminal(cleanups, args, dir);
    await until('the long call to run', () =>
      term.screen().includes('0 of 4 calls finished · 1 running'),
    );
    const workers = childrenOf(term.pid);
    expect(workers).toHaveLength(1);
    process.kill(term.pid, 'SIGINT');
    await until('the first interrupt to be taken', () =>
      term
        .screen()
        .includes('waiting for the 1 running call to finish (Ctrl-C again to stop them now)'),
    );
    process.kill(term.pid, 'SIGINT');
    expect(await term.done).toBe(130);
    expect(term.screen()).toContain('Interrupted again: stopping the running calls now...');
    expect(term.screen()).toContain('wrote cut.json (interrupted run)');
    expect(workers.filter(isAlive)).toEqual([]);
    const tasks = tasksIn(join(dir, 'cut.json'));
    // The three short calls waited behind the long one, and were cancelled, never run.
    expect(tasks.slice(1).map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // The long call was stopped, not waited for: its worker was killed, its future failed.
    expect(tasks[0]!.status).toBe('failed');
  });

  it('a single Ctrl-C lets the running call finish, as cancel() does in CPython', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [
      { fn: 'slow_function', args: [1.5], repeat: 1 },
      { fn: 'slow_function', args: [0.01], repeat: 3 },
    ]);
    const args = ['run', path, '--max-workers', '1', '--out', 'cut.csv', '--out', 'cut.json'];
    const term = await startInTerminal(cleanups, args, dir);
    await until('the first call to run', () =>
      term.screen().includes('0 of 4 calls finished · 1 running'),
    );
    const workers = childrenOf(term.pid);
    process.kill(term.pid, 'SIGINT');
    expect(await term.done).toBe(130);
    expect(workers.filter(isAlive)).toEqual([]);
    const tasks = tasksIn(join(dir, 'cut.json'));
    expect(tasks.map((t) => t.status)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('Ctrl-C while the files are written: each is finished or skipped, none left half-written', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [{ fn: 'slow_function', args: [20], repeat: 2 }]);
    const outs = ['cut.png', 'cut.svg', 'cut.csv', 'cut.json', 'cut.chrome.json'];
    const args = ['run', path, '--max-workers', '2', ...outs.flatMap((o) => ['--out', o])];
    const term = await startInTerminal(cleanups, args, dir);
    await until('the calls to run', () =>
      term.screen().includes('0 of 2 calls finished · 2 running'),
    );
    process.kill(term.pid, 'SIGINT');
    await until('the cancel', () => term.screen().includes('Ctrl-C again'));
    process.kill(term.pid, 'SIGINT');
    await until('the writing', () => term.screen().includes('Writing what it has'));
    process.kill(term.pid, 'SIGINT');
    expect(await term.done).toBe(130);
    const written = outs.filter((o) => term.screen().includes(`wrote ${o} (interrupted run)`));
    const skipped = outs.filter((o) => term.screen().includes(`${o} not written: interrupted`));
    expect([...written, ...skipped].sort()).toEqual([...outs].sort());
    // Only whole files: the ones written, and nothing else (no temporary file) beside the workload.
    expect(readdirSync(dir).sort()).toEqual(['w.json', ...written].sort());
    if (written.includes('cut.json')) expect(tasksIn(join(dir, 'cut.json'))).toHaveLength(2);
  });

  it('no run: without --out it says nothing was written, and still exits 130', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [{ fn: 'slow_function', args: [20], repeat: 2 }]);
    const { done, pid, workers } = await runWithWorkers(dir, [path, '--max-workers', '2'], 2);
    process.kill(-pid, 'SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('nothing written (no --out)');
    expect(workers.filter(isAlive)).toEqual([]);
  });

  it('SIGTERM stops at once: the running calls too, exit 143, what it has written, no worker left', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [{ fn: 'slow_function', args: [20], repeat: 3 }]);
    const args = ['run', path, '--max-workers', '2', '--out', 'cut.json'];
    const term = await startInTerminal(cleanups, args, dir);
    await until('the calls to run', () =>
      term.screen().includes('0 of 3 calls finished · 2 running'),
    );
    const workers = childrenOf(term.pid);
    process.kill(term.pid, 'SIGTERM');
    expect(await term.done).toBe(143);
    expect(term.screen()).toContain('SIGTERM: stopping the running calls now...');
    expect(workers.filter(isAlive)).toEqual([]);
    const statuses = tasksIn(join(dir, 'cut.json')).map((t) => t.status);
    expect(statuses.filter((s) => s === 'done' || s === 'running')).toEqual([]);
  });

  it('SIGKILLed mid-run, it still leaves no worker: they leave when their channel closes', async () => {
    const dir = tempDir(cleanups);
    const path = workload(dir, [{ fn: 'slow_function', args: [20], repeat: 2 }]);
    const { child, done, workers } = await runWithWorkers(dir, [path, '--max-workers', '2'], 2);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    await until('every worker to exit', () => workers.every((pid) => !isAlive(pid)));
  });
});
