"""Worker exits, seen from the master: a thread waits on the workers' sentinels and reads each
exit status with waitid(WNOWAIT), which leaves the child unreaped, so the pool's own join() and
exitcode still work exactly as without the tracer.
"""

import os
import signal
import threading
from multiprocessing.connection import wait

from . import encode
from .channel import send

# Children of the forkserver are not ours to waitid: their status reaches the pool through the
# sentinel, and we read it from the Process once the pool has (polling, never consuming).
_POLL_S = 0.05


def exit_status(pid):
    """(code, signal name) of an exited child without reaping it; None while it runs; raises
    ChildProcessError when it is not our child."""
    info = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    if info is None or info.si_pid == 0:
        return None
    return decode_status(info.si_code, info.si_status)


def decode_status(si_code, si_status):
    if si_code == os.CLD_EXITED:
        return si_status, None
    try:
        return None, signal.Signals(si_status).name
    except ValueError:
        return None, f"signal {si_status}"


def returncode_status(returncode):
    if returncode is None:
        return None
    if returncode < 0:
        return decode_status(os.CLD_KILLED, -returncode)
    return returncode, None


class ExitWatcher:
    def __init__(self):
        self._lock = threading.Lock()
        self._fds = {}  # our dup of a sentinel -> process
        self._waiting = []  # exited (sentinel ready), status not yet known
        self._reported = set()
        self._known = []  # every worker added, so the exit flush misses none the thread holds
        self._wake_r, self._wake_w = os.pipe()
        self._thread = None
        self._master = os.getpid()

    def add(self, process):
        if os.getpid() != self._master:
            return
        send({"e": "spawn", "pid": process.pid, "t": encode.now_ms()})
        try:
            fd = os.dup(process.sentinel)  # ours: the pool may close its own once joined
        except (OSError, ValueError, AttributeError):
            return
        with self._lock:
            self._known.append(process)
            self._fds[fd] = process
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="poolscope-exits", daemon=True)
                self._thread.start()
        os.write(self._wake_w, b"x")

    def flush(self):
        """At exit: report every worker known to be gone, with its status if it can be read."""
        # Not only those in _fds and _waiting: the thread may hold one it has taken out of both.
        with self._lock:
            procs = [p for p in self._known if p.pid not in self._reported]
        for p in procs:
            status = self._status(p)
            if status is not None:
                self._report(p, status)

    def _run(self):
        while True:
            with self._lock:
                fds = list(self._fds)
                poll = bool(self._waiting)
            ready = wait([self._wake_r, *fds], _POLL_S if poll else None)
            for fd in ready:
                if fd == self._wake_r:
                    os.read(self._wake_r, 512)
                    continue
                with self._lock:
                    p = self._fds.pop(fd, None)
                    if p is not None:
                        self._waiting.append((p, encode.now_ms()))
                os.close(fd)
            self._check_waiting()

    def _check_waiting(self):
        with self._lock:
            waiting, self._waiting = self._waiting, []
        still = []
        for p, t in waiting:
            status = self._status(p)
            if status is None:
                still.append((p, t))
            else:
                self._report(p, status, t)
        with self._lock:
            self._waiting.extend(still)

    def _status(self, p):
        try:
            return exit_status(p.pid)
        except ChildProcessError:
            popen = getattr(p, "_popen", None)
            return returncode_status(getattr(popen, "returncode", None))
        except OSError:
            return None

    def _report(self, p, status, t=None):
        with self._lock:
            if p.pid in self._reported:
                return
            self._reported.add(p.pid)
        code, sig = status
        send({"e": "exit", "pid": p.pid, "code": code, "signal": sig, "t": t or encode.now_ms()})


watcher = ExitWatcher()
