"""
sys.stdout and sys.stderr inside a worker: text is cut into lines, and each line is sent to the
parent tagged with the call that printed it. What bypasses sys.stdout (os.write(1, ...), a C
library's printf) still reaches the real pipes, which the parent reads as the worker's own.
"""
import io
import threading

#: A longer line is sent in pieces of this many characters (electron/pool/protocol.ts MAX_LINE).
MAX_LINE = 8192


class LineStream(io.TextIOBase):
    def __init__(self, name, emit):
        super().__init__()
        self.name = name
        self._emit = emit
        self._tail = ""
        self._lock = threading.RLock()

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        with self._lock:
            parts = (self._tail + text).split("\n")
            self._tail = parts.pop()
            for line in parts:
                self._send(line[:-1] if line.endswith("\r") else line)
            while len(self._tail) > MAX_LINE:
                self._emit(self.name, self._tail[:MAX_LINE])
                self._tail = self._tail[MAX_LINE:]
        return len(text)

    def flush(self):
        """Lines are sent as they end; an unfinished one waits for its end or for `end_line`."""

    def end_line(self):
        """Sends the unfinished line, if any: a call's output ends with the call."""
        with self._lock:
            if self._tail:
                tail, self._tail = self._tail, ""
                self._send(tail)

    def _send(self, line):
        for start in range(0, max(len(line), 1), MAX_LINE):
            self._emit(self.name, line[start : start + MAX_LINE])
