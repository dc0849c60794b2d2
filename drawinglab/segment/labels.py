"""Training labels for strokes: the synthetic generator's primitive roles drawn into a role map, voted per stroke."""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["CLASSES", "CLASSES_3", "TO_3", "role_map", "stroke_labels", "vector_label_points", "vector_labels"]

CLASSES = ["contour", "dimension", "text", "other"]
CLASSES_3 = ["contour", "dimension", "text"]
#: 4-class id → 3-class id: "other" graphics (border, hatching, centre lines) count as contour, as in the
#: three-class scheme of Zhang et al. (contour / dimension / text)
TO_3 = np.array([0, 1, 2, 0])
_DRAW_ORDER = ("other", "contour", "dimension", "text")  # later roles win where primitives overlap


def _pts(points, scale: float) -> np.ndarray:
    return np.round(np.asarray(points, np.float64) * scale * 4).astype(np.int32)  # 2 fractional bits


def role_map(gt: dict[str, Any], shape: tuple[int, int], scale: float, pad: int = 2) -> np.ndarray:
    """``uint8`` map (0 = none, 1 + class id) of every primitive of ``gt`` at ``scale`` × its pixels."""
    import cv2

    out = np.zeros(shape, np.uint8)
    shift = 2
    for role in _DRAW_ORDER:
        value = 1 + CLASSES.index(role)
        for prim in gt["primitives"]:
            if prim["role"] != role:
                continue
            kind = prim["type"]
            thick = max(1, int(round(prim.get("width", 1.0) * scale)) + 2 * pad)
            if kind == "glyph_run":
                cv2.fillPoly(out, [_pts(prim["polygon"], scale)], value, cv2.LINE_8, shift)
                cv2.polylines(out, [_pts(prim["polygon"], scale)], True, value, 2 * pad, cv2.LINE_8, shift)
            elif kind == "line":
                a, b = _pts(prim["points"], scale)
                cv2.line(out, tuple(a), tuple(b), value, thick, cv2.LINE_8, shift)
            elif kind == "polyline":
                pts = _pts(prim["points"], scale)
                if prim.get("filled"):
                    cv2.fillPoly(out, [pts], value, cv2.LINE_8, shift)
                cv2.polylines(out, [pts], bool(prim.get("closed")), value, thick, cv2.LINE_8, shift)
            elif kind in ("circle", "arc"):
                c = tuple(_pts([prim["center"]], scale)[0])
                r = int(round(prim["radius"] * scale * 4))
                start = -float(prim.get("start", 0.0))
                sweep = float(prim.get("sweep", 360.0))
                cv2.ellipse(out, c, (r, r), 0.0, start - sweep, start, value, thick, cv2.LINE_8, shift)
    return out


def stroke_labels(strokes, roles: np.ndarray, points: np.ndarray | None = None) -> np.ndarray:
    """Majority role of each stroke's pixels (class id 0–3, or −1 where no primitive covers the stroke).

    ``points`` (N × 2, x y in ``roles`` pixels) replaces the strokes' own pixel positions where the role map
    lives in another frame (a vector page against a scanned drawing's ground truth)."""
    if points is None:
        r = roles[strokes.px_y, strokes.px_x].astype(np.int64)
    else:
        x = np.round(points[:, 0]).astype(np.int64)
        y = np.round(points[:, 1]).astype(np.int64)
        inside = (x >= 0) & (y >= 0) & (x < roles.shape[1]) & (y < roles.shape[0])
        r = np.zeros(len(points), np.int64)
        r[inside] = roles[y[inside], x[inside]]
    n = len(strokes)
    votes = np.zeros((n, len(CLASSES) + 1))
    np.add.at(votes, (strokes.px_id, r), 1)
    labelled = votes[:, 1:]
    out = labelled.argmax(axis=1)
    out[labelled.sum(axis=1) < 0.3 * votes.sum(axis=1)] = -1
    return out


def vector_label_points(strokes, page_dpi: float, gt: dict[str, Any]) -> np.ndarray:
    """The sample points of vector strokes (from :func:`~drawinglab.segment.vector.vector_strokes` on a page
    rendered at ``page_dpi``) in the ground truth's pixels: rescaled to its dpi, then moved by the scan's
    homography (``gt["transform"]``) when the drawing was degraded."""
    pts = np.column_stack([strokes.px_x, strokes.px_y]).astype(np.float64) / strokes.scale
    pts *= float(gt["dpi"]) / float(page_dpi)
    if gt.get("transform") is not None:
        h = np.asarray(gt["transform"], np.float64)
        homog = np.hstack([pts, np.ones((len(pts), 1))]) @ h.T
        pts = homog[:, :2] / homog[:, 2:3]
    return pts


def vector_labels(strokes, page_dpi: float, gt: dict[str, Any]) -> np.ndarray:
    """Class ids of vector strokes (page rendered at ``page_dpi``) voted in ``gt``'s full-resolution role map."""
    roles = role_map(gt, (int(gt["height"]), int(gt["width"])), 1.0)
    return stroke_labels(strokes, roles, vector_label_points(strokes, page_dpi, gt))
