/**
 * The forked Node worker's entry (built to out/main/worker.js): wires the pure Runner to this
 * process. Console output is captured as lines and reported with the call that wrote them.
 */
import { pathToFileURL } from 'node:url';
import type { FromWorker } from '../pool/protocol';
import { BUILTINS } from './builtins';
import { captureOutput } from './output';
import { Runner } from './runner';
import { watchParent } from './watchdog';

// No orphans: when the parent goes (exit, crash, SIGKILL), the channel closes and so do we;
// the watchdog covers the time a synchronous call keeps this thread from hearing it.
process.on('disconnect', () => process.exit(0));

let unwritten = 0;
let exitCode: number | null = null;
const written = () => {
  unwritten--;
  if (exitCode !== null && unwritten === 0) process.exit(exitCode);
};

const runner = new Runner(BUILTINS, {
  send(message: FromWorker) {
    if (!process.connected) return;
    unwritten++;
    process.send!(message, written);
    // Started once up, so it does not delay `ready`; until then the channel's close is heard
    // (but for an initializer that blocks the thread).
    if (message.ps === 'ready') setImmediate(watchParent);
  },
  exit(code) {
    exitCode = code;
    if (unwritten === 0) process.exit(code);
  },
  importModule: (path) => import(pathToFileURL(path).href) as Promise<Record<string, unknown>>,
  whenIdle: (fn) => setImmediate(fn),
  endLines: () => output.flush(),
});
const output = captureOutput((stream, line) => runner.line(stream, line));

process.on('message', (message) => runner.receive(message));
