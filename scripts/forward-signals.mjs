// Runs a program as a child of this script and makes it end with this script: SIGINT, SIGTERM
// and SIGHUP are passed on, and if this script's parent dies (npm exits on SIGTERM without
// passing it on) the child is sent SIGTERM. Resolves with the child's exit code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function runForwarding(command, args, options = {}) {
  // Its own process group, so a Ctrl-C in the terminal reaches it once, through this script.
  const child = spawn(command, args, { stdio: 'inherit', detached: true, ...options });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of SIGNALS) process.on(signal, forward);
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) forward('SIGTERM');
  }, 500);
  return new Promise((resolve) => {
    child.once('error', (e) => {
      console.error(`PoolScope: cannot run ${command}: ${e.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      clearInterval(watch);
      for (const s of SIGNALS) process.off(s, forward);
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}
