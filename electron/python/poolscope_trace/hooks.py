"""The patches: ProcessPoolExecutor and multiprocessing.Pool, as the script sees them unchanged.

Everything these patches need is imported here, up front: forking while another thread held an
import lock hung the prototype, so no tracer thread may import lazily.
"""

import itertools
import multiprocessing
import multiprocessing.pool
import os
from concurrent.futures import process as cf_process
from concurrent.futures import thread as cf_thread
from concurrent.futures import BrokenExecutor
from concurrent.futures import _base

from . import encode
from .calls import ThreadCall, TracedCall, apply_item, apply_star, worker_init
from .channel import send, send_soon
from .exits import watcher

_ids = itertools.count()


class Settings:
    """From the environment PoolScope sets: POOLSCOPE_MAX_WORKERS, POOLSCOPE_FORCE_MAX_WORKERS
    ("1": override even a max_workers the script passes), POOLSCOPE_START_METHOD."""

    def __init__(self, environ):
        raw = environ.get("POOLSCOPE_MAX_WORKERS", "")
        self.max_workers = int(raw) if raw.isdigit() and int(raw) > 0 else None
        self.force = environ.get("POOLSCOPE_FORCE_MAX_WORKERS") == "1"
        method = environ.get("POOLSCOPE_START_METHOD", "")
        self.start_method = method if method in ("fork", "spawn", "forkserver") else None

    def workers(self, asked):
        """The worker count a pool gets: ours when the script passes none, or always if forced."""
        if self.max_workers is not None and (asked is None or self.force):
            return self.max_workers
        return asked


def next_id():
    return next(_ids)  # one C call: atomic under the GIL, from any thread


def _submitted(fn, args, kwargs):
    task_id = next_id()
    send_soon(encode.submit_line(task_id, fn, args, kwargs, encode.now_ms()))
    return TracedCall(task_id, fn)


def install(settings):
    _patch_start_method(settings)
    _patch_process_pool(settings)
    _patch_thread_pool(settings)
    _patch_mp_pool(settings)


def _patch_start_method(settings):
    """The chosen start method becomes the default context's; the script's own
    set_start_method() then leaves it be rather than raise "context has already been set"."""
    if settings.start_method is None:
        return
    ctx = multiprocessing.context._default_context
    ctx.set_start_method(settings.start_method, force=True)

    def set_start_method(method, force=False):
        return None  # the user chose settings.start_method in PoolScope: that choice wins

    ctx.set_start_method = set_start_method
    multiprocessing.set_start_method = set_start_method


def _patch_process_pool(settings):
    PPE = cf_process.ProcessPoolExecutor
    original_init = PPE.__init__
    original_submit = PPE.submit

    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=(), **kwargs):
        asked = max_workers
        max_workers = settings.workers(max_workers)
        if initializer is not None and not callable(initializer):
            return original_init(self, max_workers, mp_context, initializer, initargs, **kwargs)
        original_init(self, max_workers, mp_context, worker_init, (initializer, initargs, True), **kwargs)
        send({
            "e": "pool",
            "kind": "ProcessPoolExecutor",
            "maxWorkers": self._max_workers,
            "asked": asked,
            "startMethod": self._mp_context.get_start_method(),
            "t": encode.now_ms(),
        })

    def submit(self, fn, /, *args, **kwargs):
        return original_submit(self, _submitted(fn, args, kwargs), *args, **kwargs)

    PPE.__init__ = __init__
    PPE.submit = submit
    cf_process._WorkItem = _TracedWorkItem
    _base.Future.set_running_or_notify_cancel = _set_running_or_notify_cancel
    _base.Future.cancel = _cancel
    _base.Future.set_exception = _set_exception
    _patch_feeder_error()
    _patch_spawn(PPE)


class _TracedWorkItem(cf_process._WorkItem):
    """Marks the future as traced before the manager thread sees it. The Future methods below are
    patched on the class (not per future: nothing is allocated per call) and speak only for it."""

    def __init__(self, future, fn, args, kwargs):
        super().__init__(future, fn, args, kwargs)
        if isinstance(fn, TracedCall):
            future._poolscope_id = fn.id


_original_set_running = _base.Future.set_running_or_notify_cancel
_original_cancel = _base.Future.cancel
_original_set_exception = _base.Future.set_exception


def _set_running_or_notify_cancel(self):
    """CPython marks a future RUNNING when it moves into the call queue, which may be long before
    a worker takes it: say when."""
    running = _original_set_running(self)
    task_id = getattr(self, "_poolscope_id", None)
    if running and task_id is not None and not getattr(self, "_poolscope_thread", False):
        send_soon(encode.queued_line(task_id, encode.now_ms()))
    return running


def _cancel(self):
    was = self._state
    cancelled = _original_cancel(self)
    task_id = getattr(self, "_poolscope_id", None)
    # cancel() says True again for a future already cancelled: report the first time only.
    if cancelled and task_id is not None and was == _base.PENDING:
        send({"e": "done", "id": task_id, "t": encode.now_ms(), "cancelled": True})
    return cancelled


def _set_exception(self, exc):
    """The future's error as CPython sets it (a successful result needs no word from the master:
    its worker reported the finish)."""
    _original_set_exception(self, exc)
    task_id = getattr(self, "_poolscope_id", None)
    if task_id is None:
        return
    if getattr(self, "_poolscope_thread", False) and not isinstance(exc, BrokenExecutor):
        return  # the thread's own call raised it, and its ThreadCall said so with the traceback
    # An error the worker raised is already reported, from the worker, with its traceback;
    # one it did not (BrokenProcessPool, an argument that would not pickle) exists only here.
    remote = isinstance(exc.__cause__, cf_process._RemoteTraceback) and not getattr(exc, "_poolscope_local", False)
    if remote:
        error = {"name": type(exc).__name__, "message": encode.clip(str(exc))}
    else:
        error = encode.error_of(exc)
    if isinstance(exc, BrokenExecutor):
        error["name"] = "BrokenProcessPool"
    send({"e": "done", "id": task_id, "t": encode.now_ms(), "remote": remote, "error": error})


def _patch_thread_pool(settings):
    """ThreadPoolExecutor: threads of the master as the workers, one lane each (by TID). Its
    futures go from PENDING straight to RUNNING on a thread: there is no call queue."""
    TPE = cf_thread.ThreadPoolExecutor
    original_init = TPE.__init__
    original_submit = TPE.submit

    def __init__(self, max_workers=None, *args, **kwargs):
        asked = max_workers
        original_init(self, settings.workers(max_workers), *args, **kwargs)
        send({
            "e": "pool",
            "kind": "ThreadPoolExecutor",
            "maxWorkers": self._max_workers,
            "asked": asked,
            "startMethod": "threads",
            "t": encode.now_ms(),
        })

    def submit(self, fn, /, *args, **kwargs):
        task_id = next_id()
        send_soon(encode.submit_line(task_id, fn, args, kwargs, encode.now_ms()))
        future = original_submit(self, ThreadCall(task_id, fn), *args, **kwargs)
        # Set after submit (a thread may already run it): what the master reports of this future
        # is only a cancel, or a BrokenThreadPool, both of which come later.
        future._poolscope_thread = True
        future._poolscope_id = task_id
        return future

    TPE.__init__ = __init__
    TPE.submit = submit


def _patch_feeder_error():
    """CPython gives a call that would not pickle a _RemoteTraceback of the master's own feeder
    thread, as if a worker had raised it: mark it as the master's."""
    queue = getattr(cf_process, "_SafeQueue", None)
    original = getattr(queue, "_on_queue_feeder_error", None)
    if original is None:
        return

    def _on_queue_feeder_error(self, e, obj):
        try:
            e._poolscope_local = True
        except AttributeError:  # an exception type that takes no attributes
            pass
        return original(self, e, obj)

    queue._on_queue_feeder_error = _on_queue_feeder_error


def _patch_spawn(PPE):
    """Workers appear through _spawn_process (3.11+) or _adjust_process_count (3.9, 3.10)."""
    name = "_spawn_process" if hasattr(PPE, "_spawn_process") else "_adjust_process_count"
    original = getattr(PPE, name)

    def spawned(self):
        before = set(self._processes)
        original(self)
        for pid, p in list(self._processes.items()):
            if pid not in before:
                watcher.add(p)

    setattr(PPE, name, spawned)


def _traced_items(func, iterable):
    """imap's items, each with its TracedCall, made as the pool's task handler takes them: lazily,
    as CPython reads the iterable (an endless one stays endless)."""
    for item in iterable:
        yield _submitted(func, (item,), {}), item


def _patch_mp_pool(settings):
    Pool = multiprocessing.pool.Pool
    ThreadPool = multiprocessing.pool.ThreadPool
    original_init = Pool.__init__
    original_apply_async = Pool.apply_async
    original_map_async = Pool._map_async
    original_imap = Pool.imap
    original_imap_unordered = Pool.imap_unordered
    original_repopulate = Pool._repopulate_pool_static

    def __init__(self, processes=None, initializer=None, initargs=(), *args, **kwargs):
        if isinstance(self, ThreadPool):  # threads in this process: nothing to trace here
            return original_init(self, processes, initializer, initargs, *args, **kwargs)
        asked = processes
        processes = settings.workers(processes)
        if initializer is not None and not callable(initializer):
            return original_init(self, processes, initializer, initargs, *args, **kwargs)
        original_init(self, processes, worker_init, (initializer, initargs), *args, **kwargs)
        send({
            "e": "pool",
            "kind": "multiprocessing.Pool",
            "maxWorkers": self._processes,
            "asked": asked,
            "startMethod": self._ctx.get_start_method(),
            "t": encode.now_ms(),
        })

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        if isinstance(self, ThreadPool):
            return original_apply_async(self, func, args, kwds, callback, error_callback)
        return original_apply_async(self, _submitted(func, args, kwds), args, kwds, callback, error_callback)

    def _map_async(self, func, iterable, mapper, chunksize=None, callback=None, error_callback=None):
        if isinstance(self, ThreadPool):
            return original_map_async(self, func, iterable, mapper, chunksize, callback, error_callback)
        if not hasattr(iterable, "__len__"):
            iterable = list(iterable)
        star = mapper is multiprocessing.pool.starmapstar
        items = []
        for item in iterable:
            args = tuple(item) if star else (item,)
            items.append((_submitted(func, args, {}), args if star else item))
        apply = apply_star if star else apply_item
        return original_map_async(self, apply, items, multiprocessing.pool.mapstar, chunksize, callback, error_callback)

    def imap(self, func, iterable, chunksize=1):
        if isinstance(self, ThreadPool):
            return original_imap(self, func, iterable, chunksize)
        return original_imap(self, apply_item, _traced_items(func, iterable), chunksize)

    def imap_unordered(self, func, iterable, chunksize=1):
        if isinstance(self, ThreadPool):
            return original_imap_unordered(self, func, iterable, chunksize)
        return original_imap_unordered(self, apply_item, _traced_items(func, iterable), chunksize)

    def _repopulate_pool_static(ctx, Process, processes, pool, *args, **kwargs):
        before = len(pool)
        result = original_repopulate(ctx, Process, processes, pool, *args, **kwargs)
        for p in pool[before:]:
            if hasattr(p, "sentinel"):  # a process, not a ThreadPool's thread
                watcher.add(p)
        return result

    Pool.__init__ = __init__
    Pool.apply_async = apply_async
    Pool._map_async = _map_async
    Pool.imap = imap
    Pool.imap_unordered = imap_unordered
    Pool._repopulate_pool_static = staticmethod(_repopulate_pool_static)
