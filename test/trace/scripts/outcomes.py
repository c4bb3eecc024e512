"""Each way CPython settles a future, on one worker: a result, a cancel (asked twice), and an
argument that would not pickle. The gate holds the worker, so the queue stays full and the last
call is surely still pending when it is cancelled."""

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor


def wait_for(path):
    while not os.path.exists(path):
        time.sleep(0.01)
    return "released"


def add(a, b):
    return a + b


if __name__ == "__main__":
    gate = os.path.join(tempfile.mkdtemp(), "gate")
    with ProcessPoolExecutor(max_workers=1) as pool:
        held = pool.submit(wait_for, gate)
        unpicklable = pool.submit(add, lambda: 0, 1)
        queued = [pool.submit(add, 1, 2), pool.submit(add, 3, 4)]
        last = pool.submit(add, 5, 6)
        print("cancel", last.cancel(), last.cancel())
        print(type(unpicklable.exception()).__name__)
        open(gate, "w").close()
        print(held.result(), *(f.result() for f in queued))
