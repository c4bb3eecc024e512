import os
import time
from concurrent.futures import ProcessPoolExecutor

def slow_add(nsecs, x, y):
    """
    Function that sleeps for 'nsecs' seconds, and
    then returns the sum of x and y
    """
    print(f"Process {os.getpid()} going to sleep for {nsecs} second(s)")

    time.sleep(nsecs)

    print(f"Process {os.getpid()} waking up")

    return x + y

if __name__ == "__main__":
    print(f"Master process is PID {os.getpid()}")

    with ProcessPoolExecutor() as pool:
        r1 = pool.submit(slow_add, 1, 6, 7)
        r2 = pool.submit(slow_add, 1, 2, 3)

        print(f"Result one is {r1.result()}")
        print(f"Result two is {r2.result()}")
