"""One way to run a function over many items, in worker processes when asked, with a progress callback."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable


def map_in_processes(fn: Callable[[Any], Any], items: Iterable[Any], workers: int = 1, chunksize: int = 1,
                     progress: Callable[[int], None] | None = None) -> list[Any]:
    """``[fn(item) for item in items]`` in order, over ``workers`` processes when ``workers > 1``
    (``fn`` must then be picklable: a module-level function); ``progress(1)`` after each item."""
    items = list(items)
    results: list[Any] = []
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for out in pool.map(fn, items, chunksize=chunksize):
                results.append(out)
                if progress:
                    progress(1)
        return results
    for item in items:
        results.append(fn(item))
        if progress:
            progress(1)
    return results
