"""
A worker's events (start, out, done, revoked: docs/pool.md "Protocol") coalesced into `report`
messages: sent when the worker has nothing else to do, before a call that may be long, when
MAX_EVENTS are waiting, and, while a call runs, from a timer thread a few ms after the oldest
event at the latest, so a call that prints costs little more than a silent one and nothing
waits more than a few ms.
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
        self._lock = threading.Lock()
        #: Set while a call runs: only then can events wait (the idle worker flushes itself).
        self.busy = threading.Event()
        threading.Thread(target=self._timer, name="poolscope-flusher", daemon=True).start()

    def add(self, event):
        with self._lock:
            if not self._events:
                self._oldest = now_ms()
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
        # Ticks only while a call runs; no wake-up per event, which would cost a thread switch each.
        while True:
            self.busy.wait()
            time.sleep(TIMER_MS / 1000)
            with self._lock:
                if self._events and now_ms() - self._oldest >= FLUSH_MS:
                    self._flush_locked()
