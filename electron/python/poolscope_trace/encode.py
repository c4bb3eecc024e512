"""Pure helpers: the clock, bounded JSON-safe copies of values, errors as Python prints them.

Nothing here touches a socket or a process, so ``python3 -m unittest`` covers it directly.
"""

import json
import os
import time
import traceback

# Bounds on what one value may cost on the wire: a learner's result may be a huge list.
MAX_ITEMS = 50
MAX_DEPTH = 4
MAX_STRING = 1000

_offset_ns = int(os.environ.get("POOLSCOPE_CLOCK_OFFSET_NS", "0") or 0)
_monotonic_ns = time.monotonic_ns


def now_ms():
    """Epoch milliseconds on Node's clock: CPython's monotonic clock is Node's hrtime on Linux."""
    return (_monotonic_ns() + _offset_ns) / 1e6


def set_clock_offset(offset_ns):
    global _offset_ns
    _offset_ns = int(offset_ns)


def clip(text, limit=MAX_STRING):
    if len(text) <= limit:
        return text
    return text[:limit] + f"... ({len(text) - limit} more characters)"


def jsonable(value, depth=0):
    """A JSON-safe, bounded copy: numbers, strings, lists and dicts as themselves, the rest as repr."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        # JSON numbers beyond 2**53 lose digits in JavaScript: keep them exact as text.
        return value if -(2**53) <= value <= 2**53 else str(value)
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else repr(value)
    if isinstance(value, str):
        return clip(value)
    if depth >= MAX_DEPTH:
        return clip(_safe_repr(value))
    if isinstance(value, (list, tuple)):
        items = [jsonable(v, depth + 1) for v in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            items.append(f"... {len(value) - MAX_ITEMS} more")
        return items
    if isinstance(value, dict):
        out = {}
        for i, (k, v) in enumerate(value.items()):
            if i >= MAX_ITEMS:
                out["..."] = f"{len(value) - MAX_ITEMS} more"
                break
            out[clip(str(k), 100)] = jsonable(v, depth + 1)
        return out
    return clip(_safe_repr(value))


def _safe_repr(value):
    try:
        return repr(value)
    except Exception as e:  # a user's __repr__ may raise: say so rather than fail the call
        return f"<{type(value).__name__} (repr failed: {type(e).__name__})>"


# The most one value may cost on the wire, as JSON text; past it, its clipped repr stands in.
MAX_VALUE_CHARS = 8000


def bounded(value):
    """jsonable(value), or its clipped repr when even the bounded copy is too big."""
    copy = jsonable(value)
    if isinstance(copy, (list, dict)) and len(json.dumps(copy)) > MAX_VALUE_CHARS:
        return clip(_safe_repr(value), MAX_VALUE_CHARS)
    return copy


def call_args(args, kwargs):
    """The call's arguments as the trace lists them: positional, then a dict of keywords if any."""
    out = [jsonable(a, 1) for a in args[:MAX_ITEMS]]
    if kwargs:
        out.append(jsonable(dict(kwargs), 1))
    nested = any(isinstance(a, (list, dict)) for a in out)
    if (nested or len(out) > 8) and len(json.dumps(out)) > MAX_VALUE_CHARS:
        return [clip(_safe_repr(args), MAX_VALUE_CHARS)]
    return out


def fn_name(fn):
    """What the trace calls a function: its qualified name, or what a partial wraps."""
    inner = getattr(fn, "func", None)
    if inner is not None and hasattr(fn, "args"):  # functools.partial, e.g. map's chunks
        name = fn_name(inner)
        if name == "_process_chunk" and fn.args:
            return f"map({fn_name(fn.args[0])})"
        return name
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or _safe_repr(fn)


def error_of(exc, skip_frames=0):
    """name, message and the traceback as Python prints it, less `skip_frames` outer frames."""
    tb = exc.__traceback__
    for _ in range(skip_frames):
        if tb is not None:
            tb = tb.tb_next
    stack = "".join(traceback.format_exception(type(exc), exc, tb))
    return {"name": type(exc).__name__, "message": clip(str(exc), 4000), "stack": clip(stack, 20000)}


# One encoder for every event: json.dumps with separators builds a new one per call.
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def line(event):
    """One event as one line of compact JSON (the wire's framing)."""
    return (_encode(event) + "\n").encode("utf-8")


# The events sent once per call are written here by hand, field for field what line() would
# write (a test holds them equal): building a dict and encoding it cost the master more than
# the rest of the tracer together, on the thread CPython's pool itself needs.

# A function's name as JSON, by function: a script submits the same few thousands of times.
_names = {}
MAX_NAMES = 1000


def _name_json(fn):
    try:
        return _names[fn]
    except (KeyError, TypeError):  # TypeError: an unhashable callable
        pass
    text = _encode(fn_name(fn))
    try:
        if len(_names) >= MAX_NAMES:
            _names.clear()
        _names[fn] = text
    except TypeError:
        pass
    return text


def submit_line(task_id, fn, args, kwargs, t):
    """line({"e": "submit", "id": ..., "fn": fn_name(fn), "args": call_args(args, kwargs), "t": t})"""
    args_json = _encode(call_args(args, kwargs)) if args or kwargs else "[]"
    return f'{{"e":"submit","id":{task_id},"fn":{_name_json(fn)},"args":{args_json},"t":{t!r}}}\n'.encode("utf-8")


def queued_line(task_id, t):
    """line({"e": "queued", "id": ..., "t": t})"""
    return f'{{"e":"queued","id":{task_id},"t":{t!r}}}\n'.encode("utf-8")
