/** CSV export, read back by python3's csv module: a standard parser nobody here wrote. */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, traceToCsv } from '../../shared/export/csv';
import { pythonCsvRows, tempDir, writeIn } from './consumers';
import { liveTrace, sampleTrace, traceOf } from './traces';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function readBack(text: string): Record<string, string>[] {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const [header, ...rows] = pythonCsvRows(writeIn(dir, 'trace.csv', text));
  expect(header).toEqual([...CSV_COLUMNS]);
  return rows.map((row) => {
    expect(row).toHaveLength(CSV_COLUMNS.length);
    return Object.fromEntries(CSV_COLUMNS.map((col, i) => [col, row[i]!]));
  });
}

describe('traceToCsv read by python csv', () => {
  it('pid is an int in every row, and call is valid Python: each argument the repr of its value', () => {
    const trace = sampleTrace();
    trace.tasks[1]!.args = ["it's", 'say "hi"', 'back\\slash', null, true, [1.5], { k: 'v' }];
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const script = `
import ast, csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
for r in rows:
    int(r['pid'])
    call = ast.parse(r['call'], mode='eval').body
    assert isinstance(call, ast.Call) and call.func.id == r['function'], r['call']
    assert [ast.literal_eval(a) for a in call.args] == json.loads(r['arguments']), r['call']
print(len(rows))`;
    const out = execFileSync('python3', ['-c', script, writeIn(dir, 't.csv', traceToCsv(trace))], {
      encoding: 'utf8',
    });
    expect(Number(out)).toBe(trace.tasks.length);
  });

  it('one row per task with times in seconds, results, and errors that need quoting', () => {
    const rows = readBack(traceToCsv(sampleTrace()));
    expect(rows.map((r) => r.task_id)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(rows[0]).toEqual({
      task_id: '0',
      function: 'slow_add',
      arguments: '[1,6,7]',
      call: 'slow_add(1, 6, 7)',
      pid: '41201',
      submitted_s: '0.000350',
      started_s: '0.038250',
      finished_s: '1.039712',
      wait_s: '0.037900',
      duration_s: '1.001462',
      status: 'done',
      result: '13',
      error: '',
    });
    expect(rows[2]).toMatchObject({
      function: 'broken_function',
      status: 'failed',
      result: '',
      error: 'ValueError: Called broken function, with "quotes", a comma\nand a second line',
    });
    expect(rows[4]).toEqual({
      task_id: '4',
      function: 'slow_add',
      arguments: '[2,1,1]',
      call: 'slow_add(2, 1, 1)',
      pid: '0',
      submitted_s: '0.000700',
      started_s: '',
      finished_s: '0.001200',
      wait_s: '',
      duration_s: '',
      status: 'cancelled',
      result: '',
      error: '',
    });
    expect(rows[3]).toMatchObject({ pid: '41204', result: '0.5', wait_s: '0.529640' });
  });

  it('a live run: running and pending tasks have empty cells where nothing happened yet', () => {
    const rows = readBack(traceToCsv(liveTrace()));
    expect(rows.map((r) => [r.status, r.started_s, r.finished_s, r.duration_s])).toEqual([
      ['done', '0.005000', '1.005000', '1.000000'],
      ['running', '1.005500', '', ''],
      ['pending', '', '', ''],
      ['failed', '', '1.100000', ''],
    ]);
    expect(rows[3]!.error).toBe('BrokenProcessPool: A child process terminated abruptly');
  });

  it('JSON results and arguments survive, whatever they hold', () => {
    const result = { text: 'a,b "c"\r\nd', list: [1, null, true] };
    const trace = traceOf([
      { type: 'task-submitted', at: 0, taskId: 0, fn: 'custom', args: ['x,y', { k: '"' }] },
      { type: 'task-started', at: 1, taskId: 0, pid: 9 },
      { type: 'task-finished', at: 2, taskId: 0, pid: 9, ok: true, result },
    ]);
    const [row] = readBack(traceToCsv(trace));
    expect(JSON.parse(row!.result!)).toEqual(result);
    expect(JSON.parse(row!.arguments!)).toEqual(['x,y', { k: '"' }]);
    expect(row!.call).toBe(`custom('x,y', {'k': '"'})`);
  });

  it('an empty run is the header row alone', () => {
    expect(readBack(traceToCsv(traceOf([])))).toEqual([]);
    expect(traceToCsv(traceOf([]))).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('ends every record with CRLF and quotes only what needs it', () => {
    const text = traceToCsv(sampleTrace());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(sampleTrace().tasks.length + 2);
    const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes).not.toMatch(/[^\r]\n|\r[^\n]/);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
  ])('csvField(%j) = %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});
