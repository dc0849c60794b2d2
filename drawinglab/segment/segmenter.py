"""``Segmenter``: trace a page's strokes, classify them with the shipped GraphSAGE, paint the ink by class."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ConfigError, InputNotFound
from ..page import Page
from .labels import CLASSES, TO_3
from .model import StrokeSAGE, build_edges
from .vectorize import Strokes, trace_strokes

log = logging.getLogger(__name__)

__all__ = ["Segmenter", "Segmentation", "DEFAULT_WEIGHTS", "DEFAULT_VECTOR_WEIGHTS", "CLASS_COLOURS"]

DEFAULT_WEIGHTS = Path(__file__).resolve().parent.parent / "models" / "segmenter.pt"
DEFAULT_VECTOR_WEIGHTS = DEFAULT_WEIGHTS.with_name("segmenter_vector.pt")
CLASS_COLOURS = {"contour": (30, 30, 30), "dimension": (220, 30, 60), "text": (0, 110, 220), "other": (160, 160, 160)}


@dataclass
class Segmentation:
    """Per-stroke classes of one page (``classes``: ids into :data:`~drawinglab.segment.labels.CLASSES`)."""

    strokes: Strokes
    classes: np.ndarray
    probabilities: np.ndarray
    page_shape: tuple[int, int]
    source: str = "raster"  # "raster" (traced strokes) or "vector" (the PDF's paths and text spans)

    @property
    def class_names(self) -> list[str]:
        return [CLASSES[c] for c in self.classes]

    def counts(self, three_class: bool = False) -> dict[str, int]:
        """Strokes per class (``three_class`` folds ``other`` into ``contour``)."""
        ids = TO_3[self.classes] if three_class else self.classes
        names = CLASSES[:3] if three_class else CLASSES
        return {name: int((ids == i).sum()) for i, name in enumerate(names)}

    def class_map(self, page_scale: bool = True) -> np.ndarray:
        """``int8`` map: class id of each ink pixel (from its nearest skeleton pixel), −1 off the ink; at the
        page's resolution (or the working scale with ``page_scale=False``)."""
        import cv2

        s = self.strokes
        skeleton_cls = np.full(s.shape, -1, np.int16)
        skeleton_cls[s.px_y, s.px_x] = self.classes[s.px_id]
        free = (skeleton_cls < 0).astype(np.uint8)
        _, nearest = cv2.distanceTransformWithLabels(free, cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_PIXEL)
        ys, xs = np.nonzero(free == 0)
        lut = np.full(nearest.max() + 1, -1, np.int16)
        lut[nearest[ys, xs]] = skeleton_cls[ys, xs]
        out = lut[nearest]
        out[~s.binary] = -1
        out = out.astype(np.int8)
        if page_scale and out.shape != tuple(self.page_shape):
            out = cv2.resize(out, (self.page_shape[1], self.page_shape[0]), interpolation=cv2.INTER_NEAREST)
        return out

    def masks(self) -> dict[str, np.ndarray]:
        """One boolean mask per class at page resolution."""
        cmap = self.class_map()
        return {name: cmap == i for i, name in enumerate(CLASSES)}

    def overlay(self, image: np.ndarray) -> np.ndarray:
        """``image`` (RGB) with each ink pixel coloured by its class."""
        import cv2

        out = image.copy() if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
        cmap = self.class_map()
        if cmap.shape != out.shape[:2]:
            cmap = cv2.resize(cmap, (out.shape[1], out.shape[0]), interpolation=cv2.INTER_NEAREST)
        for i, name in enumerate(CLASSES):
            out[cmap == i] = CLASS_COLOURS[name]
        return out

    def to_pandas(self):
        """One row per stroke: class, confidence, box and length in page pixels, and its fitted shape
        (``shape`` line / arc / curve, arc ``radius`` and ``sweep``; see
        :func:`~drawinglab.segment.vectorize.fit_strokes`)."""
        import pandas as pd

        from .vectorize import fit_strokes

        s = self.strokes
        box = s.bbox / s.scale
        fits = fit_strokes(s)
        return pd.DataFrame({"class_name": self.class_names, "confidence": self.probabilities.max(axis=1),
                             "x0": box[:, 0], "y0": box[:, 1], "x1": box[:, 2], "y1": box[:, 3],
                             "length_px": s.length / s.scale, "shape": fits["kind"].to_numpy(),
                             "radius": fits["radius"].to_numpy(), "sweep": fits["sweep"].to_numpy()})


class Segmenter:
    """Stroke classifier; ``weights`` defaults to the model shipped in the package.

    A page from a vector PDF (paths or a text layer) is segmented from its vector layer with the vector model
    (``vector_weights``); scans, images and arrays are traced from the raster. ``mode`` forces one of them.

    Example:
        >>> from drawinglab.segment import Segmenter
        >>> from drawinglab.synth import generate
        >>> seg = Segmenter().segment(generate(2, sheet="A4", dpi=150).image)
        >>> sorted(seg.counts()) == ["contour", "dimension", "other", "text"]
        True
    """

    def __init__(self, weights: str | Path | None = None, device: str = "auto",
                 vector_weights: str | Path | None = None, mode: str = "auto"):
        from ..backend import resolve_device

        if mode not in ("auto", "raster", "vector"):
            raise ConfigError(f"mode must be auto, raster or vector, got {mode!r}")
        self.mode = mode
        self.device = resolve_device(device)
        self.weights = Path(weights) if weights is not None else DEFAULT_WEIGHTS
        self.vector_weights = Path(vector_weights) if vector_weights is not None else DEFAULT_VECTOR_WEIGHTS
        self.model = self._load(self.weights) if mode != "vector" else None
        self.vector_model = None
        if mode == "vector" or (mode == "auto" and self.vector_weights.exists()):
            self.vector_model = self._load(self.vector_weights)

    def _load(self, weights: Path):
        import torch

        if not weights.exists():
            raise InputNotFound("segmenter weights not found (train with `drawinglab train segmenter`)", weights)
        state = torch.load(weights, map_location="cpu", weights_only=True)
        config = json.loads(weights.with_suffix(".json").read_text())["model"]
        model = StrokeSAGE(**config)
        model.load_state_dict(state)
        return model.eval().to(self.device if self.device.startswith("cuda") else "cpu")

    def classify(self, strokes: Strokes, model=None) -> tuple[np.ndarray, np.ndarray]:
        """Class ids and probabilities of strokes (``model``: the raster model unless given)."""
        import torch

        model = model or self.model
        if len(strokes) == 0:
            return np.zeros(0, np.int64), np.zeros((0, len(CLASSES)), np.float32)
        dev = next(model.parameters()).device
        with torch.no_grad():
            x = torch.from_numpy(strokes.features).to(dev)
            e = torch.from_numpy(build_edges(strokes)).to(dev)
            prob = torch.softmax(model(x, e), dim=1).cpu().numpy()
        return prob.argmax(axis=1), prob

    def segment(self, page: Page | np.ndarray, scale: float | None = None) -> Segmentation:
        """Classify the strokes of ``page`` (a Page or an RGB/grey ``uint8`` array): from its vector layer
        when it has one and the vector model is loaded, otherwise traced from the raster."""
        from .vector import has_vector_content, vector_strokes

        if isinstance(page, Page) and self.vector_model is not None and has_vector_content(page):
            strokes = vector_strokes(page)
            classes, prob = self.classify(strokes, self.vector_model)
            return Segmentation(strokes, classes, prob, page.image.shape[:2], source="vector")
        if self.model is None:
            raise ConfigError("this segmenter is vector-only (mode='vector') and the page has no vector layer")
        image = page.image if isinstance(page, Page) else np.asarray(page)
        if image.ndim not in (2, 3) or image.dtype != np.uint8 or image.size == 0:
            raise ConfigError(f"expected a non-empty uint8 HxW or HxWx3 image, got {image.dtype} {image.shape}")
        strokes = trace_strokes(image, scale=scale)
        classes, prob = self.classify(strokes)
        return Segmentation(strokes, classes, prob, image.shape[:2])
