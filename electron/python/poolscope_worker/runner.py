"""
The heart of a CPython worker, free of threads and sockets so it can be tested directly: loads
the modules, runs the initializer, then runs one call at a time, adding its events (start, its
output lines, done with the result or Python's error) to the report buffer.
"""
from . import modules
from .report import now_ms
from .values import encode_result, serialize_error

#: What `map(..., chunksize=n)` calls in a worker, named as in CPython.
CHUNK_FUNCTION = "_process_chunk"


class Runner:
    def __init__(self, add_event):
        self._add = add_event
        self._modules = []
        #: The running call's id, for the lines it prints (None outside calls).
        self.current = None
        #: How long the last call took (ms).
        self.last_ms = 0.0

    def init(self, message):
        """Loads the modules and runs the initializer; the error, or None when all went well."""
        try:
            self._modules = [modules.load(path) for path in message.get("modules") or []]
            initializer = message.get("initializer")
            if initializer:
                self._call(initializer["fn"], initializer.get("args") or [])
        except BaseException as exc:  # a module's SystemExit at import is its failure too
            return serialize_error(exc)
        return None

    def start(self, task_id):
        """Marks call `task_id` begun (its lines are its own from now on); returns the stamp."""
        t0 = now_ms()
        self.current = task_id
        self._add(["start", task_id, t0])
        return t0

    def run(self, call, t0, end_lines=lambda: None):
        task_id, fn, args = call
        try:
            outcome = (1, encode_result(self._call(fn, args)))
        except BaseException as exc:  # CPython's worker holds even SystemExit in the future
            outcome = (0, serialize_error(exc))
        t1 = now_ms()
        self.last_ms = t1 - t0
        end_lines()
        self.current = None
        self._add(["done", task_id, t0, t1, *outcome])

    def _call(self, fn, args):
        if fn == CHUNK_FUNCTION:
            target, chunk = args
            return [self._call(target, list(item)) for item in chunk]
        return self._function(fn)(*args)

    def _function(self, name):
        for module in reversed(self._modules):
            value = getattr(module, name, None)
            if callable(value):
                return value
        where = " or ".join(f"module {m.__name__!r}" for m in self._modules) or "no module"
        raise AttributeError(f"{where} has no function {name!r}")
