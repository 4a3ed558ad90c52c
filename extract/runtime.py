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

    On leaving, the objects that are young then, the step's records among them, move to the oldest
    generation, as two young collections would move them, without those collections: the first
    allocation after the pause would otherwise start one at once (the count of allocations went on
    while it was paused), and it would walk every record of the step, all alive. That walk is
    memory-bound: 1.4% of a cold extraction pass's instructions, but 4% of its time (measured with
    ``gc.callbacks``). Garbage cycles among the moved objects are freed by the next full collection
    instead of a young one. A process that froze objects itself (``gc.freeze``, before a fork) keeps
    them frozen: then the young objects stay where they are, and the collection runs as it would.
    """

    __slots__ = ("_was",)

    def __enter__(self) -> None:
        self._was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._was:
            _resume()

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def paused(*args: Any, **kwargs: Any) -> Any:  # a plain call: one per document, no generator
            was = gc.isenabled()
            gc.disable()
            try:
                return fn(*args, **kwargs)
            finally:
                if was:
                    _resume()

        return paused


def _resume() -> None:
    # freeze() moves every generation to the permanent one and resets the young count; unfreeze()
    # moves it all back, into the oldest. Not when others' objects are frozen: unfreeze would
    # release those too.
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
    gc.enable()
