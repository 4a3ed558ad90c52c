"""Process-level settings that the extractor and the graph layer share."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any


class paused_gc:  # noqa: N801 - used like a function: ``with paused_gc():`` and ``@paused_gc()``
    """Pause the cyclic garbage collector while a step allocates many small objects that hold no cycles.

    Python runs a collection every 700 net allocations of container objects, and each one walks
    every young one: extraction makes some 10^4 tuples and records a document, and a network build
    10^5 dicts, all still alive, so every collection finds nothing. Nothing is lost: references
    still free what they free, and the collector runs again as soon as the step ends (a pass over
    200 generated documents leaves no cyclic garbage at all). It is global to the process, like the
    collector itself; nested pauses leave it off until the outermost one ends.

    The collection the first allocation after the pause starts walks the step's records once, all
    alive (4% of a cold extraction pass's time). Moving them to the oldest generation instead
    (gc.freeze, gc.unfreeze) skips that walk but moved other garbage cycles there too, which only a
    full collection frees: a build worker grew from 128 to 326 MB over 1,200 documents.
    """

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was:
            gc.enable()

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def paused(*args: Any, **kwargs: Any) -> Any:  # a pause of its own per call: no generator
            with paused_gc():
                return fn(*args, **kwargs)

        return paused
