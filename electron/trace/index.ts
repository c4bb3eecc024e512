/** Tracing a learner's own script on CPython's own pool (issue 11): plain Node, no electron. */
export {
  ScriptError,
  TracedScript,
  checkRequest,
  clockOffsetNs,
  type ScriptOutcome,
  type ScriptRequest,
  type ScriptRunOptions,
} from './traced-script';
export { START_METHODS, type StartMethod } from '../../shared/script';
export { ScriptRunSource, type ScriptSourceOptions } from './source';
export { ScriptTrace, MAX_OUTPUT_LINES } from './script-trace';
export { findPython } from './python-exe';
export { tracerPythonDir } from './python-dir';
