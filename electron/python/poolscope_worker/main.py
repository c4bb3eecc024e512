"""
The worker process: Node's IPC channel on NODE_CHANNEL_FD, calls run on the main thread (as a
script's code runs), the channel read on another, so the worker leaves at once when its parent
goes, even mid-call: the channel's EOF ends the process, and on Linux the kernel's parent-death
signal covers a call that holds the GIL.
"""
import os
import queue
import signal
import sys
import threading

from .channel import Channel
from .output import LineStream
from .runner import Runner, now_ms


def _die_with_parent():
    """PR_SET_PDEATHSIG: SIGKILL when the parent dies, whatever this process is doing."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the request took
        os._exit(0)


def main():
    fd_text = os.environ.pop("NODE_CHANNEL_FD", None)
    os.environ.pop("NODE_CHANNEL_SERIALIZATION_MODE", None)
    if fd_text is None:
        sys.exit("poolscope worker: run by PoolScope's pool (no NODE_CHANNEL_FD)")
    _die_with_parent()
    # Ctrl-C in a terminal reaches the whole process group: the parent decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # PoolScope's own folder is not the learner's: their `import tutorial` finds their file.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]

    channel = Channel(int(fd_text), on_lost=lambda: os._exit(0))
    current = [None]

    def emit(stream, line):
        message = {"ps": "output", "t": now_ms(), "stream": stream, "line": line}
        if current[0] is not None:
            message["id"] = current[0]
        channel.send(message)

    streams = [LineStream("stdout", emit), LineStream("stderr", emit)]
    sys.stdout, sys.stderr = streams

    def task_changed(task_id):
        for stream in streams:
            stream.end_line()
        current[0] = task_id

    def forked():
        # A child the learner's code forks has no writer thread: it writes to the real pipes.
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        os.close(channel.fd)

    os.register_at_fork(after_in_child=forked)

    work = queue.SimpleQueue()

    def read():
        for message in channel.messages():
            if isinstance(message, dict) and message.get("ps") in ("init", "run"):
                work.put(message)
        os._exit(0)  # EOF: the parent is gone, or retired us

    threading.Thread(target=read, name="poolscope-reader", daemon=True).start()

    runner = Runner(channel.send, task_changed)
    message = work.get()
    if message["ps"] != "init" or not runner.init(message):
        channel.drain()
        os._exit(1)
    while True:
        message = work.get()
        if message["ps"] == "run":
            runner.run(message)
