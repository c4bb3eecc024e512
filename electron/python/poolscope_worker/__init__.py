"""PoolScope's CPython worker: speaks the pool's protocol over Node's IPC channel (stdlib only)."""
