// CPython's own ProcessPoolExecutor on trivial calls: the bench writes this script to a temp
// file, runs it with python3 and reads calls per second. Null when python3 is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `
import json, multiprocessing, sys, time
from concurrent.futures import ProcessPoolExecutor, wait

def trivial(x):
    return x

if __name__ == "__main__":
    calls, workers = int(sys.argv[1]), int(sys.argv[2])
    with ProcessPoolExecutor(max_workers=workers) as pool:
        wait([pool.submit(trivial, 0) for _ in range(50)])  # the workers up, outside the timing
        t0 = time.perf_counter()
        wait([pool.submit(trivial, i) for i in range(calls)])
        seconds = time.perf_counter() - t0
    print(json.dumps({"perSecond": calls / seconds, "python": sys.version.split()[0],
                      "startMethod": multiprocessing.get_start_method()}))
`;

/** @returns {{ perSecond: number, python: string, startMethod: string } | null} */
export function cpythonThroughput(calls, workers) {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-bench-'));
  try {
    const script = join(dir, 'ppe.py');
    writeFileSync(script, SCRIPT);
    const out = execFileSync('python3', [script, String(calls), String(workers)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.toString());
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
