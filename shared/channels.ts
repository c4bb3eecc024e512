/**
 * Channel names and the method naming rule, with no runtime imports: the sandboxed preload may
 * require nothing but 'electron', so it takes these from here rather than from contract.ts.
 * contract.ts checks that this list and its schemas name the same channels.
 */
export const REQUEST_CHANNELS = Object.freeze([
  'app:info',
  'pool:resize',
  'run:start',
  'run:cancel',
  'future:cancel',
  'sweep:start',
  'sweep:cancel',
  'history:list',
  'history:get',
  'history:rename',
  'history:delete',
  'file:save',
  'file:open',
  // desktop (#15): a dropped or recent trace by path, the remembered theme and recent files
  'file:openPath',
  'prefs:get',
  'prefs:theme',
  'menu:state',
  // python runtime (issue 10)
  'python:interpreter',
  'module:inspect',
  'module:choose',
  // traced scripts (issue 11)
  'script:start',
  'script:sweep',
] as const);

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** The one IPC channel events travel on. */
export const EVENT_CHANNEL = 'poolscope:event';

/** `pool:resize` -> `poolResize`: the name of a channel's method on the exposed API. */
export type MethodName<C extends string> = C extends `${infer A}:${infer B}`
  ? `${A}${Capitalize<B>}`
  : C;

export function methodName<C extends RequestChannel>(channel: C): MethodName<C> {
  const [a, b = ''] = channel.split(':');
  return `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}` as MethodName<C>;
}
