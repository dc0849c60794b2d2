"""Detection stage: the 14 annotation classes with a YOLO model, at full resolution, tile by tile.

- :class:`Detector` — shipped weights, ``predict(page) → Detections`` (page scale normalised from its
  lettering, overlapping tiles, batched, merged with class-aware NMS).
- :mod:`.tiling` — tile grid, tile cutting, cross-tile merging.
- :mod:`.dataset`, :mod:`.train` — the training recipe on synthetic drawings (offline, seeded).
- :mod:`.evaluate` — mAP / per-class figures on synthetic ground truth; dimension-box recall on eDOCr2 labels.
- :mod:`.merge` — join detections with the reader's table.
"""
from ..detections import Detections
from .detector import DEFAULT_WEIGHTS, MODE_TO_P90, Detector, load_card
from .merge import attach_detections
from .tiling import merge_tile_detections, tile_grid

__all__ = ["Detector", "Detections", "DEFAULT_WEIGHTS", "MODE_TO_P90", "load_card", "attach_detections",
           "tile_grid", "merge_tile_detections"]
