import os
import time
from concurrent.futures import ProcessPoolExecutor

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

if __name__ == "__main__":
    print(f"Master process is PID {os.getpid()}")

    with ProcessPoolExecutor() as pool:
        r = pool.submit(slow_function, 5)

    print(f"Result is {r.result()}")
