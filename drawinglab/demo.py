"""The main job run by ``make demo`` on the bundled samples."""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from ._io import write_image, write_json
from .errors import DrawingLabError
from .ingest import iter_pages
from .preprocess import DEFAULT_CHAIN, Chain

log = logging.getLogger(__name__)


def run_demo(samples: Path, out: Path, dpi: float = 200) -> dict[str, Any]:
    """Ingest and preprocess every drawing in ``samples``; write pages, preprocessed images and a summary."""
    from .cli import _expand, _progress

    demo = out / "demo"
    files = _expand([str(samples)])
    chain = Chain(DEFAULT_CHAIN)
    pages_out, failures = [], []
    for path in _progress(files, "demo"):
        try:
            for page in iter_pages(path, dpi=dpi):
                start = time.perf_counter()
                processed = chain(page.image)
                write_image(demo / "pages" / f"{page.name}.png", page.image)
                write_image(demo / "preprocessed" / f"{page.name}.png", processed)
                pages_out.append(page.metadata() | {
                    "name": page.name,
                    "text_spans": [s.to_dict() for s in page.text_spans],
                    "preprocess_ms": {op: round(ms, 2) for op, ms in chain.timings_ms},
                    "total_s": round(time.perf_counter() - start, 3),
                })
        except DrawingLabError as exc:
            log.error("%s", exc)
            failures.append({"source": str(path), "error": str(exc)})
    summary_path = write_json(demo / "summary.json", {"chain": chain.to_config(), "pages": pages_out,
                                                      "failures": failures})
    return {"n_files": len(files), "n_pages": len(pages_out), "n_failed": len(failures),
            "outputs": {"pages": demo / "pages", "preprocessed": demo / "preprocessed", "summary": summary_path}}
