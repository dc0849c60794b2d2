"""Evaluate a reader against ground truth: eDOCr2-compatible metrics and a strict, value-correct metric.

Ground truth comes as eDOCr2-style LabelMe JSON (``--gt edocr2``: each shape's ``label`` is the dimension
text or ``other_info``) or as drawinglab's synthetic schema (``--gt synth``).

- **eDOCr2-compatible** (as their test script computes it): each non-``other_info`` ground-truth box takes
  the prediction with the highest polygon IoU; it is a match when IoU ≥ 0.2 and neither side is other.
  Precision = matches / non-other predictions, recall = matches / non-other ground truth, CER = Levenshtein
  distance between the concatenated matched predictions and the concatenated matched ground truth,
  divided by the ground truth's length.
- **strict**: one-to-one (Hungarian) matching at IoU ≥ 0.2; a pair counts when the canonical texts are
  equal and the values (nominal, both limits) equal the parsed ground truth. Synthetic ground truth gives
  what a text means where that differs from the characters drawn (a boxed basic dimension is drawn ``62.5``
  and means ``[62.5]``): the strict metric compares with the meaning, the eDOCr2 metric with the characters.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .dimensions import try_parse
from .errors import ConfigError, CorruptFile, InputNotFound

IOU_THRESHOLD = 0.2
SYNTH_DIMENSION_CLASSES = {"diameter_dim", "linear_dim", "radius_dim", "angular_dim", "chamfer_dim",
                           "tolerance_dim", "reference_dim"}


@dataclass
class Item:
    """A ground-truth or predicted text box: text, polygon (px), and whether it is "other" (not a dimension)."""

    text: str
    polygon: list[tuple[float, float]]
    other: bool = False
    #: what the drawn text means in the dimension grammar (a basic dimension is drawn ``62.5`` in a box and
    #: means ``[62.5]``); ``None`` where the source does not say (eDOCr2 labels are the characters drawn)
    meaning: str | None = None


def read_ground_truth_json(path: str | Path) -> Any:
    """The parsed JSON of a ground-truth file, or :class:`InputNotFound` / :class:`CorruptFile` naming it."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound("ground truth not found", path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorruptFile(f"ground truth is not valid JSON ({exc})", path) from None


def load_ground_truth(path: str | Path, kind: str) -> list[Item]:
    """Read eDOCr2 LabelMe JSON (``edocr2``) or drawinglab synthetic ground truth (``synth``)."""
    return ground_truth_items(read_ground_truth_json(path), kind)


def ground_truth_items(data: Any, kind: str) -> list[Item]:
    """The items of parsed ground truth (see :func:`load_ground_truth`)."""
    items: list[Item] = []
    if kind == "edocr2":
        for shape in data.get("shapes", []):
            pts = [(float(x), float(y)) for x, y in shape["points"]]
            if len(pts) == 2:
                (x0, y0), (x1, y1) = pts
                pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            label = shape["label"]
            items.append(Item(label, pts, label == "other_info"))
    elif kind == "synth":
        for ann in data.get("annotations", []):
            if ann["class_name"] in SYNTH_DIMENSION_CLASSES:
                items.append(Item(ann["text"], [tuple(p) for p in ann["polygon"]], False,
                                  ann.get("parse_text") or ann["text"]))
            elif ann["class_name"] == "text_block":
                items.append(Item(ann["text"], [tuple(p) for p in ann["polygon"]], True))
    else:
        raise ConfigError(f"ground-truth kind must be 'edocr2' or 'synth', got {kind!r}")
    return items


def polygon_iou(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float:
    """Intersection over union of two polygons (shapely; invalid polygons are repaired with buffer(0))."""
    from shapely.geometry import Polygon

    pa, pb = Polygon(a), Polygon(b)
    if not pa.is_valid:
        pa = pa.buffer(0)
    if not pb.is_valid:
        pb = pb.buffer(0)
    if pa.is_empty or pb.is_empty:
        return 0.0
    inter = pa.intersection(pb).area
    union = pa.area + pb.area - inter
    return float(inter / union) if union > 0 else 0.0


def iou_matrix(gt: Sequence[Item], pred: Sequence[Item]) -> np.ndarray:
    out = np.zeros((len(gt), len(pred)))
    boxes_p = [_bounds(p.polygon) for p in pred]
    for i, g in enumerate(gt):
        bg = _bounds(g.polygon)
        for j, p in enumerate(pred):
            bp = boxes_p[j]
            if bg[0] > bp[2] or bp[0] > bg[2] or bg[1] > bp[3] or bp[1] > bg[3]:
                continue
            out[i, j] = polygon_iou(g.polygon, p.polygon)
    return out


def _bounds(poly) -> tuple[float, float, float, float]:
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    return min(xs), min(ys), max(xs), max(ys)


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions of one character each)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def edocr2_metrics(gt: Sequence[Item], pred: Sequence[Item], iou: np.ndarray | None = None) -> dict[str, Any]:
    """The eDOCr2 test script's precision, recall and CER (see module doc)."""
    iou = iou_matrix(gt, pred) if iou is None else iou
    matched_gt, matched_pred = [], []
    for i, g in enumerate(gt):
        if g.other or not len(pred):
            continue
        j = int(np.argmax(iou[i]))
        if iou[i, j] >= IOU_THRESHOLD and not pred[j].other:
            matched_gt.append(g.text)
            matched_pred.append(pred[j].text)
    n_gt = sum(not g.other for g in gt)
    n_pred = sum(not p.other for p in pred)
    gt_text, pred_text = "".join(matched_gt), "".join(matched_pred)
    return {"matches": len(matched_gt), "n_gt": n_gt, "n_pred": n_pred,
            "precision": len(matched_gt) / n_pred if n_pred else 0.0,
            "recall": len(matched_gt) / n_gt if n_gt else 0.0,
            "cer": levenshtein(pred_text, gt_text) / len(gt_text) if gt_text else 0.0,
            "edit_distance": levenshtein(pred_text, gt_text), "gt_chars": len(gt_text),
            "pairs": list(zip(matched_gt, matched_pred))}


def _values(text: str) -> tuple[str, tuple[float | None, ...]] | None:
    dim = try_parse(text)
    if dim is None:
        return None
    return dim.canonical, (dim.nominal, dim.lower, dim.upper)


def _same_values(a: tuple, b: tuple) -> bool:
    return all((x is None and y is None) or (x is not None and y is not None and math.isclose(x, y, abs_tol=1e-6))
               for x, y in zip(a, b))


def strict_metrics(gt: Sequence[Item], pred: Sequence[Item], iou: np.ndarray | None = None) -> dict[str, Any]:
    """One-to-one matching; text equal after canonical normalisation and values equal. ``errors`` lists
    matched pairs that disagree, ``missed`` ground truth without a prediction, ``extra`` predictions without
    ground truth."""
    from scipy.optimize import linear_sum_assignment

    iou = iou_matrix(gt, pred) if iou is None else iou
    gi = [i for i, g in enumerate(gt) if not g.other]
    pj = [j for j, p in enumerate(pred) if not p.other]
    n_gt, n_pred = len(gi), len(pj)
    correct = text_ok = located = 0
    errors = []
    matched_gt, matched_pred = set(), set()
    if gi and pj:
        sub = iou[np.ix_(gi, pj)]
        rows, cols = linear_sum_assignment(-sub)
        for r, c in zip(rows, cols):
            if sub[r, c] < IOU_THRESHOLD:
                continue
            located += 1
            matched_gt.add(gi[r])
            matched_pred.add(pj[c])
            g, p = gt[gi[r]], pred[pj[c]]
            # ground truth that says what a text means is compared with what the prediction means; labels of
            # the characters drawn, with the characters read
            if g.meaning is None:
                gv, pv = _values(g.text), _values(p.text)
            else:
                gv, pv = _values(g.meaning), _values(p.meaning or p.text)
            same_text = gv is not None and pv is not None and gv[0] == pv[0]
            same_value = gv is not None and pv is not None and _same_values(gv[1], pv[1])
            text_ok += same_text
            if same_text and same_value:
                correct += 1
            else:
                errors.append({"gt": g.meaning or g.text, "pred": p.meaning or p.text,
                               "iou": round(float(sub[r, c]), 3), "polygon": [list(pt) for pt in g.polygon]})
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gt if n_gt else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    missed = [{"gt": gt[i].meaning or gt[i].text, "polygon": [list(pt) for pt in gt[i].polygon]}
              for i in gi if i not in matched_gt]
    extra = [{"pred": pred[j].text, "polygon": [list(pt) for pt in pred[j].polygon]} for j in pj
             if j not in matched_pred]
    return {"correct": correct, "text_correct": text_ok, "located": located, "n_gt": n_gt, "n_pred": n_pred,
            "precision": precision, "recall": recall, "f1": f1, "errors": errors, "missed": missed, "extra": extra}


def evaluate_items(gt: Sequence[Item], pred: Sequence[Item]) -> dict[str, Any]:
    iou = iou_matrix(gt, pred)
    return {"edocr2": edocr2_metrics(gt, pred, iou), "strict": strict_metrics(gt, pred, iou)}


GDT_COUNTS = ("frames", "found", "symbol", "tolerance", "datums")


def gdt_metrics(data: Any, table) -> dict[str, Any]:
    """Feature control frames of synthetic ground truth (parsed JSON) against the reader's GD&T records: a
    frame is found when a record's frame box and the ground truth's box overlap ≥ 0.5 of the smaller (one
    record per frame); of those, how many have the right symbol, tolerance value and datum letters."""
    from .detections import box_ioa

    truth = [a for a in data.get("annotations", []) if a.get("gdt")]
    records: dict[tuple, dict] = {}
    if len(table) and "gdt" in table:
        for record in table["gdt"]:
            if isinstance(record, dict):
                records.setdefault(tuple(record["frame"]), record)

    def overlap(a: Sequence[float], b: Sequence[float]) -> float:  # intersection over the smaller box
        a, b = np.asarray([a], np.float64), np.asarray([b], np.float64)
        return float(max(box_ioa(a, b)[0, 0], box_ioa(b, a)[0, 0]))

    counts = dict.fromkeys(GDT_COUNTS, 0)
    unused = dict(records)
    for annotation in truth:
        counts["frames"] += 1
        best = max(unused, key=lambda f: overlap(f, annotation["bbox"]), default=None)
        if best is None or overlap(best, annotation["bbox"]) < 0.5:
            continue
        record, expected = unused.pop(best), annotation["gdt"]
        counts["found"] += 1
        counts["symbol"] += record.get("symbol") == expected["symbol"]
        tolerance = record.get("tolerance")
        counts["tolerance"] += tolerance is not None and abs(tolerance - expected["tolerance"]) < 1e-9
        counts["datums"] += list(record.get("datums", [])) == list(expected.get("datums", []))
    return counts


def _gdt_pooled(results: list[dict[str, Any]]) -> dict[str, Any] | None:
    rows = [r["gdt"] for r in results if "gdt" in r]
    if not rows:
        return None
    total = {k: sum(r[k] for r in rows) for k in GDT_COUNTS}
    return total | {"frame_recall": total["found"] / total["frames"] if total["frames"] else 0.0,
                    "symbol_accuracy": total["symbol"] / total["found"] if total["found"] else 0.0,
                    "tolerance_accuracy": total["tolerance"] / total["found"] if total["found"] else 0.0,
                    "datums_accuracy": total["datums"] / total["found"] if total["found"] else 0.0}


def pool(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Pooled figures over drawings (sums of counts, then ratios)."""
    results = list(results)
    e = {k: sum(r["edocr2"][k] for r in results) for k in ("matches", "n_gt", "n_pred", "edit_distance", "gt_chars")}
    s = {k: sum(r["strict"][k] for r in results) for k in ("correct", "text_correct", "located", "n_gt", "n_pred")}
    precision = s["correct"] / s["n_pred"] if s["n_pred"] else 0.0
    recall = s["correct"] / s["n_gt"] if s["n_gt"] else 0.0
    pooled_gdt = _gdt_pooled(results)
    return ({"gdt": pooled_gdt} if pooled_gdt else {}) | {
        "drawings": len(results),
        "edocr2": e | {"precision": e["matches"] / e["n_pred"] if e["n_pred"] else 0.0,
                       "recall": e["matches"] / e["n_gt"] if e["n_gt"] else 0.0,
                       "cer": e["edit_distance"] / e["gt_chars"] if e["gt_chars"] else 0.0},
        "strict": s | {"precision": precision, "recall": recall,
                       "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0},
        "seconds_per_drawing": sum(r.get("seconds", 0.0) for r in results) / len(results) if results else 0.0,
    }


def find_pairs(paths: Iterable[str | Path], kind: str) -> list[tuple[Path, Path]]:
    """(drawing, ground truth) pairs: a file with a same-stem ``.json`` beside it, or every such file in a folder
    (a synthetic dataset folder is read from its ``images/``)."""
    from .ingest import DRAWING_SUFFIXES

    pairs = []
    for path in map(Path, paths):
        if path.is_dir() and (path / "images").is_dir():
            path = path / "images"
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        for f in files:
            if f.suffix.lower() not in DRAWING_SUFFIXES:
                continue
            truth = f.with_suffix(".json")
            if truth.exists():
                if f.suffix.lower() == ".pdf" and any(f.with_suffix(s).exists() for s in (".png", ".jpg", ".jpeg")):
                    continue  # a raster beside it is the evaluated image; the ground truth is in its pixels
                pairs.append((f, truth))
            elif not path.is_dir():
                raise InputNotFound(f"no ground truth {truth.name} beside it", f)
    return pairs


def predictions_from_table(table) -> list[Item]:
    """Reader output rows → items; anything not categorised ``dimension`` counts as other. A basic dimension
    means its canonical text (``[62.5]``)."""
    return [Item(str(row.text), [tuple(p) for p in row.polygon], row.category != "dimension",
                 row.canonical if getattr(row, "basic", False) is True else None)
            for row in table.itertuples()]


def evaluate_reader(paths: Iterable[str | Path], kind: str, config=None, dpi: float = 300,
                    progress=None, pipeline=None) -> dict[str, Any]:
    """Run the reader on every (drawing, ground truth) pair; per-drawing and pooled metrics, seconds each
    (the text models are loaded first, :func:`~drawinglab.read.ocr.load_models`, and a generated page read
    once, :func:`~drawinglab.read.warm_up`, their seconds given apart as ``model_load_s`` and ``warm_up_s``).
    With a :class:`~drawinglab.pipeline.Pipeline`, its table is scored instead (the reader's rows joined with
    the detector's, dimension boxes it found and the reader did not read inside), and the seconds are its."""
    import time

    from .ingest import load
    from .read import ReaderConfig, read_page, warm_up
    from .read.ocr import describe_backend, load_models

    config = config or ReaderConfig()
    drawings = []
    pairs = find_pairs(paths, kind)
    # the models load once, and a generated page is read once, before the clock starts on the first drawing
    # (a process's first read pays one-off work no later read does); their seconds are reported apart
    model_load_s = load_models() if pairs else 0.0
    warm_up_s = warm_up(config if pipeline is None else None) if pairs else 0.0
    for image_path, truth_path in pairs:
        truth = read_ground_truth_json(truth_path)
        gt = ground_truth_items(truth, kind)
        [page] = load(image_path, dpi=dpi, pages=0)
        start = time.perf_counter()
        if pipeline is None:
            table = read_page(page, config)
        else:  # boxes the detector found and nothing was read in are not readings
            table = pipeline.run_page(page).table
            table = table[table["category"] != "unread"]
        seconds = time.perf_counter() - start
        result = evaluate_items(gt, predictions_from_table(table))
        result.update(drawing=str(image_path), ground_truth=str(truth_path), seconds=round(seconds, 3))
        if kind == "synth":
            result["gdt"] = gdt_metrics(truth, table)
        drawings.append(result)
        if progress:
            progress(1)
    used = config.to_dict() if pipeline is None else {"pipeline": pipeline.config.to_dict()}
    return {"kind": kind, "config": used, "ocr_backend": describe_backend(), "model_load_s": round(model_load_s, 3),
            "warm_up_s": round(warm_up_s, 3),
            "pooled": pool(drawings), "drawings": drawings}
