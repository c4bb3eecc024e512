/** Steps `run`, `sweep` and `export` share: the engine's lifetime, writing outputs, saying so. */
import type { ExportFormat } from '../../shared/contract';
import type { Io } from './command';
import { Engine, type EngineOptions } from './engine';
import { writeOutputs, type OutputFile } from './outputs';

/** Runs `work` with an engine, and always shuts it down: no worker outlives the command. */
export async function withEngine<T>(
  io: Io,
  options: EngineOptions,
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  const engine = await Engine.open(io.builtDir, options);
  try {
    return await work(engine);
  } finally {
    // Closing is quick (nothing is left running) and removes the history folder: let it finish.
    const stopListening = io.interrupts.listen(() => undefined);
    await engine.close().finally(stopListening);
  }
}

/**
 * Writes every output and tells which were written (on stderr when stdout holds the JSON
 * summary) and which failed, with the reason. `partial` says the run was cut short.
 */
export async function writeAndReport(
  io: Io,
  outputs: readonly OutputFile[],
  render: (format: ExportFormat) => Promise<string | Uint8Array>,
  opts: { json: boolean; partial: boolean },
) {
  if (opts.partial) {
    io.err(
      outputs.length > 0
        ? 'Writing what it has, up to the interruption.'
        : 'Interrupted: nothing written (no --out).',
    );
  }
  // A file being written is finished, never cut: an interrupt now skips the files not begun.
  let stopping = false;
  const stopListening = io.interrupts.listen(() => {
    if (!stopping) io.err('Interrupted: finishing the file being written; the rest are skipped.');
    stopping = true;
  });
  const report = await writeOutputs(outputs, render, () => stopping).finally(stopListening);
  const note = opts.json ? io.err : io.out;
  for (const path of report.written)
    note(`wrote ${path}${opts.partial ? ' (interrupted run)' : ''}`);
  for (const problem of report.failed) io.err(`poolscope: ${problem}`);
  return report;
}
