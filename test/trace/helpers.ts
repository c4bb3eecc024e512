import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TracedScript, type ScriptOutcome, type ScriptRequest } from '../../electron/trace';
import type { PoolEvent } from '../../shared/events';
import type { Trace, TraceTask } from '../../shared/trace';

export const TUTORIAL = resolve('electron/python/tutorial');
export const SCRIPTS = resolve('test/trace/scripts');

export const request = (path: string, more: Partial<ScriptRequest> = {}): ScriptRequest => ({
  path,
  args: [],
  startMethod: 'default',
  forceMaxWorkers: false,
  ...more,
});

/** Runs started here, stopped after each test so none outlives it. */
const running = new Set<TracedScript>();

export async function start(
  req: ScriptRequest,
  onEvent?: (e: PoolEvent) => void,
): Promise<TracedScript> {
  const run = await TracedScript.start(req, { cpuCount: 2, ...(onEvent && { onEvent }) });
  running.add(run);
  void run.outcome.finally(() => running.delete(run));
  return run;
}

export async function trace(req: ScriptRequest): Promise<ScriptOutcome> {
  return (await start(req)).outcome;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((r) => (r.stop(), r.outcome)));
}

export const tasks = (t: Trace) => t.tasks.filter((x): x is TraceTask => x !== undefined);

export const masterLines = (t: Trace, stream = 'stdout') =>
  t.output.filter((o) => o.pid === t.masterPid && o.stream === stream).map((o) => o.line);

/** Whether `pid` is a live process (a zombie counts as gone: it runs nothing). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Live PIDs in process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(join('/proc', name, 'stat'), 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Polls until `check` holds (the test's timeout bounds it: no wall-clock threshold here). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 25));
}
