// npm run bench:python: the python runtime (CPython workers speaking PoolScope's protocol) against
// the node runtime and against CPython's own ProcessPoolExecutor, in one run, with 2 workers, on
// the same trivial call: tutorial.py's count_primes(10). Prints a table and the ratios; writes
// bench-results/bench-python.json. Needs `npm run build` (out/main, out/python).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessPoolExecutor } from '../out/main/pool.js';
import { probePython, pythonFile, pythonPoolSpec } from '../out/main/python.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKERS = 2;
const CALLS = 20_000;
const ROUND_TRIPS = 1_000;
const ROUNDS = 5;
const FN = 'count_primes';
const ARG = 10;

const clock = () => performance.now();
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];

const status = await probePython(undefined, process.env);
if (!status.ok) {
  console.error(`bench-python: ${status.problem}`);
  process.exit(1);
}
const { python } = status;

/** Calls per second for CALLS calls submitted at once, and round-trip latencies in µs. */
async function measurePool(pool) {
  await pool.startWorkers();
  await Promise.all(Array.from({ length: 200 }, () => pool.submit(FN, ARG).result())); // warm up
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = clock();
    await Promise.all(Array.from({ length: CALLS }, () => pool.submit(FN, ARG).result()));
    rates.push(CALLS / ((clock() - t0) / 1000));
  }
  const latencies = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = clock();
    await pool.submit(FN, ARG).result();
    latencies.push((clock() - t0) * 1000);
  }
  await pool.shutdown();
  return { rate: median(rates), p50: median(latencies), p95: percentile(latencies, 0.95) };
}

/** The same measurements in CPython's own ProcessPoolExecutor, timed inside Python. */
function measureCPython() {
  const script = `
import json, sys, time
sys.path.insert(0, sys.argv[1])
from concurrent.futures import ProcessPoolExecutor
import tutorial
calls, trips, rounds, arg = (int(a) for a in sys.argv[2:6])
with ProcessPoolExecutor(max_workers=${WORKERS}) as pool:
    list(pool.map(tutorial.count_primes, [arg] * 200))
    rates = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        futures = [pool.submit(tutorial.count_primes, arg) for _ in range(calls)]
        for f in futures:
            f.result()
        rates.append(calls / (time.perf_counter() - t0))
    lat = []
    for _ in range(trips):
        t0 = time.perf_counter()
        pool.submit(tutorial.count_primes, arg).result()
        lat.append((time.perf_counter() - t0) * 1e6)
rates.sort(); lat.sort()
print(json.dumps({"rate": rates[len(rates) // 2], "p50": lat[len(lat) // 2], "p95": lat[int((len(lat) - 1) * 0.95)]}))
`;
  const out = execFileSync(
    python.executable,
    [
      '-c',
      script,
      dirname(pythonFile('tutorial.py')),
      String(CALLS),
      String(ROUND_TRIPS),
      String(ROUNDS),
      String(ARG),
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop());
}

const spec = await pythonPoolSpec(python, 'poolscope:tutorial.py');
const results = {
  node: await measurePool(new ProcessPoolExecutor({ maxWorkers: WORKERS })),
  python: await measurePool(new ProcessPoolExecutor({ maxWorkers: WORKERS, ...spec.options })),
  cpython: measureCPython(),
};

const row = (name, r) =>
  `${name.padEnd(34)}${Math.round(r.rate).toString().padStart(10)}${r.p50.toFixed(0).padStart(10)}${r.p95.toFixed(0).padStart(10)}`;
console.log(
  `python runtime bench: ${WORKERS} workers, ${CALLS} calls of ${FN}(${ARG}) x ${ROUNDS} rounds, ${ROUND_TRIPS} round trips; Python ${python.version}`,
);
console.log(
  `${''.padEnd(34)}${'calls/s'.padStart(10)}${'p50 µs'.padStart(10)}${'p95 µs'.padStart(10)}`,
);
console.log(row('node runtime (built-ins)', results.node));
console.log(row('python runtime (CPython workers)', results.python));
console.log(row("CPython's ProcessPoolExecutor", results.cpython));
const ratios = {
  'python/node throughput': results.python.rate / results.node.rate,
  'python/CPython throughput': results.python.rate / results.cpython.rate,
  'python/node latency p50': results.python.p50 / results.node.p50,
  'python/CPython latency p50': results.python.p50 / results.cpython.p50,
};
for (const [name, value] of Object.entries(ratios))
  console.log(`${name.padEnd(34)}${value.toFixed(2)}×`);
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench-results', 'bench-python.json'),
  `${JSON.stringify({ python, workers: WORKERS, calls: CALLS, results, ratios }, null, 2)}\n`,
);
