"""ISO 2768-1 general tolerances (classes f, m, c, v) from the standard's tables (``data/iso2768.json``).

Example:
    >>> linear_tolerance(25, "m")
    0.2
    >>> radius_tolerance(5, "c")
    1.0
    >>> round(angular_tolerance("m", shorter_side=30), 4)
    0.5
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ToleranceError

CLASSES = ("f", "m", "c", "v")
_CLASS_TEXT = re.compile(r"^(?:(?:ISO|DIN|EN)?\s*(?:ISO\s*)?2768\s*-?\s*(?:1\s*)?[-:]?\s*)?([fmcvFMCV])[HKLhkl]?$")


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("data/iso2768.json").read_text(encoding="utf-8"))


def tolerance_class(text: str) -> str:
    """The class letter from ``"m"``, ``"ISO 2768-m"``, ``"ISO 2768-mK"`` or ``"DIN ISO 2768-1 m"``."""
    m = _CLASS_TEXT.match(text.strip())
    if not m:
        raise ToleranceError(f"{text!r} does not name an ISO 2768-1 tolerance class (f, m, c, v)")
    return m.group(1).lower()


def _row(bounds: list[list[float | None]], size: float, what: str) -> int:
    for i, (low, high) in enumerate(bounds):
        if size > low and (high is None or size <= high + 1e-9):
            return i
    raise ToleranceError(f"ISO 2768-1 gives no general tolerance for {what} {size:g} mm")


def _value(table: dict[str, Any], key: str, cls: str, size: float, what: str) -> float:
    cls = tolerance_class(cls)
    value = table[cls][_row(table[key], size, what)]
    if value is None:
        raise ToleranceError(f"ISO 2768-1 class {cls} gives no tolerance for {what} {size:g} mm")
    return float(value)


def linear_tolerance(size: float, cls: str) -> float:
    """Permissible ± deviation in mm for a linear size (lengths, diameters) over 0.5 mm."""
    return _value(_tables()["linear"], "bounds", cls, abs(size), "linear size")


def radius_tolerance(size: float, cls: str) -> float:
    """Permissible ± deviation in mm for a radius or chamfer height over 0.5 mm."""
    return _value(_tables()["radius_chamfer"], "bounds", cls, abs(size), "radius/chamfer")


def angular_tolerance(cls: str, shorter_side: float | None = None) -> float:
    """Permissible ± deviation in degrees for an angle, by the length of its shorter side in mm.

    Without ``shorter_side`` the first row (sides up to 10 mm, the widest tolerance) is used.
    """
    table = _tables()["angular_arcmin"]
    side = 1.0 if shorter_side is None else float(shorter_side)
    cls = tolerance_class(cls)
    return table[cls][_row(table["bounds_shorter_side_mm"], side, "angle side")] / 60.0
