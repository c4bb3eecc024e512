"""One connection per process to PoolScope's socket, opened lazily and again after a fork.

Each event is one line written with one ``sendall`` under a lock, so events from several
threads never interleave. A forked child must not share its parent's connection (lines from
two processes would interleave mid-line), so it drops the inherited one and opens its own.
"""

import os
import socket
import threading

from . import encode

SOCKET_ENV = "POOLSCOPE_TRACE_SOCKET"


class Channel:
    def __init__(self, path):
        self._path = path
        self._lock = threading.Lock()
        self._sock = None
        self._pid = None
        self._broken = False

    def send(self, event):
        if self._path is None or self._broken:
            return
        data = encode.line(event)
        with self._lock:
            try:
                if self._pid != os.getpid():
                    self._connect()
                self._sock.sendall(data)
            except OSError:
                # PoolScope went away (Stop, or it was killed): the script's own work goes on
                # until the process group is signalled; tracing must never raise into it.
                self._broken = True

    def _connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
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
        # The inherited lock may be held by a thread that does not exist here: replace it.
        self._lock = threading.Lock()
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
