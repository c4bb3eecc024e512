"""The learner's modules, imported under their own names (never "__main__"), as a script's
directory is: first on sys.path, so the module's own imports of its neighbours work."""
import importlib.util
import os
import sys


def module_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def load(path):
    name = module_name(path)
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}: not a Python source file", path=path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def functions(module):
    """The functions the module itself defines at top level, in definition order."""
    return [
        (name, value)
        for name, value in vars(module).items()
        if callable(value)
        and getattr(value, "__module__", None) == module.__name__
        and not isinstance(value, type)
        and not name.startswith("_")
    ]
