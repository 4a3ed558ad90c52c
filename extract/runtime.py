"""Process-level settings that the extractor and the graph layer share."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a step allocates many small objects that hold no cycles.

    Python runs a collection every 700 net allocations of container objects, and each one walks
    every young one: extraction makes some 10^4 tuples and records a document, and a network build
    10^5 dicts, all still alive, so every collection finds nothing (in extraction they cost about
    2% of a pass over the generated corpus). Nothing is lost: references still free what they free,
    and the collector runs again as soon as the step ends (a pass over 200 generated documents
    leaves no cyclic garbage at all). It is global to the process, like the collector itself;
    nested pauses leave it off until the outermost one ends. Also usable as a decorator.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
