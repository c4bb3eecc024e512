"""The master side: install the hooks, connect, watch PoolScope, run the script as __main__."""

import atexit
import os
import runpy
import signal
import sys
import threading

# Imported before the script forks anything (see hooks.py on import locks).
import concurrent.futures.process  # noqa: F401
import multiprocessing.pool  # noqa: F401

from . import encode, hooks
from .channel import channel, send
from .exits import watcher

_HERE = os.path.dirname(os.path.abspath(__file__))


def run(script, args):
    hooks.install(hooks.Settings(os.environ))
    channel().connect_now()  # on the main thread, before any fork
    if not channel().usable():
        # PoolScope started us and is already gone: running the script untraced would orphan it.
        print("poolscope_trace: PoolScope's socket is gone; not running the script", file=sys.stderr)
        return 3
    send({
        "e": "master",
        "pid": os.getpid(),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "startMethod": multiprocessing.get_start_method(),
        "cpuCount": os.cpu_count(),
        "t": encode.now_ms(),
    })
    _watch_poolscope()
    atexit.register(channel().flush)
    atexit.register(watcher.flush)  # atexit runs last-in first: exits, then the last batch

    script = os.path.abspath(script)
    sys.argv = [script, *args]
    sys.path[0] = os.path.dirname(script)
    try:
        runpy.run_path(script, run_name="__main__")
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException as exc:
        # As `python3 SCRIPT` shows it: the traceback from the script's own frames down.
        tb = _script_frames(exc.__traceback__)
        sys.excepthook(type(exc), exc.with_traceback(tb), tb)
        return 1
    return 0


def _script_frames(tb):
    """The traceback less runpy's and the tracer's frames (a SyntaxError keeps none, as in Python)."""
    while tb is not None and _is_ours(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb


def _is_ours(filename):
    return filename.startswith(_HERE) or os.path.basename(filename) == "runpy.py" or filename.startswith("<frozen runpy")


def _watch_poolscope():
    """If PoolScope goes away (even SIGKILLed), the connection ends: take the whole process group
    down, workers and the script's own subprocesses included, so nothing is orphaned."""
    sock = channel().socket()
    if sock is None:
        return
    leader = os.getpgrp() == os.getpid()

    def watch():
        try:
            while sock.recv(4096):
                pass
        except OSError:
            pass
        if leader:
            os.killpg(os.getpid(), signal.SIGKILL)
        else:
            os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="poolscope-watch", daemon=True).start()
