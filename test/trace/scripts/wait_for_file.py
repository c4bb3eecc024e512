import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def wait_for(path):
    # Returns only once the test has seen this call's start event and made the file.
    while not os.path.exists(path):
        time.sleep(0.01)
    return "released"


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=1) as pool:
        print(pool.submit(wait_for, sys.argv[1]).result())
