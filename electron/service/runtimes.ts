/**
 * Where a workload runs, one small implementation per runtime behind one interface: Node's
 * built-ins, or CPython running a Python module. Each says how to make the pool a workload needs
 * (and refuses, in words, a workload it cannot run) and owns that runtime's pools.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PoolOptions } from '../pool';
import { ModuleProblem, inspectModule } from '../python-host/inspect';
import { probePython } from '../python-host/interpreter';
import { pythonPoolSpec } from '../python-host/runtime';
import { DEFAULT_MODULE, type ModuleInfo, type PythonStatus } from '../../shared/python';
import type { TraceHeader } from '../../shared/trace';
import type { Runtime, Workload } from '../../shared/workload';
import { ServiceError } from './errors';
import { PoolManager, type PoolSpec } from './pool-manager';

/** How a workload runs: its pool, and what its trace's header says about where it ran. */
export interface RunPlan {
  spec: PoolSpec;
  header: Pick<TraceHeader, 'runtime' | 'python' | 'module'>;
}

export interface RuntimeHost {
  readonly name: Runtime;
  readonly pools: PoolManager;
  /** Checks that `workload` can run here; a ServiceError says why not. */
  plan(workload: Workload): Promise<RunPlan>;
}

interface HostOptions {
  maxWorkers: number;
  changed(): void;
  env: NodeJS.ProcessEnv;
}

export class NodeRuntime implements RuntimeHost {
  readonly name = 'node';
  readonly pools: PoolManager;
  private readonly spec: PoolSpec;

  constructor(pool: Omit<PoolOptions, 'maxWorkers'>, host: HostOptions) {
    this.spec = { key: 'node', options: pool };
    this.pools = new PoolManager(host);
  }

  plan(): Promise<RunPlan> {
    return Promise.resolve({ spec: this.spec, header: { runtime: 'node' } });
  }
}

export class PythonRuntime implements RuntimeHost {
  readonly name = 'python';
  readonly pools: PoolManager;
  /** A path or a command name; undefined: python3 from PATH. */
  private choice: string | undefined;
  private probed: { choice: string | undefined; status: Promise<PythonStatus> } | null = null;

  constructor(
    choice: string | undefined,
    private readonly host: HostOptions,
  ) {
    this.choice = choice;
    this.pools = new PoolManager(host);
    // Asked at once, so app:info (which shows the interpreter) need not wait for python3 to start.
    void this.probe();
  }

  /** The interpreter, checked by running it (once per choice while it works). */
  status(): Promise<PythonStatus> {
    const probed = this.probed;
    if (probed && probed.choice === this.choice) {
      return probed.status.then((s) => (s.ok ? s : this.probe()));
    }
    return this.probe();
  }

  /** Settles once no probe of the interpreter is running (closing leaves no python3 behind). */
  async idle(): Promise<void> {
    await this.probed?.status;
  }

  /** Chooses the interpreter (null: python3 from PATH); the next run's pool uses it. */
  choose(executable: string | null): Promise<PythonStatus> {
    this.choice = executable ?? undefined;
    return this.probe();
  }

  /** The module's functions, for the builder. */
  async inspect(module: string): Promise<ModuleInfo> {
    const python = await this.python();
    return inspectModule(python, module, this.host.env).catch(rethrowProblem);
  }

  async plan(workload: Workload): Promise<RunPlan> {
    const python = await this.python();
    const module = workload.module ?? DEFAULT_MODULE;
    const spec = await pythonPoolSpec(python, module, this.host.env).catch(rethrowProblem);
    const known = new Set(spec.module.functions.map((f) => f.name));
    const file = basename(spec.module.path);
    workload.calls.forEach((call, i) => {
      if (known.has(call.fn)) return;
      throw new ServiceError(
        'invalid-payload',
        `run:start: workload.calls.${i}: ${file} has no function ${JSON.stringify(call.fn)}; ` +
          `it defines: ${[...known].join(', ')}`,
      );
    });
    // An edit to the file makes a new pool, whose workers import the module afresh.
    const stamp = await stat(spec.module.path).then((s) => `${s.mtimeMs}:${s.size}`);
    return {
      spec: { key: `${python.executable}\0${spec.module.path}\0${stamp}`, options: spec.options },
      header: { runtime: 'python', python, module },
    };
  }

  private probe(): Promise<PythonStatus> {
    const choice = this.choice;
    const status = probePython(choice, this.host.env);
    this.probed = { choice, status };
    return status;
  }

  private async python() {
    const status = await this.status();
    if (!status.ok)
      throw new ServiceError('failed', `The python runtime cannot start: ${status.problem}`);
    return status.python;
  }
}

function rethrowProblem(e: unknown): never {
  if (e instanceof ModuleProblem) {
    throw new ServiceError(e.kind === 'not-found' ? 'not-found' : 'invalid-payload', e.message);
  }
  throw e;
}
