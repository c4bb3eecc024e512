/** The largest trace the page reads from a drop: the same bound as main's file:open. */
export const MAX_TRACE_BYTES = 256 * 1024 * 1024;
