"""Segmentation metrics: stroke (node) accuracy and per-class F1 in the 4- and 3-class views, pixel IoU, and
on vector PDFs the recall of the text layer's lettering.

Example:
    >>> import numpy as np
    >>> from drawinglab.segment.evaluate import node_metrics
    >>> m = node_metrics(np.array([0, 1, 2, 3, 2]), np.array([0, 1, 2, 0, -1]))
    >>> m["accuracy_4"], m["accuracy_3"]
    (0.75, 1.0)
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .labels import CLASSES, CLASSES_3, TO_3, role_map, stroke_labels, vector_labels

__all__ = ["node_metrics", "pixel_iou", "text_layer_recall", "evaluate_segmenter"]

#: text-layer spans that are dimension fragments or context-dependent letters: single characters, lone signs,
#: fit classes (H7, k6), quantity prefixes (2x), deviations (+0.2, -0.1, 0)
_FRAGMENT = re.compile(r"^(?:.|[+\-±]|[A-Za-z]{1,2}\d{1,2}|\d+\s*[xX×]|[+\-±]?\d*[.,]?\d+)$")

VECTOR_EVAL_DPI = 150.0  # vector PDFs are opened at this resolution (the raster only paints the class map)


def _f1(pred: np.ndarray, true: np.ndarray, k: int) -> dict[str, float | int]:
    tp = int(((pred == k) & (true == k)).sum())
    fp = int(((pred == k) & (true != k)).sum())
    fn = int(((pred != k) & (true == k)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": tp + fn}


def node_metrics(pred: np.ndarray, true: np.ndarray) -> dict[str, Any]:
    """Accuracy and per-class F1 over strokes with a label (``true >= 0``), 4-class and 3-class."""
    mask = true >= 0
    pred, true = np.asarray(pred)[mask], np.asarray(true)[mask]
    out: dict[str, Any] = {"strokes": int(mask.sum())}
    out["accuracy_4"] = float((pred == true).mean()) if len(true) else 0.0
    out["f1_4"] = {name: _f1(pred, true, k) for k, name in enumerate(CLASSES)}
    p3, t3 = TO_3[pred], TO_3[true]
    out["accuracy_3"] = float((p3 == t3).mean()) if len(true) else 0.0
    out["f1_3"] = {name: _f1(p3, t3, k) for k, name in enumerate(CLASSES_3)}
    return out


def pixel_iou(class_map: np.ndarray, roles: np.ndarray) -> dict[str, Any]:
    """Per-class IoU over ink pixels that a primitive covers (``roles`` 1 + class id; 0 is ignored)."""
    valid = (class_map >= 0) & (roles > 0)
    pred, true = class_map[valid].astype(np.int64), roles[valid].astype(np.int64) - 1
    counts = {"pixels": int(valid.sum())}
    iou4 = {}
    for k, name in enumerate(CLASSES):
        inter = int(((pred == k) & (true == k)).sum())
        union = int(((pred == k) | (true == k)).sum())
        iou4[name] = {"inter": inter, "union": union}
    iou3 = {}
    p3, t3 = TO_3[pred], TO_3[true]
    for k, name in enumerate(CLASSES_3):
        iou3[name] = {"inter": int(((p3 == k) & (t3 == k)).sum()), "union": int(((p3 == k) | (t3 == k)).sum())}
    return {**counts, "iou_4": iou4, "iou_3": iou3}


def text_layer_recall(seg, page) -> dict[str, Any]:
    """How the segmenter classes the ink of the PDF text layer's spans (each span's ink pixels vote).

    By the class rules (docs/synth_schema.md) zone markers in the border are ``other``, and dimension values,
    tolerances, datum letters and GD&T contents are ``dimension``; so the spans inside the drawing frame
    (found by the reader's layout analysis) are the lettering to recall. ``lettering_recall``: share of them
    whose majority is ``text`` or ``dimension``. ``text_recall``: share of those the dimension grammar does
    not parse (notes, title block, view labels — and also datum letters and tolerance fragments, which the
    rules put in ``dimension``, so this one is a lower bound) whose majority is ``text``.
    ``text_recall_words``: the same over those spans less the fragments whose class the rules decide by
    context, not by their text (single characters such as datum letters or view labels, lone signs, fit
    classes, quantity prefixes ``2x``, deviations); ``fragments`` counts what it leaves out.
    ``border_other``: share of the spans outside the frame classed ``other``.
    """
    from ..dimensions import try_parse
    from ..read.layout import analyze

    cmap = seg.class_map(page_scale=True)
    # a vector PDF renders on pure white, so anything below 230 is ink (SolidWorks draws its frame in light grey)
    frame = analyze(np.where(page.gray < 230, 0, 255).astype(np.uint8)).frame
    found_letter = found_text = n_text = n = n_border = border_other = n_words = found_words = 0
    for span in page.text_spans:
        if not span.text.strip():
            continue
        x0, y0, x1, y1 = (int(round(v)) for v in span.bbox)
        votes = cmap[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)]
        votes = votes[votes >= 0]
        if len(votes) == 0:
            continue  # no ink at the span (white or hidden text)
        major = int(np.bincount(votes, minlength=len(CLASSES)).argmax())
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if frame is not None and not (frame[0] <= cx <= frame[2] and frame[1] <= cy <= frame[3]):
            n_border += 1
            border_other += major == 3
            continue
        n += 1
        found_letter += major in (1, 2)
        if try_parse(span.text) is None:
            n_text += 1
            found_text += major == 2
            if not _FRAGMENT.match(span.text.strip()):
                n_words += 1
                found_words += major == 2
    return {"spans": n, "lettering_recall": found_letter / n if n else None, "text_spans": n_text,
            "text_recall": found_text / n_text if n_text else None, "word_spans": n_words,
            "text_recall_words": found_words / n_words if n_words else None, "fragments": n_text - n_words,
            "border_spans": n_border,
            "border_other": border_other / n_border if n_border else None}


def _pool_iou(parts: list[dict[str, Any]], key: str) -> dict[str, float]:
    names = parts[0][key].keys()
    return {name: sum(p[key][name]["inter"] for p in parts) / max(sum(p[key][name]["union"] for p in parts), 1)
            for name in names}


def _timed(segmenter, page) -> tuple[Any, float]:
    start = time.perf_counter()
    seg = segmenter.segment(page)
    return seg, time.perf_counter() - start


def evaluate_segmenter(paths: Sequence[str | Path], segmenter: Any = None,
                       progress: Callable[[int], None] | None = None, source: str = "auto") -> dict[str, Any]:
    """Synthetic drawings (ground truth beside them): pooled node metrics and pixel IoU; PDFs without ground
    truth: text-layer recall. Also seconds per page (strokes + classify).

    ``source="vector"`` segments each synthetic drawing from its vector PDF (``DATASET/pdf``) instead of its
    raster (node metrics only: the role map is the raster's frame); ``"raster"`` traces the rasters of every
    input, PDFs included; ``"auto"`` traces synthetic rasters and lets the segmenter take a PDF's vector
    layer when it has a vector model."""
    from ..errors import ConfigError
    from ..evaluate import find_pairs
    from ..ingest import expand_paths, load
    from .segmenter import Segmenter
    from .train import pdf_beside

    if source not in ("auto", "raster", "vector"):
        raise ConfigError(f"source must be auto, raster or vector, got {source!r}")
    segmenter = segmenter or Segmenter()
    if source == "vector" and segmenter.vector_model is None:
        raise ConfigError("the segmenter has no vector model loaded", segmenter.vector_weights)
    paths = [Path(p) for p in paths]
    # a drawing given by name needs ground truth beside it, except a PDF: it is checked against its text layer
    pairs = find_pairs([p for p in paths if p.is_dir() or p.with_suffix(".json").exists()], "synth")
    paired = {str(p) for p, _ in pairs}
    pdfs = [p for p in expand_paths(paths) if p.suffix.lower() == ".pdf" and str(p) not in paired
            and not p.with_suffix(".json").exists()]
    preds, trues, pix, pages, pdf_rows = [], [], [], [], []
    for image_path, gt_path in pairs:
        gt = json.loads(Path(gt_path).read_text(encoding="utf-8"))
        if "primitives" not in gt:
            continue
        if source == "vector":
            page = load(pdf_beside(gt_path), dpi=VECTOR_EVAL_DPI, pages=0)[0]
            seg, seconds = _timed(segmenter, page)
            trues.append(vector_labels(seg.strokes, VECTOR_EVAL_DPI, gt))
        else:
            seg, seconds = _timed(segmenter, load(image_path)[0].image)
            roles = role_map(gt, seg.strokes.shape, seg.strokes.scale)
            trues.append(stroke_labels(seg.strokes, roles))
            pix.append(pixel_iou(seg.class_map(page_scale=False), roles))
        preds.append(seg.classes)
        pages.append({"name": Path(image_path).stem, "seconds": round(seconds, 3), "strokes": len(seg.classes)})
        if progress:
            progress(1)
    for pdf in pdfs:
        for page in load(pdf):
            seg, seconds = _timed(segmenter, page.image if source == "raster" else page)
            row = {"name": page.name, "source": seg.source, "seconds": round(seconds, 3),
                   **text_layer_recall(seg, page)}
            pdf_rows.append(row)
            pages.append({"name": page.name, "seconds": row["seconds"], "strokes": len(seg.classes)})
        if progress:
            progress(1)
    weights = segmenter.vector_weights if source == "vector" else segmenter.weights
    if source == "auto" and any(r["source"] == "vector" for r in pdf_rows):
        weights = f"{segmenter.weights} (rasters), {segmenter.vector_weights} (PDFs)"
    out: dict[str, Any] = {"weights": str(weights), "source": source, "pages": pages}
    if preds:
        out["synth"] = node_metrics(np.concatenate(preds), np.concatenate(trues))
        if pix:
            out["synth"]["pixel_iou_4"] = _pool_iou(pix, "iou_4")
            out["synth"]["pixel_iou_3"] = _pool_iou(pix, "iou_3")
        out["synth"]["pages"] = len(preds)
    if pdf_rows:
        spans = sum(r["spans"] for r in pdf_rows)
        text_spans = sum(r["text_spans"] for r in pdf_rows)
        out["pdf"] = {"pages": pdf_rows,
                      "lettering_recall": sum((r["lettering_recall"] or 0) * r["spans"] for r in pdf_rows) / max(spans, 1),
                      "text_recall": sum((r["text_recall"] or 0) * r["text_spans"] for r in pdf_rows) / max(text_spans, 1),
                      "text_recall_words": sum((r["text_recall_words"] or 0) * r["word_spans"] for r in pdf_rows)
                      / max(sum(r["word_spans"] for r in pdf_rows), 1),
                      "border_other": sum((r["border_other"] or 0) * r["border_spans"] for r in pdf_rows)
                      / max(sum(r["border_spans"] for r in pdf_rows), 1)}
    seconds = [p["seconds"] for p in pages]
    out["seconds_per_page"] = float(np.mean(seconds)) if seconds else None
    return out
