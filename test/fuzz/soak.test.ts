/** A short soak (scripts/soak.mjs) in the suite: random kills, resizes, cancels and timeouts. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

it('a 12 s soak in both death modes loses, duplicates and orphans nothing', async () => {
  expect(existsSync(resolve(ROOT, 'out/main/pool.js')), 'run npm run build').toBe(true);
  const child = spawn(process.execPath, ['scripts/soak.mjs', '--seconds', '12', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  type Count = 'submitted' | 'ended' | 'lost' | 'duplicated' | 'orphans' | 'stuck' | 'kills';
  const report = JSON.parse(out) as Record<Count | 'resizes' | 'cancels', number> & {
    byMode: Record<'break' | 'replace', { pools: number; submitted: number }>;
  };
  console.log(`soak: ${out.trim()}`);
  expect(report).toMatchObject({ lost: 0, duplicated: 0, orphans: 0, stuck: 0 });
  expect(report.ended).toBe(report.submitted);
  expect(report.submitted).toBeGreaterThan(0);
  expect(report.byMode.break.pools).toBeGreaterThan(0);
  expect(report.byMode.replace.pools).toBeGreaterThan(0);
  expect(report.kills + report.resizes + report.cancels).toBeGreaterThan(0);
  expect(code).toBe(0);
}, 90_000);
