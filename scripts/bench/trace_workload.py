"""The tracer bench's script, run traced and untraced: N calls on 2 workers, timed inside.

usage: python3 trace_workload.py noop|sleep N
"""

import sys
import time
from concurrent.futures import ProcessPoolExecutor


def noop():
    return None


def nap(seconds):
    time.sleep(seconds)


if __name__ == "__main__":
    kind, n = sys.argv[1], int(sys.argv[2])
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        if kind == "noop":
            futures = [pool.submit(noop) for _ in range(n)]
        else:
            futures = [pool.submit(nap, 0.01) for _ in range(n)]
        for f in futures:
            f.result()
    print(f"elapsed {time.perf_counter() - start:.6f}")
