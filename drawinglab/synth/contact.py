"""Contact sheets: a grid of drawings (optionally with their labelled boxes) in one PNG."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from .._io import write_image
from .annotate import CLASS_ID

#: one colour per class id (RGB), for boxes drawn by the package itself
PALETTE = [(230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180), (240, 50, 230),
           (70, 140, 140), (170, 110, 40), (128, 0, 0), (0, 0, 128), (128, 128, 0), (0, 128, 128),
           (200, 120, 0), (100, 100, 100)]


def draw_labels(image: np.ndarray, gt: dict, thickness: int = 2) -> np.ndarray:
    """Overlay the ground truth's annotation polygons, coloured by class."""
    import cv2

    out = image.copy()
    for ann in gt["annotations"]:
        colour = PALETTE[CLASS_ID[ann["class_name"]]] if ann["class_name"] in CLASS_ID else (120, 120, 120)
        pts = np.round(np.asarray(ann["polygon"])).astype(np.int32)
        cv2.polylines(out, [pts], True, colour, thickness)
    return out


def contact_sheet(images: Sequence[Path], out: Path, columns: int = 3, tile_width: int = 900,
                  boxes: bool = False) -> Path:
    """Grid of raster drawings (with their ``.json`` labels drawn when ``boxes``), written as PNG."""
    import cv2

    tiles = []
    for path in images:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)[..., ::-1]
        if boxes:
            image = draw_labels(image, json.loads(Path(path).with_suffix(".json").read_text()), 4)
        h, w = image.shape[:2]
        tile = cv2.resize(image, (tile_width, int(h * tile_width / w)), interpolation=cv2.INTER_AREA)
        tiles.append(cv2.copyMakeBorder(tile, 6, 6, 6, 6, cv2.BORDER_CONSTANT, value=(255, 255, 255)))
    height = max(t.shape[0] for t in tiles)
    tiles = [cv2.copyMakeBorder(t, 0, height - t.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
             for t in tiles]
    while len(tiles) % columns:
        tiles.append(np.full_like(tiles[0], 255))
    rows = [np.hstack(tiles[i:i + columns]) for i in range(0, len(tiles), columns)]
    return write_image(out, np.vstack(rows))
