// `npm run soak -- --seconds N [--seed S] [--json]`: a soak of the built pool (out/main/pool.js)
// through its public API only. Pool after pool, in both death modes ('break', CPython's, and
// 'replace'), it submits short calls while, at random, it SIGKILLs workers, resizes, cancels
// futures and runs calls past a task timeout. Every future must end exactly once (one done
// callback, one ending event), every shutdown must resolve, and no worker may outlive its pool.
// Prints submitted, ended, lost, duplicated, orphans and stuck shutdowns; exits 1 on any.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const POOL = join('out/main/pool.js');
const WORKER = join('out/main/worker.js');

function join(p) {
  return resolve(root, p);
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 1e9) },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const seed = Number(values.seed);
if (!(seconds > 0) || !Number.isInteger(seed)) {
  console.error('usage: soak.mjs --seconds N (N > 0) [--seed INTEGER] [--json]');
  process.exit(2);
}
if (!existsSync(POOL) || !existsSync(WORKER)) {
  console.error(`${POOL} is missing: run npm run build first`);
  process.exit(2);
}
const { ProcessPoolExecutor } = await import(pathToFileURL(POOL).href);

/** mulberry32: a small seeded generator, so a failing soak can be replayed with --seed. */
function random(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(seed);
const pick = (list) => list[Math.floor(rand() * list.length)];
const between = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const totals = { submitted: 0, ended: 0, lost: 0, duplicated: 0, orphans: 0, stuck: 0, pools: 0 };
const actions = { kills: 0, resizes: 0, cancels: 0, timeouts: 0 };
const byMode = { break: { pools: 0, submitted: 0 }, replace: { pools: 0, submitted: 0 } };
const spawned = new Set();

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One pool's life: a few hundred ms to a few s of calls and mischief, then shutdown. */
async function onePool(mode, until) {
  const timeout = rand() < 0.3 ? between(30, 80) : undefined;
  const pool = new ProcessPoolExecutor({
    maxWorkers: between(1, 4),
    onWorkerDeath: mode,
    workerPath: WORKER,
    ...(timeout && { taskTimeoutMs: timeout }),
  });
  const endings = new Map(); // pool task id -> ending events seen
  pool.on((e) => {
    if (e.type === 'worker-spawned') spawned.add(e.pid);
    if (
      e.type === 'task-finished' ||
      e.type === 'task-cancelled' ||
      e.type === 'task-failed-unstarted'
    ) {
      endings.set(e.taskId, (endings.get(e.taskId) ?? 0) + 1);
    }
  });
  const futures = [];
  const callbacks = new Map();
  const submit = (fn, args) => {
    let f;
    try {
      f = pool.submit(fn, ...args);
    } catch {
      return; // broken or shut down: refused at once, nothing to end
    }
    futures.push(f);
    callbacks.set(f, 0);
    f.addDoneCallback(() => callbacks.set(f, callbacks.get(f) + 1));
  };
  const life = Math.min(until, Date.now() + between(300, 2500));
  while (Date.now() < life && !pool.broken) {
    const r = rand();
    if (r < 0.55) {
      for (let i = between(1, 20); i > 0; i--) submit('slow_function', [between(0, 20) / 1000]);
    } else if (r < 0.65 && timeout) {
      submit('slow_function', [(timeout + 100) / 1000]);
      actions.timeouts++;
    } else if (r < 0.75) {
      pool.resize(between(1, 5));
      actions.resizes++;
    } else if (r < 0.87) {
      const f = futures.length > 0 ? pick(futures) : undefined;
      f?.cancel();
      actions.cancels++;
    } else if (r < 0.95) {
      const pid = pool.pids.length > 0 ? pick(pool.pids) : undefined;
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
          actions.kills++;
        } catch {
          // exited meanwhile
        }
      }
    }
    await sleep(between(0, 15));
  }
  // A shutdown that never resolves is a future that never ended: count it, and end the pool.
  const stuck = await Promise.race([
    pool.shutdown({ wait: true, cancelFutures: rand() < 0.5 }).then(() => false),
    sleep(30_000).then(() => true),
  ]);
  if (stuck) {
    totals.stuck++;
    const workers = pool
      .workers()
      .map((w) => `${w.pid}${w.busy ? ' busy' : ''}${alive(w.pid) ? '' : ' (gone)'}`);
    const undone = futures.filter((f) => !f.done()).length;
    console.error(
      `soak: a pool (${mode}, seed ${seed}) did not shut down within 30 s: ${undone} futures not done; workers: ${workers.join(', ') || 'none'}`,
    );
    await pool.terminate({ graceMs: 0 });
  }

  const ended = futures.filter((f) => f.done()).length;
  totals.submitted += futures.length;
  totals.ended += ended;
  totals.lost += futures.length - ended;
  for (const f of futures) if (callbacks.get(f) > 1) totals.duplicated++;
  for (const n of endings.values()) if (n > 1) totals.duplicated++;
  totals.pools++;
  byMode[mode].pools++;
  byMode[mode].submitted += futures.length;
}

const started = Date.now();
const until = started + seconds * 1000;
let round = 0;
while (Date.now() < until) {
  await onePool(round++ % 2 === 0 ? 'break' : 'replace', until);
}
// Every worker ever spawned has exited once its pool's shutdown resolved.
totals.orphans = [...spawned].filter(alive).length;

const report = { seed, seconds, ...totals, workers: spawned.size, ...actions, byMode };
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  console.log(
    `soak: ${seconds} s, seed ${seed}: ${totals.pools} pools (${byMode.break.pools} break, ${byMode.replace.pools} replace), ${spawned.size} workers; ` +
      `${actions.kills} kills, ${actions.resizes} resizes, ${actions.cancels} cancels, ${actions.timeouts} timeouts`,
  );
  console.log(
    `submitted ${totals.submitted}, ended ${totals.ended}, lost ${totals.lost}, duplicated ${totals.duplicated}, orphans ${totals.orphans}, stuck shutdowns ${totals.stuck}`,
  );
}
process.exit(totals.lost + totals.duplicated + totals.orphans + totals.stuck > 0 ? 1 : 0);
