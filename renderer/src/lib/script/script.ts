/**
 * Which script a trace is: the tutorial's, when the trace's calls are a tutorial preset's (its
 * name and its calls), or one written from its calls. One place decides; the Script view shows it.
 */
import { PRESETS } from '../../../../shared/presets';
import type { Trace } from '../../../../shared/trace';
import { workloadOf, type Workload } from '../../../../shared/workload';
import { generatedScript } from './generated';
import { TUTORIAL_SCRIPTS } from './sources';
import type { ScriptKind } from './transcript';

export interface ScriptOf {
  /** The file name shown over the source. */
  file: string;
  source: string;
  kind: ScriptKind;
  /** The tutorial's own file, rather than one written from the calls. */
  tutorial: boolean;
}

const sameCalls = (a: Workload, b: Workload) =>
  a.calls.length === b.calls.length &&
  a.calls.every(
    (c, i) =>
      c.fn === b.calls[i]!.fn &&
      c.repeat === b.calls[i]!.repeat &&
      c.args.length === b.calls[i]!.args.length &&
      c.args.every((x, j) => x === b.calls[i]!.args[j]),
  );

export function scriptOf(trace: Trace): ScriptOf {
  const found = workloadOf(trace);
  const workload: Workload = found.ok ? found.workload : { name: trace.name, calls: [] };
  for (const preset of PRESETS) {
    const script = TUTORIAL_SCRIPTS[preset.id];
    if (script && preset.workload.name === trace.name && sameCalls(preset.workload, workload)) {
      return { ...script, tutorial: true };
    }
  }
  return {
    file: `${trace.name.replace(/\.py$/, '')}.py`,
    source: generatedScript(workload, trace.maxWorkers),
    kind: 'results',
    tutorial: false,
  };
}
