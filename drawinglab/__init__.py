"""drawinglab: a research workbench for mechanical engineering drawings.

Stages: :mod:`~drawinglab.ingest` → :mod:`~drawinglab.preprocess` → (read, detect, segment,
tolerance). Central types: :class:`~drawinglab.page.Page`.
"""
from __future__ import annotations

import logging

__version__ = "0.1.0"

from .errors import (ConfigError, CorruptFile, DeviceError, DrawingLabError, EmptyDrawing, EncryptedPDF,  # noqa: E402
                     InputNotFound, ParseError, ToleranceError, TooLarge, UnsupportedFormat)
from .ingest import iter_pages, load  # noqa: E402
from .page import Page, TextSpan, VectorPath  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__", "load", "iter_pages", "Page", "TextSpan", "VectorPath", "DrawingLabError",
           "UnsupportedFormat", "CorruptFile", "EncryptedPDF", "TooLarge", "EmptyDrawing", "InputNotFound",
           "DeviceError", "ConfigError", "ParseError", "ToleranceError"]
