/** No process outlives PoolScope, even when PoolScope is SIGKILLed mid-call. */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { SCRIPTS, groupMembers, until } from './helpers';

const BUILT = resolve('out/main/trace.js');

describe('a SIGKILLed parent', () => {
  it('takes the script, its workers and its subprocess with it', async () => {
    const parent = spawn(
      process.execPath,
      [resolve('test/fixtures/trace-parent.mjs'), BUILT, join(SCRIPTS, 'forever.py')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const line = await new Promise<string>((done, fail) => {
        createInterface({ input: parent.stdout! }).once('line', done);
        parent.once('exit', (code) => fail(new Error(`the parent exited early (${code})`)));
      });
      const { pgid } = JSON.parse(line) as { pgid: number };
      const members = groupMembers(pgid);
      expect(members.length).toBeGreaterThanOrEqual(4); // master, helper, two workers
      parent.kill('SIGKILL');
      // The master sees its socket end and takes its process group down.
      await until(() => groupMembers(pgid).length === 0);
      expect(groupMembers(pgid)).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
