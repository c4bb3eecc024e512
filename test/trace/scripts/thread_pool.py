"""A ThreadPoolExecutor of two threads: each call waits for the other to start, so the two
overlap on two threads for certain; then one that raises, and one cancelled while it waits."""

import threading
from concurrent.futures import ThreadPoolExecutor

both = threading.Barrier(2)


def meet(x):
    both.wait(timeout=30)
    return x * 10


def fail():
    raise ValueError("no luck")


if __name__ == "__main__":
    gate = threading.Event()
    with ThreadPoolExecutor(max_workers=2) as pool:
        first = [pool.submit(meet, 1), pool.submit(meet, 2)]
        print("results", [f.result() for f in first])
        failing = pool.submit(fail)
        print(type(failing.exception()).__name__)
        held = [pool.submit(gate.wait, 30), pool.submit(gate.wait, 30)]
        waiting = pool.submit(meet, 3)
        print("cancel", waiting.cancel())
        gate.set()
