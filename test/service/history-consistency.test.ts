/** The history never keeps what it cannot list, says what delete did, and names disk errors. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/contract';
import { emptyTrace, type Trace } from '../../shared/trace';
import type { Workload } from '../../shared/workload';
import { HistoryStore } from '../../electron/service/history';
import { tempDir } from '../support/temp-dir';
import { makeReadOnly } from './readonly-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const workload: Workload = { name: 'w', calls: [{ fn: 'slow_add', args: [0.1, 6, 7], repeat: 1 }] };

function run(id: string): { summary: RunSummary; trace: Trace } {
  const trace = emptyTrace({
    name: 'w',
    startedAt: 1e12,
    maxWorkers: 1,
    cpuCount: 2,
    masterPid: 1,
  });
  trace.tasks.push({ id: 0, fn: 'slow_add', args: [0.1, 6, 7], status: 'done', submittedAt: 0 });
  trace.endedAt = 5;
  const summary: RunSummary = {
    id,
    name: 'w',
    startedAt: 1e12,
    maxWorkers: 1,
    tasks: 1,
    makespanMs: 5,
    status: 'completed',
  };
  return { summary, trace };
}

const old = (path: string) => utimesSync(path, new Date(0), new Date(0));

describe('history consistency', () => {
  it('removes the trace when its entry cannot be written, so nothing is left unlisted', async () => {
    const dir = tempDir(cleanups);
    mkdirSync(join(dir, 'run-a.entry.json')); // a folder in the entry's way: its rename fails
    const { summary, trace } = run('run-a');
    await expect(new HistoryStore(dir).saveRun(summary, trace, { workload })).rejects.toThrow(
      'run-a.entry.json is a folder',
    );
    expect(readdirSync(dir)).toEqual(['run-a.entry.json']);
  });

  it('sweeps traces without an entry and temporary files at start, but not recent ones', async () => {
    const dir = tempDir(cleanups);
    const store = new HistoryStore(dir);
    const { summary, trace } = run('run-kept');
    await store.saveRun(summary, trace, { workload });
    for (const name of [
      'run-orphan.trace.json',
      '.poolscope-0123456789ab.tmp',
      'run-new.trace.json',
    ]) {
      writeFileSync(join(dir, name), '{}');
    }
    old(join(dir, 'run-orphan.trace.json'));
    old(join(dir, '.poolscope-0123456789ab.tmp'));
    old(join(dir, 'run-kept.trace.json'));
    const listing = await new HistoryStore(dir).list();
    expect(listing.entries.map((e) => e.kind === 'run' && e.summary.id)).toEqual(['run-kept']);
    expect(readdirSync(dir).sort()).toEqual([
      'run-kept.entry.json',
      'run-kept.trace.json',
      'run-new.trace.json',
    ]);
  });

  it('delete says true when it deleted, a corrupt entry too, and false when there was nothing', async () => {
    const dir = tempDir(cleanups);
    writeFileSync(join(dir, 'run-bad.entry.json'), '{"format": "nonsense"');
    writeFileSync(join(dir, 'run-bad.trace.json'), '[]');
    const store = new HistoryStore(dir);
    expect(await store.delete('run-bad')).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(await store.delete('run-bad')).toBe(false);
  });

  it('checks a history trace with the schema an opened file is checked with', async () => {
    const dir = tempDir(cleanups);
    const store = new HistoryStore(dir);
    const { summary, trace } = run('run-b');
    await store.saveRun(summary, trace, { workload });
    const broken = { ...trace, marks: 5 };
    writeFileSync(join(dir, 'run-b.trace.json'), JSON.stringify(broken));
    await expect(store.get('run-b')).rejects.toThrow(
      'run-b.trace.json is not a PoolScope trace: marks: expected Array, got 5',
    );
    const backwards = { ...trace, tasks: [{ ...trace.tasks[0], startedAt: 100, finishedAt: 2 }] };
    writeFileSync(join(dir, 'run-b.trace.json'), JSON.stringify(backwards));
    await expect(store.get('run-b')).rejects.toThrow(
      'task 0: it finishes (2 ms) before it starts (100 ms), which no run can have',
    );
    const deep = {
      ...trace,
      tasks: [{ ...trace.tasks[0], result: JSON.parse('['.repeat(99) + ']'.repeat(99)) }],
    };
    writeFileSync(join(dir, 'run-b.trace.json'), JSON.stringify(deep));
    await expect(store.get('run-b')).rejects.toThrow(
      'run-b.trace.json is not a PoolScope trace: refused unread: it nests arrays and objects more than 64 deep',
    );
  });

  it('names a folder it may not write, rather than "ENOENT ... mkdir"', async () => {
    const parent = tempDir(cleanups);
    cleanups.push(makeReadOnly(parent));
    const dir = join(parent, 'poolscope', 'history');
    const { summary, trace } = run('run-c');
    await expect(new HistoryStore(dir).saveRun(summary, trace, { workload })).rejects.toThrow(
      `cannot create the history folder ${dir}: no permission to create it`,
    );
  });

  describe.runIf(canMountTmpfs())('on a real file system that refuses', () => {
    it('names a read-only file system (a tmpfs mounted read-only)', async () => {
      const dir = join(mountTmpfs('ro,size=1m'), 'poolscope');
      const { summary, trace } = run('run-d');
      await expect(new HistoryStore(dir).saveRun(summary, trace, { workload })).rejects.toThrow(
        `cannot create the history folder ${dir}: it is on a read-only file system`,
      );
    });

    it('names a full disk, and leaves no part of the run behind (a 64 KiB tmpfs)', async () => {
      const dir = mountTmpfs('size=64k');
      const { summary, trace } = run('run-e');
      trace.tasks[0]!.result = 'x'.repeat(200_000);
      await expect(new HistoryStore(dir).saveRun(summary, trace, { workload })).rejects.toThrow(
        `disk full: could not write ${join(dir, 'run-e.trace.json')}`,
      );
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});

/** Whether this process may mount a tmpfs (root, in a container that allows it): tried once. */
function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tmpfs mounted on a fresh folder with `options`, unmounted by `cleanups`. */
function mountTmpfs(options: string): string {
  const dir = tempDir(cleanups);
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  cleanups.push(() => execFileSync('umount', [dir]));
  return dir;
}
