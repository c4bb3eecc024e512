import type { Workload } from './workload';

export interface Preset {
  id: string;
  /** The tutorial's script name, or what the preset shows. */
  title: string;
  /** What the user should look for. */
  blurb: string;
  workload: Workload;
}

const once = (fn: string, ...args: number[]) => ({ fn, args, repeat: 1 });

/** future.py's five submits; the exercise's future.py makes them and three more. */
const futurePyCalls = () => [
  once('slow_add', 3.1, 6, 7),
  once('slow_diff', 2.1, 5, 2),
  once('slow_add', 1.1, 8, 1),
  once('slow_diff', 5.1, 9, 2),
  once('broken_function', 4.1),
];

/** The tutorial's scripts (../shared/reference/futures-tutorial.txt), and a few experiments. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'pool_submit_slow_function',
    title: 'pool_submit.py',
    blurb: 'One call of slow_function(5): one worker sleeps five seconds; the result is 5.',
    workload: { name: 'pool_submit.py', calls: [once('slow_function', 5)] },
  },
  {
    id: 'pool_submit_slow_add',
    title: 'pool_submit.py (slow_add)',
    blurb: 'submit takes the function and its arguments: slow_add(1, 6, 7) gives 13.',
    workload: { name: 'pool_submit.py (slow_add)', calls: [once('slow_add', 1, 6, 7)] },
  },
  {
    id: 'applyasync',
    title: 'applyasync.py',
    blurb: 'Two one-second calls on two workers finish in just over one second, not two.',
    workload: {
      name: 'applyasync.py',
      calls: [once('slow_add', 1, 6, 7), once('slow_add', 1, 2, 3)],
    },
  },
  {
    id: 'future',
    title: 'future.py',
    blurb:
      'Five calls of different lengths; the broken function\u2019s ValueError is held in its future.',
    workload: {
      name: 'future.py',
      calls: futurePyCalls(),
    },
  },
  {
    id: 'future_exercise',
    title: 'future_exercise.py',
    blurb:
      'The exercise: eight calls; run it with max_workers 1 to 8 and see how they are distributed.',
    workload: {
      name: 'future_exercise.py',
      calls: [
        ...futurePyCalls(),
        once('slow_add', 0.6, 2, 3),
        once('slow_diff', 1.6, 10, 4),
        once('slow_add', 2.6, 20, 22),
      ],
    },
  },
  {
    id: 'exercise',
    title: 'Exercise: more calls',
    blurb:
      'Mixed functions and durations: change max_workers and see how the calls are distributed.',
    workload: {
      name: 'exercise',
      calls: [
        once('slow_add', 1, 6, 7),
        once('slow_diff', 0.5, 5, 2),
        once('slow_add', 0.8, 8, 1),
        once('slow_diff', 0.3, 9, 2),
        once('busy_work', 0.4),
        once('slow_function', 0.6),
        once('busy_work', 0.4),
        once('slow_add', 0.5, 2, 3),
      ],
    },
  },
  {
    id: 'sleeping',
    title: 'Sleeping tasks',
    blurb: 'Eight sleeps keep getting faster with more workers, past the core count.',
    workload: { name: 'sleeping tasks', calls: [{ fn: 'slow_function', args: [0.5], repeat: 8 }] },
  },
  {
    id: 'cpu_bound',
    title: 'CPU-bound tasks',
    blurb: 'Eight busy loops stop getting faster once every core is busy.',
    workload: { name: 'CPU-bound tasks', calls: [{ fn: 'busy_work', args: [0.5], repeat: 8 }] },
  },
  {
    id: 'many_short',
    title: 'Many short tasks',
    blurb: '10,000 instant calls: the per-task overhead of the pool, and the chart at scale.',
    workload: {
      name: 'many short tasks',
      calls: [{ fn: 'slow_add', args: [0, 1, 2], repeat: 10_000 }],
    },
  },
];
