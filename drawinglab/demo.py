"""The main job run by ``make demo``: the pipeline on the bundled samples, then the benchmark and scorecard
reports (executed notebooks exported to HTML)."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ._io import write_json
from .pipeline import Pipeline, PipelineConfig, summarize

log = logging.getLogger(__name__)

SHARED_REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "edocr2"


def run_demo(samples: Path, out: Path, dpi: float = 300, reports: bool = True) -> dict[str, Any]:
    """Run the pipeline on every drawing in ``samples`` (per-page JSON, CSV, overlay under ``out/demo``),
    then the benchmark and scorecard reports under ``out``."""
    from .cli import _progress
    from .ingest import expand_paths

    demo = out / "demo"
    files = expand_paths([samples])
    pipeline = Pipeline(PipelineConfig(dpi=dpi))
    bar = _progress(files, "demo")
    results, failures = pipeline.run_many(bar, out=demo)
    summary = summarize(results)
    summary_path = write_json(demo / "summary.json", {
        "config": pipeline.config.to_dict(), "summary": summary, "failures": failures,
        "pages": [{"name": r.name, "source": r.source, "seconds": r.seconds, "n_dimensions": int(len(r.dimensions)),
                   "stages": [vars(s) for s in r.stages]} for r in results]})
    outputs: dict[str, Any] = {"pages": demo, "summary": summary_path}
    if reports:
        from .report import run_report

        bench = run_report("benchmark", {"inputs": str(samples), "max_drawings": 4, "repeats": 1}, out)
        real = str(SHARED_REAL) if SHARED_REAL.is_dir() else ""
        score = run_report("scorecard", {"synthetic_sets": str(samples), "real_sets": real}, out)
        outputs.update(benchmark=bench["html_path"], scorecard=score["html_path"], index=out / "index.html")
    return {"n_files": len(files), "n_pages": len(results), "n_failed": len(failures), "outputs": outputs,
            "summary": summary}
