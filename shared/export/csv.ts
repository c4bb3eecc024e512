/**
 * CSV: one row per task, for a spreadsheet or `pandas.read_csv`.
 *
 * - RFC 4180: CRLF line ends (also after the last row), fields quoted when they hold a comma, a
 *   quote, CR or LF, quotes doubled.
 * - `arguments` is the JSON array of the call's arguments (`[1,6,7]`, read back with
 *   `json.loads`), lossless for any argument; `call` is the same call as valid Python, each
 *   argument its repr (`slow_add(1, 'con', 'cat')`).
 * - `pid` is an integer in every row, so pandas reads an int column: 0 for a call that never ran
 *   on a worker (no user process has PID 0).
 * - Times are seconds from the run's start with 6 decimals (µs); `wait_s` is started - submitted,
 *   `duration_s` finished - started. Missing times are empty cells: a pending task has no
 *   started_s.
 * - `result` is the JSON of the returned value; `error` is "Name: message" of the exception.
 */
import { formatCall } from '../catalog';
import { tasksOf, type Trace, type TraceTask } from '../trace';

export const CSV_COLUMNS = [
  'task_id',
  'function',
  'arguments',
  'call',
  'pid',
  'submitted_s',
  'started_s',
  'finished_s',
  'wait_s',
  'duration_s',
  'status',
  'result',
  'error',
] as const;

const EOL = '\r\n';

/** The `pid` of a call that never ran on a worker. */
export const NOT_RUN_PID = 0;

export function traceToCsv(trace: Trace): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const task of tasksOf(trace)) lines.push(rowFor(task).map(csvField).join(','));
  return lines.join(EOL) + EOL;
}

function rowFor(task: TraceTask): string[] {
  const { startedAt, finishedAt } = task;
  return [
    String(task.id),
    task.fn,
    JSON.stringify(task.args),
    formatCall(task.fn, task.args),
    String(task.pid ?? NOT_RUN_PID),
    seconds(task.submittedAt),
    seconds(startedAt),
    seconds(finishedAt),
    startedAt === undefined ? '' : seconds(startedAt - task.submittedAt),
    startedAt === undefined || finishedAt === undefined ? '' : seconds(finishedAt - startedAt),
    task.status,
    task.result === undefined ? '' : JSON.stringify(task.result),
    task.error ? `${task.error.name}: ${task.error.message}` : '',
  ];
}

function seconds(ms: number | undefined): string {
  if (ms === undefined) return '';
  const text = (ms / 1000).toFixed(6);
  return text === '-0.000000' ? '0.000000' : text;
}

/** One RFC 4180 field. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
