"""The cyclic garbage collector paused while a catalog is built, and left as the host had it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic GC inside: building a catalog makes millions of objects and frees none, so the collector would
    only rescan them. Afterwards it is enabled again only if it was enabled before: a host that turned it off
    (a benchmark, a server tuning its pauses) finds it off."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
