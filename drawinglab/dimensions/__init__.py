"""Dimension grammar and ISO tolerance engine: every dimension string to numbers.

- :func:`parse` / :func:`try_parse` / :func:`parse_to_record`: annotation text → :class:`Dimension`.
- :mod:`~drawinglab.dimensions.iso286`: ISO 286 IT grades, hole/shaft limits, fits.
- :mod:`~drawinglab.dimensions.iso2768`: ISO 2768-1 general tolerances.
"""
from . import iso286, iso2768
from .grammar import (KINDS, Dimension, apply_general_tolerance, coarse_pitch, fit_record, normalize_text, parse,
                      parse_to_record, try_parse)

__all__ = ["KINDS", "Dimension", "parse", "try_parse", "parse_to_record", "fit_record", "normalize_text",
           "apply_general_tolerance", "coarse_pitch", "iso286", "iso2768"]
