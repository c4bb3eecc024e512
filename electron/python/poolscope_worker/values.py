"""
What crosses back to the parent: a call's result as JSON where JSON carries it exactly, and as
its repr (marked) where it does not; an exception as Python prints it.
"""
import json
import os
import traceback

#: A result JSON cannot carry exactly arrives as {REPR_KEY: repr(result)}.
REPR_KEY = "$repr"
#: The most a result may weigh as JSON: messages stay bounded.
MAX_RESULT_BYTES = 8 << 20
#: JavaScript numbers are doubles: larger integers would silently change.
_MAX_SAFE_INT = 2**53 - 1
_MAX_DEPTH = 100
_OWN_DIR = os.path.dirname(os.path.abspath(__file__))
#: PoolScope's own frames: this package, and the entry scripts beside it (not tutorial.py).
_OWN_FILES = {
    os.path.join(os.path.dirname(_OWN_DIR), name) for name in ("worker.py", "poolscope_inspect.py")
}


class ResultTooLarge(Exception):
    pass


def _exact(value, depth=0):
    """True when JSON gives the parent exactly this value (a tuple would come back a list)."""
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return True
    if kind is int:
        return -_MAX_SAFE_INT <= value <= _MAX_SAFE_INT
    if kind is float:
        return value == value and value not in (float("inf"), float("-inf"))
    if depth >= _MAX_DEPTH:
        return False
    if kind is list:
        return all(_exact(v, depth + 1) for v in value)
    if kind is dict:
        if len(value) == 1 and REPR_KEY in value:
            return False  # would read as the marker: sent as its repr, so it cannot
        return all(type(k) is str and _exact(v, depth + 1) for k, v in value.items())
    return False


def encode_result(value):
    """The result as a JSON-safe value; raises ResultTooLarge past MAX_RESULT_BYTES."""
    if not _exact(value):
        value = {REPR_KEY: repr(value)}
    size = len(json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":")))
    if size > MAX_RESULT_BYTES:
        raise ResultTooLarge(
            f"the result is {size / 1e6:.1f} MB as JSON; PoolScope carries results of up to "
            f"{MAX_RESULT_BYTES / 1e6:.0f} MB: return a summary, or write the data to a file"
        )
    return value


def type_name(exc_type):
    """The exception's name as a traceback prints it: ValueError, tasks.Oops."""
    module = exc_type.__module__
    name = exc_type.__qualname__
    return name if module in ("builtins", "__main__") else f"{module}.{name}"


def _ours(tb):
    """PoolScope's frames, and the import machinery's between them and the learner's module."""
    filename = tb.tb_frame.f_code.co_filename
    if filename.startswith("<frozen importlib"):
        return True
    path = os.path.abspath(filename)
    return os.path.dirname(path) == _OWN_DIR or path in _OWN_FILES


def serialize_error(exc):
    """{name, message, stack}: the stack is Python's traceback, without PoolScope's own frames."""
    tb = exc.__traceback__
    while tb is not None and _ours(tb):
        tb = tb.tb_next
    lines = traceback.format_exception(type(exc), exc, tb)
    if tb is None and lines and lines[0].startswith("Traceback"):
        lines = lines[1:]  # every frame was ours: Python's header would introduce nothing
    return {
        "name": type_name(type(exc)),
        "message": str(exc),
        "stack": "".join(lines).rstrip("\n"),
    }
