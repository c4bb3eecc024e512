"""
The tutorial's functions, as "Parallel Python, part 2" writes them, for PoolScope's python
runtime: slow_function from pool_submit.py, slow_add from applyasync.py (both print), slow_diff
and broken_function from future.py (they do not). busy_work, count_primes and crash_worker are
PoolScope's own experiments.
"""
import os
import signal
import time


def slow_function(nsecs):
    """
    Function that sleeps for 'nsecs' seconds, returning
    the number of seconds that it slept
    """

    print(f"Process {os.getpid()} going to sleep for {nsecs} second(s)")

    # use the time.sleep function to sleep for nsecs seconds
    time.sleep(nsecs)

    print(f"Process {os.getpid()} waking up")

    return nsecs


def slow_add(nsecs, x, y):
    """
    Function that sleeps for 'nsecs' seconds, and
    then returns the sum of x and y
    """
    print(f"Process {os.getpid()} going to sleep for {nsecs} second(s)")

    time.sleep(nsecs)

    print(f"Process {os.getpid()} waking up")

    return x + y


def slow_diff(nsecs, x, y):
    """
    Function that sleeps for 'nsecs' seconds, and
    then retruns the difference of x and y
    """
    time.sleep(nsecs)
    return x - y


def broken_function(nsecs):
    """Function that deliberately raises an AssertationError"""
    time.sleep(nsecs)
    raise ValueError("Called broken function")


def busy_work(nsecs):
    """
    Spins until this process has used 'nsecs' seconds of CPU time; returns the loop count.
    CPU time, not wall time: with more workers than cores each call takes longer, as real
    work does.
    """
    end = time.process_time() + nsecs
    loops = 0
    while time.process_time() < end:
        loops += 1
    return loops


def count_primes(n):
    """Counts the primes below n by trial division: CPU-bound."""
    count = 0
    for k in range(2, n):
        d = 2
        while d * d <= k:
            if k % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def crash_worker():
    """Kills its own worker process abruptly: the pool breaks, as in CPython."""
    os.kill(os.getpid(), signal.SIGKILL)
