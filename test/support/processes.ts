/** Process probes every test suite uses to prove that no worker outlives its parent. */
import { readFileSync } from 'node:fs';

/**
 * Whether a PID is a live process: signal 0 probes without killing, and on Linux a zombie (exited,
 * not yet reaped by whoever inherited it) counts as gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return procStat(pid)?.state !== 'Z';
}

/** State and parent PID from /proc/PID/stat (Linux), or null where there is no such file. */
export function procStat(pid: number): { state: string; ppid: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
  const [state = '', ppid = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state, ppid: Number(ppid) };
}
