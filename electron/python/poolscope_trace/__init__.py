"""PoolScope's tracer: runs a learner's script unchanged and reports what CPython's own pools do.

Run as ``python3 -m poolscope_trace SCRIPT ARGS...`` with this package's folder on PYTHONPATH.
Standard library only, Python 3.9 or later.
"""

__version__ = "1"
