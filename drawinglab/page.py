"""The central page type every stage consumes: one raster page plus its vector layer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

BBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class TextSpan:
    """A run of text from a PDF's text layer, in raster pixel coordinates.

    ``bbox`` is ``(x0, y0, x1, y1)`` and ``quad`` the four corners (clockwise from
    the text's top-left), both in pixels of the page raster; ``rotation`` is the
    reading direction in degrees counter-clockwise from the raster's x axis.
    """

    text: str
    font: str
    size: float
    rotation: float
    bbox: BBox
    quad: tuple[tuple[float, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "font": self.font,
            "size": self.size,
            "rotation": self.rotation,
            "bbox": list(self.bbox),
            "quad": [list(p) for p in self.quad],
        }


@dataclass(frozen=True)
class VectorPath:
    """One drawn path of a PDF page, in raster pixel coordinates.

    ``items`` holds the path's segments as ``(kind, points)`` where kind is
    ``"l"`` (line, 2 points), ``"c"`` (cubic Bézier, 4 points), ``"re"`` (rectangle,
    4 corners) or ``"qu"`` (quad, 4 corners). ``dashed``: drawn with a dash pattern.
    """

    items: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]
    bbox: BBox
    stroke: tuple[float, ...] | None
    fill: tuple[float, ...] | None
    width: float
    dashed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [[k, [list(p) for p in pts]] for k, pts in self.items],
            "bbox": list(self.bbox),
            "stroke": None if self.stroke is None else list(self.stroke),
            "fill": None if self.fill is None else list(self.fill),
            "width": self.width,
            "dashed": self.dashed,
        }


@dataclass
class Page:
    """One drawing page as a raster, with provenance and, for PDFs, the vector layer.

    ``image`` is always ``uint8`` RGB of shape ``(height, width, 3)``. ``transform`` is
    the affine map ``(a, b, c, d, e, f)`` from PDF points to raster pixels
    (``x' = a*x + c*y + e``, ``y' = b*x + d*y + f``, PyMuPDF's convention); it is
    the scaling ``dpi/72`` for images, where "points" means 1/72 inch.
    """

    image: np.ndarray
    source: str
    page_index: int = 0
    dpi: float | None = None
    transform: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    kind: str = "image"  # "pdf", "image" or "array"
    original_mode: str = "RGB"
    text_spans: list[TextSpan] = field(default_factory=list)
    paths: list[VectorPath] = field(default_factory=list)

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels."""
        return self.width, self.height

    @property
    def gray(self) -> np.ndarray:
        """The page as a ``uint8`` grey image (ITU-R 601 luma, as OpenCV computes it)."""
        import cv2

        return cv2.cvtColor(self.image, cv2.COLOR_RGB2GRAY)

    @property
    def has_vector_layer(self) -> bool:
        return self.kind == "pdf"

    @property
    def name(self) -> str:
        """A short file-system-safe name: source stem, plus page number for PDFs."""
        from pathlib import Path

        stem = Path(self.source).stem if self.kind != "array" else "array"
        return f"{stem}_p{self.page_index + 1}" if self.kind == "pdf" else stem

    def pt_to_px(self, x: float, y: float) -> tuple[float, float]:
        """Map a point in PDF points to raster pixels."""
        a, b, c, d, e, f = self.transform
        return a * x + c * y + e, b * x + d * y + f

    def metadata(self) -> dict[str, Any]:
        """JSON-able description of the page (without pixels or paths)."""
        return {
            "source": self.source,
            "page_index": self.page_index,
            "kind": self.kind,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "transform": list(self.transform),
            "original_mode": self.original_mode,
            "n_text_spans": len(self.text_spans),
            "n_paths": len(self.paths),
        }

    def __repr__(self) -> str:
        return (f"Page(source={self.source!r}, page_index={self.page_index}, size={self.size}, "
                f"dpi={self.dpi}, kind={self.kind!r}, spans={len(self.text_spans)}, paths={len(self.paths)})")
