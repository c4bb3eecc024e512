/**
 * Captures what a worker writes to process.stdout and process.stderr (console included) as
 * lines, so the parent can tag each with the task that printed it. Nothing reaches the real
 * pipes any more; the parent still reads those for what Node writes natively (a crash report).
 */
import type { OutputStream } from '../../shared/events';
import { LineBuffer } from '../pool/lines';

export interface OutputCapture {
  /** Emits unfinished lines: a task's output ends with the task. */
  flush(): void;
}

type WriteCallback = (error?: Error | null) => void;

export function captureOutput(emit: (stream: OutputStream, line: string) => void): OutputCapture {
  const buffers: Record<OutputStream, LineBuffer> = {
    stdout: new LineBuffer(),
    stderr: new LineBuffer(),
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const text =
        typeof chunk === 'string'
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString(
              typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
            );
      for (const line of buffers[stream].push(text)) emit(stream, line);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') process.nextTick(done as WriteCallback);
      return true;
    };
    process[stream].write = write as typeof process.stdout.write;
  }
  return {
    flush() {
      for (const stream of ['stdout', 'stderr'] as const) {
        const line = buffers[stream].flush();
        if (line !== null) emit(stream, line);
      }
    },
  };
}
