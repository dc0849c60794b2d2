"""Manufacturability of a tolerance: IT grade (ISO 286), capable processes, cheapest one, cost index, flags.

The process table (``data/processes.json``) holds each process's IT-grade range and Ra range from published
charts, and the constants of the reciprocal-power cost model ``C(T) = A + B·T^-k``; its ``sources`` say where
each figure comes from and which are this project's assumptions.

Example:
    >>> from drawinglab.tolerance import analyze
    >>> a = analyze("⌀25 H7")
    >>> round(a.it_grade, 1), a.cheapest, a.flags
    (7.0, 'reaming', [])
    >>> analyze("10 ±0.0005").flags
    ['tighter_than_any_process']
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from ..dimensions import iso286
from ..errors import ConfigError, ParseError, ToleranceError

__all__ = ["Process", "load_processes", "material_factor", "it_band", "capable_processes", "ToleranceAnalysis",
           "analyze", "analyze_table", "ANALYSIS_COLUMNS", "MATERIALS"]

DATA = Path(__file__).resolve().parent / "data" / "processes.json"
REFERENCE_SIZE = 25.0  # mm: where B is anchored (B = A * IT(best grade at 25 mm)^k)
ANALYSIS_COLUMNS = ["it_grade", "process", "cost_index", "capable_processes", "tolerance_flags"]


@dataclass(frozen=True)
class Process:
    """One manufacturing process: IT grades it holds (best, worst), Ra range (µm), cost constants."""

    name: str
    it_best: float
    it_worst: float
    ra_min: float
    ra_max: float
    A: float
    k: float = 1.0
    makes: tuple[str, ...] = ("hole", "shaft", "flat")

    @property
    def B(self) -> float:
        return self.A * it_band(REFERENCE_SIZE, self.it_best) ** self.k

    @property
    def typical_grade(self) -> float:
        """The middle of the process's grade range: what it holds without special care."""
        return (self.it_best + self.it_worst) / 2.0

    def cost(self, band_mm: float) -> float:
        """Relative cost index ``A + B·T^-k`` of holding a band of ``band_mm``."""
        return self.A + self.B * band_mm ** (-self.k)

    def holds(self, grade: float) -> bool:
        return grade >= self.it_best - 1e-9


@lru_cache(maxsize=8)
def _load(path: str) -> tuple[tuple[Process, ...], dict[str, float]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        procs = tuple(Process(p["name"], float(p["it"][0]), float(p["it"][1]), float(p["ra"][0]), float(p["ra"][1]),
                              float(p["A"]), float(p.get("k", 1.0)), tuple(p.get("makes", ("hole", "shaft", "flat"))))
                      for p in data["processes"])
        materials = {k: float(v) for k, v in data["materials"]["factors"].items()}
    except (OSError, KeyError, ValueError, TypeError, IndexError) as exc:
        raise ConfigError(f"bad process table {path}: {exc}") from None
    return procs, materials


def load_processes(path: str | Path | None = None) -> list[Process]:
    """The process table (``path`` defaults to the bundled ``processes.json``), best grade first."""
    return sorted(_load(str(path or DATA))[0], key=lambda p: (p.it_best, p.name))


MATERIALS: tuple[str, ...] = tuple(_load(str(DATA))[1])


def material_factor(material: str, path: str | Path | None = None) -> float:
    """Relative process spread on ``material`` (1.0 = steel)."""
    factors = _load(str(path or DATA))[1]
    if material not in factors:
        raise ConfigError(f"unknown material {material!r}; known: {', '.join(factors)}")
    return factors[material]


def it_band(size: float, grade: float) -> float:
    """The tolerance band (mm) of a possibly fractional IT ``grade`` at ``size`` mm (geometric interpolation
    between whole grades, the inverse of :func:`drawinglab.dimensions.iso286.grade_of`)."""
    lo = min(max(int(math.floor(grade)), 1), 17)
    v0, v1 = iso286.it_value(size, lo), iso286.it_value(size, lo + 1)
    return v0 * (v1 / v0) ** (grade - lo) / 1000.0


def capable_processes(grade: float, ra: float | None = None, feature: str | None = None,
                      processes: Sequence[Process] | None = None) -> list[Process]:
    """Processes that hold IT ``grade`` (and reach ``ra`` µm, and make ``feature`` — ``hole``, ``shaft`` or
    ``flat`` — when given)."""
    procs = processes or load_processes()
    return [p for p in procs if p.holds(grade) and (ra is None or p.ra_min <= ra)
            and (feature is None or feature in p.makes)]


@dataclass
class ToleranceAnalysis:
    """The tolerance stage's verdict on one dimension."""

    text: str
    nominal: float | None
    band: float | None  # mm, upper − lower
    it_grade: float | None
    capable: list[str] = field(default_factory=list)
    cheapest: str | None = None
    cost_index: float | None = None
    flags: list[str] = field(default_factory=list)
    tolerance_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _limits_of(dim: Any) -> tuple[str, float | None, float | None, float | None, str | None, str]:
    """(text, nominal, upper, lower, tolerance_source, kind, fit) from a Dimension, a parse record or a string."""
    from ..dimensions import parse

    if isinstance(dim, str):
        dim = parse(dim)
    if isinstance(dim, dict):
        get = dim.get
        return (str(get("text", "")), get("nominal"), get("upper"), get("lower"), get("tolerance_source"),
                str(get("kind") or ""), get("fit"))
    return dim.text, dim.nominal, dim.upper, dim.lower, dim.tolerance_source, dim.kind, dim.fit


def analyze(dim: Any, ra: float | None = None, feature: str | None = None, general: str | None = None,
            processes: Sequence[Process] | None = None) -> ToleranceAnalysis:
    """Analyse one dimension (text, :class:`~drawinglab.dimensions.Dimension` or its record).

    ``ra`` is the surface roughness (µm) asked of the same feature, ``feature`` is ``hole``, ``shaft`` or
    ``flat`` (taken from an ISO fit's letter case when not given), ``general`` an ISO 2768 class for
    dimensions without a tolerance of their own. Flags: ``tighter_than_any_process``,
    ``roughness_inconsistent`` (Rz ≈ 6·Ra would eat more than half the band, or no process that holds the
    grade reaches the Ra), ``contradictory_limits``, ``general_tolerance``, ``no_tolerance``,
    ``not_a_length`` (angles, threads, roughness: no IT grade).
    """
    if isinstance(dim, str) and general:
        from ..dimensions import apply_general_tolerance, parse

        dim = apply_general_tolerance(parse(dim), general)
    text, nominal, upper, lower, source, kind, fit = _limits_of(dim)
    if feature is None and isinstance(fit, str) and fit[:1].isalpha():
        feature = "hole" if fit[0].isupper() else "shaft"  # ISO 286: capitals are holes
    elif feature is None and kind in ("linear", "radius"):
        feature = "flat"
    if upper is None and isinstance(fit, str) and "/" in fit and nominal is not None:
        from ..dimensions.iso286 import limits  # a fit pair: the hole's band (the tighter part is the shaft's)

        hole, shaft = fit.split("/", 1)
        bands = {"hole": limits(hole, nominal), "shaft": limits(shaft, nominal)}
        side = "shaft" if (bands["shaft"][0] - bands["shaft"][1]) < (bands["hole"][0] - bands["hole"][1]) else "hole"
        upper, lower, feature = nominal + bands[side][0] / 1000, nominal + bands[side][1] / 1000, side  # µm
    result = ToleranceAnalysis(text, nominal, None, None, tolerance_source=source)
    if kind in ("angle", "angular", "thread", "roughness", "chamfer_angle") or nominal is None:
        result.flags.append("not_a_length")
        return result
    if upper is None or lower is None:
        result.flags.append("no_tolerance")
        return result
    if source == "general":
        result.flags.append("general_tolerance")
    band = float(upper) - float(lower)
    if band <= 0:  # upper limit at or below the lower one
        result.flags.append("contradictory_limits")
        return result
    result.band = round(band, 6)
    size = abs(float(nominal)) if abs(float(nominal)) > 0 else max(abs(upper), abs(lower))
    try:
        result.it_grade = iso286.grade_of(band, max(size, 0.5))
    except (ToleranceError, ParseError) as exc:
        result.flags.append(f"out_of_iso286_range: {exc}")
        return result
    procs = processes or load_processes()
    capable = capable_processes(result.it_grade, None, feature, procs)
    result.capable = [p.name for p in capable]
    if not capable:
        result.flags.append("tighter_than_any_process")
        return result
    if ra is not None:
        with_ra = [p for p in capable if p.ra_min <= ra]
        if 6.0 * ra > 0.5 * band * 1000.0 or not with_ra:
            result.flags.append("roughness_inconsistent")
        capable = with_ra or capable
    best = min(capable, key=lambda p: p.cost(band))
    result.cheapest, result.cost_index = best.name, round(best.cost(band), 3)
    return result


def analyze_table(table, general: str | None = None, processes: Sequence[Process] | None = None):
    """:data:`ANALYSIS_COLUMNS` for each row of a reader/pipeline table (NaN/None where not a dimension)."""
    import numpy as np
    import pandas as pd

    rows = []
    for row in table.itertuples():
        if getattr(row, "category", "dimension") != "dimension" or not isinstance(getattr(row, "text", None), str):
            rows.append((np.nan, None, np.nan, None, None))
            continue
        record = {"text": row.text, "nominal": _num(row.nominal), "upper": _num(row.upper), "lower": _num(row.lower),
                  "kind": getattr(row, "kind", None), "tolerance_source": None,
                  "fit": getattr(row, "fit", None) if isinstance(getattr(row, "fit", None), str) else None}
        if general and record["upper"] is None and record["nominal"] is not None:
            record = _with_general(row.text, record, general)
        a = analyze(record, processes=processes)
        rows.append((a.it_grade if a.it_grade is not None else np.nan, a.cheapest,
                     a.cost_index if a.cost_index is not None else np.nan,
                     ",".join(a.capable) or None, ",".join(a.flags) or None))
    return pd.DataFrame(rows, columns=ANALYSIS_COLUMNS, index=table.index)


def _num(value: Any) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


def _with_general(text: str, record: dict[str, Any], general: str) -> dict[str, Any]:
    from ..dimensions import apply_general_tolerance, try_parse

    dim = try_parse(text)
    if dim is None:
        return record
    dim = apply_general_tolerance(dim, general)
    return {**record, "upper": dim.upper, "lower": dim.lower, "tolerance_source": dim.tolerance_source}
