/** Tracing a learner's own script on CPython's own pool (issue 11): plain Node, no electron. */
export {
  START_METHODS,
  ScriptError,
  TracedScript,
  clockOffsetNs,
  type ScriptOutcome,
  type ScriptRequest,
  type ScriptRunOptions,
  type StartMethod,
} from './traced-script';
export { ScriptTrace, MAX_OUTPUT_LINES } from './script-trace';
export { findPython } from './python-exe';
export { tracerPythonDir } from './python-dir';
