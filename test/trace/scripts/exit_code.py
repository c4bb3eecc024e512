import sys
from concurrent.futures import ProcessPoolExecutor

if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=1) as pool:
        print(pool.submit(abs, -4).result())
    sys.exit(3)
