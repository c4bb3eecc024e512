/**
 * A traced script as a run source: the service records it like a run on PoolScope's pool
 * (live events, snapshot, history, run:finished). Its futures belong to the script, so a call
 * cannot be cancelled from outside; Stop (cancel) ends the script and every process it started.
 */
import type { ScriptSpec } from '../../shared/script';
import type { RunSink, RunSource, SourceResult } from '../service/run-source';
import { TracedScript, type ScriptRunOptions } from './traced-script';

export type ScriptSourceOptions = Omit<ScriptRunOptions, 'onEvent'>;

export class ScriptRunSource implements RunSource {
  readonly name: string;
  private run: TracedScript | null = null;
  private cancelled = false;

  constructor(
    private readonly spec: ScriptSpec,
    private readonly options: ScriptSourceOptions,
  ) {
    this.name = spec.path.split('/').pop() || spec.path;
  }

  async start(sink: RunSink): Promise<SourceResult> {
    const run = await TracedScript.start(this.spec, {
      ...this.options,
      onEvent: (e) => sink.event(e),
    });
    this.run = run;
    sink.started(run.recorder.trace);
    if (this.cancelled) run.stop();
    const { status, error } = await run.outcome;
    return { status, ...(error && { error }), script: this.spec };
  }

  cancel(): boolean {
    if (this.cancelled) return false;
    this.cancelled = true;
    this.run?.stop();
    return true;
  }

  /** CPython's futures live in the script: PoolScope can only Stop the whole run. */
  cancelCall(taskId: number): boolean | null {
    return this.run?.recorder.trace.tasks[taskId] ? false : null;
  }
}
