/**
 * Live progress on stderr, only when it is a terminal: one line redrawn in place at most ten
 * times a second, cleared before anything else is printed. Nothing at all when stderr is a pipe
 * or a file, so CI logs and `2> log` stay clean.
 */
import type { LiveRun, LiveRuns } from './live-runs';

const REDRAW_MS = 100;

export class Progress {
  private shown = false;
  private last = -Infinity;
  private line: (() => string) | null = null;
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {}

  /**
   * Shows `line()` (at most every REDRAW_MS), and again on every tick until `stop`, since time
   * passes between events.
   */
  show(line: () => string): void {
    if (!this.enabled) return;
    this.line = line;
    this.ticker ??= setInterval(() => this.draw(), REDRAW_MS * 2.5).unref();
    this.draw();
  }

  /** Writes `text` to stderr on a line of its own, then the progress line again on the next draw. */
  say(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  /** Stops the ticking and removes the line. */
  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.line = null;
    this.clear();
  }

  private draw(): void {
    const now = performance.now();
    if (!this.line || now - this.last < REDRAW_MS) return;
    this.last = now;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r${this.line().slice(0, width)}\x1b[K`);
    this.shown = true;
  }

  private clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
    this.last = -Infinity;
  }
}

/** "3 of 5 calls finished · 2 running · 2.1 s · ETA 1.4 s": the ETA once a call has finished. */
export function runLine(run: LiveRun, total: number): string {
  const elapsed = performance.now() - run.startedAt;
  const parts = [
    `${run.finished} of ${run.submitted || total} calls finished`,
    `${run.running} running`,
    seconds(elapsed),
  ];
  const eta = estimate(elapsed, run.finished, total);
  if (eta !== null) parts.push(`ETA ${seconds(eta)}`);
  return parts.join(' · ');
}

/**
 * "sweep point 2 of 4 (max_workers = 3), run 1 of 3 · ETA 6.0 s · 1 of 8 calls finished · 3
 * running": the ETA before the calls, so a narrow terminal cuts the least useful part.
 */
export function sweepLine(live: LiveRuns, startedAt: number, total: number): string {
  const progress = live.sweep;
  if (!progress) return 'sweep: starting...';
  const { sweep, running, repeat } = progress;
  const points = sweep.to - sweep.from + 1;
  const repeats = sweep.repeats ?? 1;
  const done = running === undefined ? points : running - sweep.from;
  const parts = [`sweep point ${Math.min(done + 1, points)} of ${points}`];
  if (running !== undefined) parts[0] += ` (max_workers = ${running})`;
  if (running !== undefined && repeats > 1) parts[0] += `, run ${repeat ?? 1} of ${repeats}`;
  // Points done, plus the share of the current point's runs and calls that have finished.
  const calls = live.latest ? live.latest.finished / total : 0;
  const current = running === undefined ? 0 : ((repeat ?? 1) - 1 + calls) / repeats;
  const eta = estimate(performance.now() - startedAt, done + current, points);
  if (eta !== null) parts.push(`ETA ${seconds(eta)}`);
  if (live.latest) {
    parts.push(
      `${live.latest.finished} of ${total} calls finished`,
      `${live.latest.running} running`,
    );
  }
  return parts.join(' · ');
}

/** Time left if the rest goes as fast as what is done; null before anything is done. */
function estimate(elapsedMs: number, done: number, total: number): number | null {
  if (done <= 0 || done >= total) return null;
  return (elapsedMs / done) * (total - done);
}

/** "4.2 s", "2 min 5 s": as precise as a progress line needs. */
function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}
