/** Exported stacks keep file names, not where PoolScope, Node or Python is installed. */
import { describe, expect, it } from 'vitest';
import { traceForExport, withoutInstallPaths } from '../../shared/export/stack-paths';
import { sampleTrace } from './traces';

describe('withoutInstallPaths', () => {
  it.each([
    [
      'ValueError: Called broken function\n    at Object.run (/home/ana/PoolScope/resources/app.asar/out/main/worker.js:120:13)\n    at async run (file:///work/wt/ux/out/main/worker.js:88:5)\n    at node:internal/process/task_queues:95:5',
      'ValueError: Called broken function\n    at Object.run (worker.js:120:13)\n    at async run (worker.js:88:5)\n    at node:internal/process/task_queues:95:5',
    ],
    [
      'Traceback (most recent call last):\n  File "/usr/lib/python3.11/concurrent/futures/process.py", line 256, in _process_worker\n  File "/home/ana/course/future.py", line 22, in broken_function\nValueError: Called broken function',
      'Traceback (most recent call last):\n  File "concurrent/futures/process.py", line 256, in _process_worker\n  File "future.py", line 22, in broken_function\nValueError: Called broken function',
    ],
    [
      '  File "/home/ana/.venv/lib/python3.12/site-packages/numpy/core/x.py", line 1',
      '  File "numpy/core/x.py", line 1',
    ],
    ['    at f (C:\\Users\\Ana\\PoolScope\\out\\main\\worker.js:3:9)', '    at f (worker.js:3:9)'],
    ['no paths here: 1/2, and/or', 'no paths here: 1/2, and/or'],
  ])('%#', (stack, expected) => {
    expect(withoutInstallPaths(stack)).toBe(expected);
  });
});

describe('traceForExport', () => {
  it('strips the stacks of a copy, leaving the trace as it was', () => {
    const trace = sampleTrace();
    const failed = trace.tasks.find((t) => t.error)!;
    failed.error!.stack = 'ValueError: x\n    at run (/opt/PoolScope/out/main/worker.js:1:2)';
    const before = structuredClone(trace);
    const out = traceForExport(trace);
    expect(out.tasks[failed.id]!.error!.stack).toBe('ValueError: x\n    at run (worker.js:1:2)');
    expect(trace).toEqual(before);
  });
});
