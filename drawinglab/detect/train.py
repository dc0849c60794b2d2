"""The detector's training recipe: YOLO11n from scratch on synthetic tiles, offline, reproducible.

No pretrained weights are fetched (the architecture comes from ultralytics' bundled ``yolo11n.yaml``),
nothing is plotted (plots need a downloaded font), and the augmentations suit drawings: no left-right
flip (mirrored text is not a drawing), mosaic on, mild scale and brightness changes.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from .._io import write_json
from ..backend import resolve_device
from ..errors import ConfigError, InputNotFound

log = logging.getLogger(__name__)

__all__ = ["RECIPE", "train_detector", "offline_ultralytics"]

#: ultralytics arguments of the recipe (the model card quotes them)
RECIPE: dict[str, Any] = {
    "model": "yolo11n.yaml", "imgsz": 640, "batch": 16, "optimizer": "SGD", "lr0": 0.01, "momentum": 0.937,
    "weight_decay": 0.0005, "warmup_epochs": 0.3, "cos_lr": False, "mosaic": 1.0, "close_mosaic": 1,
    "fliplr": 0.0, "flipud": 0.0, "degrees": 0.0, "translate": 0.1, "scale": 0.25, "hsv_h": 0.0, "hsv_s": 0.0,
    "hsv_v": 0.3, "erasing": 0.0, "plots": False, "pretrained": False, "amp": False, "deterministic": True,
}


def offline_ultralytics():
    """Import ultralytics with every network path off (no hub, no telemetry, no font or weight download)."""
    os.environ.setdefault("YOLO_OFFLINE", "1")
    os.environ.setdefault("YOLO_VERBOSE", "False")
    # ultralytics sets OMP_NUM_THREADS=1 on import when it is unset: torch imported after it (and any other
    # OpenMP library) would run on one core. torch first, and the variable taken back.
    omp_given = "OMP_NUM_THREADS" in os.environ
    import torch  # noqa: F401
    import ultralytics

    if not omp_given:
        os.environ.pop("OMP_NUM_THREADS", None)
    from ultralytics.utils import SETTINGS

    if SETTINGS.get("sync"):
        SETTINGS.update({"sync": False})
    # ultralytics pins CPU work to cpu_count - 1 threads: one core of two. Use them all.
    import ultralytics.utils.torch_utils as torch_utils

    torch_utils.NUM_THREADS = max(1, os.cpu_count() or 1)
    # ultralytics replaces PIL.Image.open with a wrapper that pip-installs a HEIF plugin when Pillow cannot
    # identify a file: a download at run time, and a changed error for corrupt images. Put Pillow's own back.
    import PIL.Image
    from ultralytics.utils import patches

    if PIL.Image.open is getattr(patches, "image_open", None):
        PIL.Image.open = patches._image_open
    return ultralytics


def train_detector(data: str | Path, out: str | Path, epochs: int = 30, imgsz: int = 640, device: str = "auto",
                   seed: int = 0, hours: float | None = None, workers: int = 2, batch: int | None = None,
                   fraction: float = 1.0, **overrides: Any) -> Path:
    """Train on an ultralytics ``data.yaml`` (from :func:`~drawinglab.detect.dataset.build_tile_dataset`).

    Writes ``out/detector.pt`` (best weights, optimizer stripped) and ``out/detector.json`` (the recipe,
    tile settings, time, device and the final validation metrics); returns the weights path. ``hours``
    bounds the run by wall time (ultralytics fits its schedule to it). ``model="path/to/detector.pt"`` (an
    override) continues training from earlier weights of this recipe.
    """
    data = Path(data)
    if not data.exists():
        raise InputNotFound("dataset file not found", data)
    if epochs < 1:
        raise ConfigError(f"epochs must be at least 1, got {epochs}")
    offline_ultralytics()
    from ultralytics import YOLO

    device = resolve_device(device)
    out = Path(out).resolve()
    args = {**RECIPE, **overrides}
    model_cfg = args.pop("model")
    if str(model_cfg).endswith(".pt"):
        args["pretrained"] = True  # fine-tuning our own weights: with pretrained=False ultralytics starts afresh
    if batch is not None:
        args["batch"] = batch
    args.update(data=str(data), epochs=int(epochs), imgsz=int(imgsz), seed=int(seed), workers=int(workers),
                device="cpu" if device == "cpu" else device.split(":")[-1], project=str(out), name="run",
                exist_ok=True, fraction=float(fraction), verbose=False)
    if hours:
        args["time"] = float(hours)
    if device != "cpu":
        args["amp"] = True  # the AMP self-check needs downloaded weights; we take AMP on trust on GPUs
    start = time.perf_counter()
    model = YOLO(model_cfg, task="detect")
    model.train(**args)
    seconds = time.perf_counter() - start
    run = out / "run" / "weights"
    best = run / "best.pt" if (run / "best.pt").exists() else run / "last.pt"
    if not best.exists():
        raise InputNotFound("training produced no weights", run)
    target = out / "detector.pt"
    shutil.copyfile(best, target)
    tiles_json = data.parent / "tiles.json"
    card = {"recipe": {**RECIPE, **overrides, "epochs": epochs, "imgsz": imgsz, "seed": seed, "hours": hours},
            "device": device, "train_seconds": round(seconds, 1), "data": str(data),
            "tiles": json.loads(tiles_json.read_text()) if tiles_json.exists() else None,
            "final_val": _final_metrics(out / "run" / "results.csv")}
    write_json(out / "detector.json", card)
    log.info("trained detector in %.0f s → %s", seconds, target)
    return target


def _final_metrics(results_csv: Path) -> dict[str, float] | None:
    if not results_csv.exists():
        return None
    import pandas as pd

    frame = pd.read_csv(results_csv)
    frame.columns = [c.strip() for c in frame.columns]
    last = frame.iloc[-1]
    return {k: float(v) for k, v in last.items() if k.startswith(("metrics/", "epoch"))}
