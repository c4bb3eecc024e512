from concurrent.futures import ProcessPoolExecutor


def shout(n):
    print("w" * 50_000)
    return n


if __name__ == "__main__":
    print("x" * 1_000_000)
    for i in range(25_000):
        print(f"line {i}")
    with ProcessPoolExecutor(max_workers=1) as pool:
        print(pool.submit(shout, 1).result())
