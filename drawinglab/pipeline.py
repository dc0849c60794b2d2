"""The pipeline: a configurable chain of stages (ingest → preprocess → detect → read → tolerance), measured.

Each stage records its wall time (GPU-synchronised), the process memory after it and the peak so far,
and the device it ran on. The reader's table is the spine of the result: detection adds each row's
class (and rows for boxes with no text read), the tolerance stage adds IT grade, process, cost and flags.

Example:
    >>> from drawinglab.pipeline import Pipeline, PipelineConfig
    >>> config = PipelineConfig.from_json('{"dpi": 150, "reader": {"det_side": 1600}}')
    >>> config.dpi, config.reader["det_side"]
    (150.0, 1600)
"""
from __future__ import annotations

import json
import logging
import resource
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np

from ._io import to_json, write_image, write_json, write_text
from .backend import Timer, gpu_memory, resolve_device
from .errors import ConfigError, DrawingLabError
from .page import Page

log = logging.getLogger(__name__)

STAGES = ("ingest", "preprocess", "detect", "segment", "read", "tolerance")


@dataclass
class PipelineConfig:
    """JSON-able pipeline settings."""

    dpi: float = 300.0
    device: str = "cpu"
    preprocess: list[dict[str, Any]] | None = None  # chain specs applied before reading; None reads the raster
    reader: dict[str, Any] = field(default_factory=dict)  # ReaderConfig fields
    general_tolerance: str | None = None  # ISO 2768 class given to untoleranced dimensions
    # Detector settings (weights, conf, iou, classifier: box classifier weights or None, text_score: union|max,
    # read_unread: read dimension boxes the reader found no text in); None: off
    detect: dict[str, Any] | None = field(default_factory=dict)
    tolerance: bool = True  # add IT grade, cheapest process, cost index and flags to dimension rows
    segment: dict[str, Any] | None = None  # {"weights": ..., "mask_before_read": bool}; None: off

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PipelineConfig":
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown pipeline setting(s) {sorted(unknown)}; known: {sorted(known)}")
        config = cls(**data)
        config.dpi = float(config.dpi)
        from .read import ReaderConfig

        try:
            ReaderConfig(**config.reader)
        except TypeError as exc:
            raise ConfigError(f"bad reader settings: {exc}") from None
        if config.detect is not None:
            known_detect = {"weights", "conf", "iou", "read_unread", "classifier", "text_score"}
            unknown = set(config.detect) - known_detect
            if unknown:
                raise ConfigError(f"unknown detect setting(s) {sorted(unknown)}; "
                                  f"known: {', '.join(sorted(known_detect))}")
        if config.segment is not None:
            unknown = set(config.segment) - {"weights", "mask_before_read"}
            if unknown:
                raise ConfigError(f"unknown segment setting(s) {sorted(unknown)}; known: mask_before_read, weights")
        return config

    @classmethod
    def from_json(cls, text: str) -> "PipelineConfig":
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"pipeline config is not valid JSON: {exc}") from None

    @classmethod
    def from_file(cls, path: str | Path) -> "PipelineConfig":
        path = Path(path)
        if not path.exists():
            raise ConfigError(f"config file not found: {path}")
        return cls.from_json(path.read_text(encoding="utf-8"))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StageRecord:
    name: str
    seconds: float
    rss_mb: float
    peak_rss_mb: float
    device: str
    gpu_used_mb: float | None = None


def _memory() -> tuple[float, float]:
    import psutil

    rss = psutil.Process().memory_info().rss / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return rss, max(peak, rss)


@dataclass
class PageResult:
    """The pipeline's result for one page."""

    name: str
    source: str
    page_index: int
    size: tuple[int, int]
    table: Any  # pandas DataFrame of reader rows
    stages: list[StageRecord]
    config: dict[str, Any]
    page: Page | None = None
    detections: Any = None  # drawinglab.detections.Detections when the detect stage ran
    segmentation: Any = None  # drawinglab.segment.Segmentation when the segment stage ran

    @property
    def dimensions(self):
        return self.table[self.table.category == "dimension"]

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.stages)

    def overlay(self, min_confidence: float = 0.0) -> np.ndarray:
        from .viz import draw_reading

        if self.page is None:
            raise DrawingLabError("the page image is no longer attached to this result")
        return draw_reading(self.page.image, self.table, min_confidence)

    def to_json(self) -> dict[str, Any]:
        rows = json.loads(self.table.to_json(orient="records", force_ascii=False))
        out = {"name": self.name, "source": self.source, "page_index": self.page_index, "size": list(self.size),
               "config": self.config, "stages": [asdict(s) for s in self.stages],
               "seconds": round(self.seconds, 4), "n_dimensions": int(len(self.dimensions)), "rows": rows}
        if self.detections is not None:
            out["detections"] = self.detections.to_records()
        if self.segmentation is not None:
            out["segmentation"] = {"source": self.segmentation.source, "strokes": self.segmentation.counts(),
                                   "strokes_3class": self.segmentation.counts(three_class=True)}
        return out

    def save(self, out: str | Path, overlay: bool = True) -> dict[str, Path]:
        """Write ``<name>.json``, ``<name>.csv`` (the dimensions table) and ``<name>.png`` (overlay) atomically."""
        out = Path(out)
        paths = {"json": write_json(out / f"{self.name}.json", self.to_json())}
        csv = self.table.drop(columns=["gdt"]).to_csv(index=False)
        paths["csv"] = write_text(out / f"{self.name}.csv", csv)
        if overlay and self.page is not None:
            paths["overlay"] = write_image(out / f"{self.name}.png", self.overlay())
        return paths


class Pipeline:
    """Run drawings through the configured stages; see :class:`PipelineConfig`."""

    def __init__(self, config: PipelineConfig | dict[str, Any] | None = None):
        if isinstance(config, dict):
            config = PipelineConfig.from_dict(config)
        self.config = config or PipelineConfig()
        self.device = resolve_device(self.config.device)
        from .read import ReaderConfig

        self.reader_config = ReaderConfig(**self.config.reader)
        self.detector = None
        if self.config.detect is not None:
            from .detect import Detector

            detect = self.config.detect
            self.detector = Detector(detect.get("weights"), device=self.config.device,
                                     classifier=detect.get("classifier", "default"),
                                     text_score=detect.get("text_score", "union"))
        self.segmenter = None
        if self.config.segment is not None:
            from .segment import Segmenter

            self.segmenter = Segmenter(self.config.segment.get("weights"), device=self.config.device)
        self.chain = None
        if self.config.preprocess:
            from .preprocess import Chain

            self.chain = Chain(self.config.preprocess, device=self.device)

    def _record(self, name: str, timer: Timer, device: str) -> StageRecord:
        rss, peak = _memory()
        gpu = gpu_memory() if device.startswith("cuda") else None
        return StageRecord(name, round(timer.seconds, 4), round(rss, 1), round(peak, 1), device,
                           None if gpu is None else round(gpu["used_bytes"] / 2**20, 1))

    def run_page(self, page: Page, ingest_record: StageRecord | None = None) -> PageResult:
        from .read import read_page

        stages = [ingest_record] if ingest_record else []
        image = None
        if self.chain is not None:
            with Timer(self.device) as timer:
                image = self.chain(page.image)
            stages.append(self._record("preprocess", timer, self.device))
        detections = None
        if self.detector is not None:
            with Timer(self.detector.device) as timer:
                settings = {k: v for k, v in self.config.detect.items() if k in ("conf", "iou")}
                detections = self.detector.predict(page if image is None else image, **settings)
            stages.append(self._record("detect", timer, self.detector.device))
        segmentation = None
        if self.segmenter is not None:
            with Timer(self.segmenter.device) as timer:
                segmentation = self.segmenter.segment(page if image is None else image)
                if self.config.segment.get("mask_before_read"):
                    image = _mask_non_annotation(page.image if image is None else image, segmentation)
            stages.append(self._record("segment", timer, self.segmenter.device))
        with Timer("cpu") as timer:
            table = read_page(page, self.reader_config, image=image)
            if self.config.general_tolerance:
                table = _apply_general(table, self.config.general_tolerance)
            if detections is not None:
                from .detect import attach_detections

                table = attach_detections(table, detections)
                if self.config.detect.get("read_unread", True):
                    table = _read_unread(page, table, self.reader_config, image)
            if segmentation is not None:
                from .segment import attach_dimension_graphics

                table = attach_dimension_graphics(table, segmentation)
        stages.append(self._record("read", timer, "cpu"))
        if self.config.tolerance:
            from .tolerance import analyze_table

            with Timer("cpu") as timer:
                analysis = analyze_table(table, general=self.config.general_tolerance)
                table = table.join(analysis)
            stages.append(self._record("tolerance", timer, "cpu"))
        return PageResult(page.name, page.source, page.page_index, page.size, table, stages, self.config.to_dict(),
                          page, detections, segmentation)

    def run(self, source: str | Path | np.ndarray) -> list[PageResult]:
        """All pages of one drawing."""
        from .ingest import iter_pages

        results = []
        pages = iter_pages(source, dpi=self.config.dpi)
        while True:
            with Timer("cpu") as timer:
                page = next(pages, None)
            if page is None:
                break
            results.append(self.run_page(page, self._record("ingest", timer, "cpu")))
        return results

    def run_many(self, paths: Iterable[str | Path], out: str | Path | None = None,
                 progress: Callable[[int], None] | None = None) -> tuple[list[PageResult], list[dict[str, str]]]:
        """Run a batch; a bad drawing is reported (with its reason) and the rest go on."""
        results, failures = [], []
        for path in paths:
            try:
                for result in self.run(path):
                    if out is not None:
                        result.save(out)
                        result.page = None  # free the pixels of saved pages
                    results.append(result)
            except DrawingLabError as exc:
                failures.append({"source": str(path), "error": str(exc)})
                log.debug("%s", exc)
            except Exception as exc:  # a bug in a stage must not kill the batch either
                failures.append({"source": str(path), "error": f"{type(exc).__name__}: {exc}"})
                log.error("%s failed:\n%s", path, traceback.format_exc())
            if progress:
                progress(1)
        return results, failures


def _mask_non_annotation(image: np.ndarray, segmentation) -> np.ndarray:
    """The page with contour and other ink (part edges, border, hatching) painted paper-white, so the
    reader sees lettering and dimension graphics only."""
    cmap = segmentation.class_map()
    out = image.copy()
    out[(cmap == 0) | (cmap == 3)] = 255
    return out


def _read_unread(page: Page, table, config, image):
    """Dimension-class detections that hold no reader text (text crossed by an arc, which the text detector
    does not box) are read inside their box; the ones that parse become dimension rows (``source`` stays
    ``detector``), the rest stay ``unread``."""
    from .detections import box_ioa
    from .read import read_regions

    corners = ["x0", "y0", "x1", "y1"]
    todo = table.index[(table["category"] == "unread") & table["det_class"].astype(str).str.endswith("_dim")]
    text_rows = table.index[table["category"] != "unread"]
    if len(todo) and len(text_rows):
        # a box that shares ink with text the reader did read is that text boxed differently, not missed text
        boxes = table.loc[todo, corners].to_numpy(np.float64)
        texts = table.loc[text_rows, corners].to_numpy(np.float64)
        shared = np.maximum(box_ioa(boxes, texts).max(axis=1), box_ioa(texts, boxes).max(axis=0))
        todo = todo[shared < 0.1]
    if len(todo) == 0:
        return table
    # two boxes (of two classes) over the same unread text: read it once, in the more confident box
    todo = todo[np.argsort(-table.loc[todo, "det_confidence"].to_numpy(np.float64), kind="stable")]
    boxes = table.loc[todo, corners].to_numpy(np.float64)
    inside = box_ioa(boxes, boxes)
    overlap = np.maximum(inside, inside.T)
    kept: list[int] = []
    for k in range(len(todo)):
        if all(overlap[k, j] < 0.5 for j in kept):
            kept.append(k)
    todo = todo[sorted(kept, key=lambda k: todo[k])]
    read = read_regions(page, table.loc[todo, corners].to_numpy(np.float64), config, image,
                        angles=(table.loc[todo, "det_class"] == "angular_dim").tolist())
    read.index = todo
    found = read.index[read["category"] == "dimension"]
    table = table.copy()
    columns = ["text", "canonical", "kind", "nominal", "upper", "lower", "upper_dev", "lower_dev", "fit", "qty",
               "basic", "category"]
    for column in columns:
        table[column] = table[column].astype(object)
        table.loc[found, column] = read.loc[found, column]
    return table


def _apply_general(table, general: str):
    from .dimensions import apply_general_tolerance, try_parse

    table = table.copy()
    for i, row in table.iterrows():
        if row.category != "dimension":
            continue
        dim = try_parse(row.text)
        if dim is None:
            continue
        dim = apply_general_tolerance(dim, general)
        table.at[i, "upper"], table.at[i, "lower"] = dim.upper, dim.lower
        table.at[i, "upper_dev"], table.at[i, "lower_dev"] = dim.upper_dev, dim.lower_dev
    return table


def summarize(results: list[PageResult]) -> dict[str, Any]:
    """Per-stage seconds (median, p95) and drawings per hour over a batch."""
    by_stage: dict[str, list[float]] = {}
    for r in results:
        for s in r.stages:
            by_stage.setdefault(s.name, []).append(s.seconds)
    totals = [r.seconds for r in results]
    out: dict[str, Any] = {"pages": len(results), "stages": {}}
    for name, values in by_stage.items():
        arr = np.asarray(values)
        out["stages"][name] = {"median_s": float(np.median(arr)), "p95_s": float(np.percentile(arr, 95)),
                               "mean_s": float(arr.mean())}
    if totals:
        out["median_page_s"] = float(np.median(totals))
        out["pages_per_hour"] = 3600.0 / float(np.mean(totals)) if np.mean(totals) > 0 else None
    return out


__all__ = ["Pipeline", "PipelineConfig", "PageResult", "StageRecord", "summarize", "STAGES", "to_json"]
