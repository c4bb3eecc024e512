"""One connection per process to PoolScope's socket, opened lazily and again after a fork.

Each event is one line written with one ``sendall`` under a lock, so events from several
threads never interleave. A forked child must not share its parent's connection (lines from
two processes would interleave mid-line), so it drops the inherited one and opens its own.
"""

import os
import socket
import threading
import time

from . import encode

SOCKET_ENV = "POOLSCOPE_TRACE_SOCKET"


# How long the master's frequent events (submits, the call queue) may wait to go out together:
# one write per batch instead of two per call. Workers' events always go out at once.
BATCH_S = 0.002


class Channel:
    def __init__(self, path):
        self._path = path
        self._lock = threading.Lock()
        self._sock = None
        self._pid = None
        self._broken = False
        self._batch = []
        self._due = threading.Event()
        self._flusher = None

    def send(self, event):
        """Writes the event now, after any batched ones (order is kept)."""
        if self._path is None or self._broken:
            return
        data = encode.line(event)
        with self._lock:
            self._write(data)

    def send_soon(self, data):
        """Batches an encoded line for a moment (the master's submits and call-queue moves)."""
        if self._path is None or self._broken:
            return
        with self._lock:
            if self._flusher is None or self._flusher[0] != os.getpid():
                self._start_flusher()
            self._batch.append(data)
            if len(self._batch) == 1:
                self._due.set()

    def flush(self):
        if self._path is None or self._broken:
            return
        with self._lock:
            self._write(b"")

    def _write(self, data):
        try:
            if self._pid != os.getpid():
                self._connect()
            if self._batch:
                data = b"".join(self._batch) + data
                self._batch = []
            if data:
                self._sock.sendall(data)
        except OSError:
            # PoolScope went away (Stop, or it was killed): the script's own work goes on
            # until the process group is signalled; tracing must never raise into it.
            self._broken = True
            self._batch = []

    def _start_flusher(self):
        thread = threading.Thread(target=self._flush_loop, name="poolscope-flush", daemon=True)
        self._flusher = (os.getpid(), thread)
        thread.start()

    def _flush_loop(self):
        pid = os.getpid()
        while self._flusher is not None and self._flusher[0] == pid:
            self._due.wait()
            self._due.clear()
            time.sleep(BATCH_S)
            self.flush()

    def _connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            # Room for bursts, so a busy machine that is slow to schedule PoolScope's reader does
            # not hold the script up at every write (the kernel caps what it grants).
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        except OSError:
            pass
        sock.connect(self._path)
        self._sock = sock
        self._pid = os.getpid()
        hello = {"e": "hello", "pid": self._pid, "ppid": os.getppid(), "t": encode.now_ms()}
        sock.sendall(encode.line(hello))

    def connect_now(self):
        """Connects from the calling thread (the main thread: see the fork pitfall in hooks)."""
        if self._path is None:
            return
        with self._lock:
            try:
                if self._pid != os.getpid():
                    self._connect()
            except OSError:
                self._broken = True

    def usable(self):
        """False when PoolScope named a socket that could not be reached (it is gone)."""
        return self._path is None or not self._broken

    def socket(self):
        return self._sock

    def after_fork_in_child(self):
        # The inherited lock may be held by a thread that does not exist here: replace it. The
        # parent's batch and flusher are the parent's.
        self._lock = threading.Lock()
        self._batch = []
        self._due = threading.Event()
        self._flusher = None
        if self._sock is not None:
            try:
                self._sock.close()  # close(2) only: the parent's connection stays up
            except OSError:
                pass
            self._sock = None
        self._pid = None


_channel = Channel(os.environ.get(SOCKET_ENV) or None)
os.register_at_fork(after_in_child=_channel.after_fork_in_child)


def channel():
    return _channel


def send(event):
    _channel.send(event)


def send_soon(data):
    """Batches `data`, one line or more already encoded (encode.line, encode.submit_line)."""
    _channel.send_soon(data)
