/**
 * The python runtime's pools: a workload's module inspected with the chosen interpreter, then
 * pool options whose workers are CPython processes importing that module under its own name.
 */
import type { PoolOptions } from '../pool';
import type { ModuleInfo, PythonInfo } from '../../shared/python';
import { inspectModule } from './inspect';
import { pythonLauncher } from './launcher';

export interface PythonPoolSpec {
  python: PythonInfo;
  module: ModuleInfo;
  /** Pool options less maxWorkers: the launcher and the module to import. */
  options: Omit<PoolOptions, 'maxWorkers'>;
}

/** Inspects `module` (a workload's module: absolute, or `poolscope:...`) and builds its pool options. */
export async function pythonPoolSpec(
  python: PythonInfo,
  module: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonPoolSpec> {
  const info = await inspectModule(python, module, env);
  const launcher = pythonLauncher({
    python,
    functions: info.functions.map((f) => f.name),
    env,
  });
  return { python, module: info, options: { launcher, taskModules: [info.path] } };
}
