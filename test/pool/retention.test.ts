/**
 * No retention: a live pool keeps no finished future. A child Node with --expose-gc runs 20,000
 * calls (and cancels 100 more) on the built pool, then counts the futures its WeakRefs still
 * reach after forced GCs.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers';

describe('retention', () => {
  it('after 20,000 calls on a live pool, no finished or cancelled future is still reachable', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', resolve(FIXTURES, 'retention.mjs')],
      { timeout: 120_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ calls: 20_100, alive: 0, result: 5 });
  }, 130_000);
});
