"""A 2-D skin-model-shape simulator: deviated feature profiles, "measured" by least squares.

A skin model (Schleich & Anwer's skin model shapes) is a part's surface with its manufacturing deviations.
Here each feature is sampled as points: nominal shape + systematic modes (translation, rotation, size,
ovality and 3-lobing for circles, bow for lines and planes, taper and axis bend for cylinders) + a
Gaussian random field (squared-exponential correlation; periodic on circles). The magnitudes come from
the process's capability: a process that typically holds IT grade g at this size has a spread T = IT(g),
and the size scatters with σ = T/6 (a capable process, ±3σ in the band); the other modes are fixed
fractions of T/6 (:class:`SkinParams`), scaled by the material's factor. These fractions are modelling
assumptions, not measurements: the learned model imitates this simulator until retrained on real data.

Every function takes the array module ``xp`` (NumPy or CuPy) and runs batched on it.

Example:
    >>> import numpy as np
    >>> from drawinglab.tolerance.simulate import SkinParams, simulate
    >>> m = simulate(np, "circle", 20.0, SkinParams.from_process("grinding", "steel", 20.0), n=500, seed=1)
    >>> bool(abs(m["size"].mean() - 20.0) < 0.002), bool((m["roundness"] > 0).all())
    (True, True)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..errors import ConfigError

__all__ = ["SkinParams", "FEATURES", "CHARACTERISTICS", "simulate", "sample_profiles", "measure"]

FEATURES = ("line", "plane", "circle", "cylinder")
#: characteristic → the feature it is measured on
CHARACTERISTICS = {"straightness": "line", "perpendicularity": "line", "parallelism": "line", "flatness": "plane",
                   "roundness": "circle", "position": "circle", "size": "circle", "cylindricity": "cylinder"}


@dataclass(frozen=True)
class SkinParams:
    """Standard deviations (mm, or rad for ``rotation``) of each deviation mode, and the random field's
    correlation length as a fraction of the feature's extent."""

    size: float = 0.0
    translation: float = 0.0
    rotation: float = 0.0
    form: float = 0.0
    systematic: float = 0.0  # ovality/lobing (circles), bow (lines, planes), taper/bend (cylinders)
    correlation: float = 0.15

    #: mode → fraction of the process spread's σ = T/6 (modelling assumptions, see module doc)
    RATIOS = {"size": 1.0, "translation": 1.0, "rotation": 0.5, "form": 0.35, "systematic": 0.3}

    @classmethod
    def from_process(cls, process: str, material: str = "steel", size: float = 25.0, grade: float | None = None,
                     **overrides: float) -> "SkinParams":
        """Magnitudes for ``process`` on ``material`` at ``size`` mm (``grade`` overrides its typical grade)."""
        from .capability import it_band, load_processes, material_factor

        procs = {p.name: p for p in load_processes()}
        if process not in procs:
            raise ConfigError(f"unknown process {process!r}; known: {', '.join(procs)}")
        g = procs[process].typical_grade if grade is None else float(grade)
        sigma = it_band(max(size, 1.0), g) / 6.0 * material_factor(material)
        r = cls.RATIOS
        return replace(cls(size=r["size"] * sigma, translation=r["translation"] * sigma,
                           rotation=r["rotation"] * sigma / max(size, 1.0), form=r["form"] * sigma,
                           systematic=r["systematic"] * sigma), **overrides)


def _field(xp, rng, n_samples: int, coords, length: float, sigma: float, periodic: bool):
    """Gaussian random field samples (n_samples × len(coords)) with squared-exponential correlation."""
    if sigma <= 0:
        return xp.zeros((n_samples, len(coords)))
    d = coords[:, None] - coords[None, :]
    if periodic:  # coords are angles; correlation along the arc
        d = 2.0 * xp.sin(d / 2.0)
    cov = xp.exp(-0.5 * (d / length) ** 2) + 1e-6 * xp.eye(len(coords))
    chol = xp.linalg.cholesky(cov)
    return sigma * rng.standard_normal((n_samples, len(coords))) @ chol.T


def sample_profiles(xp, feature: str, size: float, params: SkinParams, n: int, points: int = 128,
                    sections: int = 5, seed: int | None = 0) -> dict[str, Any]:
    """Deviated point sets of ``n`` parts. Returns arrays on ``xp``:

    - line (length ``size``): ``x`` (points), ``y`` (n × points), deviation normal to the nominal line;
    - plane (square ``size``): ``x``, ``y`` (points each, grid axes), ``z`` (n × points × points);
    - circle (diameter ``size``): ``x``, ``y`` (n × points);
    - cylinder (diameter and length ``size``): ``x``, ``y`` (n × sections × points), ``z`` (sections).
    """
    if feature not in FEATURES:
        raise ConfigError(f"feature must be one of {', '.join(FEATURES)}, got {feature!r}")
    if size <= 0 or n < 1 or points < 8:
        raise ConfigError(f"need size > 0, n ≥ 1 and points ≥ 8, got size={size}, n={n}, points={points}")
    rng = xp.random.default_rng(seed)
    p = params
    if feature == "line":
        x = xp.linspace(0.0, size, points)
        u = x / size - 0.5
        y = (p.translation * rng.standard_normal((n, 1)) + p.rotation * rng.standard_normal((n, 1)) * (x - size / 2)
             + p.systematic * rng.standard_normal((n, 1)) * (4 * u ** 2 - 1 / 3)
             + _field(xp, rng, n, x, p.correlation * size, p.form, False))
        return {"x": x, "y": y}
    if feature == "plane":
        m = max(8, int(round(math.sqrt(points * 2))))
        g = xp.linspace(0.0, size, m)
        u = g / size - 0.5
        fx = _field(xp, rng, n, g, p.correlation * size, 1.0, False)
        fy = _field(xp, rng, n, g, p.correlation * size, 1.0, False)
        rand = p.form * (fx[:, :, None] + fy[:, None, :]) / math.sqrt(2.0)
        bow = p.systematic * (rng.standard_normal((n, 1, 1)) * (4 * u[:, None] ** 2 - 1 / 3)
                              + rng.standard_normal((n, 1, 1)) * (4 * u[None, :] ** 2 - 1 / 3))
        tilt = p.rotation * (rng.standard_normal((n, 1, 1)) * (g[:, None] - size / 2)
                             + rng.standard_normal((n, 1, 1)) * (g[None, :] - size / 2))
        z = p.translation * rng.standard_normal((n, 1, 1)) + tilt + bow + rand
        return {"x": g, "y": g, "z": z}
    theta = xp.linspace(0.0, 2 * math.pi, points, endpoint=False)
    radius = size / 2.0
    length_rad = p.correlation * 2 * math.pi

    def ring(count: int):
        r = (radius + p.size / 2 * rng.standard_normal((count, 1))
             + p.systematic * rng.standard_normal((count, 1)) * xp.cos(2 * theta + 2 * math.pi * rng.random((count, 1)))
             + 0.5 * p.systematic * rng.standard_normal((count, 1)) * xp.cos(3 * theta + 2 * math.pi * rng.random((count, 1)))
             + _field(xp, rng, count, theta, length_rad, p.form, True))
        return r

    if feature == "circle":
        r = ring(n)
        cx = p.translation * rng.standard_normal((n, 1))
        cy = p.translation * rng.standard_normal((n, 1))
        return {"x": cx + r * xp.cos(theta), "y": cy + r * xp.sin(theta)}
    z = xp.linspace(0.0, size, sections)
    w = z / size - 0.5
    r = ring(n * sections).reshape(n, sections, points)
    taper = p.systematic * rng.standard_normal((n, 1, 1)) * w[None, :, None]
    common = p.size / 2 * rng.standard_normal((n, 1, 1))
    r = r - (r.mean(axis=2, keepdims=True) - radius) + common + taper  # one size per part, plus taper
    cx = (p.translation * rng.standard_normal((n, 1, 1)) + p.rotation * size * rng.standard_normal((n, 1, 1)) * w[None, :, None]
          + p.systematic * rng.standard_normal((n, 1, 1)) * (4 * w[None, :, None] ** 2 - 1 / 3))
    cy = (p.translation * rng.standard_normal((n, 1, 1)) + p.rotation * size * rng.standard_normal((n, 1, 1)) * w[None, :, None]
          + p.systematic * rng.standard_normal((n, 1, 1)) * (4 * w[None, :, None] ** 2 - 1 / 3))
    return {"x": cx + r * xp.cos(theta), "y": cy + r * xp.sin(theta), "z": z}


def _fit_circle(xp, x, y):
    """Least-squares (Kåsa) circle through each row of ``x``, ``y`` → centre x, centre y, radius."""
    a = xp.stack([x, y, xp.ones_like(x)], axis=-1)
    b = x ** 2 + y ** 2
    ata = xp.einsum("...pi,...pj->...ij", a, a)
    atb = xp.einsum("...pi,...p->...i", a, b)
    sol = xp.linalg.solve(ata, atb[..., None])[..., 0]
    cx, cy = sol[..., 0] / 2, sol[..., 1] / 2
    return cx, cy, xp.sqrt(sol[..., 2] + cx ** 2 + cy ** 2)


def _range(v, axis):
    return v.max(axis=axis) - v.min(axis=axis)


def measure(xp, feature: str, profiles: dict[str, Any], size: float) -> dict[str, Any]:
    """Least-squares evaluation of sampled profiles (zones are least-squares zones, which are a little
    wider than minimum zones). Returns per-part arrays on ``xp`` (mm):

    - line: ``straightness`` (range of residuals about the LS line) and ``orientation`` (range about the
      nominal direction: the zone of parallelism or perpendicularity to an ideal datum);
    - plane: ``flatness`` (range of residuals about the LS plane);
    - circle: ``size`` (LS diameter), ``roundness`` (radial range about the LS centre), ``position``
      (diametral: twice the centre's offset);
    - cylinder: ``size``, ``cylindricity`` (radial range about the LS axis over all sections), ``position``
      (diametral, worst section of the LS axis).
    """
    if feature == "line":
        x, y = profiles["x"], profiles["y"]
        xc = x - x.mean()
        slope = (y * xc).sum(axis=1, keepdims=True) / (xc ** 2).sum()
        resid = y - y.mean(axis=1, keepdims=True) - slope * xc
        return {"straightness": _range(resid, 1), "orientation": _range(y, 1)}
    if feature == "plane":
        g, z = profiles["x"], profiles["z"]
        gc = g - g.mean()
        sx = (z * gc[None, :, None]).sum(axis=(1, 2), keepdims=True) / ((gc ** 2).sum() * len(g))
        sy = (z * gc[None, None, :]).sum(axis=(1, 2), keepdims=True) / ((gc ** 2).sum() * len(g))
        resid = z - z.mean(axis=(1, 2), keepdims=True) - sx * gc[None, :, None] - sy * gc[None, None, :]
        return {"flatness": resid.reshape(len(z), -1).max(axis=1) - resid.reshape(len(z), -1).min(axis=1)}
    if feature == "circle":
        x, y = profiles["x"], profiles["y"]
        cx, cy, r = _fit_circle(xp, x, y)
        radial = xp.sqrt((x - cx[:, None]) ** 2 + (y - cy[:, None]) ** 2)
        return {"size": 2 * r, "roundness": _range(radial, 1), "position": 2 * xp.sqrt(cx ** 2 + cy ** 2)}
    if feature == "cylinder":
        x, y, z = profiles["x"], profiles["y"], profiles["z"]
        cx, cy, r = _fit_circle(xp, x, y)  # n × sections
        zc = z - z.mean()
        ax = cx.mean(axis=1, keepdims=True) + ((cx * zc).sum(axis=1, keepdims=True) / (zc ** 2).sum()) * zc
        ay = cy.mean(axis=1, keepdims=True) + ((cy * zc).sum(axis=1, keepdims=True) / (zc ** 2).sum()) * zc
        radial = xp.sqrt((x - ax[..., None]) ** 2 + (y - ay[..., None]) ** 2)
        flat = radial.reshape(len(x), -1)
        return {"size": 2 * r.mean(axis=1), "cylindricity": flat.max(axis=1) - flat.min(axis=1),
                "position": 2 * xp.sqrt(ax ** 2 + ay ** 2).max(axis=1)}
    raise ConfigError(f"feature must be one of {', '.join(FEATURES)}, got {feature!r}")


def simulate(xp, feature: str, size: float, params: SkinParams, n: int = 1000, points: int = 128,
             seed: int | None = 0, chunk: int = 20000) -> dict[str, Any]:
    """Sample ``n`` parts and measure them (:func:`measure`), in chunks of ``chunk`` parts; arrays on ``xp``."""
    parts: dict[str, list[Any]] = {}
    seeds = np.random.SeedSequence(seed).spawn(max(1, -(-n // chunk)))
    done = 0
    for s in seeds:
        count = min(chunk, n - done)
        prof = sample_profiles(xp, feature, size, params, count, points, seed=int(s.generate_state(1)[0]))
        for key, value in measure(xp, feature, prof, size).items():
            parts.setdefault(key, []).append(value)
        done += count
    return {k: xp.concatenate(v) for k, v in parts.items()}
