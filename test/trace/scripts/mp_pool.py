import multiprocessing


def square(x):
    print(f"square {x}")
    return x * x


def add(a, b):
    return a + b


if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        r = pool.apply_async(square, (7,))
        print(pool.map(square, [1, 2, 3]), pool.starmap(add, [(1, 2), (3, 4)]), r.get())
        print(list(pool.imap(square, [4, 5])), sorted(pool.imap_unordered(square, [6, 8], chunksize=2)))
