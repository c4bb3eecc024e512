/**
 * The forked worker's entry (built to out/main/worker.js): wires the pure Runner to this
 * process. Console output is captured and sent as lines tagged with the running task.
 */
import { pathToFileURL } from 'node:url';
import type { FromWorker } from '../pool/protocol';
import { now } from '../pool/clock';
import { BUILTINS } from './builtins';
import { captureOutput } from './output';
import { Runner } from './runner';

// No orphans: when the parent goes (exit, crash, SIGKILL), the channel closes and so do we.
process.on('disconnect', () => process.exit(0));

function send(message: FromWorker): void {
  process.send?.(message);
}

let currentTask: number | undefined;
const output = captureOutput((stream, line) => {
  const message: FromWorker = { ps: 'output', t: now(), stream, line };
  if (currentTask !== undefined) message.id = currentTask;
  send(message);
});

const runner = new Runner(BUILTINS, {
  send,
  sendAndExit(message, code) {
    process.send?.(message, () => process.exit(code));
  },
  importModule: (path) => import(pathToFileURL(path).href) as Promise<Record<string, unknown>>,
  taskChanged(id) {
    output.flush();
    currentTask = id;
  },
});

process.on('message', (message) => runner.receive(message));
