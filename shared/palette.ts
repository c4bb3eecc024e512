/**
 * Colours and status marks shared by the live chart (canvas) and the SVG export, so a bar looks
 * the same in the app, in a slide and in a reopened file.
 */
import { BUILTIN_FUNCTIONS } from './catalog';
import type { TaskStatus } from './trace';

/**
 * Twelve colours that stay apart for the common forms of colour blindness: Paul Tol's "light"
 * scheme (its pale grey left out: the lanes use grey), then purple, green and rose from Tol's and
 * Okabe & Ito's schemes, no red (red means failure). Any two differ by at least 10 CIELAB units
 * in normal vision and in simulated protanopia, deuteranopia and tritanopia (a test checks), and
 * all are light enough that the marks drawn on top (hatching, glyphs, outlines) read.
 * The built-in functions take the first seven, in catalog order.
 */
export const PALETTE: readonly string[] = [
  '#77AADD', // light blue
  '#EE8866', // orange
  '#EEDD88', // light yellow
  '#FFAABB', // pink
  '#BBCC33', // pear
  '#44BB99', // mint
  '#99DDFF', // light cyan
  '#AAAA00', // olive
  '#AA4499', // purple (Tol muted)
  '#228833', // green (Tol bright)
  '#CC79A7', // reddish purple (Okabe & Ito)
  '#CC6677', // rose (Tol muted)
];

const builtinIndex = new Map(BUILTIN_FUNCTIONS.map((f, i) => [f.name, i]));

/**
 * A stable colour for a function name. Built-ins always get the same colour. Other names (task
 * modules, reopened files) take, in the order they appear in `knownFns`, the colours that no
 * built-in of `knownFns` holds, so up to twelve functions of one chart are all distinct; past
 * that, or for a name not in `knownFns`, the name hashes into the palette, so it is at least the
 * same colour every time.
 */
export function colorFor(fn: string, knownFns: readonly string[] = []): string {
  const builtin = builtinIndex.get(fn);
  if (builtin !== undefined) return PALETTE[builtin % PALETTE.length]!;
  const known = new Set(knownFns);
  const taken = new Set([...known].map((name) => builtinIndex.get(name)));
  const free = PALETTE.filter((_, i) => !taken.has(i));
  const slot = [...known].filter((name) => !builtinIndex.has(name)).indexOf(fn);
  return (slot >= 0 ? free[slot] : undefined) ?? PALETTE[hash(fn) % PALETTE.length]!;
}

/** FNV-1a: tiny, deterministic, well spread for short names. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The functions of a set of tasks in legend order: built-ins in catalog order, then the rest. */
export function functionsIn(tasks: Iterable<{ fn: string } | undefined>): string[] {
  const seen = new Set<string>();
  for (const task of tasks) if (task) seen.add(task.fn);
  const rank = (fn: string) => builtinIndex.get(fn) ?? BUILTIN_FUNCTIONS.length;
  return [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * How a bar of each status is drawn on top of its function's colour. Every status other than
 * `done` has a mark that is not a colour (a pattern, an outline style, a glyph), so the chart reads
 * in greyscale and for colour-blind readers.
 */
export interface StatusStyle {
  /** Shown in legends and tooltips. */
  label: string;
  /** Drawn on the bar when it is wide enough (and above it when it is not, for failures). */
  glyph: string;
  /** Opacity of the function colour: cancelled bars are nearly hollow. */
  fillOpacity: number;
  /** A pattern drawn over the fill. */
  pattern: 'none' | 'hatch' | 'stripes';
  /** Outline colour, or null for none. */
  stroke: string | null;
  strokeWidth: number;
  /** Dash lengths of the outline in px; empty for a solid line. */
  dash: readonly number[];
  /** The outline leaves the right edge open: the task has not ended yet. */
  openRight: boolean;
  /** One line for the legend. */
  description: string;
}

/** Dark red, readable on every palette colour and against white. */
export const FAILURE_RED = '#B2182B';

export const STATUS_STYLE: Readonly<Record<TaskStatus, StatusStyle>> = {
  pending: {
    label: 'pending',
    glyph: '',
    fillOpacity: 0,
    pattern: 'none',
    stroke: null,
    strokeWidth: 0,
    dash: [],
    openRight: false,
    description: 'waiting in the queue (no bar yet)',
  },
  running: {
    label: 'running',
    glyph: '▸',
    fillOpacity: 1,
    pattern: 'stripes',
    stroke: '#333333',
    strokeWidth: 1,
    dash: [],
    openRight: true,
    description: 'still running: striped, open right edge',
  },
  done: {
    label: 'done',
    glyph: '',
    fillOpacity: 1,
    pattern: 'none',
    stroke: null,
    strokeWidth: 0,
    dash: [],
    openRight: false,
    description: 'returned a result',
  },
  failed: {
    label: 'failed',
    glyph: '✕',
    fillOpacity: 1,
    pattern: 'hatch',
    stroke: FAILURE_RED,
    strokeWidth: 2,
    dash: [],
    openRight: false,
    description: 'raised an exception: hatched, red outline, ✕',
  },
  cancelled: {
    label: 'cancelled',
    glyph: '⊘',
    fillOpacity: 0.15,
    pattern: 'none',
    stroke: '#555555',
    strokeWidth: 1,
    dash: [4, 2],
    openRight: false,
    description: 'cancelled before it ran: hollow, dashed outline',
  },
};

/** The overlay patterns, in px, for both renderers: thin lines at 45° over the fill. */
export const PATTERNS = {
  hatch: { spacing: 5, lineWidth: 1.5, color: '#000000', opacity: 0.55 },
  stripes: { spacing: 8, lineWidth: 3, color: '#FFFFFF', opacity: 0.5 },
} as const;

/** The queue wait (submitted -> started): a thin neutral line, the same in every renderer. */
export const WAIT_STYLE = { color: '#8C8C8C', lineWidth: 1.5 } as const;

/** Where a worker died (killed, crashed, a non-zero exit): a solid red line across its lane. */
export const DEATH_STYLE = {
  color: FAILURE_RED,
  lineWidth: 2,
  description: 'a worker process died (killed, crashed or a non-zero exit)',
} as const;

/** The marker of a max_workers change: a dashed vertical line across the lanes. */
export const RESIZE_STYLE = { color: '#444444', lineWidth: 1, dash: [3, 3] } as const;
