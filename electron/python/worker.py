"""The entry PoolScope's pool forks for a CPython worker: python3 worker.py (see poolscope_worker)."""
from poolscope_worker.main import main

main()
