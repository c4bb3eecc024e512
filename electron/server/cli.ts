/**
 * `node out/main/serve.js [--host H] [--port P] [--data-dir D]`: browser mode from the command
 * line. Prints the URL (with its per-launch token). The first SIGINT, SIGTERM or SIGHUP (or the
 * death of the parent, for npm, which does not forward SIGTERM) cancels pending calls, gives
 * running ones 2 s, saves the run and exits 0; a second signal stops every worker and exits at
 * once. Either way no worker survives.
 */
import { constants, homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RunService, SHUTDOWN_GRACE_MS } from '../service';
import { startServer } from '.';

const USAGE = `usage: serve.js [--host 127.0.0.1] [--port 0] [--data-dir DIR]
  --host      interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --port      port (default 0: a free one)
  --data-dir  run history folder (default $XDG_DATA_HOME/poolscope or ~/.local/share/poolscope)`;

const here = import.meta.dirname; // out/main

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'poolscope');
}

/** The command line's options; a usage error exits 2 with the usage. */
function options() {
  try {
    return parseOptions();
  } catch (e) {
    console.error(`PoolScope: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string', default: defaultDataDir() },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
  }
  return { host: values.host, port, dataDir: values['data-dir'] };
}

async function main(): Promise<void> {
  const { host, port, dataDir } = options();
  const service = new RunService({
    mode: 'browser',
    dataDir,
    workerPath: join(here, 'worker.js'),
  });
  const server = await startServer({
    host,
    port,
    rendererDir: join(here, '../renderer'),
    service,
  });
  console.log(`PoolScope browser mode: ${server.url}`);
  console.log(`Run history: ${dataDir}. Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async (why: string, exitCode: number) => {
    if (stopping) {
      console.log(`PoolScope: ${why} again: stopping every worker now.`);
      service.terminate();
      process.exit(exitCode);
    }
    stopping = true;
    const grace = SHUTDOWN_GRACE_MS / 1000;
    console.log(
      `PoolScope: ${why}: shutting the pool down (pending calls cancelled, running ones get ${grace} s; Ctrl-C again to stop at once)...`,
    );
    await server.close();
    await service.close();
    console.log('PoolScope: stopped; no worker left.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal, 128 + constants.signals[signal]));
  }
  watchParent(() => void stop('the parent process exited', 129));
}

/**
 * Calls `gone` once this process's parent has died (it is re-parented): `npm run serve` exits
 * on SIGTERM without passing it on, and the server must not outlive it.
 */
function watchParent(gone: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, 500);
  timer.unref();
}

main().catch((e: unknown) => {
  console.error(`PoolScope: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
