import subprocess
import time
from concurrent.futures import ProcessPoolExecutor


def nap(seconds):
    time.sleep(seconds)
    return seconds


if __name__ == "__main__":
    # A subprocess of the script's own, beside the pool: Stop must end it too.
    helper = subprocess.Popen(["sleep", "600"])
    print(f"helper {helper.pid}", flush=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(nap, 600) for _ in range(3)]
        while True:
            time.sleep(1)
