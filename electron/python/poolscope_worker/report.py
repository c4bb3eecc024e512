"""
A worker's events (start, out, done, revoked: docs/pool.md "Protocol") coalesced into `report`
messages: sent when the worker has nothing else to do, before a call that may be long, when
MAX_EVENTS are waiting, and from a timer thread at the latest FLUSH_MS after the oldest event,
so a call that prints costs little more than a silent one and nothing waits more than a few ms.
"""
import threading
import time

#: Mirrors electron/pool/protocol.ts.
MAX_EVENTS = 256
FLUSH_MS = 1.0
#: How long the timer thread lets events wait (a little more than FLUSH_MS: its wake-ups cost).
TIMER_MS = 2.0


def now_ms():
    return time.time() * 1000


class Reporter:
    def __init__(self, send):
        self._send = send
        self._events = []
        self._oldest = 0.0
        self._lock = threading.Condition()
        threading.Thread(target=self._timer, name="poolscope-flusher", daemon=True).start()

    def add(self, event):
        with self._lock:
            if not self._events:
                self._oldest = now_ms()
                self._lock.notify()
            self._events.append(event)
            if len(self._events) >= MAX_EVENTS or now_ms() - self._oldest >= FLUSH_MS:
                self._flush_locked()

    def flush(self):
        with self._lock:
            self._flush_locked()

    def _flush_locked(self):
        if self._events:
            events, self._events = self._events, []
            self._send({"ps": "report", "events": events})

    def _timer(self):
        with self._lock:
            while True:
                while not self._events:
                    self._lock.wait()
                due = self._oldest + TIMER_MS - now_ms()
                if due > 0:
                    self._lock.wait(due / 1000)
                elif self._events:
                    self._flush_locked()
