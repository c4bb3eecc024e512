/**
 * The tutorial's scripts, as shipped (electron/python/tutorial/*.py, bundled as text), and which
 * preset each one is: the Script view shows the file beside what it prints.
 */
import applyasync from '../../../../electron/python/tutorial/applyasync.py?raw';
import future from '../../../../electron/python/tutorial/future.py?raw';
import futureExercise from '../../../../electron/python/tutorial/future_exercise.py?raw';
import poolSubmit from '../../../../electron/python/tutorial/pool_submit.py?raw';
import poolSubmitSlowAdd from '../../../../electron/python/tutorial/pool_submit_slow_add.py?raw';
import type { ScriptKind } from './transcript';

export interface TutorialScript {
  file: string;
  source: string;
  kind: ScriptKind;
}

/** By preset id (shared/presets.ts). */
export const TUTORIAL_SCRIPTS: Readonly<Record<string, TutorialScript>> = {
  pool_submit_slow_function: { file: 'pool_submit.py', source: poolSubmit, kind: 'one-result' },
  pool_submit_slow_add: {
    file: 'pool_submit_slow_add.py',
    source: poolSubmitSlowAdd,
    kind: 'one-result',
  },
  applyasync: { file: 'applyasync.py', source: applyasync, kind: 'two-results' },
  future: { file: 'future.py', source: future, kind: 'poll' },
  future_exercise: { file: 'future_exercise.py', source: futureExercise, kind: 'poll' },
};
