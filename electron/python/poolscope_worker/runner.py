"""
The heart of a CPython worker, free of process details so it can be tested directly: loads the
modules, runs the initializer, then runs calls one at a time in arrival order, reporting each
outcome with its start and finish stamped here. The message shapes are electron/pool/protocol.ts.
"""
import time

from . import modules
from .values import encode_result, serialize_error

#: What `map(..., chunksize=n)` calls in a worker, named as in CPython.
CHUNK_FUNCTION = "_process_chunk"


def now_ms():
    return time.time() * 1000


class Runner:
    def __init__(self, send, task_changed=lambda task_id: None):
        """`send(message)`; `task_changed(id or None)` marks which call later output belongs to."""
        self._send = send
        self._task_changed = task_changed
        self._modules = []

    def init(self, message):
        """Loads the modules and runs the initializer; False (init-failed sent) when one fails."""
        try:
            self._modules = [modules.load(path) for path in message.get("modules", [])]
            initializer = message.get("initializer")
            if initializer:
                self._call(initializer["fn"], initializer.get("args", []))
        except BaseException as exc:  # noqa: B902 - a module's SystemExit is its failure too
            self._send({"ps": "init-failed", "error": serialize_error(exc)})
            return False
        return True

    def run(self, message):
        announce = message.get("announce", False)
        outcomes = []
        for task_id, fn, args in message["calls"]:
            t0 = now_ms()
            self._task_changed(task_id)
            if announce:
                self._send({"ps": "started", "id": task_id, "t": t0})
            try:
                outcome = [task_id, t0, 0, 1, encode_result(self._call(fn, args))]
            except BaseException as exc:  # CPython's worker holds even SystemExit in the future
                outcome = [task_id, t0, 0, 0, serialize_error(exc)]
            outcome[2] = now_ms()
            self._task_changed(None)
            outcomes.append(outcome)
        self._send({"ps": "done", "outcomes": outcomes})

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
        where = ", ".join(repr(m.__name__) for m in self._modules) or "no module"
        raise AttributeError(f"{where} has no function {name!r}")
