/**
 * The python runtime's Node side: the interpreter, module inspection, the CPython launcher and
 * the resolver of PoolScope's Python files. Built to out/main/python.js for the scripts and
 * tests that need a parent process running built code. Plain Node: never imports electron.
 */
export { probePython, whichOnPath, DEFAULT_PYTHON } from './interpreter';
export { inspectModule, modulePath, ModuleProblem } from './inspect';
export { pythonLauncher } from './launcher';
export { pythonDir, pythonFile, PYTHON_DIR_ENV } from './python-dir';
export { pythonPoolSpec, type PythonPoolSpec } from './runtime';
