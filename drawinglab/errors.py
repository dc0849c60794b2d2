"""The package's own exception hierarchy.

Every error caused by a bad input derives from :class:`DrawingLabError` and names
the file (when there is one) and the reason, so a batch can report it and go on.
"""
from __future__ import annotations

from pathlib import Path


class DrawingLabError(Exception):
    """Base class of every error drawinglab raises on purpose."""

    def __init__(self, reason: str, path: str | Path | None = None):
        self.reason = reason
        self.path = None if path is None else str(path)
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class InputNotFound(DrawingLabError, FileNotFoundError):
    """The file does not exist or is not a regular file."""


class UnsupportedFormat(DrawingLabError):
    """Neither the extension nor the magic bytes name a format drawinglab reads."""


class CorruptFile(DrawingLabError):
    """The file claims a known format but cannot be decoded (truncated, damaged)."""


class EncryptedPDF(DrawingLabError):
    """The PDF needs a password and none (or a wrong one) was given."""


class TooLarge(DrawingLabError):
    """A page exceeds the configured pixel limit (decompression-bomb guard)."""


class EmptyDrawing(DrawingLabError):
    """The input has no pages, or a page carries no ink at all."""


class DeviceError(DrawingLabError):
    """A requested compute device is unknown or not available."""


class ConfigError(DrawingLabError, ValueError):
    """A step spec or configuration value is invalid."""


class ParseError(DrawingLabError, ValueError):
    """A text is not a dimension the grammar understands."""


class ToleranceError(DrawingLabError, ValueError):
    """An ISO 286 / ISO 2768 lookup is outside the standard's tables."""
