"""What runs in the workers: a picklable wrapper around each submitted call, and the worker's
print() capture. Both are module-level names of this package, so spawn and forkserver children
unpickle them by reference (they import this module; PYTHONPATH reaches them).
"""

import multiprocessing.util
import os
import sys
import threading

from . import encode
from .channel import channel, send, send_soon

# The call under way in this worker, for its prints.
_current = None


def _batched(event):
    send_soon(encode.line(event))


# How this worker writes its start, finish and output events (worker_init decides):
# - batched, at most channel.BATCH_S late, in a ProcessPoolExecutor's worker. Writing each one
#   at once woke PoolScope's reader twice a call, on the cores the script needs: 10,000 no-op
#   calls took 1.6 times as long traced. Its workers end by returning (the batch is flushed at
#   exit) unless the pool is broken and CPython terminates them (docs/tracing.md).
# - at once, in a multiprocessing.Pool's: Pool.__exit__ terminates its workers the moment the
#   last result arrives, so a finish written after the result would be lost.
_report = send


class TracedCall:
    """fn(*args) stamped in the worker: a start event when it begins, a finish event before the
    result goes back."""

    __slots__ = ("id", "fn")

    def __init__(self, task_id, fn):
        self.id = task_id
        self.fn = fn

    def __reduce__(self):
        return (TracedCall, (self.id, self.fn))

    def __call__(self, *args, **kwargs):
        global _current
        capture_output()
        pid = os.getpid()
        _report({"e": "start", "id": self.id, "pid": pid, "t": encode.now_ms()})
        _current = self.id
        try:
            result = self.fn(*args, **kwargs)
        except BaseException as exc:
            _flush_output()
            _current = None
            event = {"e": "finish", "id": self.id, "pid": pid, "t": encode.now_ms(), "ok": False}
            event["error"] = encode.error_of(exc, skip_frames=1)
            _report(event)
            raise
        _flush_output()
        _current = None
        event = {"e": "finish", "id": self.id, "pid": pid, "t": encode.now_ms(), "ok": True}
        event["result"] = encode.bounded(result)
        _report(event)
        return result


class ThreadCall:
    """fn(*args) on a ThreadPoolExecutor's thread, in the master: the thread is the worker, named
    by its native id (TID), and says so before its first call. Its events are batched as the
    master's are; its prints are the master's own output (one process, one stdout)."""

    __slots__ = ("id", "fn")

    def __init__(self, task_id, fn):
        self.id = task_id
        self.fn = fn

    def __call__(self, *args, **kwargs):
        tid = threading.get_native_id()
        if tid not in _threads:
            _threads.add(tid)
            name = encode.clip(threading.current_thread().name, 200)
            send({"e": "spawn", "pid": tid, "thread": name, "t": encode.now_ms()})
        _batched({"e": "start", "id": self.id, "pid": tid, "t": encode.now_ms()})
        try:
            result = self.fn(*args, **kwargs)
        except BaseException as exc:
            event = {"e": "finish", "id": self.id, "pid": tid, "t": encode.now_ms(), "ok": False}
            event["error"] = encode.error_of(exc, skip_frames=1)
            _batched(event)
            raise
        event = {"e": "finish", "id": self.id, "pid": tid, "t": encode.now_ms(), "ok": True}
        event["result"] = encode.bounded(result)
        _batched(event)
        return result


# The TIDs of the threads that have run a traced call (set.add is atomic under the GIL).
_threads = set()


def apply_item(pair):
    """multiprocessing.Pool.map's function: each item travels with its own TracedCall."""
    traced, item = pair
    return traced(item)


def apply_star(pair):
    """starmap's: the item is the argument tuple."""
    traced, args = pair
    return traced(*args)


def worker_init(initializer, initargs, batch=False):
    """Chained before the script's own initializer: the worker says hello and captures print();
    `batch` for a ProcessPoolExecutor's worker (see _report)."""
    global _report
    capture_output()
    channel().connect_now()
    if batch:
        _report = _batched
        # A worker ends through multiprocessing's own exit, which runs these finalizers.
        multiprocessing.util.Finalize(None, channel().flush, exitpriority=100)
    if initializer is not None:
        initializer(*initargs)


class _LineSink:
    """sys.stdout/sys.stderr in a worker: whole lines become output events of this PID and call."""

    def __init__(self, stream, original):
        self._stream = stream
        self._original = original
        self._partial = ""

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        n = len(text)
        *lines, self._partial = (self._partial + text).split("\n")
        for line in lines:
            self._emit(line)
        return n

    def flush(self):
        pass

    def end_call(self):
        if self._partial:
            self._emit(self._partial)
            self._partial = ""

    def _emit(self, line):
        event = {"e": "out", "pid": os.getpid(), "stream": self._stream, "line": encode.clip(line, 10000)}
        if _current is not None:
            event["id"] = _current
        event["t"] = encode.now_ms()
        _report(event)

    # Enough of a text stream for code that inspects sys.stdout.
    def isatty(self):
        return False

    def writable(self):
        return True

    def fileno(self):
        return self._original.fileno()

    @property
    def encoding(self):
        return getattr(self._original, "encoding", "utf-8")

    @property
    def buffer(self):
        return self._original.buffer

    def __getattr__(self, name):
        return getattr(self._original, name)


_captured_pid = None


def capture_output():
    """Once per worker process (a fork inherits the master's streams, hence the PID check)."""
    global _captured_pid
    pid = os.getpid()
    if _captured_pid == pid:
        return
    _captured_pid = pid
    for name in ("stdout", "stderr"):
        current = getattr(sys, name)
        original = current._original if isinstance(current, _LineSink) else current
        setattr(sys, name, _LineSink(name, original))


def _flush_output():
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, _LineSink):
            stream.end_call()
