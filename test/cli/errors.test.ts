/**
 * What the command line says and exits with when it cannot do what was asked: usage errors (2),
 * inputs it cannot run (1), outputs it cannot write (1, naming the file, leaving nothing). None of
 * these start a pool.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { MAX_TASKS_PER_RUN } from '../../shared/workload';
import { makeReadOnly } from '../service/readonly-dir';
import { tempDir } from '../support/temp-dir';
import { BIN, poolscope, workloadJson, type Cleanup } from './support';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const COMMANDS = ['run', 'sweep', 'export', 'presets'];

function dirWith(files: Record<string, string>): string {
  const dir = tempDir(cleanups);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const okCall = { fn: 'slow_function', args: [0.01], repeat: 1 };

describe('poolscope help and version', () => {
  it('--help lists every command; COMMAND --help shows its usage; --version the version', async () => {
    const dir = tempDir(cleanups);
    const help = await poolscope(cleanups, ['--help'], dir);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    for (const c of COMMANDS) {
      const own = await poolscope(cleanups, [c, '--help'], dir);
      expect(own.code, c).toBe(0);
      expect(own.stdout, c).toMatch(new RegExp(`^usage: poolscope ${c}`));
    }
    const v = await poolscope(cleanups, ['--version'], dir);
    expect(v).toMatchObject({ code: 0, stdout: `poolscope ${version}\n` });
  });

  it('exits 2 with the usage for no command, an unknown command or an unknown option', async () => {
    const dir = tempDir(cleanups);
    const bare = await poolscope(cleanups, [], dir);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('usage: poolscope COMMAND');
    const unknown = await poolscope(cleanups, ['frobnicate'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('poolscope: unknown command "frobnicate"');
    const option = await poolscope(cleanups, ['run', 'future.py', '--max-wrokers', '3'], dir);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('poolscope run: unknown option --max-wrokers');
  });

  it('lists the presets by id and title', async () => {
    const result = await poolscope(cleanups, ['presets'], tempDir(cleanups));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^future +future\.py +5 calls +Five calls/m);
    const json = await poolscope(cleanups, ['presets', '--json'], tempDir(cleanups));
    const presets = JSON.parse(json.stdout) as { id: string; workload: { calls: unknown[] } }[];
    expect(presets.find((p) => p.id === 'future')?.workload.calls).toHaveLength(5);
  });
});

describe('bin/poolscope.mjs before a build', () => {
  it('says to run npm run build, and exits 1', async () => {
    const checkout = tempDir(cleanups); // a checkout whose out/ was never built
    mkdirSync(join(checkout, 'bin'));
    copyFileSync(BIN, join(checkout, 'bin', 'poolscope.mjs'));
    const result = spawnSync(
      process.execPath,
      [join(checkout, 'bin', 'poolscope.mjs'), '--version'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `out/main/cli.js is missing: run npm run build (in ${checkout}) first`,
    );
  });
});

describe('poolscope run: bad inputs', () => {
  it.each([
    [
      '--max-workers 0',
      ['--max-workers', '0'],
      '--max-workers must be a whole number from 1 to 256, not "0"',
    ],
    [
      '--max-workers 2.5',
      ['--max-workers', '2.5'],
      '--max-workers must be a whole number from 1 to 256, not "2.5"',
    ],
    ['--max-workers over the machine', ['--max-workers', '256'], '--max-workers must be at most'],
    ['--runtime ruby', ['--runtime', 'ruby'], '--runtime must be node or python, not "ruby"'],
    [
      'an unknown extension',
      ['--out', 'chart.pdf'],
      '--out chart.pdf: the extension says which format to write',
    ],
    [
      'the same --out twice',
      ['--out', 'a.svg', '--out', './a.svg'],
      '--out ./a.svg is given twice',
    ],
  ])('exits 2 for %s', async (_, args, message) => {
    const result = await poolscope(cleanups, ['run', 'future.py', ...args], tempDir(cleanups));
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });

  it('exits 2 for an unknown preset, listing the presets', async () => {
    const result = await poolscope(cleanups, ['run', 'futur.py'], tempDir(cleanups));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no preset or workload file "futur.py". Presets: ');
    expect(result.stderr).toContain('future (future.py)');
  });

  it('exits 1 for a missing file, naming it', async () => {
    const result = await poolscope(cleanups, ['run', 'nowhere.json'], tempDir(cleanups));
    expect(result).toMatchObject({
      code: 1,
      stderr: 'poolscope run: nowhere.json: no such file\n',
    });
  });

  it('exits 1 for bad JSON, with the line and column', async () => {
    const dir = dirWith({ 'bad.json': '{\n  "name": "x",\n  "calls": [}\n' });
    const result = await poolscope(cleanups, ['run', 'bad.json'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^poolscope run: bad\.json: not JSON: .* at line 3, column 13\n$/,
    );
  });

  it.each([
    [
      'a bad argument',
      { name: 'w', calls: [okCall, { fn: 'slow_add', args: [-1, 2, 3], repeat: 1 }] },
      'w.json: call 2 (slow_add), args[0] nsecs: nsecs must be at least 0',
    ],
    [
      'an unknown function',
      { name: 'w', calls: [{ fn: 'slow_sub', args: [1], repeat: 1 }] },
      'w.json: call 1 (slow_sub), fn: unknown function "slow_sub"; known: slow_function',
    ],
    [
      'a wrong type',
      { name: 'w', calls: [{ fn: 'slow_add', args: [1, 'six', 7], repeat: 1 }] },
      'w.json: call 1 (slow_add), args[1] x: x must be a number',
    ],
    [
      'a missing field',
      { name: 'w', calls: [{ fn: 'slow_function', args: [1] }] },
      'w.json: call 1 (slow_function), repeat: missing',
    ],
    [
      'an unknown field',
      { name: 'w', calls: [{ ...okCall, repeats: 2 }] },
      'w.json: call 1 (slow_function): unknown field "repeats"',
    ],
    [
      'a repeat over the limit',
      { name: 'w', calls: [{ ...okCall, repeat: MAX_TASKS_PER_RUN + 1 }] },
      `w.json: call 1 (slow_function), repeat: repeat must be a whole number from 1 to ${MAX_TASKS_PER_RUN}`,
    ],
    [
      'too many calls in all',
      { name: 'w', calls: [{ ...okCall, repeat: MAX_TASKS_PER_RUN }, okCall] },
      `w.json: a run may submit at most ${MAX_TASKS_PER_RUN} calls`,
    ],
    [
      'too many lines',
      { name: 'w', calls: Array.from({ length: 1001 }, () => okCall) },
      'w.json: calls: a workload may list at most 1000 calls (use repeat)',
    ],
  ])(
    'exits 1 for a workload with %s, naming the file, the call and the field',
    async (_, workload, message) => {
      const dir = dirWith({ 'w.json': JSON.stringify(workload, null, 2) });
      const result = await poolscope(cleanups, ['run', 'w.json'], dir);
      expect(result.stderr).toMatch(/\n$/);
      expect(result.stderr.startsWith(`poolscope run: ${message}`), result.stderr).toBe(true);
      expect(result.code).toBe(1);
    },
  );
});

describe('poolscope: unwritable --out', () => {
  const workload = workloadJson('quick', [okCall]);

  it('refuses before running when the folder is missing, naming the file and the reason', async () => {
    const dir = dirWith({ 'w.json': workload });
    const result = await poolscope(cleanups, ['run', 'w.json', '--out', 'charts/w.svg'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'poolscope run: cannot write charts/w.svg: the folder charts does not exist\n',
    );
    expect(readdirSync(dir)).toEqual(['w.json']);
  });

  it('refuses when the folder cannot be written, and leaves nothing in it', async () => {
    const dir = dirWith({ 'w.json': workload });
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    cleanups.push(makeReadOnly(locked));
    const result = await poolscope(cleanups, ['run', 'w.json', '--out', 'locked/w.svg'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'poolscope run: cannot write locked/w.svg: no permission to write locked\n',
    );
    expect(readdirSync(locked)).toEqual([]);
  });

  it('names a file that fails at the write itself, writes the others, and leaves no temporary file', async () => {
    const dir = dirWith({ 'w.json': workload });
    mkdirSync(join(dir, 'taken.svg')); // a folder where the file should go: the rename fails
    const result = await poolscope(
      cleanups,
      ['run', 'w.json', '--out', 'taken.svg', '--out', 'fine.csv'],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`poolscope: cannot write taken.svg: taken.svg is a folder`);
    expect(result.stdout).toContain('wrote fine.csv');
    expect(readdirSync(dir).sort()).toEqual(['fine.csv', 'taken.svg', 'w.json']);
    expect(readdirSync(join(dir, 'taken.svg'))).toEqual([]);
  });
});

// A full disk, for real: a 16 KiB tmpfs (mounting needs root, as CI runs).
describe.skipIf(process.getuid?.() !== 0)('poolscope: a full disk', () => {
  it('names the file that did not fit, writes the ones that did, and leaves no partial file', async () => {
    const dir = dirWith({ 'w.json': workloadJson('quick', [okCall]) });
    const tiny = join(dir, 'tiny');
    mkdirSync(tiny);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', tiny]);
    cleanups.push(() => void execFileSync('umount', [tiny]));
    const result = await poolscope(
      cleanups,
      ['run', 'w.json', '--out', 'tiny/w.png', '--out', 'tiny/w.csv'],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('poolscope: disk full: could not write tiny/w.png\n');
    expect(result.stdout).toContain('wrote tiny/w.csv');
    expect(readdirSync(tiny)).toEqual(['w.csv']);
  });
});

describe('poolscope export and sweep: bad inputs', () => {
  it('export exits 2 without --out, and 1 for a file that is not a trace', async () => {
    const dir = dirWith({ 'w.json': workloadJson('w', [okCall]) });
    const noOut = await poolscope(cleanups, ['export', 'w.json'], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('export needs at least one --out FILE');
    const notTrace = await poolscope(cleanups, ['export', 'w.json', '--out', 'w.svg'], dir);
    expect(notTrace.code).toBe(1);
    expect(notTrace.stderr).toMatch(
      /^poolscope export: w\.json: not a PoolScope trace: format is missing/,
    );
    expect(readdirSync(dir)).toEqual(['w.json']);
  });

  it('sweep exits 2 without --to, for --from past --to, and for a format a sweep does not write', async () => {
    const dir = tempDir(cleanups);
    const noTo = await poolscope(cleanups, ['sweep', 'future.py', '--from', '1'], dir);
    expect(noTo.code).toBe(2);
    expect(noTo.stderr).toContain('a sweep needs --from and --to');
    const backwards = await poolscope(
      cleanups,
      ['sweep', 'future.py', '--from', '3', '--to', '2'],
      dir,
    );
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('--from (3) is more than --to (2)');
    const repeats = await poolscope(
      cleanups,
      ['sweep', 'future.py', '--from', '1', '--to', '2', '--repeats', '21'],
      dir,
    );
    expect(repeats.code).toBe(2);
    expect(repeats.stderr).toContain('--repeats must be a whole number from 1 to 20, not "21"');
    const json = await poolscope(
      cleanups,
      ['sweep', 'future.py', '--from', '1', '--to', '2', '--out', 'sweep.json'],
      dir,
    );
    expect(json.code).toBe(2);
    expect(json.stderr).toContain(
      '--out sweep.json: the extension says which format to write: .svg .png .csv',
    );
  });
});
