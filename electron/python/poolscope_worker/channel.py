"""
Node's IPC channel, seen from a CPython child: the socket whose fd Node names in NODE_CHANNEL_FD,
carrying one JSON message per line in both directions (serialization 'json').

Only one thread ever writes to the socket (a message written from two threads, or two
processes, could interleave with another and corrupt the parent's stream), and every message is
bounded by its sender, so the queue in front of the writer bounds memory: a call that prints
faster than the parent reads simply waits.
"""
import json
import os
import queue
import threading

#: Messages waiting for the writer before senders block.
QUEUE_SIZE = 256
_READ_SIZE = 1 << 16


def encode(message):
    """One message as the bytes of its line. ASCII-only JSON: lone surrogates survive too."""
    text = json.dumps(message, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text.encode("ascii") + b"\n"


class Channel:
    def __init__(self, fd, on_lost):
        """`on_lost` is called (from the writer thread) when the parent can no longer be reached."""
        self.fd = fd
        os.set_blocking(fd, True)
        self._on_lost = on_lost
        self._queue = queue.Queue(QUEUE_SIZE)
        self._writer = threading.Thread(target=self._write_all, name="poolscope-writer", daemon=True)
        self._writer.start()

    def send(self, message):
        self._queue.put(encode(message))

    def send_encoded(self, data):
        self._queue.put(data)

    def drain(self):
        """Returns once everything sent so far is written."""
        self._queue.join()

    def messages(self):
        """The parent's messages, decoded, until it closes the channel (EOF)."""
        pending = b""
        while True:
            try:
                chunk = os.read(self.fd, _READ_SIZE)
            except InterruptedError:
                continue
            except OSError:
                return
            if not chunk:
                return
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                if line:
                    yield json.loads(line)

    def _write_all(self):
        while True:
            data = self._queue.get()
            try:
                view = memoryview(data)
                while view:
                    written = os.write(self.fd, view)
                    view = view[written:]
            except OSError:
                self._on_lost()
                return
            finally:
                self._queue.task_done()
