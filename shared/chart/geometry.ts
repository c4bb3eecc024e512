/**
 * The Gantt chart's geometry as pure functions: lanes, the time extent and bars. The canvas chart,
 * its hover and the SVG export all draw from these, so they cannot disagree about where a task is.
 * Times are milliseconds since the run's start; positions are px.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Trace, TraceTask, TaskStatus, TraceWorker } from '../trace';

/** One lane per worker PID. */
export interface Lane {
  pid: number;
  index: number;
  label: string;
  spawnedAt: number;
  exitedAt?: number;
  /** Why the worker ended, when it did not simply stop: "exit code 1", "killed by SIGKILL". */
  abnormalExit?: string;
}

export interface LaneLayout {
  /** y of the first lane's top edge. */
  top: number;
  laneHeight: number;
  laneGap: number;
}

export interface Bar {
  taskId: number;
  pid: number;
  lane: number;
  x0: number;
  x1: number;
  y: number;
  height: number;
  fn: string;
  status: TaskStatus;
  /** x of the submission, when the task waited in the queue before it started. */
  waitX0?: number;
}

/** Instant tasks are drawn this wide so they stay visible (and hoverable). */
export const MIN_BAR_PX = 1;

/** The time extent of a run where nothing has happened yet: the axis shows 0 to 1 s. */
export const EMPTY_EXTENT_MS = 1000;

/**
 * What a worker is called everywhere: "PID 12345", or "TID 12345" for a thread of the master (a
 * traced ThreadPoolExecutor's worker, named by its native thread id).
 */
export const workerName = (pid: number, thread = false) => `${thread ? 'TID' : 'PID'} ${pid}`;

/** What a run's workers are, counted: "worker PID", or "worker thread" for a thread pool's. */
export const workerNoun = (trace: Pick<Trace, 'workers'>) =>
  trace.workers.some((w) => w.thread !== undefined) ? 'worker thread' : 'worker PID';

/** The same for a task's worker: where it ran. */
export const ranOn = (task: { pid?: number; thread?: true }) =>
  task.pid === undefined ? undefined : workerName(task.pid, task.thread === true);

/** The y of the top of lane `lane` (0-based). */
export const laneTop = (layout: LaneLayout, lane: number) =>
  layout.top + lane * (layout.laneHeight + layout.laneGap);

/**
 * Lanes in spawn order: the trace's workers first, then PIDs seen only on tasks (a file from
 * elsewhere may lack worker events), in the order their first task started.
 */
export function lanesFor(trace: Trace): Lane[] {
  const lanes: Lane[] = [];
  const seen = new Set<number>();
  const add = (pid: number, spawnedAt: number, worker?: TraceWorker) => {
    if (seen.has(pid)) return;
    seen.add(pid);
    lanes.push(laneOf(lanes.length, worker ?? { pid, spawnedAt }));
  };
  for (const w of trace.workers) add(w.pid, w.spawnedAt, w);
  const taskOnly = new Map<number, number>();
  for (const task of trace.tasks as (TraceTask | undefined)[]) {
    if (task?.pid === undefined || seen.has(task.pid)) continue;
    const at = task.startedAt ?? task.submittedAt;
    taskOnly.set(task.pid, Math.min(at, taskOnly.get(task.pid) ?? Infinity));
  }
  for (const [pid, at] of [...taskOnly].sort((a, b) => a[1] - b[1])) add(pid, at);
  return lanes;
}

/**
 * Lane `index`, for `worker`: from its worker event, or, for a PID seen only on tasks, from when
 * its first task started (`{ pid, spawnedAt }`).
 */
export function laneOf(index: number, worker: TraceWorker): Lane {
  const { pid, spawnedAt, exitedAt } = worker;
  const lane: Lane = { pid, index, label: workerName(pid, worker.thread !== undefined), spawnedAt };
  if (exitedAt !== undefined) lane.exitedAt = exitedAt;
  const why = abnormalExit(worker);
  if (why) lane.abnormalExit = why;
  return lane;
}

/** Signals the pool itself sends to stop a worker: an exit by one of them is not a crash. */
const STOP_SIGNALS = new Set(['SIGTERM']);

/** Why `worker` ended, when it did not simply stop (a crash, a kill, a non-zero exit); else null. */
export function abnormalExit(worker: TraceWorker): string | null {
  if (worker.exitedAt === undefined) return null;
  if (worker.signal && !STOP_SIGNALS.has(worker.signal)) return `killed by ${worker.signal}`;
  if (typeof worker.exitCode === 'number' && worker.exitCode !== 0) {
    return `exit code ${worker.exitCode}`;
  }
  return null;
}

/** pid -> lane index, the lookup `barsFor` takes. */
export function laneIndex(lanes: readonly Lane[]): Map<number, number> {
  return new Map(lanes.map((lane) => [lane.pid, lane.index]));
}

/**
 * [0, end] where end is the latest of: a task's finish, a running task at `now`, the run's end,
 * a resize mark. An empty run gets `EMPTY_EXTENT_MS`, so a scale over it is never degenerate.
 */
export function timeExtent(trace: Trace, now?: number): [number, number] {
  let end = trace.endedAt ?? 0;
  for (const task of trace.tasks as (TraceTask | undefined)[]) {
    if (!task) continue;
    if (task.finishedAt !== undefined) end = Math.max(end, task.finishedAt);
    else if (task.status === 'running' && now !== undefined) end = Math.max(end, now);
  }
  for (const mark of trace.marks) end = Math.max(end, mark.t);
  return [0, end > 0 ? end : EMPTY_EXTENT_MS];
}

export interface Padding {
  left?: number;
  right?: number;
}

/** ms -> px over `[padding.left, width - padding.right]`. */
export function timeScale(
  domain: readonly [number, number],
  width: number,
  { left = 0, right = 0 }: Padding = {},
): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([domain[0], domain[1]])
    .range([left, Math.max(left, width - right)]);
}

/**
 * One bar per task that started on a PID with a lane (see `workerBar`). Pending tasks, and tasks
 * cancelled or failed before they started, have no bar on a worker lane (see `unrunBarsFor`).
 *
 * The result is sorted by lane, then by x0, then by task id: the order `BarIndex` keeps.
 * Tasks usually arrive already in that order per lane (a worker takes tasks in submission order),
 * so the sort is skipped when it is not needed.
 */
export function barsFor(
  tasks: readonly (TraceTask | undefined)[],
  laneIndexByPid: ReadonlyMap<number, number>,
  x: (ms: number) => number,
  layout: LaneLayout,
  now: number,
): Bar[] {
  const perLane: Bar[][] = [];
  for (const task of tasks) {
    const bar = task && workerBar(task, laneIndexByPid, x, layout, now);
    if (bar) (perLane[bar.lane] ??= []).push(bar);
  }
  const bars: Bar[] = [];
  for (const lane of perLane) {
    if (!lane) continue;
    if (!isSortedByX0(lane)) lane.sort((a, b) => a.x0 - b.x0);
    for (const bar of lane) bars.push(bar);
  }
  return bars;
}

/**
 * The bar of a task that started on a PID with a lane: from its start to its finish, or to `now`
 * while it runs (never before its start), at least `MIN_BAR_PX` wide, with its queue wait.
 */
export function workerBar(
  task: TraceTask,
  laneIndexByPid: ReadonlyMap<number, number>,
  x: (ms: number) => number,
  layout: LaneLayout,
  now: number,
): Bar | null {
  if (task.startedAt === undefined || task.pid === undefined) return null;
  const lane = laneIndexByPid.get(task.pid);
  if (lane === undefined) return null;
  const end = task.finishedAt ?? Math.max(now, task.startedAt);
  const bar = makeBar(task, task.pid, lane, x(task.startedAt), x(end), layout);
  if (task.submittedAt < task.startedAt) bar.waitX0 = x(task.submittedAt);
  return bar;
}

/**
 * Bars for the tasks that ended without running (cancelled, or failed before a worker took
 * them: pool broken or shut down), drawn from submission to that end on one extra lane, so the
 * chart and the export can show them. Sorted by x0, then task id. Pending tasks are not included.
 */
export function unrunBarsFor(
  tasks: readonly (TraceTask | undefined)[],
  lane: number,
  x: (ms: number) => number,
  layout: LaneLayout,
): Bar[] {
  const bars: Bar[] = [];
  for (const task of tasks) {
    const bar = task && unrunBar(task, lane, x, layout);
    if (bar) bars.push(bar);
  }
  return bars.sort((a, b) => a.x0 - b.x0);
}

/**
 * The "not run" lane is split in this many thin rows, a call in the row of its id modulo it, so
 * calls cancelled together (consecutive ids, the same span) show as that many bars, not one.
 */
export const UNRUN_ROWS = 8;

/**
 * The bar of a task that ended without running, on `lane`, in its row of the lane (UNRUN_ROWS);
 * null for any other task.
 */
export function unrunBar(
  task: TraceTask,
  lane: number,
  x: (ms: number) => number,
  layout: LaneLayout,
): Bar | null {
  if (task.startedAt !== undefined || task.finishedAt === undefined) return null;
  const bar = makeBar(task, -1, lane, x(task.submittedAt), x(task.finishedAt), layout);
  const row = layout.laneHeight / UNRUN_ROWS;
  bar.y += (task.id % UNRUN_ROWS) * row;
  bar.height = Math.max(1, row - 0.5);
  return bar;
}

function makeBar(
  task: TraceTask,
  pid: number,
  lane: number,
  x0: number,
  x1: number,
  layout: LaneLayout,
): Bar {
  return {
    taskId: task.id,
    pid,
    lane,
    x0,
    x1: Math.max(x1, x0 + MIN_BAR_PX),
    y: laneTop(layout, lane),
    height: layout.laneHeight,
    fn: task.fn,
    status: task.status,
  };
}

function isSortedByX0(bars: readonly Bar[]): boolean {
  for (let i = 1; i < bars.length; i++) if (bars[i]!.x0 < bars[i - 1]!.x0) return false;
  return true;
}

/** [start, end) index ranges of each lane in bars sorted by lane (binary searches, no scan). */
export function laneRanges(bars: readonly Bar[]): { lane: number; start: number; end: number }[] {
  const ranges: { lane: number; start: number; end: number }[] = [];
  let start = 0;
  while (start < bars.length) {
    const lane = bars[start]!.lane;
    const end = firstIndex(bars, start, bars.length, (b) => b.lane > lane);
    ranges.push({ lane, start, end });
    start = end;
  }
  return ranges;
}

/** The first index in [lo, hi) where `past` holds, for a `past` that is monotonic over it. */
function firstIndex<T>(items: readonly T[], lo: number, hi: number, past: (item: T) => boolean) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(items[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The index of the first bar in [start, end) (one lane) that may reach `px` or beyond. On a
 * lane, tasks do not overlap in time, so a bar ends at most `MIN_BAR_PX` after the next one
 * starts: once a bar starts more than that before `px`, no earlier bar reaches `px`.
 */
function firstReaching(bars: readonly Bar[], start: number, end: number, px: number): number {
  let first = firstIndex(bars, start, end, (b) => b.x0 > px);
  for (let i = first - 1; i >= start; i--) {
    const bar = bars[i]!;
    if (bar.x1 >= px) first = i;
    if (bar.x0 + MIN_BAR_PX < px) break;
  }
  return first;
}

/** Bars by lane, as the live chart keeps them (BarIndex): each lane sorted by x0, then task id. */
export type BarLanes = readonly (readonly Bar[])[];

/**
 * The bar under (px, py), or undefined: the last drawn (so topmost) when several cover the
 * point. O(lanes + log n), fast enough per mouse move at 100k.
 */
export function hitTest(lanes: BarLanes, px: number, py: number): Bar | undefined {
  const bars = lanes.find((lane) => lane[0] && py >= lane[0].y && py < lane[0].y + lane[0].height);
  if (!bars) return undefined;
  const last = firstIndex(bars, 0, bars.length, (b) => b.x0 > px) - 1;
  for (let i = last; i >= 0; i--) {
    const bar = bars[i]!;
    if (bar.x1 >= px) return bar;
    if (bar.x0 + MIN_BAR_PX < px) return undefined;
  }
  return undefined;
}

/** The bars that intersect [x0, x1] (culling before drawing), lane by lane, in order. */
export function visibleBars(lanes: BarLanes, x0: number, x1: number): Bar[] {
  const out: Bar[] = [];
  for (const bars of lanes) {
    for (let i = firstReaching(bars, 0, bars.length, x0); i < bars.length; i++) {
      const bar = bars[i]!;
      if (bar.x0 > x1) break;
      if (bar.x1 >= x0) out.push(bar);
    }
  }
  return out;
}
