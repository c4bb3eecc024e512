"""
What PoolScope asks an interpreter before it runs anything on it:

  python3 poolscope_inspect.py            the interpreter: {"python": {version, executable}}
  python3 poolscope_inspect.py MODULE.py  also the module's top-level functions, or why it
                                          cannot be imported, as Python reports it

One JSON document on stdout; whatever the module prints while it is imported goes to stderr.
"""
import inspect
import json
import os
import sys


def interpreter():
    return {
        "version": ".".join(str(n) for n in sys.version_info[:3]),
        "executable": sys.executable,
    }


def parameter(param):
    out = {"name": param.name, "kind": param.kind.name}
    if param.default is not inspect.Parameter.empty:
        out["default"] = repr(param.default)
    if param.annotation is not inspect.Parameter.empty:
        annotation = param.annotation
        out["annotation"] = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return out


def summary(doc):
    """The docstring's first paragraph on one line: the tutorial wraps its sentences."""
    lines = []
    for line in (doc or "").splitlines():
        if line.strip():
            lines.append(line.strip())
        elif lines:
            break
    return " ".join(lines)


def describe(name, fn):
    try:
        params = [parameter(p) for p in inspect.signature(fn).parameters.values()]
    except (TypeError, ValueError):
        params = None
    return {"name": name, "params": params, "doc": summary(inspect.getdoc(fn))}


def inspect_module(path):
    from poolscope_worker import modules
    from poolscope_worker.values import serialize_error

    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        module = modules.load(path)
    except BaseException as exc:  # a SystemExit at import is the module's failure too
        error = serialize_error(exc)
        if isinstance(exc, SyntaxError):
            error["filename"] = exc.filename
            error["lineno"] = exc.lineno
        return {"error": error}
    finally:
        sys.stdout = real_stdout
    return {
        "module": {
            "name": module.__name__,
            "path": os.path.abspath(path),
            "functions": [describe(name, fn) for name, fn in modules.functions(module)],
        }
    }


def main(argv):
    out = {"python": interpreter()}
    if len(argv) > 1:
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, here)
        out.update(inspect_module(argv[1]))
        sys.path.remove(here)
    json.dump(out, sys.stdout, ensure_ascii=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
