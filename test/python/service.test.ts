/**
 * The python runtime through the service's one entry, dispatch, on real CPython: the tutorial's
 * future.py, a learner's own module (edited between runs), and every bad input item 5 lists.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo, ResponseMap } from '../../shared/contract';
import { parseTraceFile, traceToJson } from '../../shared/export/poolscope-json';
import type { ModuleInfo } from '../../shared/python';
import { tasksOf } from '../../shared/trace';
import { workloadOf, type Workload } from '../../shared/workload';
import {
  isAlive,
  nextEvent,
  ok,
  runToEnd,
  startService,
  tempDir,
  type Cleanup,
} from '../service/support';
import { python } from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const once = (fn: string, ...args: unknown[]) => ({ fn, args, repeat: 1 }) as Workload['calls'][0];

function moduleFile(name: string, text: string): string {
  const path = join(tempDir(cleanups), name);
  writeFileSync(path, text);
  return path;
}

async function traceOf(service: ReturnType<typeof startService>['service'], id: string) {
  const got = await ok<ResponseMap['history:get']>(service.dispatch('history:get', { id }));
  return got.trace!;
}

const STRINGS = `"""A learner's module."""
import os


def join_words(a, b, sep=""):
    """Joins two words, the way the tutorial adds numbers."""
    return a + sep + b


def shapes():
    return {1, 2, 3}, (4, 5)


def chatty(n):
    for i in range(n):
        print(f"line {i} from {os.getpid()}")
    return n


def big(n):
    return "x" * n


if __name__ == "__main__":
    raise SystemExit("the module's main block ran")
`;

describe('the python runtime through dispatch', () => {
  it('runs future.py on CPython workers: 13, 3, 9, 7 and the ValueError as Python prints it; the header names the interpreter', async () => {
    const { service, events } = startService(cleanups);
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info.python).toEqual({ ok: true, python: await python() });
    const workload: Workload = {
      name: 'future.py',
      runtime: 'python',
      module: 'poolscope:tutorial/future.py',
      calls: [
        once('slow_add', 0.3, 6, 7),
        once('slow_diff', 0.2, 5, 2),
        once('slow_add', 0.1, 8, 1),
        once('slow_diff', 0.4, 9, 2),
        once('broken_function', 0.3),
      ],
    };
    const { runId, finished } = await runToEnd(service, events, workload, 3);
    expect(finished.status).toBe('completed');
    const trace = await traceOf(service, runId);
    expect(trace).toMatchObject({
      runtime: 'python',
      python: await python(),
      module: 'poolscope:tutorial/future.py',
    });
    const tasks = tasksOf(trace);
    expect(tasks.map((t) => t.result ?? t.error?.name)).toEqual([13, 3, 9, 7, 'ValueError']);
    expect(tasks[4]!.error!.stack).toContain('raise ValueError("Called broken function")');
    expect(trace.output).toEqual([]);
    // The lanes are CPython processes running PoolScope's worker.
    for (const pid of new Set(tasks.map((t) => t.pid!))) {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline.some((a) => a.endsWith('worker.py'))).toBe(true);
    }
    // The header survives a PoolScope JSON export and reopen; a v1 trace without it still opens.
    const reopened = parseTraceFile(traceToJson(trace));
    expect(reopened.ok && reopened.trace).toEqual(trace);
    const { runtime: _r, python: _p, module: _m, ...old } = trace;
    const older = parseTraceFile(traceToJson(old));
    expect(older.ok && older.trace.runtime).toBeUndefined();
    // Its calls load back into a python workload of the same module.
    expect(workloadOf(trace)).toMatchObject({
      ok: true,
      workload: {
        runtime: 'python',
        module: 'poolscope:tutorial/future.py',
        calls: workload.calls,
      },
    });
    const state = await nextEvent(service, events, 'pool:state', (s) => s.runtime === 'python');
    expect(state.runtime).toBe('python');
  });

  it('a learner’s module: its functions and signatures, strings concatenated, repr for what JSON cannot carry, edits picked up by the next run', async () => {
    const { service, events } = startService(cleanups);
    const path = moduleFile('words.py', STRINGS);
    const mod = await ok<ModuleInfo>(service.dispatch('module:inspect', { path }));
    expect(mod).toMatchObject({ name: 'words', path });
    expect(mod.functions.map((f) => f.name)).toEqual(['join_words', 'shapes', 'chatty', 'big']);
    expect(mod.functions[0]).toEqual({
      name: 'join_words',
      doc: 'Joins two words, the way the tutorial adds numbers.',
      params: [
        { name: 'a', kind: 'POSITIONAL_OR_KEYWORD' },
        { name: 'b', kind: 'POSITIONAL_OR_KEYWORD' },
        { name: 'sep', kind: 'POSITIONAL_OR_KEYWORD', default: "''" },
      ],
    });

    const workload: Workload = {
      name: 'words',
      runtime: 'python',
      module: path,
      calls: [
        once('join_words', 'con', 'cat'),
        once('join_words', 'a', 'b', '-'),
        once('shapes'),
        once('join_words', 1),
      ],
    };
    const first = await runToEnd(service, events, workload, 2);
    expect(first.finished.status).toBe('completed');
    const tasks = tasksOf(await traceOf(service, first.runId));
    expect(tasks.map((t) => t.result ?? null)).toEqual([
      'concat',
      'a-b',
      { $repr: '({1, 2, 3}, (4, 5))' },
      null,
    ]);
    expect(tasks[3]!.error).toMatchObject({
      name: 'TypeError',
      message: "join_words() missing 1 required positional argument: 'b'",
    });

    writeFileSync(path, STRINGS.replace('return a + sep + b', 'return (a + sep + b).upper()'));
    const second = await runToEnd(service, events, {
      ...workload,
      calls: [once('join_words', 'con', 'cat')],
    });
    expect(tasksOf(await traceOf(service, second.runId))[0]!.result).toBe('CONCAT');
  });

  it('a sweep on the python runtime: each point a fresh pool of CPython workers, printing as the tutorial', async () => {
    const { service, events } = startService(cleanups);
    const workload: Workload = {
      name: 'sleeps',
      runtime: 'python',
      calls: [{ fn: 'slow_function', args: [0.3], repeat: 2 }],
    };
    const { sweepId } = await ok<{ sweepId: string }>(
      service.dispatch('sweep:start', { workload, from: 1, to: 2 }),
    );
    const { sweep } = await nextEvent(
      service,
      events,
      'sweep:finished',
      (p) => p.sweep.id === sweepId,
    );
    expect(sweep.status).toBe('completed');
    for (const point of sweep.points) {
      const trace = await traceOf(service, point.runId);
      expect(trace.runtime).toBe('python');
      // At most max_workers PIDs (a worker that boots late may find the calls taken).
      const pids = new Set(tasksOf(trace).map((t) => t.pid));
      expect(pids.size).toBeLessThanOrEqual(point.maxWorkers);
      expect(trace.workers.every((w) => w.pid !== process.pid)).toBe(true);
      expect(trace.output.map((o) => o.line)).toContain(
        `Process ${tasksOf(trace)[0]!.pid} going to sleep for 0.3 second(s)`,
      );
    }
  });

  it('huge prints arrive whole, tagged with their call; a result too large for a message fails its future saying so', async () => {
    const { service, events } = startService(cleanups);
    const path = moduleFile('words.py', STRINGS);
    const workload: Workload = {
      name: 'heavy',
      runtime: 'python',
      module: path,
      calls: [once('chatty', 20_000), once('big', 3_000_000), once('big', 10_000_000)],
    };
    const { runId, finished } = await runToEnd(service, events, workload, 2);
    expect(finished.status).toBe('completed');
    const trace = await traceOf(service, runId);
    const [chatty, big, huge] = tasksOf(trace);
    const lines = trace.output.filter((o) => o.taskId === chatty!.id);
    expect(lines).toHaveLength(20_000);
    expect(lines[19_999]!.line).toBe(`line 19999 from ${chatty!.pid}`);
    expect((big!.result as string).length).toBe(3_000_000);
    expect(huge!.error!.message).toMatch(
      /^the result is 10\.0 MB as JSON; PoolScope carries results of up to 8 MB/,
    );
  });

  it('refuses what it cannot run, in words: a syntax error (file and line), a raising import, no functions, a missing file, an unknown function', async () => {
    const { service } = startService(cleanups);
    const bad = moduleFile('bad.py', 'def f(:\n    pass\n');
    const raises = moduleFile('raises.py', 'import json\nraise RuntimeError("not today")\n');
    const empty = moduleFile('empty.py', 'X = 1\n');
    const good = moduleFile('good.py', 'def f():\n    return 1\n');
    const cases: [string, string, RegExp][] = [
      [
        bad,
        'invalid-payload',
        /^bad\.py cannot be imported:\n {2}File ".*bad\.py", line 1\n {4}def f\(:\n.*\n?SyntaxError: /,
      ],
      [
        raises,
        'invalid-payload',
        /^raises\.py cannot be imported:\nTraceback \(most recent call last\):\n {2}File ".*raises\.py", line 2, in <module>\n {4}raise RuntimeError\("not today"\)\nRuntimeError: not today$/,
      ],
      [empty, 'invalid-payload', /^empty\.py defines no functions at top level/],
      [join(tempDir(cleanups), 'gone.py'), 'not-found', /^gone\.py does not exist: /],
      ['relative.py', 'invalid-payload', /the path must be absolute/],
      ['/etc/hostname', 'invalid-payload', /is not a Python file \(\.py\)/],
    ];
    for (const [path, code, message] of cases) {
      const reply = await service.dispatch('module:inspect', { path });
      expect(reply, path).toEqual({
        ok: false,
        error: { code, message: expect.stringMatching(message) },
      });
      const run = await service.dispatch('run:start', {
        workload: { name: 'x', runtime: 'python', module: path, calls: [once('f')] },
      });
      expect(run, path).toEqual({
        ok: false,
        error: { code, message: expect.stringMatching(message) },
      });
    }
    const unknown = await service.dispatch('run:start', {
      workload: { name: 'x', runtime: 'python', module: good, calls: [once('f'), once('g')] },
    });
    expect(unknown).toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        message: 'run:start: workload.calls.1: good.py has no function "g"; it defines: f',
      },
    });
  });

  it('a call that calls os._exit breaks the pool, as in CPython; the next run gets fresh workers', async () => {
    const { service, events } = startService(cleanups);
    const path = moduleFile(
      'exits.py',
      'import os, time\n\ndef leave():\n    time.sleep(0.1)\n    os._exit(3)\n\ndef nap(s):\n    time.sleep(s)\n    return s\n',
    );
    const workload: Workload = {
      name: 'exits',
      runtime: 'python',
      module: path,
      calls: [once('nap', 0.3), once('leave')],
    };
    const { runId, finished } = await runToEnd(service, events, workload, 2);
    expect(finished.status).toBe('failed');
    expect(finished.error).toMatch(/terminated abruptly.*exit code 3/);
    const old = (await traceOf(service, runId)).workers.map((w) => w.pid);
    await expect.poll(() => old.filter(isAlive)).toEqual([]);
    const next = await runToEnd(service, events, { ...workload, calls: [once('nap', 0)] });
    expect(next.finished.status).toBe('completed');
  });

  it('Cancel ends a call that never returns: pending calls cancelled at once, the running one ended after the grace', async () => {
    const { service, events } = startService(cleanups);
    const path = moduleFile(
      'forever.py',
      'import time\n\ndef forever():\n    while True:\n        time.sleep(0.05)\n',
    );
    const workload: Workload = {
      name: 'forever',
      runtime: 'python',
      module: path,
      calls: [{ fn: 'forever', args: [], repeat: 3 }],
    };
    const { runId } = await ok<{ runId: string }>(
      service.dispatch('run:start', { workload, maxWorkers: 1 }),
    );
    await nextEvent(
      service,
      events,
      'run:events',
      (p) => p.runId === runId && p.events.some((e) => e.type === 'task-started'),
    );
    await expect(ok(service.dispatch('run:cancel', { runId }))).resolves.toEqual({
      cancelled: true,
    });
    const finished = await nextEvent(service, events, 'run:finished', (p) => p.runId === runId);
    expect(finished.status).toBe('cancelled');
    const tasks = tasksOf(await traceOf(service, runId));
    expect(tasks.map((t) => t.status)).toEqual(['failed', 'cancelled', 'cancelled']);
    expect(tasks[0]!.error!.message).toMatch(/terminated: worker \d+ was killed/);
    expect(isAlive(tasks[0]!.pid!)).toBe(false);
  });
});

describe('without a usable python3', () => {
  it('PATH without python3: the python runtime says why and how to fix it; node still runs', async () => {
    const { service, events } = startService(cleanups, {
      env: { ...process.env, PATH: tempDir(cleanups) },
    });
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info.python).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /^python3 was not found on PATH\. Install Python 3\.9 or later .*The Node built-ins still work\.$/,
      ),
    });
    const reply = await service.dispatch('run:start', {
      workload: { name: 'x', runtime: 'python', calls: [once('slow_add', 0, 1, 2)] },
    });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'failed',
        message: expect.stringMatching(
          /^The python runtime cannot start: python3 was not found on PATH/,
        ),
      },
    });
    const node = await runToEnd(service, events, { name: 'n', calls: [once('slow_add', 0, 1, 2)] });
    expect(node.finished.status).toBe('completed');
  });

  it('an interpreter too old is named with its version; choosing a good one in settings brings the runtime back', async () => {
    const dir = tempDir(cleanups);
    const old = join(dir, 'python3.8');
    writeFileSync(
      old,
      '#!/bin/sh\necho \'{"python": {"version": "3.8.18", "executable": "/opt/py38/bin/python3"}}\'\n',
    );
    chmodSync(old, 0o755);
    const { service } = startService(cleanups, { python: old });
    const info = await ok<AppInfo>(service.dispatch('app:info', null));
    expect(info.python).toEqual({
      ok: false,
      executable: old,
      problem: expect.stringMatching(/is Python 3\.8\.18; PoolScope needs 3\.9 or later\./),
    });
    const chosen = await ok(
      service.dispatch('python:interpreter', { executable: (await python()).executable }),
    );
    expect(chosen).toEqual({ ok: true, python: await python() });
  });
});
