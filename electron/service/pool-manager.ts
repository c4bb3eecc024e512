/**
 * The pools of one runtime: the app's own pool (made on first use, again after it broke or was
 * terminated, and again when the workload needs other workers: a python run of another module,
 * or of an edited one; the slider resizes it), a sweep point's fresh pool, and the shutdown of
 * every one of them.
 */
import { ProcessPoolExecutor, type PoolOptions } from '../pool';
import type { PoolState } from '../../shared/contract';
import { ServiceError } from './errors';

/** How a pool is made: its options (maxWorkers comes from the manager), and what tells them apart. */
export interface PoolSpec {
  /** Equal keys, equal workers: the app's pool is kept while the key stays the same. */
  key: string;
  options: Omit<PoolOptions, 'maxWorkers'>;
}

export interface PoolManagerOptions {
  maxWorkers: number;
  /** A shown pool gained or lost a worker, or was resized (pool:state is due). */
  changed(): void;
}

export class PoolManager {
  /** Every pool not yet shut down: the app's own, and a fresh one of a sweep point or run. */
  private readonly pools = new Set<ProcessPoolExecutor>();
  private pool: ProcessPoolExecutor | null = null;
  private poolKey = '';
  /** The fresh pool of the sweep point or run under way, shown beside the app's pool. */
  private fresh: { pool: ProcessPoolExecutor; for: 'sweep' | 'run' } | null = null;
  private maxWorkersValue: number;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: PoolManagerOptions) {
    this.maxWorkersValue = options.maxWorkers;
  }

  get maxWorkers(): number {
    return this.maxWorkersValue;
  }

  /**
   * The app's pool for `spec`: created on first use, and again after it broke, was terminated,
   * or when `spec` needs other workers than the pool has.
   */
  live(spec: PoolSpec): ProcessPoolExecutor {
    if (this.closing) throw new ServiceError('failed', 'PoolScope is shutting down');
    const { pool: old } = this;
    if (old && !old.broken && !old.isShutdown && spec.key === this.poolKey) return old;
    const pool = this.newPool(spec, this.maxWorkersValue);
    if (old) void this.shutdown(old).catch((e: unknown) => console.error('PoolScope:', e));
    this.reportStateOf(pool, () => this.pool);
    this.pool = pool;
    this.poolKey = spec.key;
    this.options.changed();
    return pool;
  }

  /** Sets max_workers: the app's pool is resized, or made at this size when first needed. */
  resize(maxWorkers: number): void {
    this.maxWorkersValue = maxWorkers;
    const { pool } = this;
    if (pool && !pool.broken && !pool.isShutdown) pool.resize(maxWorkers);
  }

  /**
   * Runs `use` on a fresh pool of `n` workers, shown beside the app's as `purpose`'s (a sweep
   * point's, or a run's of its own), and shuts it down after.
   */
  async withFreshPool<T>(
    spec: PoolSpec,
    n: number,
    purpose: 'sweep' | 'run',
    use: (pool: ProcessPoolExecutor) => Promise<T>,
  ): Promise<T> {
    const pool = this.newPool(spec, n);
    this.reportStateOf(pool, () => this.fresh?.pool ?? null);
    this.fresh = { pool, for: purpose };
    try {
      return await use(pool);
    } finally {
      await this.shutdown(pool);
      this.fresh = null;
      this.options.changed();
    }
  }

  state(): PoolState {
    const { pool, fresh } = this;
    const own = fresh && {
      fresh: { for: fresh.for, maxWorkers: fresh.pool.maxWorkers, pids: [...fresh.pool.pids] },
    };
    if (!pool) return { maxWorkers: this.maxWorkersValue, pids: [], broken: false, ...own };
    return { maxWorkers: pool.maxWorkers, pids: [...pool.pids], broken: pool.broken, ...own };
  }

  /**
   * Shuts every pool down in bounded time: pending calls are cancelled, running ones have
   * `graceMs`, then their workers are killed (the pool's terminate()). When this resolves, no
   * worker is left; no pool is made after it was called.
   */
  close(graceMs: number): Promise<void> {
    this.closing ??= Promise.all(
      [...this.pools].map(async (p) => {
        await p.terminate({ graceMs });
        this.pools.delete(p);
      }),
    ).then(() => {});
    return this.closing;
  }

  /** SIGKILLs every worker of every pool before returning: for an exit that cannot wait. */
  killAll(): void {
    for (const pool of this.pools) {
      for (const pid of pool.pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  }

  private newPool(spec: PoolSpec, maxWorkers: number): ProcessPoolExecutor {
    if (this.closing) throw new ServiceError('failed', 'PoolScope is shutting down');
    const pool = new ProcessPoolExecutor({ ...spec.options, maxWorkers });
    this.pools.add(pool);
    return pool;
  }

  private async shutdown(pool: ProcessPoolExecutor): Promise<void> {
    await pool.shutdown({ wait: true, cancelFutures: true });
    this.pools.delete(pool);
  }

  /** Reports changes to `pool` while it is the one `current` returns. */
  private reportStateOf(
    pool: ProcessPoolExecutor,
    current: () => ProcessPoolExecutor | null,
  ): void {
    pool.on((e) => {
      if (pool !== current()) return;
      if (e.type === 'worker-spawned' || e.type === 'worker-exited' || e.type === 'resized') {
        this.options.changed();
      }
    });
  }
}
