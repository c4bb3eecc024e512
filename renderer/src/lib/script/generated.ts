/**
 * A script for a workload that is not one of the tutorial's: the calls submitted in order, as the
 * tutorial's scripts submit them, then future.py's results block. Its transcript kind is `results`.
 */
import { pyRepr } from '../../../../shared/python-values';
import type { Workload } from '../../../../shared/workload';

/** The most call lines listed; beyond, a comment says how many more. */
const MAX_LISTED = 60;

export function generatedScript(workload: Workload, maxWorkers: number): string {
  const fns = [...new Set(workload.calls.map((c) => c.fn))];
  const submits = workload.calls.slice(0, MAX_LISTED).flatMap((c) => {
    const call = `futures.append(pool.submit(${[c.fn, ...c.args.map(pyRepr)].join(', ')}))`;
    return c.repeat === 1
      ? [`        ${call}`]
      : [`        for _ in range(${c.repeat}):`, `            ${call}`];
  });
  const left = workload.calls.length - MAX_LISTED;
  if (left > 0) submits.push(`        # ... and ${left} more lines of calls`);
  return [
    `# ${workload.name}: the workload as a script (PoolScope wrote it from the calls).`,
    `# ${fns.join(', ')}: PoolScope's built-ins, the tutorial's functions and its own.`,
    'import os',
    'from concurrent.futures import ProcessPoolExecutor',
    '',
    'if __name__ == "__main__":',
    '    print(f"Master process is PID {os.getpid()}")',
    '    futures = []',
    '',
    `    with ProcessPoolExecutor(max_workers=${maxWorkers}) as pool:`,
    ...submits,
    '',
    '        print("\\nHere are the results.")',
    '',
    '        for i, future in enumerate(futures):',
    '            if future.exception() is None:',
    '                print(f"Task {i} was successful. Result is {future.result()}")',
    '            else:',
    '                print(f"Task {i} failed!")',
    '                e = future.exception()',
    '                print(f"    Error = {type(e)} : {e}")',
    '',
  ].join('\n');
}
