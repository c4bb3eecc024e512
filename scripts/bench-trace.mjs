// The tracer's overhead (issue 11): the same script on CPython's own pool, traced and untraced,
// in the same run, alternating so machine load falls on both alike. Prints traced ÷ untraced
// wall time (median of the rounds) for 10,000 no-op submits and for 400 calls of 10 ms.
//
// usage: npm run build && node scripts/bench-trace.mjs [--rounds N]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out/main/trace.js');
if (!existsSync(built)) {
  console.error(`${built} is missing: run npm run build first`);
  process.exit(1);
}
const { TracedScript, findPython } = await import(built);
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
const script = join(root, 'scripts/bench/trace_workload.py');
const python = findPython();
if (!python) {
  console.error('python3 not found on PATH');
  process.exit(1);
}

const CASES = [
  { name: '10,000 no-op submits, 2 workers', args: ['noop', '10000'], target: 1.35 },
  { name: '400 calls of 10 ms, 2 workers', args: ['sleep', '400'], target: 1.05 },
];

/** Seconds inside the script (pool made to pool shut down), and the whole process's. */
function elapsedOf(stdout) {
  const m = /elapsed (\d+\.\d+)/.exec(stdout);
  if (!m) throw new Error(`no elapsed line in: ${stdout}`);
  return Number(m[1]);
}

function untraced(args) {
  const t0 = performance.now();
  const run = spawnSync(python, [script, ...args], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`untraced run failed: ${run.stderr}`);
  return { inside: elapsedOf(run.stdout), wall };
}

async function traced(args) {
  const t0 = performance.now();
  const run = await TracedScript.start(
    { path: script, args, startMethod: 'default', forceMaxWorkers: false },
    { cpuCount: 2 },
  );
  const { trace, status, error } = await run.outcome;
  const wall = (performance.now() - t0) / 1000;
  if (status !== 'completed') throw new Error(`traced run ${status}: ${error}`);
  const tasks = trace.tasks.filter((t) => t?.status === 'done').length;
  const line = trace.output.find((o) => o.line.startsWith('elapsed '));
  return { inside: elapsedOf(line?.line ?? ''), wall, tasks };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);

console.log(`tracer overhead: ${rounds} rounds each, traced and untraced alternating (${python})`);
console.log('  ratios of the best round (least disturbed by other load), then of the medians');
for (const c of CASES) {
  const plain = [];
  const withTracer = [];
  for (let i = 0; i < rounds; i++) {
    plain.push(untraced(c.args));
    const t = await traced(c.args);
    if (t.tasks !== Number(c.args[1])) throw new Error(`traced ${t.tasks} of ${c.args[1]} calls`);
    withTracer.push(t);
  }
  const pick = (runs, key, f) => f(runs.map((r) => r[key]));
  const ratio = (key, f) => pick(withTracer, key, f) / pick(plain, key, f);
  const inside = ratio('inside', best);
  const verdict = inside <= c.target ? 'within' : 'OVER';
  console.log(
    `  ${c.name}: traced ÷ untraced ${inside.toFixed(3)}× ` +
      `(${pick(withTracer, 'inside', best).toFixed(3)} s vs ${pick(plain, 'inside', best).toFixed(3)} s ` +
      `in the script; medians ${ratio('inside', median).toFixed(3)}×; whole process ` +
      `${ratio('wall', best).toFixed(3)}×); target ≤ ${c.target}×: ${verdict}`,
  );
}
