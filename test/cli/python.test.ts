/**
 * `poolscope run --runtime python`: the calls run in CPython worker processes, the learner's own
 * module named relative to the workload file; what the functions print and raise is shown as
 * Python shows it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../shared/export/csv';
import { isAlive } from '../support/processes';
import { tempDir } from '../support/temp-dir';
import { poolscope, pythonCsv, pythonJson, type Cleanup } from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const MODULE = `import os, time

def square(x):
    time.sleep(0.05)
    print(f"squaring {x} in {os.getpid()}")
    return x * x

def fail(key):
    raise KeyError(key)
`;

describe('poolscope run --runtime python', () => {
  it("runs the learner's module on CPython workers, named relative to the workload file", async () => {
    const dir = tempDir(cleanups);
    const sub = join(dir, 'course');
    execFileSync('mkdir', [sub]);
    writeFileSync(join(sub, 'my_tasks.py'), MODULE);
    const workload = {
      name: 'squares',
      runtime: 'python',
      module: 'my_tasks.py',
      calls: [
        { fn: 'square', args: [3], repeat: 3 },
        { fn: 'fail', args: ['k'], repeat: 1 },
      ],
    };
    writeFileSync(join(sub, 'squares.json'), JSON.stringify(workload));
    const args = ['run', 'course/squares.json', '--max-workers', '2', '--json'];
    const result = await poolscope(cleanups, [...args, '--out', 'sq.csv', '--out', 'sq.json'], dir);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      runtime: string;
      python: string;
      calls: number;
      failed: number;
      workers: { pid: number }[];
    };
    const version = execFileSync(
      'python3',
      ['-c', 'import platform; print(platform.python_version())'],
      {
        encoding: 'utf8',
      },
    ).trim();
    expect(summary).toMatchObject({ runtime: 'python', python: version, calls: 4, failed: 1 });
    expect(summary.workers.map((w) => w.pid).filter(isAlive)).toEqual([]);

    const rows = pythonCsv(join(dir, 'sq.csv'));
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows.slice(1).map((r) => r[col('result')])).toEqual(['9', '9', '9', '']);
    expect(rows[4]![col('error')]).toBe("KeyError: 'k'");
    // Each call printed os.getpid() from inside CPython: the PID of the lane it is drawn on.
    const trace = pythonJson(join(dir, 'sq.json')) as {
      runtime: string;
      python: { version: string };
      tasks: { id: number; pid: number }[];
      output: { line: string; pid: number; taskId?: number }[];
    };
    expect(trace.runtime).toBe('python');
    expect(trace.python.version).toBe(version);
    const squares = trace.output.filter((o) => o.line.startsWith('squaring 3 in '));
    expect(squares).toHaveLength(3);
    for (const o of squares) {
      expect(o.line).toBe(`squaring 3 in ${o.pid}`);
      expect(trace.tasks[o.taskId!]!.pid).toBe(o.pid);
    }
  });

  it('names the call and the field of a python workload the schema refuses', async () => {
    const dir = tempDir(cleanups);
    const workload = {
      name: 'w',
      runtime: 'python',
      calls: [{ fn: 'not a name', args: [], repeat: 1 }],
    };
    writeFileSync(join(dir, 'w.json'), JSON.stringify(workload));
    const result = await poolscope(cleanups, ['run', 'w.json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'poolscope run: w.json: call 1 (not a name), fn: "not a name" is not a Python function name\n',
    );
  });
});
