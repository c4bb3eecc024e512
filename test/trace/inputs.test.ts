/** Bad input and hard endings (issue 11, item 6): each ends with a clear sentence, losing nothing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ScriptError, TracedScript } from '../../electron/trace';
import { MAX_OUTPUT_LINES } from '../../electron/trace';
import type { PoolEvent } from '../../shared/events';
import {
  SCRIPTS,
  alive,
  groupMembers,
  masterLines,
  request,
  start,
  stopAll,
  tasks,
  trace,
  until,
} from './helpers';

afterAll(stopAll);

describe('refused before anything starts', () => {
  it('names a missing interpreter', async () => {
    await expect(
      TracedScript.start(request(join(SCRIPTS, 'no_pool.py')), {
        cpuCount: 2,
        python: '/nonexistent/python3',
      }),
    ).rejects.toThrow(
      new ScriptError(
        'python3 was not found on PATH: install Python 3.9 or later (or set POOLSCOPE_PYTHON)',
      ),
    );
  });

  it('names a path that is not a file', async () => {
    await expect(TracedScript.start(request(SCRIPTS), { cpuCount: 2 })).rejects.toThrow(
      `${SCRIPTS} is not a file`,
    );
    await expect(
      TracedScript.start(request(join(SCRIPTS, 'missing.py')), { cpuCount: 2 }),
    ).rejects.toThrow('missing.py: no such file');
  });
});

describe.concurrent('runs that end badly', () => {
  it('shows a syntax error as Python does, and fails the run', async () => {
    const { status, error, trace: t } = await trace(request(join(SCRIPTS, 'syntax_error.py')));
    expect(status).toBe('failed');
    expect(error).toBe('syntax_error.py exited with code 1: SyntaxError: invalid syntax');
    const err = masterLines(t, 'stderr');
    expect(err[0]).toMatch(/^ {2}File ".*syntax_error\.py", line 2$/);
    expect(err.at(-1)).toBe('SyntaxError: invalid syntax');
    expect(err.join('\n')).not.toContain('runpy');
    expect(masterLines(t)).toEqual([]);
  });

  it('says a script made no pool, keeps its output, and gives it EOF on stdin', async () => {
    const { status, error, trace: t } = await trace(request(join(SCRIPTS, 'no_pool.py')));
    expect(status).toBe('failed');
    expect(error).toMatch(
      /^no_pool\.py made no pool \(ProcessPoolExecutor, ThreadPoolExecutor or multiprocessing\.Pool\): .*its output is kept$/,
    );
    expect(masterLines(t)).toEqual(['no pool here', "stdin says ''"]);
    expect(t.script?.exitCode).toBe(0);
  });

  it('fails on a non-zero exit, with what ran kept', async () => {
    const { status, error, trace: t } = await trace(request(join(SCRIPTS, 'exit_code.py')));
    expect(status).toBe('failed');
    expect(error).toBe('exit_code.py exited with code 3');
    expect(t.script?.exitCode).toBe(3);
    expect(tasks(t)[0]?.result).toBe(4);
  });

  it('shows BrokenProcessPool when a worker is killed, and how the worker died', async () => {
    const { status, trace: t } = await trace(request(join(SCRIPTS, 'killed_worker.py')));
    expect(status).toBe('completed');
    expect(masterLines(t)).toEqual(['BrokenProcessPool', 'BrokenProcessPool']);
    const [died, never] = tasks(t);
    expect(died?.status).toBe('failed');
    expect(died?.error?.name).toBe('BrokenProcessPool');
    const killed = t.workers.filter((w) => w.signal === 'SIGKILL');
    expect(killed).toHaveLength(1);
    // Where the call began is known when its worker's start is read before the master's
    // BrokenProcessPool; each process writes on its own connection, so on a loaded machine the
    // master's word can come first (docs/tracing.md).
    if (died?.pid !== undefined) expect(died.pid).toBe(killed[0]!.pid);
    expect(never?.status).toBe('failed');
    expect(never?.error?.message).toMatch(/terminated abruptly/);
  });

  it('bounds huge output and counts what it dropped', async () => {
    const { trace: t } = await trace(request(join(SCRIPTS, 'huge_output.py')));
    expect(t.output.length).toBe(MAX_OUTPUT_LINES + 1);
    expect(t.output[0]?.line.length).toBe(10_000); // the million-character line, cut
    expect(t.script?.droppedOutput).toBe(25_000 + 3 - MAX_OUTPUT_LINES);
    expect(t.output.at(-1)?.line).toBe(
      `[PoolScope kept the first ${MAX_OUTPUT_LINES} lines: ${t.script?.droppedOutput} more not kept]`,
    );
    expect(tasks(t)[0]?.result).toBe(1);
  });

  it('traces multiprocessing.Pool: apply_async, map, starmap, imap and imap_unordered', async () => {
    const { status, trace: t } = await trace(request(join(SCRIPTS, 'mp_pool.py')));
    expect(status).toBe('completed');
    expect(tasks(t).map((c) => [c.fn, c.args, c.result])).toEqual([
      ['square', [7], 49],
      ['square', [1], 1],
      ['square', [2], 4],
      ['square', [3], 9],
      ['add', [1, 2], 3],
      ['add', [3, 4], 7],
      ['square', [4], 16],
      ['square', [5], 25],
      ['square', [6], 36],
      ['square', [8], 64],
    ]);
    expect(t.script?.pools).toEqual([
      { kind: 'multiprocessing.Pool', maxWorkers: 2, startMethod: expect.any(String) },
    ]);
    expect(masterLines(t)).toEqual(['[1, 4, 9] [3, 7] 49', '[16, 25] [36, 64]']);
    for (const c of tasks(t)) expect(t.workers.some((w) => w.pid === c.pid)).toBe(true);
  });
});

describe('live, and Stop', () => {
  it('sends a start event while its call still runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poolscope-test-'));
    const release = join(dir, 'release');
    const seen: PoolEvent['type'][] = [];
    const run = await start(
      request(join(SCRIPTS, 'wait_for_file.py'), { args: [release] }),
      (e) => {
        seen.push(e.type);
        // The call cannot return before this file exists: its start came while it ran.
        if (e.type === 'task-started') writeFileSync(release, '');
      },
    );
    const { status, trace: t } = await run.outcome;
    expect(status).toBe('completed');
    expect(seen.indexOf('task-started')).toBeLessThan(seen.indexOf('task-finished'));
    expect(tasks(t)[0]?.result).toBe('released');
    expect(masterLines(t)).toEqual(['released']);
  });

  it('Stop ends the script, its workers and its own subprocess, and keeps the run so far', async () => {
    let started = 0;
    const run = await start(request(join(SCRIPTS, 'forever.py')), (e) => {
      if (e.type === 'task-started') started++;
    });
    await until(() => started === 2);
    const pgid = run.pid!;
    const members = groupMembers(pgid);
    const helper = Number(
      run.recorder.trace.output.find((o) => o.line.startsWith('helper '))?.line.split(' ')[1],
    );
    // master, the helper subprocess, two workers (and a resource tracker, by start method)
    expect(members.length).toBeGreaterThanOrEqual(4);
    expect(members).toContain(helper);
    expect(run.stop()).toBe(true);
    const { status, trace: t } = await run.outcome;
    expect(status).toBe('cancelled');
    expect(tasks(t).filter((c) => c.status === 'running')).toHaveLength(2);
    expect(groupMembers(pgid)).toEqual([]);
    for (const pid of members) expect(alive(pid)).toBe(false);
  });
});
