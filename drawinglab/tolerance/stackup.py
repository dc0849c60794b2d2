"""Tolerance stack-up of a chain of dimensions: worst case, RSS and Monte Carlo (NumPy or CuPy).

Each link is a dimension with a sign (``-30±0.1`` subtracts). A link's band is taken as ±3σ about its
mid-limit for RSS and the normal Monte Carlo; ``uniform`` spreads it evenly over the band;
``truncnorm`` is a normal of σ = band/6 cut at the limits (a process that scraps what is out of tolerance).

Example:
    >>> from drawinglab.tolerance.stackup import stackup
    >>> r = stackup(["10±0.1", "20±0.2", "-30±0.1"], method="wc")
    >>> round(r["nominal"], 6), round(r["worst_case"]["plus"], 6)
    (0.0, 0.4)
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..backend import array_module, resolve_device, synchronize, to_host
from ..errors import ConfigError, ParseError

__all__ = ["Link", "parse_link", "worst_case", "rss", "monte_carlo", "stackup", "DISTRIBUTIONS"]

DISTRIBUTIONS = ("normal", "uniform", "truncnorm")


@dataclass(frozen=True)
class Link:
    """One signed dimension of the chain: nominal and its limits (mm)."""

    text: str
    sign: int
    nominal: float
    upper: float
    lower: float

    @property
    def mid(self) -> float:
        return self.sign * (self.upper + self.lower) / 2.0

    @property
    def half_band(self) -> float:
        return (self.upper - self.lower) / 2.0


def parse_link(text: str, general: str | None = None) -> Link:
    """``"-30±0.1"`` → a subtracted link; any toleranced dimension text the grammar reads is accepted."""
    from ..dimensions import apply_general_tolerance, parse

    raw = text.strip()
    sign = -1 if raw[:1] in "-\u2212" else 1  # ASCII hyphen or the minus sign
    body = raw[1:].strip() if raw[:1] in "+-\u2212" else raw
    dim = parse(body)
    if general and (dim.upper is None or dim.lower is None):
        dim = apply_general_tolerance(dim, general)
    if dim.nominal is None or dim.upper is None or dim.lower is None:
        raise ParseError(f"{text!r} has no tolerance (give one, or a general tolerance class)")
    if dim.upper < dim.lower:
        raise ParseError(f"{text!r}: upper limit below lower limit")
    return Link(text, sign, sign * dim.nominal, dim.upper, dim.lower)


def _links(chain: Sequence[str | Link], general: str | None) -> list[Link]:
    links = [c if isinstance(c, Link) else parse_link(c, general) for c in chain]
    if not links:
        raise ConfigError("a stack-up needs at least one dimension")
    return links


def worst_case(links: Sequence[Link]) -> dict[str, float]:
    """Arithmetic limits: mid ± the sum of half bands."""
    mid = sum(l.mid for l in links)
    half = sum(l.half_band for l in links)
    return {"mid": mid, "plus": half, "lower": mid - half, "upper": mid + half}


def rss(links: Sequence[Link]) -> dict[str, float]:
    """Root sum of squares: each band is ±3σ, so the result's ±3σ is the root of the summed squares."""
    mid = sum(l.mid for l in links)
    half = math.sqrt(sum(l.half_band ** 2 for l in links))
    return {"mid": mid, "plus": half, "sigma": half / 3.0, "lower": mid - half, "upper": mid + half}


def _special(xp):
    if xp is np:
        import scipy.special

        return scipy.special
    import cupyx.scipy.special

    return cupyx.scipy.special


def _sample(xp, rng, links: Sequence[Link], n: int, distribution: str):
    total = xp.zeros(n, dtype=xp.float64)
    for link in links:
        mid, half = link.mid, link.half_band
        if half == 0:
            total += mid
        elif distribution == "normal":
            total += mid + (half / 3.0) * rng.standard_normal(n)
        elif distribution == "uniform":
            total += mid + half * (2.0 * rng.random(n) - 1.0)
        else:  # normal truncated at ±3σ by inverse-CDF sampling
            sp = _special(xp)
            lo, hi = float(sp.ndtr(xp.asarray(-3.0))), float(sp.ndtr(xp.asarray(3.0)))
            total += mid + (half / 3.0) * sp.ndtri(lo + (hi - lo) * rng.random(n))
    return total


def monte_carlo(links: Sequence[Link], samples: int = 1_000_000, distribution: str = "normal",
                spec: tuple[float, float] | None = None, device: str = "cpu", seed: int = 0,
                chunk: int = 2_000_000) -> dict[str, Any]:
    """Sample the chain ``samples`` times (in chunks, on ``device``). Reports mean, σ, min, max, the
    0.135 % and 99.865 % quantiles (±3σ equivalents), and, against ``spec`` (lower, upper; default the
    RSS limits), the yield and parts per million outside, with samples per second."""
    if distribution not in DISTRIBUTIONS:
        raise ConfigError(f"distribution must be one of {', '.join(DISTRIBUTIONS)}, got {distribution!r}")
    if samples < 100:
        raise ConfigError(f"need at least 100 samples, got {samples}")
    device = resolve_device(device)
    xp = array_module(device)
    rng = xp.random.default_rng(seed)
    spec = spec or (rss(links)["lower"], rss(links)["upper"])
    s1 = s2 = 0.0
    outside = 0
    lo_v, hi_v = math.inf, -math.inf
    keep = []  # a bounded subsample for the quantiles
    per_chunk_keep = max(1, 200_000 * chunk // max(samples, 1))
    start = time.perf_counter()
    done = 0
    while done < samples:
        n = min(chunk, samples - done)
        x = _sample(xp, rng, links, n, distribution)
        s1 += float(x.sum())
        s2 += float((x * x).sum())
        outside += int(((x < spec[0]) | (x > spec[1])).sum())
        lo_v, hi_v = min(lo_v, float(x.min())), max(hi_v, float(x.max()))
        keep.append(to_host(x[:per_chunk_keep]))
        done += n
    synchronize(device)
    seconds = time.perf_counter() - start
    total = float(samples)
    mean = s1 / total
    std = math.sqrt(max(s2 / total - mean ** 2, 0.0))
    sub = np.concatenate(keep)
    return {"distribution": distribution, "samples": samples, "device": device, "mean": mean, "std": std,
            "min": lo_v, "max": hi_v, "q00135": float(np.quantile(sub, 0.00135)),
            "q99865": float(np.quantile(sub, 0.99865)), "spec": list(spec), "yield": 1.0 - outside / total,
            "ppm_outside": 1e6 * outside / total, "seconds": seconds, "samples_per_second": samples / seconds}


def stackup(chain: Sequence[str | Link], method: str = "all", samples: int = 1_000_000,
            distribution: str = "normal", spec: tuple[float, float] | None = None, device: str = "cpu",
            seed: int = 0, general: str | None = None) -> dict[str, Any]:
    """Worst case, RSS and/or Monte Carlo (``method`` = ``wc``, ``rss``, ``mc`` or ``all``) of a chain."""
    if method not in ("wc", "rss", "mc", "all"):
        raise ConfigError(f"method must be wc, rss, mc or all, got {method!r}")
    links = _links(chain, general)
    out: dict[str, Any] = {"links": [{"text": l.text, "sign": l.sign, "nominal": l.nominal, "upper": l.upper,
                                      "lower": l.lower} for l in links],
                           "nominal": sum(l.nominal for l in links)}
    if method in ("wc", "all"):
        out["worst_case"] = worst_case(links)
    if method in ("rss", "all"):
        out["rss"] = rss(links)
    if method in ("mc", "all"):
        out["monte_carlo"] = monte_carlo(links, samples, distribution, spec, device, seed)
    return out
