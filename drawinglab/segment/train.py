"""Training the stroke classifier on synthetic drawings (primitive roles → stroke labels), reproducibly."""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .._io import atomic_path, write_json
from .._parallel import map_in_processes
from ..backend import resolve_device
from ..errors import InputNotFound
from .labels import CLASSES, role_map, stroke_labels, vector_labels
from .model import StrokeSAGE, build_edges
from .vector import VECTOR_FEATURE_NAMES, vector_strokes
from .vectorize import FEATURE_NAMES, trace_strokes

log = logging.getLogger(__name__)

__all__ = ["graph_of", "vector_graph_of", "build_graphs", "train_segmenter"]

#: resolution at which training PDFs are opened for their vector layer (the raster is not used)
VECTOR_TRAIN_DPI = 72.0


def graph_of(gt_path: str | Path) -> dict[str, Any]:
    """Trace one synthetic drawing (image beside its ground truth) into a labelled stroke graph."""
    import cv2

    gt_path = Path(gt_path)
    gt = json.loads(gt_path.read_text(encoding="utf-8"))
    image_path = gt_path.with_name(gt.get("image") or gt_path.stem + ".png")
    if not image_path.exists():
        raise InputNotFound("image for ground truth not found", image_path)
    image = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
    strokes = trace_strokes(image)
    labels = stroke_labels(strokes, role_map(gt, strokes.shape, strokes.scale))
    return {"name": gt_path.stem, "features": strokes.features, "edges": build_edges(strokes), "labels": labels}


def pdf_beside(gt_path: str | Path) -> Path:
    """The vector PDF of a synthetic drawing: ``DATASET/pdf/NAME.pdf`` for ``DATASET/images/NAME.json``."""
    gt_path = Path(gt_path)
    for candidate in (gt_path.parent.parent / "pdf" / f"{gt_path.stem}.pdf", gt_path.with_suffix(".pdf")):
        if candidate.exists():
            return candidate
    raise InputNotFound("vector PDF for ground truth not found (expected DATASET/pdf/NAME.pdf)", gt_path)


def vector_graph_of(gt_path: str | Path) -> dict[str, Any]:
    """One synthetic drawing's vector PDF as a labelled graph of path strokes and glyph runs."""
    from ..ingest import load

    gt_path = Path(gt_path)
    gt = json.loads(gt_path.read_text(encoding="utf-8"))
    page = load(pdf_beside(gt_path), dpi=VECTOR_TRAIN_DPI, pages=0)[0]
    strokes = vector_strokes(page, with_mask=False)
    labels = vector_labels(strokes, VECTOR_TRAIN_DPI, gt)
    return {"name": gt_path.stem, "features": strokes.features, "edges": build_edges(strokes), "labels": labels}


def build_graphs(gt_paths: Sequence[str | Path], workers: int = 1, progress: Callable[[int], None] | None = None,
                 vector: bool = False) -> list[dict[str, Any]]:
    """Labelled graphs of synthetic drawings: traced rasters, or (``vector``) their vector PDFs."""
    return map_in_processes(vector_graph_of if vector else graph_of, [str(p) for p in gt_paths], workers,
                            chunksize=2, progress=progress)


def _accuracy(model, graphs, device) -> float:
    import torch

    model.eval()
    right = total = 0
    with torch.no_grad():
        for g in graphs:
            mask = g["labels"] >= 0
            pred = model(torch.from_numpy(g["features"]).to(device), torch.from_numpy(g["edges"]).to(device))
            right += int((pred.argmax(1).cpu().numpy()[mask] == g["labels"][mask]).sum())
            total += int(mask.sum())
    return right / max(total, 1)


def train_segmenter(train: list[dict[str, Any]], val: list[dict[str, Any]], out: str | Path, epochs: int = 60,
                    lr: float = 3e-3, hidden: int = 64, seed: int = 0, device: str = "auto",
                    vector: bool = False) -> dict[str, Any]:
    """Full-graph training (one drawing per step, Adam, class-balanced cross-entropy); keeps the epoch with
    the best validation accuracy. Writes ``out/segmenter.pt`` and ``out/segmenter.json`` (model card), or
    ``segmenter_vector.*`` for graphs of vector PDFs."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    device = resolve_device(device)
    dev = device if device.startswith("cuda") else "cpu"
    feats = np.concatenate([g["features"] for g in train])
    labels = np.concatenate([g["labels"] for g in train])
    model = StrokeSAGE(feats.shape[1], hidden=hidden, classes=len(CLASSES))
    model.mean.copy_(torch.from_numpy(feats.mean(axis=0)))
    model.std.copy_(torch.from_numpy(feats.std(axis=0) + 1e-6))
    model.to(dev)
    counts = np.bincount(labels[labels >= 0], minlength=len(CLASSES)).astype(float)
    weights = torch.tensor((counts.sum() / np.maximum(counts, 1)) ** 0.5, dtype=torch.float32, device=dev)
    weights = weights / weights.mean()
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-5)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights, ignore_index=-1)
    tensors = [(torch.from_numpy(g["features"]).to(dev), torch.from_numpy(g["edges"]).to(dev),
                torch.from_numpy(g["labels"]).to(dev)) for g in train]
    best, best_state, history = -1.0, None, []
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for i in rng.permutation(len(tensors)):
            x, e, y = tensors[i]
            opt.zero_grad()
            loss = loss_fn(model(x, e), y)
            loss.backward()
            opt.step()
            total += float(loss.detach())
        sched.step()
        acc = _accuracy(model, val, dev)
        history.append({"epoch": epoch + 1, "loss": round(total / len(tensors), 4), "val_accuracy": round(acc, 4)})
        if acc > best:
            best, best_state = acc, {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        log.info("epoch %d loss %.4f val acc %.4f", epoch + 1, total / len(tensors), acc)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "segmenter_vector" if vector else "segmenter"
    with atomic_path(out / f"{stem}.pt") as tmp:
        torch.save(best_state, tmp)
    card = {"model": model.config, "input": "vector PDF" if vector else "raster",
            "features": VECTOR_FEATURE_NAMES if vector else FEATURE_NAMES, "classes": CLASSES, "epochs": epochs, "lr": lr,
            "seed": seed, "device": device, "train_graphs": len(train), "val_graphs": len(val),
            "train_strokes": int(len(labels)), "class_counts": dict(zip(CLASSES, counts.astype(int).tolist())),
            "best_val_accuracy": round(best, 4), "train_seconds": round(time.perf_counter() - start, 1),
            "history": history}
    write_json(out / f"{stem}.json", card)
    return card
