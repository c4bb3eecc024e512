/**
 * `node out/main/serve.js [--host H] [--port P] [--data-dir D]`: browser mode from the command
 * line. Prints the URL (with its per-launch token); SIGINT or SIGTERM shuts the pool down, so no
 * worker survives, then exits 0.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RunService } from '../service';
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
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`PoolScope: ${signal}: shutting the pool down...`);
    await server.close();
    await service.close();
    console.log('PoolScope: stopped; no worker left.');
    process.exit(0);
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}

main().catch((e: unknown) => {
  console.error(`PoolScope: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
