"""ISO 286-1/-2 limits and fits from the standard's tables (``data/iso286.json``).

Deviations are in micrometres, sizes in millimetres. Size steps are "over a up to and including b",
so 30 mm belongs to 18–30.

Example:
    >>> it_value(25, 7)
    21.0
    >>> limits("g6", 25)
    (-7.0, -20.0)
    >>> fit("H7/g6", 25).min_clearance, fit("H7/g6", 25).max_clearance
    (7.0, 41.0)
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ToleranceError

GRADES = ["01", "0"] + [str(i) for i in range(1, 19)]
_DESIGNATION = re.compile(r"^(?P<letters>[A-Za-z]{1,2})(?P<grade>01|0|1[0-8]|[1-9])$")
SHAFT_LETTERS = ["a", "b", "c", "cd", "d", "e", "ef", "f", "fg", "g", "h", "js", "j", "k", "m", "n", "p", "r",
                 "s", "t", "u", "v", "x", "y", "z", "za", "zb", "zc"]
HOLE_LETTERS = [s.upper() for s in SHAFT_LETTERS]


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("data/iso286.json").read_text(encoding="utf-8"))


def _lookup(pairs: list[list[float]], size: float, what: str, start: float = 0.0) -> float:
    """Value of the step that contains ``size`` (over previous bound, up to and including this one)."""
    if not size > start:
        raise ToleranceError(f"{what} is not defined for {size:g} mm (defined over {start:g} mm)")
    for bound, value in pairs:
        if size <= bound + 1e-9:
            return float(value)
    raise ToleranceError(f"{what} is tabulated only up to {pairs[-1][0]:g} mm, not {size:g} mm")


def _check_size(size: float) -> float:
    if not isinstance(size, (int, float)) or not math.isfinite(size) or size <= 0:
        raise ToleranceError(f"nominal size must be a positive number of mm, got {size!r}")
    return float(size)


def it_value(size: float, grade: int | str) -> float:
    """Standard tolerance ITgrade in µm for a nominal size in mm (IT01–IT18, up to 3150 mm; IT01/IT0 ≤ 500)."""
    size = _check_size(size)
    key = f"IT{grade}"
    table = _tables()["standard_tolerance"]
    if key not in table:
        raise ToleranceError(f"unknown tolerance grade {grade!r}; grades are IT01, IT0, IT1..IT18")
    return _lookup(table[key], size, key)


def _delta(size: float, grade: int) -> float:
    """Δ = ITn − IT(n−1) used for holes K..ZC; zero up to 3 mm."""
    if size <= 3 or grade < 3:
        return 0.0
    return it_value(size, grade) - it_value(size, grade - 1)


def _shaft_deviation(letter: str, grade: int, size: float) -> tuple[float, str]:
    """The shaft's fundamental deviation in µm and which side it is (``es`` upper or ``ei`` lower)."""
    t = _tables()
    if letter == "h":  # zero at every size, including the 500–3150 mm steps
        return 0.0, "es"
    if letter in t["shaft_upper_deviation"]:
        return _lookup(t["shaft_upper_deviation"][letter], size, f"shaft {letter}"), "es"
    if letter == "j":
        key = f"j{grade}"
        if key not in t["shaft_lower_deviation"]:
            raise ToleranceError(f"shaft j is defined for grades 5–8 only, not {grade}")
        return _lookup(t["shaft_lower_deviation"][key], size, f"shaft {key}"), "ei"
    if letter == "k":
        value = _lookup(t["shaft_lower_deviation"]["k"], size, "shaft k")
        return (value if 4 <= grade <= 7 else 0.0), "ei"
    if letter in t["shaft_lower_deviation"]:
        start = t["shaft_range_starts"].get(letter, 0.0)
        return _lookup(t["shaft_lower_deviation"][letter], size, f"shaft {letter}", start), "ei"
    raise ToleranceError(f"unknown shaft deviation letter {letter!r}")


def parse_designation(designation: str) -> tuple[str, int | str]:
    """Split ``H7`` / ``js6`` / ``ZC10`` into letters and grade; ``IT01`` grades come back as ``"01"``."""
    m = _DESIGNATION.match(designation.strip())
    if not m:
        raise ToleranceError(f"{designation!r} is not an ISO 286 tolerance class like H7 or g6")
    letters, grade_text = m.group("letters"), m.group("grade")
    if letters not in SHAFT_LETTERS and letters not in HOLE_LETTERS:
        raise ToleranceError(f"{designation!r}: unknown deviation letter(s) {letters!r}")
    grade: int | str = grade_text if grade_text in ("01", "0") else int(grade_text)
    return letters, grade


def limits(designation: str, size: float) -> tuple[float, float]:
    """Upper and lower deviation in µm of a hole (capital letters) or shaft class at ``size`` mm.

    >>> limits("H7", 25), limits("K7", 25), limits("N7", 10)
    ((21.0, 0.0), (6.0, -15.0), (-4.0, -19.0))
    """
    size = _check_size(size)
    letters, grade = parse_designation(designation)
    tol = it_value(size, grade)
    if letters in ("js", "JS"):
        upper, lower = tol / 2, -tol / 2
    elif letters.islower():
        value, side = _shaft_deviation(letters, int(grade) if isinstance(grade, int) else 0, size)
        upper, lower = (value, value - tol) if side == "es" else (value + tol, value)
    else:
        upper, lower = _hole_limits(letters, grade, size, tol)
    return round(upper, 6) + 0.0, round(lower, 6) + 0.0  # + 0.0 turns -0.0 into 0.0


def _hole_limits(letters: str, grade: int | str, size: float, tol: float) -> tuple[float, float]:
    g = grade if isinstance(grade, int) else 0
    t = _tables()
    shaft = letters.lower()
    if shaft in t["shaft_upper_deviation"]:  # A..H: EI = -es
        ei = -_shaft_deviation(shaft, g, size)[0]
        return ei + tol, ei
    if letters == "J":
        key = f"J{g}"
        if key not in t["hole_J_upper_deviation"]:
            raise ToleranceError(f"hole J is defined for grades 6–8 only, not {grade}")
        es = _lookup(t["hole_J_upper_deviation"][key], size, f"hole {key}")
        return es, es - tol
    if letters == "K":
        if size <= 3:
            es = 0.0
        elif g <= 8:
            es = -_shaft_deviation("k", 5, size)[0] + _delta(size, g)
        else:
            raise ToleranceError(f"hole K{grade} over 3 mm is not tabulated in ISO 286-1 (grades up to 8)")
        return es, es - tol
    if letters == "M":
        if size <= 3:
            es = -2.0
        elif g == 6 and 250 < size <= 315:
            es = float(t["special_cases"]["M6 over 250 up to 315"]["ES"])
        else:
            es = -_shaft_deviation("m", g, size)[0] + (_delta(size, g) if g <= 8 else 0.0)
        return es, es - tol
    if letters == "N":
        if size <= 3:
            es = -4.0
        elif g <= 8:
            es = -_shaft_deviation("n", g, size)[0] + _delta(size, g)
        else:
            es = 0.0
        return es, es - tol
    # P .. ZC
    es = -_shaft_deviation(shaft, g, size)[0] + (_delta(size, g) if g <= 7 else 0.0)
    return es, es - tol


@dataclass(frozen=True)
class Fit:
    """A hole/shaft fit at a nominal size; deviations and clearances in µm (negative clearance = interference)."""

    size: float
    hole: str
    shaft: str
    hole_upper: float
    hole_lower: float
    shaft_upper: float
    shaft_lower: float

    @property
    def max_clearance(self) -> float:
        return round(self.hole_upper - self.shaft_lower, 6)

    @property
    def min_clearance(self) -> float:
        return round(self.hole_lower - self.shaft_upper, 6)

    @property
    def kind(self) -> str:
        if self.min_clearance >= 0:
            return "clearance"
        if self.max_clearance <= 0:
            return "interference"
        return "transition"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"max_clearance": self.max_clearance, "min_clearance": self.min_clearance,
                               "kind": self.kind}


def fit(designation: str, size: float) -> Fit:
    """Limits and clearance of a fit such as ``H7/g6`` (or ``H7 g6``, ``H7-g6``) at ``size`` mm."""
    parts = [p for p in re.split(r"[/\s\-]+", designation.strip()) if p]
    if len(parts) != 2:
        raise ToleranceError(f"{designation!r} is not a fit like H7/g6")
    hole, shaft = parts
    if not hole[0].isupper() or not shaft[0].islower():
        raise ToleranceError(f"{designation!r}: a fit is a hole class (capital) over a shaft class (small)")
    hu, hl = limits(hole, size)
    su, sl = limits(shaft, size)
    return Fit(float(size), hole, shaft, hu, hl, su, sl)


def grade_of(tolerance_mm: float, size: float) -> float:
    """The fractional IT grade of a tolerance band (upper − lower, in mm) at ``size`` mm.

    Interpolates geometrically between neighbouring grades (IT values grow by ≈ 10^(1/5) per grade),
    so a band exactly equal to IT7 gives 7.0.

    >>> grade_of(0.021, 25)
    7.0
    """
    size = _check_size(size)
    band = tolerance_mm * 1000.0
    if not band > 0:
        raise ToleranceError(f"tolerance band must be positive, got {tolerance_mm!r} mm")
    grades = list(range(1, 19))
    values = [it_value(size, g) for g in grades]
    if band <= values[0]:
        return round(1 + math.log(band / values[0]) / math.log(values[1] / values[0]), 3)
    for (g0, v0), (g1, v1) in zip(zip(grades, values), zip(grades[1:], values[1:])):
        if band <= v1:
            return round(g0 + math.log(band / v0) / math.log(v1 / v0), 3)
    return round(18 + math.log(band / values[-1]) / math.log(values[-1] / values[-2]), 3)
