/** shared/script.ts: what the form sends, and how a traced future's state reads. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ScriptSpecSchema, cpythonState, maxWorkersRule, splitArgs } from '../../shared/script';

describe('splitArgs', () => {
  it.each([
    ['', []],
    ['4', ['4']],
    ['  4   8 ', ['4', '8']],
    ['"two words" x', ['two words', 'x']],
    ["'it''s' \"a\\\"b\"", ['its', 'a"b']],
    ['a\\ b', ['a b']],
    ['""', ['']],
  ])('%j -> %j', (text, args) => {
    expect(splitArgs(text)).toEqual({ ok: true, args });
  });

  it('refuses an unclosed quote', () => {
    expect(splitArgs('"open')).toEqual({ ok: false, problem: 'an unclosed double quote' });
  });
});

describe('cpythonState', () => {
  it('tells the call queue from a worker', () => {
    expect(cpythonState({ status: 'pending' })).toBe('PENDING');
    expect(cpythonState({ status: 'pending', queuedAt: 3 })).toBe('RUNNING, in the call queue');
    expect(cpythonState({ status: 'running', queuedAt: 3, startedAt: 4, pid: 77 })).toBe(
      'RUNNING, executing on PID 77',
    );
    // A ThreadPoolExecutor's call runs on a thread of the master, named by its TID.
    expect(cpythonState({ status: 'running', startedAt: 4, pid: 78, thread: true })).toBe(
      'RUNNING, executing on TID 78',
    );
    expect(cpythonState({ status: 'failed' })).toBe('FINISHED');
    expect(cpythonState({ status: 'cancelled' })).toBe('CANCELLED');
  });
});

describe('the spec at the boundary', () => {
  const spec = { path: '/a.py', args: [], startMethod: 'spawn', forceMaxWorkers: false };
  it('takes a spec and refuses what it should', () => {
    expect(v.safeParse(ScriptSpecSchema, spec).success).toBe(true);
    expect(v.safeParse(ScriptSpecSchema, { ...spec, path: ' ' }).success).toBe(false);
    expect(v.safeParse(ScriptSpecSchema, { ...spec, args: ['a\0'] }).success).toBe(false);
    expect(v.safeParse(ScriptSpecSchema, { ...spec, args: Array(65).fill('x') }).success).toBe(
      false,
    );
    expect(v.safeParse(ScriptSpecSchema, { ...spec, maxWorkers: 0 }).success).toBe(false);
    expect(v.safeParse(ScriptSpecSchema, { ...spec, shell: true }).success).toBe(false);
  });

  it('says which max_workers applies', () => {
    expect(maxWorkersRule({ forceMaxWorkers: false })).toMatch(/script's own/);
    expect(maxWorkersRule({ maxWorkers: 3, forceMaxWorkers: false })).toBe(
      'max_workers=3 where the script passes none; its own where it does',
    );
    expect(maxWorkersRule({ maxWorkers: 3, forceMaxWorkers: true })).toBe(
      'max_workers=3, even where the script passes its own',
    );
  });
});
