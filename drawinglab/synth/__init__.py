"""Synthetic engineering drawings with exact ground truth for every task.

Each drawing is composed in millimetres on a recording canvas, written as a vector PDF with PyMuPDF and
rasterised from it, so the same page exists as vector and raster. The ground truth (schema in
``docs/synth_schema.md``) holds every annotation (14 detection classes, exact text as drawn, parsed
values, box and rotated polygon in pixels) and every drawn primitive with its role.

Example:
    >>> from drawinglab.synth import generate
    >>> page = generate(7, sheet="A4", dpi=100)
    >>> page.image.shape[2], page.gt["schema"]
    (3, 'drawinglab.synth/1')
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .._io import atomic_path, write_json, write_text
from .._parallel import map_in_processes
from ..errors import ConfigError
from .annotate import CLASS_ID, CLASS_NAMES
from .generator import SHEETS, compose
from .render import ground_truth, rasterize, to_pdf

log = logging.getLogger(__name__)

STYLES = ("clean", "scan", "mixed")
DIMENSION_CLASSES = {"diameter_dim", "linear_dim", "radius_dim", "angular_dim", "chamfer_dim", "tolerance_dim",
                     "reference_dim"}

__all__ = ["generate", "write_dataset", "SynthPage", "CLASS_NAMES", "CLASS_ID", "STYLES", "drawing_seed"]


@dataclass
class SynthPage:
    """One generated drawing: vector PDF bytes, the raster (RGB), its ground truth, and, for the scan
    style, the JPEG quality the raster should be saved with."""

    name: str
    pdf: bytes
    image: np.ndarray
    gt: dict[str, Any]
    jpeg_quality: int | None = None


def drawing_seed(seed: int, index: int) -> int:
    """The seed of drawing ``index`` in a set generated with ``seed`` (independent of worker count)."""
    return int(np.random.SeedSequence([int(seed), int(index)]).generate_state(1)[0])


def generate(seed: int, sheet: str = "A3", dpi: float = 300, style: str = "clean", name: str | None = None) -> SynthPage:
    """Generate one drawing deterministically from ``seed``."""
    if sheet not in SHEETS:
        raise ConfigError(f"sheet must be one of {', '.join(SHEETS)}, got {sheet!r}")
    if style not in STYLES:
        raise ConfigError(f"style must be one of {', '.join(STYLES)}, got {style!r}")
    rng = np.random.default_rng([seed, 1])
    if style == "mixed":
        style = "scan" if rng.random() < 0.5 else "clean"
    drawing = compose(seed, sheet)
    pdf = to_pdf(drawing)
    image = rasterize(pdf, dpi)
    gt = ground_truth(drawing, dpi, image.shape[1], image.shape[0])
    quality = None
    if style == "scan":
        from .scan import degrade, jpeg_quality, transform_ground_truth

        image, homography = degrade(image, rng)
        gt = transform_ground_truth(gt, homography)
        quality = jpeg_quality(rng)
    gt["name"] = name or f"synth_{seed}"
    return SynthPage(gt["name"], pdf, image, gt, quality)


# --------------------------------------------------------------------------- exporters

def yolo_lines(gt: dict[str, Any]) -> list[str]:
    """YOLO detection labels: ``class cx cy w h`` normalised, for the 14 classes."""
    w, h = gt["width"], gt["height"]
    lines = []
    for ann in gt["annotations"]:
        if ann["class_id"] < 0:
            continue
        x0, y0, x1, y1 = ann["bbox"]
        x0, x1 = max(0.0, x0), min(float(w), x1)
        y0, y1 = max(0.0, y0), min(float(h), y1)
        if x1 <= x0 or y1 <= y0:
            continue
        lines.append(f"{ann['class_id']} {(x0 + x1) / 2 / w:.6f} {(y0 + y1) / 2 / h:.6f} "
                     f"{(x1 - x0) / w:.6f} {(y1 - y0) / h:.6f}")
    return lines


def labelme(gt: dict[str, Any], image_name: str) -> tuple[dict[str, Any], str]:
    """eDOCr2-style ground truth: dimensions with their text, other text as ``other_info`` (JSON, CSV)."""
    shapes, rows = [], []
    for ann in gt["annotations"]:
        if ann["class_name"] in DIMENSION_CLASSES:
            label = ann["text"]
        elif ann["class_name"] == "text_block":
            label = "other_info"
        else:
            continue
        shapes.append({"label": label, "text": "", "points": ann["polygon"], "group_id": None,
                       "shape_type": "polygon", "flags": {}})
        coords = ",".join(f"{v:g}" for p in ann["polygon"] for v in p)
        quoted = f'"{label}"' if "," in label or '"' in label else label
        rows.append(f"{coords},{quoted}")
    doc = {"version": "0.4.10", "flags": {}, "shapes": shapes, "imagePath": image_name, "imageData": None,
           "imageHeight": gt["height"], "imageWidth": gt["width"]}
    return doc, "\n".join(rows) + "\n"


def encode_image(page: SynthPage, png_level: int = 1) -> tuple[bool, np.ndarray]:
    """JPEG for scans (at the page's quality), PNG for clean pages (grey when the page has no colour)."""
    import cv2

    if page.jpeg_quality:
        return cv2.imencode(".jpg", page.image[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, page.jpeg_quality])
    image = page.image
    if np.array_equal(image[..., 0], image[..., 1]) and np.array_equal(image[..., 1], image[..., 2]):
        return cv2.imencode(".png", image[..., 0], [cv2.IMWRITE_PNG_COMPRESSION, png_level])
    return cv2.imencode(".png", image[..., ::-1], [cv2.IMWRITE_PNG_COMPRESSION, png_level])


def _write_page(page: SynthPage, out: Path) -> dict[str, Any]:
    ext = ".jpg" if page.jpeg_quality else ".png"
    image_path = out / "images" / f"{page.name}{ext}"
    ok, buf = encode_image(page)
    if not ok:
        raise OSError(f"could not encode {image_path}")
    with atomic_path(image_path) as tmp:
        tmp.write_bytes(buf.tobytes())
    with atomic_path(out / "pdf" / f"{page.name}.pdf") as tmp:
        tmp.write_bytes(page.pdf)
    page.gt["image"] = image_path.name
    write_json(out / "images" / f"{page.name}.json", page.gt, indent=None)
    write_text(out / "labels" / f"{page.name}.txt", "\n".join(yolo_lines(page.gt)) + "\n")
    doc, csv = labelme(page.gt, image_path.name)
    write_json(out / "labelme" / f"{page.name}.json", doc)
    write_text(out / "labelme" / f"{page.name}.csv", csv)
    return {"name": page.name, "style": page.gt["style"], "part": page.gt["part"],
            "classes": dict(Counter(a["class_name"] for a in page.gt["annotations"]))}


def _make_one(args: tuple[int, int, str, float, str, str]) -> dict[str, Any]:
    seed, index, sheet, dpi, style, out = args
    start = time.perf_counter()
    page = generate(drawing_seed(seed, index), sheet, dpi, style, name=f"synth_{seed}_{index:05d}")
    made = time.perf_counter()
    info = _write_page(page, Path(out))
    info.update(seconds_generate=made - start, seconds_total=time.perf_counter() - start)
    return info


def write_dataset(out: str | Path, n: int, seed: int = 0, sheet: str = "A3", dpi: float = 300, style: str = "clean",
                  workers: int = 1, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate ``n`` drawings into ``out`` (images/, labels/, pdf/, labelme/, dataset.yaml, manifest.json)."""
    if n < 1:
        raise ConfigError(f"n must be at least 1, got {n}")
    generate(0, sheet, 10, style)  # validates sheet/style before any process starts
    out = Path(out)
    for sub in ("images", "labels", "pdf", "labelme"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    jobs = [(seed, i, sheet, float(dpi), style, str(out)) for i in range(n)]
    start = time.perf_counter()
    results: list[dict[str, Any]] = map_in_processes(_make_one, jobs, workers, progress=progress)
    wall = time.perf_counter() - start
    counts: Counter[str] = Counter()
    for info in results:
        counts.update(info["classes"])
    names = {i: name for i, name in enumerate(CLASS_NAMES)}
    yaml = "\n".join([f"path: {out.resolve()}", "train: images", "val: images", "names:"] +
                     [f"  {i}: {name}" for i, name in names.items()]) + "\n"
    write_text(out / "dataset.yaml", yaml)
    manifest = {"seed": seed, "n": n, "sheet": sheet, "dpi": dpi, "style": style, "workers": workers,
                "wall_seconds": round(wall, 2),
                "seconds_per_drawing": round(sum(r["seconds_total"] for r in results) / n, 3),
                "class_counts": dict(sorted(counts.items())), "drawings": results}
    write_json(out / "manifest.json", manifest)
    return manifest
