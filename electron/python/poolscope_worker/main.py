"""
The worker process (docs/pool.md "Protocol"). Node's IPC channel is on NODE_CHANNEL_FD; calls
run on the main thread, as a script's code does; a reader thread takes the parent's messages,
so the worker leaves at once when its parent goes, even mid-call: EOF on the channel ends the
process, a watchdog sees the parent's PID change, and on Linux the kernel's parent-death signal
covers a call that holds the GIL.
"""
import collections
import os
import signal
import sys
import threading
import time

from .channel import Channel
from .output import LineStream
from .report import Reporter
from .runner import Runner

_STOP = object()
#: A call that took this long (ms) makes the next one wait until its start is written (the first
#: call too): short calls' starts ride with their ends rather than cost a thread switch each.
LONG_MS = 1.0


def _die_with_parent(parent):
    """PR_SET_PDEATHSIG: SIGKILL when the parent dies, whatever this process is doing."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch():
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(0)

    threading.Thread(target=watch, name="poolscope-watchdog", daemon=True).start()


class Worker:
    def __init__(self, fd):
        self.channel = Channel(fd, on_lost=lambda: os._exit(0))
        self.reporter = Reporter(self.channel.send)
        self.runner = Runner(self.reporter.add)
        self.streams = [LineStream("stdout", self._line), LineStream("stderr", self._line)]
        #: Calls received and not begun, and at most a _STOP after them.
        self._queue = collections.deque()
        self._ready = threading.Event()
        self._init = None
        self._lock = threading.Condition()
        self._last_ms = float("inf")

    def _line(self, stream, text):
        self.reporter.add(["out", self.runner.current, self._now(), stream, text])

    @staticmethod
    def _now():
        return time.time() * 1000

    def _end_lines(self):
        for stream in self.streams:
            stream.end_line()

    def read(self):
        """The reader thread: every message from the parent, until EOF ends the process."""
        for message in self.channel.messages():
            kind = message.get("ps") if isinstance(message, dict) else None
            if kind == "init":
                self._init = message
                self._ready.set()
            elif kind == "run":
                with self._lock:
                    self._queue.extend(message["calls"])
                    self._lock.notify()
            elif kind == "revoke":
                with self._lock:
                    given = [call[0] for call in self._queue if call is not _STOP]
                    stop = _STOP in self._queue
                    self._queue.clear()
                    if stop:
                        self._queue.append(_STOP)
                    self.reporter.add(["revoked", given])
                    self.reporter.flush()
            elif kind == "stop":
                with self._lock:
                    self._queue.append(_STOP)
                    self._lock.notify()
        os._exit(0)  # the parent is gone, or closed the channel to retire us

    def serve(self):
        self._ready.wait()
        error = self.runner.init(self._init)
        self._end_lines()
        self.reporter.flush()
        if error is not None:
            self.channel.send({"ps": "init-failed", "error": error})
            self.channel.drain()
            os._exit(1)
        self.channel.send({"ps": "ready"})
        while True:
            with self._lock:
                while not self._queue:
                    self.reporter.busy.clear()
                    self.reporter.flush()  # nothing to run: the parent hears everything now
                    self._lock.wait()
                call = self._queue.popleft()
                if call is _STOP:
                    self.reporter.flush()
                    self.channel.drain()
                    os._exit(0)
                t0 = self.runner.start(call[0])
                announce = not self._queue
                if announce:
                    self.reporter.flush()
            self.reporter.busy.set()
            if announce and self._last_ms >= LONG_MS:
                # Nothing behind it, and calls here are not short: it may be long, and may hold
                # the GIL throughout (a C loop), so the writer gets to send its start first.
                self.channel.drain()
            self.runner.run(call, t0, self._end_lines)
            self._last_ms = self.runner.last_ms


def main():
    fd_text = os.environ.pop("NODE_CHANNEL_FD", None)
    os.environ.pop("NODE_CHANNEL_SERIALIZATION_MODE", None)
    if fd_text is None:
        sys.exit("poolscope worker: started by PoolScope's pool only (no NODE_CHANNEL_FD)")
    _die_with_parent(os.getppid())
    # Ctrl-C in a terminal reaches the whole process group: the parent decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # PoolScope's folder is not the learner's: their `import tutorial` finds their own file.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]

    worker = Worker(int(fd_text))
    sys.stdout, sys.stderr = worker.streams

    def forked():
        # A child the learner's code forks has no writer thread: it writes to the real pipes.
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        os.close(worker.channel.fd)

    os.register_at_fork(after_in_child=forked)
    threading.Thread(target=worker.read, name="poolscope-reader", daemon=True).start()
    worker.serve()
