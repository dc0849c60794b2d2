"""Cut synthetic drawings into training tiles at the detector's scale, with their YOLO labels.

Each drawing is resized so its characters are ``text_height`` px tall (±``jitter``, drawn per drawing from
the seed), exactly as :class:`~drawinglab.detect.Detector` resizes pages before inference, then cut with
:func:`~drawinglab.detect.tiling.tile_grid`. A box cut by a tile keeps its clipped label when at least
``min_visible`` of it is inside; tiles without labels are kept with probability ``empty_fraction``.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .._io import atomic_path, write_json, write_text
from .._parallel import map_in_processes
from ..errors import ConfigError, InputNotFound
from ..synth.annotate import CLASS_NAMES
from .tiling import cut_tile, tile_grid

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_TILES", "find_ground_truth", "image_beside", "tiles_of_drawing", "build_tile_dataset",
           "balance_tiles"]

#: tile size and overlap (px), lettering height (px, the page's 90th percentile of character heights, as
#: :class:`~drawinglab.detect.Detector` measures it) ± jitter, share of a clipped box that keeps its label,
#: share of label-free tiles kept. Datasets cut before session 6 used the mode at 14 px (the same scale on
#: synthetic pages: ``MODE_TO_P90``).
DEFAULT_TILES: dict[str, Any] = {"tile": 640, "overlap": 160, "text_height": 17.0, "statistic": "p90",
                               "jitter": 0.2, "min_visible": 0.4, "empty_fraction": 0.1}


def find_ground_truth(paths: Sequence[str | Path]) -> list[Path]:
    """Synthetic ground-truth JSON files under ``paths`` (dataset folders, ``images/`` folders or files)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise InputNotFound("no such file or folder", path)
        if path.is_file():
            found.append(path)
            continue
        folder = path / "images" if (path / "images").is_dir() else path
        found.extend(sorted(p for p in folder.glob("*.json") if p.stem != "manifest"))
    if not found:
        raise InputNotFound("no synthetic ground truth (images/*.json) found", ", ".join(map(str, paths)))
    return found


def image_beside(gt_path: Path, gt: dict[str, Any]) -> Path:
    image = gt_path.with_name(gt.get("image") or gt_path.stem + ".png")
    if not image.exists():
        raise InputNotFound("image for ground truth not found", image)
    return image


def tiles_of_drawing(gt_path: str | Path, settings: dict[str, Any], seed: int) -> list[tuple[np.ndarray, list[str]]]:
    """The kept tiles of one drawing: ``(tile image BGR, YOLO label lines)``."""
    import cv2

    from ..preprocess import estimate_text_height

    gt_path = Path(gt_path)
    gt = json.loads(gt_path.read_text(encoding="utf-8"))
    image = cv2.imread(str(image_beside(gt_path, gt)), cv2.IMREAD_COLOR)
    rng = np.random.default_rng(seed)
    height = estimate_text_height(image, statistic=settings.get("statistic", "mode")) or 30.0
    target = settings["text_height"] * (1.0 + rng.uniform(-settings["jitter"], settings["jitter"]))
    scale = target / height
    image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    boxes = np.asarray([a["bbox"] for a in gt["annotations"] if a["class_id"] >= 0], dtype=np.float64).reshape(-1, 4)
    classes = np.asarray([a["class_id"] for a in gt["annotations"] if a["class_id"] >= 0], dtype=np.int64)
    boxes *= scale
    tile = settings["tile"]
    out = []
    for x0, y0, x1, y1 in tile_grid(image.shape[1], image.shape[0], tile, settings["overlap"]):
        cx0, cy0 = np.maximum(boxes[:, 0], x0), np.maximum(boxes[:, 1], y0)
        cx1, cy1 = np.minimum(boxes[:, 2], x1), np.minimum(boxes[:, 3], y1)
        inter = (cx1 - cx0).clip(0) * (cy1 - cy0).clip(0)
        area = np.maximum((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]), 1e-9)
        keep = (inter / area) >= settings["min_visible"]
        if not keep.any() and rng.random() >= settings["empty_fraction"]:
            continue
        lines = [f"{c} {((a + b) / 2 - x0) / tile:.6f} {((d + e) / 2 - y0) / tile:.6f} {(b - a) / tile:.6f} "
                 f"{(e - d) / tile:.6f}"
                 for c, a, d, b, e in zip(classes[keep], cx0[keep], cy0[keep], cx1[keep], cy1[keep])]
        out.append((cut_tile(image, (x0, y0, x1, y1), tile), lines))
    return out


def _write_tiles(job: tuple[str, str, str, dict, int]) -> int:
    import cv2

    gt_path, out, split, settings, seed = job
    stem = Path(gt_path).stem
    tiles = tiles_of_drawing(gt_path, settings, seed)
    for k, (tile, lines) in enumerate(tiles):
        name = f"{stem}_t{k:03d}"
        ok, buf = cv2.imencode(".png", tile, [cv2.IMWRITE_PNG_COMPRESSION, 1])
        with atomic_path(Path(out) / "images" / split / f"{name}.png") as tmp:
            tmp.write_bytes(buf.tobytes())
        write_text(Path(out) / "labels" / split / f"{name}.txt", "\n".join(lines) + ("\n" if lines else ""))
    return len(tiles)


def build_tile_dataset(train: Sequence[str | Path], val: Sequence[str | Path], out: str | Path,
                       settings: dict[str, Any] | None = None, seed: int = 0, workers: int = 1,
                       progress: Callable[[int], None] | None = None) -> Path:
    """Write an ultralytics dataset of tiles (``images/{train,val}``, ``labels/{train,val}``,
    ``data.yaml``, ``tiles.json``) from synthetic drawing folders; returns the ``data.yaml`` path."""
    settings = {**DEFAULT_TILES, **(settings or {})}
    if settings["overlap"] >= settings["tile"]:
        raise ConfigError("tile overlap must be smaller than the tile")
    out = Path(out)
    jobs = []
    for split, sources in (("train", train), ("val", val)):
        for gt in find_ground_truth(sources):
            jobs.append((str(gt), str(out), split, settings, int(np.random.SeedSequence([seed, len(jobs)])
                                                                  .generate_state(1)[0])))
    counts = {"train": 0, "val": 0}
    for job, n in zip(jobs, map_in_processes(_write_tiles, jobs, workers, chunksize=2, progress=progress)):
        counts[job[2]] += n
    yaml = "\n".join([f"path: {out.resolve()}", "train: images/train", "val: images/val", "names:"] +
                     [f"  {i}: {name}" for i, name in enumerate(CLASS_NAMES)]) + "\n"
    write_text(out / "data.yaml", yaml)
    write_json(out / "tiles.json", {"settings": settings, "seed": seed, "drawings": len(jobs), "tiles": counts,
                                    "train_sources": [str(p) for p in train], "val_sources": [str(p) for p in val]})
    log.info("tile dataset %s: %s tiles from %d drawings", out, counts, len(jobs))
    return out / "data.yaml"


def balance_tiles(data_yaml: str | Path, target: int = 600, cap: int = 4, text_only_keep: float = 0.5,
                  seed: int = 0) -> Path:
    """Write a class-balanced training list beside a tile dataset; returns the new ``data_balanced.yaml``.

    Drawings carry far more notes and linear dimensions than radii, angles or GD&T frames, so each tile is
    listed ``min(cap, max over its classes of ceil(target / class count))`` times, and tiles holding only
    text blocks are kept with probability ``text_only_keep`` (seeded). Validation is left as it is.

    Example:
        >>> balance_tiles("tiles/data.yaml")            # doctest: +SKIP
        PosixPath('tiles/data_balanced.yaml')
    """
    data_yaml = Path(data_yaml)
    if not data_yaml.exists():
        raise InputNotFound("dataset file not found", data_yaml)
    root = data_yaml.parent
    label_dir, image_dir = root / "labels" / "train", root / "images" / "train"
    tiles: list[tuple[Path, set[int]]] = []
    counts = np.zeros(len(CLASS_NAMES), dtype=np.int64)
    for label in sorted(label_dir.glob("*.txt")):
        classes = [int(line.split()[0]) for line in label.read_text().splitlines() if line.strip()]
        np.add.at(counts, classes, 1)
        tiles.append((image_dir / f"{label.stem}.png", set(classes)))
    if not tiles:
        raise InputNotFound("no training labels in the tile dataset", label_dir)
    text_block = CLASS_NAMES.index("text_block")
    rng = np.random.default_rng(seed)
    lines: list[str] = []
    for image, classes in tiles:
        if classes and classes <= {text_block} and rng.random() >= text_only_keep:
            continue
        repeats = max([1] + [int(np.ceil(target / counts[c])) for c in classes])
        lines.extend([str(image)] * min(cap, repeats))
    write_text(root / "train_balanced.txt", "\n".join(lines) + "\n")
    yaml = data_yaml.read_text().replace("train: images/train", f"train: {root.resolve() / 'train_balanced.txt'}")
    write_text(root / "data_balanced.yaml", yaml)
    log.info("balanced list: %d entries from %d tiles", len(lines), len(tiles))
    return root / "data_balanced.yaml"
