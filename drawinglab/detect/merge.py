"""Join the detector's boxes with the reader's table: each dimension gets a class and a parsed value.

Every reader row is kept. A row whose box lies (by ``min_inside`` of its area) in a detection takes that
detection's id, class and confidence; when several detections hold it, the one that holds most of it and
then the tightest wins. Reader dimensions that no detection covers are kept and flagged
(``detected=False``); detections that hold no reader text become rows of their own with
``category="unread"`` and empty text, so nothing either stage found is lost.

Example:
    >>> import numpy as np, pandas as pd
    >>> from drawinglab.detections import Detections
    >>> table = pd.DataFrame({"text": ["25", "NOTE"], "category": ["dimension", "note"],
    ...                       "x0": [10, 200], "y0": [10, 200], "x1": [40, 260], "y1": [25, 215]})
    >>> dets = Detections(np.array([[5, 5, 45, 30]]), np.array([0.8]), np.array([1]), {1: "linear_dim"})
    >>> merged = attach_detections(table, dets)
    >>> merged[["text", "det_class", "detected"]].values.tolist()
    [['25', 'linear_dim', True], ['NOTE', nan, False]]
"""
from __future__ import annotations

import numpy as np

from ..detections import Detections, box_ioa

__all__ = ["attach_detections", "DETECTION_COLUMNS"]

DETECTION_COLUMNS = ["det_id", "det_class", "det_confidence", "detected"]


def attach_detections(table, detections: Detections, min_inside: float = 0.5):
    """The reader ``table`` with :data:`DETECTION_COLUMNS` added, plus one ``unread`` row per empty detection."""
    import pandas as pd

    table = table.reset_index(drop=True).copy()
    n = len(table)
    det_id = np.full(n, -1, dtype=np.int64)
    if n and len(detections):
        rows = table[["x0", "y0", "x1", "y1"]].to_numpy(np.float64)
        inside = box_ioa(rows, detections.xyxy)
        tightness = 1.0 / np.maximum(detections.area.astype(np.float64), 1.0)
        score = np.where(inside >= min_inside, inside + 1e-9 * tightness[None, :], -1.0)
        best = score.argmax(axis=1)
        hit = score[np.arange(n), best] >= 0
        det_id[hit] = best[hit]
    names = detections.class_name if len(detections) else np.array([], dtype=object)
    table["det_id"] = det_id
    table["det_class"] = [names[i] if i >= 0 else None for i in det_id]
    table["det_confidence"] = [float(detections.confidence[i]) if i >= 0 else np.nan for i in det_id]
    table["detected"] = det_id >= 0
    unread = sorted(set(range(len(detections))) - set(det_id[det_id >= 0].tolist()))
    if unread:
        extra = []
        for i in unread:
            x0, y0, x1, y1 = (float(v) for v in detections.xyxy[i])
            row = {col: None for col in table.columns}
            row.update(text="", category="unread", source="detector", x0=x0, y0=y0, x1=x1, y1=y1,
                       polygon=[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], confidence=float(detections.confidence[i]),
                       det_id=i, det_class=names[i], det_confidence=float(detections.confidence[i]), detected=True)
            extra.append(row)
        table = pd.concat([table, pd.DataFrame(extra, columns=table.columns)], ignore_index=True)
    return table
