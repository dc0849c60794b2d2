"""Detector metrics: COCO-style mAP on synthetic ground truth, dimension-box recall on eDOCr2 labels.

Example:
    >>> import numpy as np
    >>> from drawinglab.detections import Detections
    >>> from drawinglab.detect.evaluate import GroundTruthBoxes, detection_metrics
    >>> gt = GroundTruthBoxes(np.array([[0, 0, 10, 10], [20, 20, 30, 30]]), np.array([0, 1]))
    >>> pred = Detections(np.array([[0, 0, 10, 10], [50, 50, 60, 60]]), np.array([0.9, 0.8]), np.array([0, 1]))
    >>> m = detection_metrics([pred], [gt], {0: "a", 1: "b"})
    >>> m["map50"], m["per_class"]["a"]["ap50"], m["per_class"]["b"]["recall"]
    (0.5, 1.0, 0.0)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from ..detections import Detections, box_iou
from ..errors import ConfigError, CorruptFile

__all__ = ["GroundTruthBoxes", "average_precision", "detection_metrics", "dimension_box_metrics",
           "load_boxes", "DIMENSION_CLASSES"]

IOU_THRESHOLDS = np.round(np.arange(0.5, 0.96, 0.05), 2)
DIMENSION_CLASSES = ("diameter_dim", "linear_dim", "radius_dim", "angular_dim", "chamfer_dim", "tolerance_dim",
                     "reference_dim")


@dataclass
class GroundTruthBoxes:
    """Ground-truth boxes of one page: ``xyxy`` (N×4), ``class_id`` (N; −1 = labelled but not a class,
    e.g. eDOCr2's ``other_info``), and for eDOCr2 labels whether each box is a dimension."""

    xyxy: np.ndarray
    class_id: np.ndarray
    is_dimension: np.ndarray | None = None

    def __post_init__(self) -> None:
        self.xyxy = np.asarray(self.xyxy, np.float64).reshape(-1, 4)
        self.class_id = np.asarray(self.class_id, np.int64).reshape(-1)
        if self.is_dimension is not None:
            self.is_dimension = np.asarray(self.is_dimension, bool).reshape(-1)


def load_boxes(path: str | Path) -> tuple[GroundTruthBoxes, str]:
    """Read a ground-truth JSON: drawinglab synthetic (``"synth"``) or eDOCr2 LabelMe (``"edocr2"``)."""
    from ..evaluate import read_ground_truth_json

    data = read_ground_truth_json(path)
    if isinstance(data, dict) and "annotations" in data:
        anns = [a for a in data["annotations"] if a["class_id"] >= 0]
        return GroundTruthBoxes(np.array([a["bbox"] for a in anns]), np.array([a["class_id"] for a in anns])), "synth"
    if isinstance(data, dict) and "shapes" in data:
        boxes, dims = [], []
        for shape in data["shapes"]:
            pts = np.asarray(shape["points"], np.float64)
            boxes.append([pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()])
            dims.append(shape["label"] != "other_info")
        return GroundTruthBoxes(np.array(boxes), -np.ones(len(boxes)), np.array(dims)), "edocr2"
    raise CorruptFile("not a synthetic or eDOCr2 ground-truth file", path)


def average_precision(recall: np.ndarray, precision: np.ndarray) -> float:
    """COCO's 101-point AP: the mean over recall levels 0, 0.01, …, 1 of the best precision reached at that
    recall or beyond (0 where the recall is never reached). ``recall`` must be non-decreasing."""
    recall = np.asarray(recall, np.float64)
    precision = np.asarray(precision, np.float64)
    if len(recall) == 0:
        return 0.0
    envelope = np.flip(np.maximum.accumulate(np.flip(precision)))
    levels = np.linspace(0.0, 1.0, 101)
    idx = np.searchsorted(recall, levels - 1e-12, side="left")
    values = np.where(idx < len(recall), envelope[np.minimum(idx, len(recall) - 1)], 0.0)
    return float(values.mean())


def _match(pred: Detections, gt: GroundTruthBoxes, cls: int) -> tuple[np.ndarray, np.ndarray]:
    """True-positive flags (P×T, one column per IoU threshold) and confidences of class ``cls`` predictions."""
    p = pred[pred.class_id == cls]
    order = np.argsort(-p.confidence, kind="stable")
    p = p[order]
    g = gt.xyxy[gt.class_id == cls]
    tp = np.zeros((len(p), len(IOU_THRESHOLDS)), bool)
    if len(p) and len(g):
        iou = box_iou(p.xyxy, g)
        for t, thr in enumerate(IOU_THRESHOLDS):
            taken = np.zeros(len(g), bool)
            for i in range(len(p)):
                cand = np.where(~taken & (iou[i] >= thr), iou[i], -1.0)
                j = int(np.argmax(cand))
                if cand[j] >= 0:
                    taken[j] = True
                    tp[i, t] = True
    return tp, p.confidence


def detection_metrics(preds: Sequence[Detections], gts: Sequence[GroundTruthBoxes], names: Mapping[int, str],
                      conf: float = 0.35) -> dict[str, Any]:
    """mAP50, mAP50-95 and per class precision, recall (at ``conf``) and AP50/AP50-95 over many pages.

    Classes without ground truth are left out of the means (and reported with ``n_gt = 0``).
    """
    if len(preds) != len(gts):
        raise ConfigError(f"{len(preds)} prediction sets for {len(gts)} ground truths")
    per_class: dict[str, dict[str, Any]] = {}
    ap50s, aps = [], []
    for cls, name in sorted(names.items()):
        tps, confs = [], []
        n_gt = int(sum((g.class_id == cls).sum() for g in gts))
        for p, g in zip(preds, gts):
            tp, c = _match(p, g, cls)
            tps.append(tp)
            confs.append(c)
        tp = np.concatenate(tps) if tps else np.zeros((0, len(IOU_THRESHOLDS)), bool)
        cf = np.concatenate(confs) if confs else np.zeros(0)
        order = np.argsort(-cf, kind="stable")
        tp, cf = tp[order], cf[order]
        row: dict[str, Any] = {"n_gt": n_gt, "n_pred": int((cf >= conf).sum())}
        if n_gt == 0:
            row.update(precision=None, recall=None, ap50=None, ap50_95=None)
            per_class[name] = row
            continue
        cum_tp = np.cumsum(tp, axis=0)
        cum_fp = np.cumsum(~tp, axis=0)
        recall = cum_tp / n_gt
        precision = cum_tp / np.maximum(cum_tp + cum_fp, 1)
        ap = [average_precision(recall[:, t], precision[:, t]) for t in range(len(IOU_THRESHOLDS))]
        at = cf >= conf
        hits = int(tp[at, 0].sum())
        row.update(precision=hits / max(int(at.sum()), 1), recall=hits / n_gt, ap50=ap[0], ap50_95=float(np.mean(ap)))
        ap50s.append(ap[0])
        aps.append(float(np.mean(ap)))
        per_class[name] = row
    return {"map50": float(np.mean(ap50s)) if ap50s else 0.0, "map50_95": float(np.mean(aps)) if aps else 0.0,
            "conf": conf, "pages": len(gts), "per_class": per_class}


def dimension_box_metrics(preds: Sequence[Detections], gts: Sequence[GroundTruthBoxes], iou: float = 0.3,
                          dimension_classes: Sequence[str] = DIMENSION_CLASSES) -> dict[str, Any]:
    """eDOCr2-style figures: recall of ground-truth dimension boxes by any dimension-class detection at
    ``iou``, and precision of dimension-class detections against all labelled boxes."""
    found = total = correct = predicted = 0
    for p, g in zip(preds, gts):
        if g.is_dimension is None:
            raise ConfigError("dimension-box metrics need eDOCr2-style ground truth (dimension or other_info)")
        dims = p[np.isin(p.class_name.astype(str), list(dimension_classes))] if len(p) else p
        gt_dim = g.xyxy[g.is_dimension]
        total += len(gt_dim)
        predicted += len(dims)
        if len(dims) and len(gt_dim):
            found += int((box_iou(gt_dim, dims.xyxy).max(axis=1) >= iou).sum())
        if len(dims) and len(g.xyxy):
            correct += int((box_iou(dims.xyxy, g.xyxy).max(axis=1) >= iou).sum())
    return {"recall": found / total if total else None, "precision": correct / predicted if predicted else None,
            "gt_dimensions": total, "found": found, "dimension_detections": predicted, "iou": iou}


def evaluate_detector(paths: Sequence[str | Path], detector: Any = None, conf: float = 0.35, iou: float = 0.45,
                      progress: Any = None) -> dict[str, Any]:
    """Run ``detector`` on drawings with ground truth beside them (same stem, ``.json``) and score it.

    Synthetic pages give :func:`detection_metrics` (scored with every detection above 0.001 so AP sees the
    whole precision–recall curve; precision/recall per class are read at ``conf``); eDOCr2 pages give
    :func:`dimension_box_metrics` at ``conf``. Returns both groups, per-page seconds and failures.
    """
    import time

    from ..evaluate import find_pairs
    from ..ingest import load
    from .detector import Detector

    detector = detector or Detector()
    groups: dict[str, tuple[list, list]] = {"synth": ([], []), "edocr2": ([], [])}
    pages, failures = [], []
    for image_path, gt_path in find_pairs(paths, "any"):
        try:
            gt, kind = load_boxes(gt_path)
            page = load(image_path)[0]
            start = time.perf_counter()
            dets = detector.predict(page, conf=0.001 if kind == "synth" else conf, iou=iou)
            seconds = time.perf_counter() - start
        except Exception as exc:  # one bad drawing must not end the evaluation
            failures.append({"source": str(image_path), "error": f"{type(exc).__name__}: {exc}"})
            continue
        groups[kind][0].append(dets)
        groups[kind][1].append(gt)
        pages.append({"name": Path(image_path).stem, "kind": kind, "seconds": round(seconds, 3),
                      "detections": int((dets.confidence >= conf).sum()), "ground_truth": int(len(gt.xyxy))})
        if progress:
            progress(1)
    out: dict[str, Any] = {"weights": str(detector.weights), "device": detector.device, "conf": conf, "iou": iou,
                           "pages": pages, "failures": failures}
    if groups["synth"][0]:
        out["synth"] = detection_metrics(groups["synth"][0], groups["synth"][1], detector.names, conf)
    if groups["edocr2"][0]:
        out["edocr2"] = dimension_box_metrics(groups["edocr2"][0], groups["edocr2"][1])
    seconds = [p["seconds"] for p in pages]
    out["seconds_per_page"] = float(np.mean(seconds)) if seconds else None
    return out
