/**
 * Exported stacks without the machine's paths: a traceback names files by where PoolScope, Node
 * or Python is installed (/home/ana/apps/PoolScope/resources/app.asar/out/main/worker.js), which
 * a shared file should not carry. Each absolute path keeps only what identifies the file: a
 * Python library path from the library root (concurrent/futures/process.py), anything else its
 * file name (worker.js:12:7).
 */
import type { Trace } from '../trace';

/**
 * A POSIX or file:// path, or a Windows drive path, of at least two components, where a path
 * starts (not node:internal/process/…).
 */
const ABSOLUTE_PATH =
  /(?<=^|[\s("'=])(?:file:\/\/)?(?:\/[^\s/\\():'"<>,]+){2,}|[A-Za-z]:\\(?:[^\s\\():'"<>,]+\\)+[^\s\\():'"<>,]+/gm;
/** Where a Python library path starts being the same on every machine. */
const PYTHON_ROOT = /[/\\](?:lib[/\\]python3(?:\.\d+)?|Lib|site-packages|dist-packages)(?=[/\\])/g;

export function withoutInstallPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (path) => {
    const roots = [...path.matchAll(PYTHON_ROOT)];
    const last = roots.at(-1);
    if (last) return path.slice(last.index + last[0].length + 1);
    return path.split(/[/\\]/).at(-1)!;
  });
}

/** A copy of `trace` whose errors' stacks carry no install paths; the trace itself is kept. */
export function traceForExport(trace: Trace): Trace {
  if (!trace.tasks.some((t) => t?.error?.stack)) return trace;
  const tasks = trace.tasks.map((task) =>
    task?.error?.stack
      ? { ...task, error: { ...task.error, stack: withoutInstallPaths(task.error.stack) } }
      : task,
  );
  return { ...trace, tasks };
}
