/**
 * `--runtime node|python`: which interpreter runs the calls, carried in the workload's `runtime`
 * field. The field is the workload schema's to define; until this build's schema has it, asking
 * for python says so plainly instead of failing as an unknown field.
 */
import * as v from 'valibot';
import { WorkloadSchema } from '../../shared/workload';
import { CliError } from './errors';

export const RUNTIMES = ['node', 'python'] as const;
export type Runtime = (typeof RUNTIMES)[number];

const PROBE = { name: 'probe', calls: [{ fn: 'slow_function', args: [0], repeat: 1 }] };

/** Whether the workload schema takes `runtime: value`. */
function schemaTakes(runtime: Runtime): boolean {
  const result = v.safeParse(WorkloadSchema, { ...PROBE, runtime });
  return result.success || result.issues[0].path?.[0]?.key !== 'runtime';
}

/**
 * What to merge into the workload for `--runtime`: nothing when it was not given, or when it asks
 * for node on a build that only has node; a CliError when it asks for what the build cannot run.
 */
export function runtimeFields(runtime: Runtime | undefined): Record<string, unknown> {
  if (runtime === undefined) return {};
  if (schemaTakes(runtime)) return { runtime };
  if (runtime === 'node') return {};
  throw new CliError(
    `--runtime ${runtime}: this PoolScope build runs calls on Node workers only ` +
      `(its workload schema has no "runtime" field yet)`,
  );
}
