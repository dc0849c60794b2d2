"""Segmentation stage: strokes classified as contour / dimension / text / other by a graph network.

- :mod:`.vectorize` — binarise, thin, cut the skeleton into strokes, per-stroke features.
- :mod:`.vector` — the same strokes (and glyph runs) taken from a vector PDF's own paths and text spans.
- :mod:`.model` — the stroke graph (junction + k-nearest-neighbour edges) and a pure-torch GraphSAGE.
- :mod:`.labels` — synthetic primitive roles → stroke labels.
- :class:`Segmenter` — shipped weights, ``segment(page) → Segmentation`` (classes, masks, overlay, counts).
- :mod:`.groups` — dimension graphics grouped and joined with the reader's dimension rows.
- :mod:`.train`, :mod:`.evaluate` — training recipe and metrics (node accuracy/F1 in 4 and 3 classes, pixel IoU,
  text-layer recall on vector PDFs).
"""
from .groups import GRAPHICS_COLUMNS, attach_dimension_graphics, dimension_groups
from .labels import CLASSES, CLASSES_3
from .segmenter import DEFAULT_VECTOR_WEIGHTS, DEFAULT_WEIGHTS, Segmentation, Segmenter
from .vector import vector_strokes
from .vectorize import Strokes, trace_strokes

__all__ = ["Segmenter", "Segmentation", "Strokes", "trace_strokes", "vector_strokes", "CLASSES", "CLASSES_3",
           "DEFAULT_WEIGHTS", "DEFAULT_VECTOR_WEIGHTS", "dimension_groups", "attach_dimension_graphics",
           "GRAPHICS_COLUMNS"]
