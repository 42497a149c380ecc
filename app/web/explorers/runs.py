"""Finished runs (descent, training) remembered by their inputs.

The frames of one run differ only in what is drawn, so a reader playing or scrubbing through
them must not pay for the run again at every frame; a run streamed while it trains is stored
once it is whole. Runs are immutable, so one object serves every thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class RunCache(Generic[T]):
    """At most ``size`` runs, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._runs: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            run = self._runs.get(key)
            if run is not None:
                self._runs.move_to_end(key)
            return run

    def put(self, key: Hashable, run: T) -> T:
        with self._lock:
            self._runs[key] = run
            self._runs.move_to_end(key)
            while len(self._runs) > self.size:
                self._runs.popitem(last=False)
        return run

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The remembered run, or ``compute()`` (outside the lock: runs take a while)."""
        run = self.get(key)
        return run if run is not None else self.put(key, compute())
