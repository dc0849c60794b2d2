"""Segmentation stage: strokes classified as contour / dimension / text / other by a graph network.

- :mod:`.vectorize` — binarise, thin, cut the skeleton into strokes, per-stroke features.
- :mod:`.model` — the stroke graph (junction + k-nearest-neighbour edges) and a pure-torch GraphSAGE.
- :mod:`.labels` — synthetic primitive roles → stroke labels.
- :class:`Segmenter` — shipped weights, ``segment(page) → Segmentation`` (classes, masks, overlay, counts).
- :mod:`.train`, :mod:`.evaluate` — training recipe and metrics (node accuracy/F1 in 4 and 3 classes, pixel IoU,
  text-layer recall on vector PDFs).
"""
from .labels import CLASSES, CLASSES_3
from .segmenter import DEFAULT_WEIGHTS, Segmentation, Segmenter
from .vectorize import Strokes, trace_strokes

__all__ = ["Segmenter", "Segmentation", "Strokes", "trace_strokes", "CLASSES", "CLASSES_3", "DEFAULT_WEIGHTS"]
