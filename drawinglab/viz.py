"""Overlays drawn by the package itself (never by ultralytics): reader results coloured by category."""
from __future__ import annotations

import numpy as np

CATEGORY_COLOURS = {  # RGB
    "dimension": (220, 30, 60),
    "gdt": (0, 120, 220),
    "note": (40, 160, 60),
    "title_block": (150, 90, 200),
    "other": (150, 150, 150),
    "unread": (240, 140, 0),  # a detection the reader found no text in
}


def draw_reading(image: np.ndarray, table, min_confidence: float = 0.0, labels: bool = True,
                 categories: tuple[str, ...] | None = None) -> np.ndarray:
    """Draw each row's polygon (and, for dimensions, its canonical text) on a copy of an RGB page.

    Example:
        >>> import numpy as np, pandas as pd
        >>> rows = pd.DataFrame({"polygon": [[[2, 2], [20, 2], [20, 9], [2, 9]]], "category": ["dimension"],
        ...                      "confidence": [0.9], "canonical": ["25"], "text": ["25"]})
        >>> draw_reading(np.full((30, 40, 3), 255, np.uint8), rows).shape
        (30, 40, 3)
    """
    import cv2

    out = image.copy() if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    scale = max(out.shape[:2]) / 3000.0
    thickness = max(1, int(round(3 * scale)))
    for row in table.itertuples():
        if row.confidence < min_confidence or (categories and row.category not in categories):
            continue
        colour = CATEGORY_COLOURS.get(row.category, (0, 0, 0))
        pts = np.round(np.asarray(row.polygon)).astype(np.int32)
        cv2.polylines(out, [pts], True, colour, thickness)
        if labels and row.category == "dimension" and isinstance(row.canonical, str):
            x, y = int(pts[:, 0].min()), int(pts[:, 1].min()) - 4
            text = row.canonical.replace("⌀", "D").replace("±", "+-").replace("°", "deg")  # Hershey fonts are ASCII
            cv2.putText(out, text, (x, max(y, 10)), cv2.FONT_HERSHEY_SIMPLEX, 0.7 * scale + 0.3, colour,
                        max(1, thickness - 1), cv2.LINE_AA)
    return out


def _class_colour(class_id: int) -> tuple[int, int, int]:
    import colorsys

    r, g, b = colorsys.hsv_to_rgb((class_id * 0.61803) % 1.0, 0.85, 0.8)
    return int(255 * r), int(255 * g), int(255 * b)


class BoxAnnotator:
    """Draw detections as class-coloured boxes with ``class conf`` labels (supervision's annotator shape).

    Example:
        >>> import numpy as np
        >>> from drawinglab.detections import Detections
        >>> d = Detections(np.array([[5, 5, 30, 20]]), np.array([0.9]), np.array([1]), {1: "linear_dim"})
        >>> BoxAnnotator().annotate(np.full((40, 60, 3), 255, np.uint8), d).shape
        (40, 60, 3)
    """

    def __init__(self, thickness: int | None = None, labels: bool = True):
        self.thickness = thickness
        self.labels = labels

    def annotate(self, scene: np.ndarray, detections) -> np.ndarray:
        """A copy of ``scene`` (RGB or grey) with ``detections`` drawn on it."""
        import cv2

        out = scene.copy() if scene.ndim == 3 else cv2.cvtColor(scene, cv2.COLOR_GRAY2RGB)
        scale = max(out.shape[:2]) / 3000.0
        thickness = self.thickness or max(1, int(round(3 * scale)))
        for box, conf, cid, name in detections:
            colour = _class_colour(cid)
            x0, y0, x1, y1 = (int(round(v)) for v in box)
            cv2.rectangle(out, (x0, y0), (x1, y1), colour, thickness)
            if self.labels:
                cv2.putText(out, f"{name} {conf:.2f}", (x0, max(y0 - 4, 10)), cv2.FONT_HERSHEY_SIMPLEX,
                            0.5 * scale + 0.25, colour, max(1, thickness - 1), cv2.LINE_AA)
        return out
