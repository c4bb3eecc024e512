import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def nap(seconds):
    time.sleep(seconds)
    return seconds


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=1) as pool:
        first = pool.submit(die)
        second = pool.submit(nap, 0.1)
        for f in (first, second):
            print(type(f.exception()).__name__)
