/**
 * What a script prints, computed from a run's real futures: the master's lines at the moments the
 * script would print them (its `result()` calls return when the future is done; future.py polls
 * `done()` once a second), with the workers' lines between them. When the trace carries the
 * master's own output (a script traced on CPython), that is the transcript instead: the real one.
 */
import { pyStr } from '../../../../shared/python-values';
import type { Trace, TraceTask } from '../../../../shared/trace';
import type { SerializedError } from '../../../../shared/events';

/**
 * How a script uses its futures: `one-result` submits one call and prints its result after the
 * pool has shut down (pool_submit.py); `two-results` prints r1's then r2's result (applyasync.py);
 * `poll` polls every future's done() each second, then prints every result or failure (future.py);
 * `results` (a workload that is not the tutorial's) prints each future's outcome in order.
 */
export type ScriptKind = 'one-result' | 'two-results' | 'poll' | 'results';

export interface TranscriptLine {
  /** Ms since the run's start; null for a line whose moment is still to come. */
  t: number;
  text: string;
  /** Who printed it: the master or a worker. */
  pid: number;
  from: 'master' | 'worker';
}

export interface Transcript {
  lines: TranscriptLine[];
  /** The trace carried the master's own output: these are the lines it printed. */
  real: boolean;
  /** Lines left out past the cap (a run of 10,000 calls). */
  more: number;
}

/** The most lines computed: beyond, a count. */
export const MAX_TRANSCRIPT_LINES = 400;
/** future.py's time.sleep(1) between two polls. */
export const POLL_MS = 1000;

/**
 * The transcript of `trace` as `kind` prints it, up to `now` (ms since start) while it runs.
 * `workerLines`: whether the script's own functions print (pool_submit.py's do; future.py's do
 * not, so PoolScope's printing built-ins are left out of its transcript).
 */
export function transcriptOf(
  trace: Trace,
  kind: ScriptKind,
  now = Infinity,
  workerLines = kind !== 'poll',
): Transcript {
  const real = trace.output.filter((o) => o.pid === trace.masterPid);
  if (real.length > 0) {
    return capped(
      trace.output.map((o) => line(o.t, o.line, o.pid, trace.masterPid)),
      true,
    );
  }
  const tasks = trace.tasks.filter((t): t is TraceTask => t !== undefined);
  const master = (t: number, text: string): TranscriptLine => ({
    t,
    text,
    pid: trace.masterPid,
    from: 'master',
  });
  const lines: TranscriptLine[] = [];
  // future.py does not print the master's PID; the others do, first.
  if (kind !== 'poll') lines.push(master(0, `Master process is PID ${trace.masterPid}`));
  lines.push(...masterLines(tasks, kind, now).map(([t, text]) => master(t, text)));
  if (workerLines) {
    for (const o of trace.output) lines.push(line(o.t, o.line, o.pid, trace.masterPid));
  }
  // Stable: the master's lines keep their order; a worker's line printed at the same moment as a
  // master's comes first (the master printed in reply to it).
  lines.sort((a, b) => a.t - b.t || rank(a) - rank(b));
  return capped(
    lines.filter((l) => l.t <= now),
    false,
  );
}

const rank = (l: TranscriptLine) => (l.from === 'worker' ? 0 : 1);

function line(t: number, text: string, pid: number, masterPid: number): TranscriptLine {
  return { t, text, pid, from: pid === masterPid ? 'master' : 'worker' };
}

function capped(lines: TranscriptLine[], real: boolean): Transcript {
  const more = Math.max(0, lines.length - MAX_TRANSCRIPT_LINES);
  return { lines: more ? lines.slice(0, MAX_TRANSCRIPT_LINES) : lines, real, more };
}

/** When a future is done (finished, failed or cancelled), or undefined while it is not. */
const doneAt = (task: TraceTask | undefined) => task?.finishedAt;

/** The master's lines, each at the moment the script prints it. */
function masterLines(
  tasks: readonly TraceTask[],
  kind: ScriptKind,
  now: number,
): [number, string][] {
  switch (kind) {
    case 'one-result': {
      const r = tasks[0];
      const at = doneAt(r);
      return r && at !== undefined ? [[at, `Result is ${outcome(r)}`]] : [];
    }
    case 'two-results': {
      const [r1, r2] = tasks;
      const out: [number, string][] = [];
      const t1 = doneAt(r1);
      if (!r1 || t1 === undefined) return out;
      out.push([t1, `Result one is ${outcome(r1)}`]);
      const t2 = doneAt(r2);
      if (r2 && t2 !== undefined) out.push([Math.max(t1, t2), `Result two is ${outcome(r2)}`]);
      return out;
    }
    case 'poll':
      return pollLines(tasks, now);
    case 'results':
      return resultLines(tasks, 0);
  }
}

/** What `future.result()` gives as the f-string prints it; a failure is the exception Python raises. */
function outcome(task: TraceTask): string {
  if (task.status === 'done') return pyStr(task.result ?? null);
  if (task.status === 'cancelled') return '(result() raised CancelledError)';
  return `(result() raised ${task.error?.name ?? 'an exception'}: ${task.error?.message ?? ''})`;
}

/**
 * future.py's loop: at each poll (right after the last submit, then every POLL_MS) a line per
 * future, "has finished" once done() is true; once a poll finds every one done, the results.
 */
function pollLines(tasks: readonly TraceTask[], now: number): [number, string][] {
  const out: [number, string][] = [];
  if (tasks.length === 0) return out;
  const start = Math.max(...tasks.map((t) => t.submittedAt));
  for (let poll = start; poll <= now; poll += POLL_MS) {
    out.push([poll, ''], [poll, 'Have the workers finished?']);
    let all = true;
    tasks.forEach((task, i) => {
      const at = doneAt(task);
      const done = at !== undefined && at <= poll;
      all &&= done;
      out.push([poll, done ? `Task ${i} has finished` : `Task ${i} is running...`]);
    });
    if (all) return [...out, ...resultLines(tasks, poll)];
  }
  return out;
}

/** future.py's results block at `at`: each future's result, or its exception. */
function resultLines(tasks: readonly TraceTask[], at: number): [number, string][] {
  const out: [number, string][] = [
    [at, ''],
    [at, 'Here are the results.'],
  ];
  let t = at;
  tasks.forEach((task, i) => {
    // exception() and result() wait for the future: the lines come no sooner than it is done.
    t = Math.max(t, doneAt(task) ?? Infinity);
    if (!Number.isFinite(t)) return;
    if (task.status === 'done') {
      out.push([t, `Task ${i} was successful. Result is ${pyStr(task.result ?? null)}`]);
    } else if (task.status === 'cancelled') {
      out.push([t, `Task ${i}: future.exception() raised CancelledError; the script stops here`]);
      t = Infinity;
    } else {
      out.push(
        [t, `Task ${i} failed!`],
        [t, `    Error = ${pyClass(task.error)} : ${task.error?.message ?? ''}`],
      );
    }
  });
  return out;
}

/** `type(e)` as Python prints it. */
function pyClass(error: SerializedError | undefined): string {
  const name = error?.name ?? 'Exception';
  const module = QUALIFIED[name];
  return `<class '${module ? `${module}.${name}` : name}'>`;
}

const QUALIFIED: Record<string, string> = {
  BrokenProcessPool: 'concurrent.futures.process',
  CancelledError: 'concurrent.futures._base',
};
