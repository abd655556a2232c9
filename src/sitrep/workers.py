"""Prepare documents (clean, assess, extract) in worker processes, in the order they were read.

In: the stream of articles and reading rejections, and a function that prepares one article. Out: the same
stream with every article prepared, in order. Preparing a document is pure and needs only the knowledge
base, so it runs in forked workers that inherit the loaded knowledge base; merging and writing stay in the
one process that holds the ledger. A small ingest, a platform without `fork` or `workers=1` prepares in
this process, and gives the same outcomes.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

log = logging.getLogger(__name__)

# Fewer documents than this are prepared in this process: forking and feeding workers costs more than it saves.
MIN_PARALLEL = 16
# Documents submitted ahead per worker, beyond those the caller asks for (`ahead`).
AHEAD_PER_WORKER = 8

_prepare: Callable | None = None  # set in each worker before it takes a document (see `_start`)


def prepared(items: Iterable, prepare: Callable, workers: int, is_article: Callable[[object], bool],
             ahead: int = 0) -> Iterator:
    """`items` with every article (`is_article`) replaced by `prepare(article)`, in the order given. Up to
    `ahead` items more than the workers need are submitted before their outcome is taken: a caller that
    writes a chunk of outcomes at a time asks for a chunk, so the workers prepare the next chunk while it
    writes, and a large archive is never held in memory whole."""
    items = iter(items)
    head = list(islice(items, MIN_PARALLEL))
    stream = chain(head, items)  # the rest is read as it is used, never held whole
    if workers <= 1 or len(head) < MIN_PARALLEL or "fork" not in multiprocessing.get_all_start_methods():
        yield from (prepare(item) if is_article(item) else item for item in stream)
        return
    yield from _in_workers(stream, prepare, workers, is_article, workers * AHEAD_PER_WORKER + ahead)


def _in_workers(items: Iterator, prepare: Callable, workers: int, is_article, ahead: int) -> Iterator:
    # Fork, not spawn: the workers inherit the loaded knowledge base instead of loading or unpickling it.
    context = multiprocessing.get_context("fork")
    pending: deque = deque()  # (item, whether it is an article, its future or None), in the order read
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(prepare, os.getpid())) as pool:
        for item in items:
            article = is_article(item)
            pending.append((item, article, _submit(pool, item) if article else None))
            if len(pending) >= ahead:
                yield _outcome(*pending.popleft(), prepare)
        while pending:
            yield _outcome(*pending.popleft(), prepare)


def _submit(pool: ProcessPoolExecutor, item) -> Future | None:
    try:
        return pool.submit(_prepare_one, item)
    except BrokenProcessPool:
        return None  # the pool is broken: `_outcome` prepares it here


def _outcome(item, article: bool, future: Future | None, prepare: Callable):
    if not article:
        return item
    if future is None:
        return prepare(item)
    try:
        return future.result()
    except BrokenProcessPool:
        # A worker died (killed, out of memory): its documents are prepared here, none is lost.
        log.warning("a worker process died; preparing its document in this process")
        return prepare(item)


def _start(prepare: Callable, parent: int) -> None:
    global _prepare
    _prepare = prepare
    # A worker outlives a parent that was killed (SIGKILL runs no clean-up) and would hold its pipes open:
    # it watches for the parent and leaves when it is gone.
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()


def _leave_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _prepare_one(item):
    return _prepare(item)
