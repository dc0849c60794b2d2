"""A learned tolerance model (XGBoost) trained on the skin-model simulator, or on your own measurements.

For a feature of nominal ``size`` made by ``process`` in ``material`` it predicts the expected deviation
of four characteristics (flatness, cylindricity, position, perpendicularity — the outputs of the former
"Skin Model" service) and the probability that a part conforms to a given ``tolerance``.

What it is: a fast imitation of :mod:`drawinglab.tolerance.simulate`, whose magnitudes come from
published process-capability tables and modelling assumptions. What it is not: validated against shop
measurements. Retrain it on yours (``drawinglab train tolerance --csv FILE``, columns in
``docs/tolerance.md``) before trusting its numbers for a real process.

Example:
    >>> from drawinglab.tolerance.model import ToleranceModel
    >>> model = ToleranceModel.load()
    >>> out = model.predict([{"characteristic": "flatness", "size": 80, "process": "milling",
    ...                       "material": "steel", "tolerance": 0.05}])
    >>> bool(0.0 < out.loc[0, "expected_deviation"] < 0.5), bool(0.0 <= out.loc[0, "conformance_probability"] <= 1.0)
    (True, True)
"""
from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .._io import atomic_path, write_json
from ..backend import resolve_device, to_host
from ..errors import ConfigError, CorruptFile, InputNotFound
from .capability import MATERIALS, it_band, load_processes, material_factor
from .simulate import SkinParams, simulate

log = logging.getLogger(__name__)

__all__ = ["TARGETS", "CSV_COLUMNS", "simulate_rows", "features", "train", "ToleranceModel", "MODEL_DIR",
           "read_measurements"]

TARGETS = ("flatness", "cylindricity", "position", "perpendicularity")
#: characteristic → (simulated feature, measurement key, what makes it)
_SPEC = {"flatness": ("plane", "flatness", "flat"), "cylindricity": ("cylinder", "cylindricity", "hole"),
         "position": ("circle", "position", "hole"), "perpendicularity": ("line", "orientation", "flat")}
CSV_COLUMNS = ("characteristic", "size", "process", "material", "tolerance", "deviation")
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "tolerance"


def simulate_rows(n_rows: int, seed: int = 0, parts: int = 64, points: int = 64, xp=np) -> Any:
    """``n_rows`` random settings (characteristic, size 3–500 mm log-uniform, a process that makes the feature,
    material, tolerance), each simulated on ``parts`` parts: ``deviation`` is their mean, ``conformance``
    the share within the tolerance. Returns a pandas DataFrame."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    procs = load_processes()
    rows = []
    for i in range(n_rows):
        char = TARGETS[int(rng.integers(len(TARGETS)))]
        feature, key, makes = _SPEC[char]
        size = float(np.exp(rng.uniform(np.log(3.0), np.log(500.0))))
        options = [p for p in procs if makes in p.makes]
        proc = options[int(rng.integers(len(options)))]
        material = MATERIALS[int(rng.integers(len(MATERIALS)))]
        params = SkinParams.from_process(proc.name, material, size)
        tolerance = it_band(size, proc.typical_grade) * 10 ** rng.uniform(-1.3, 0.3)
        dev = simulate(xp, feature, size, params, n=parts, points=points, seed=int(rng.integers(2**31)))[key]
        dev = to_host(dev)
        rows.append((char, size, proc.name, material, tolerance, float(dev.mean()), float((dev <= tolerance).mean())))
    return pd.DataFrame(rows, columns=["characteristic", "size", "process", "material", "tolerance", "deviation",
                                       "conformance"])


def features(frame) -> np.ndarray:
    """Model inputs: log sizes and tolerance, the process's grades and Ra, the material factor, one-hots."""
    procs = {p.name: p for p in load_processes()}
    names = sorted(procs)
    unknown = set(frame["process"]) - set(procs)
    if unknown:
        raise ConfigError(f"unknown process(es) {sorted(unknown)}; known: {', '.join(names)}")
    bad = set(frame["characteristic"]) - set(TARGETS)
    if bad:
        raise ConfigError(f"unknown characteristic(s) {sorted(bad)}; known: {', '.join(TARGETS)}")
    size = frame["size"].to_numpy(float)
    tol = frame["tolerance"].to_numpy(float)
    if (size <= 0).any() or (tol <= 0).any():
        raise ConfigError("size and tolerance must be positive")
    cols = [np.log10(size), np.log10(tol),
            np.log10(tol / np.array([it_band(s, procs[p].typical_grade) for s, p in zip(size, frame["process"])])),
            frame["process"].map(lambda p: procs[p].it_best).to_numpy(float),
            frame["process"].map(lambda p: procs[p].typical_grade).to_numpy(float),
            frame["material"].map(material_factor).to_numpy(float)]
    cols += [(frame["characteristic"] == c).to_numpy(float) for c in TARGETS]
    cols += [(frame["process"] == p).to_numpy(float) for p in names]
    return np.column_stack(cols)


class _Booster:
    """An XGBoost booster trained with the native API (no scikit-learn needed)."""

    def __init__(self, device: str, logistic: bool, seed: int, rounds: int = 300):
        self.params = {"max_depth": 5, "eta": 0.06, "subsample": 0.9, "colsample_bytree": 0.9,
                       "tree_method": "hist", "device": "cuda" if device.startswith("cuda") else "cpu",
                       "objective": "reg:logistic" if logistic else "reg:squarederror", "seed": seed}
        self.rounds = rounds
        self.booster = None

    def fit(self, x: np.ndarray, y: np.ndarray) -> "_Booster":
        import xgboost as xgb

        self.booster = xgb.train(self.params, xgb.DMatrix(x, label=y), num_boost_round=self.rounds)
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        import xgboost as xgb

        return self.booster.predict(xgb.DMatrix(x))


def _r2(y: np.ndarray, p: np.ndarray) -> float:
    return float(1.0 - ((y - p) ** 2).sum() / max(((y - y.mean()) ** 2).sum(), 1e-12))


def train(frame, out: str | Path | None = None, holdout=None, device: str = "auto", seed: int = 0) -> dict[str, Any]:
    """Fit the four deviation models (on log10 deviation) and the conformance model; score on ``holdout``
    (a frame like ``frame``) when given; write ``<target>.ubj`` files and ``card.json`` to ``out``."""
    device = resolve_device(device)
    out = Path(out or MODEL_DIR)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    card: dict[str, Any] = {"rows": int(len(frame)), "device": device, "seed": seed, "targets": {}}
    models = {}
    for target in TARGETS:
        part = frame[frame.characteristic == target]
        if len(part) < 10:
            raise ConfigError(f"need at least 10 rows of {target}, got {len(part)}")
        m = _Booster(device, False, seed)
        m.fit(features(part), np.log10(part["deviation"].to_numpy(float)))
        models[target] = m
    conf = _Booster(device, True, seed)
    conf.fit(features(frame), frame["conformance"].to_numpy(float))
    models["conformance"] = conf
    card["train_seconds"] = round(time.perf_counter() - start, 2)
    if holdout is not None:
        card["holdout_rows"] = int(len(holdout))
        for target in TARGETS:
            part = holdout[holdout.characteristic == target]
            y = np.log10(part["deviation"].to_numpy(float))
            p = models[target].predict(features(part))
            card["targets"][target] = {"r2_log10": round(_r2(y, p), 4), "rmse_log10": round(float(np.sqrt(((y - p) ** 2).mean())), 4),
                                       "r2": round(_r2(10 ** y, 10 ** p), 4), "n": int(len(part))}
        y = holdout["conformance"].to_numpy(float)
        p = conf.predict(features(holdout))
        card["targets"]["conformance"] = {"r2": round(_r2(y, p), 4),
                                          "mae": round(float(np.abs(y - p).mean()), 4), "n": int(len(holdout))}
    card["throughput"] = _throughput(models, holdout if holdout is not None else frame, seed)
    for name, m in models.items():
        with atomic_path(out / f"{name}.ubj") as tmp:  # the temporary name keeps the .ubj suffix
            m.booster.save_model(str(tmp))
    write_json(out / "card.json", card)
    return card


def _throughput(models: dict[str, Any], frame, seed: int, sim_rows: int = 100, parts: int = 64) -> dict[str, float]:
    """Rows per second: the simulator (``parts`` parts per row, as in training) vs the five boosters."""
    start = time.perf_counter()
    simulate_rows(sim_rows, seed=seed + 999, parts=parts)
    sim = sim_rows / (time.perf_counter() - start)
    big = frame.sample(n=20000, replace=True, random_state=seed)
    start = time.perf_counter()
    x = features(big)
    for m in models.values():
        m.predict(x)
    model = len(big) / (time.perf_counter() - start)
    return {"simulator_rows_per_s": round(sim, 1), "model_rows_per_s": round(model, 1),
            "speedup": round(model / sim, 1), "parts_per_simulated_row": parts}


def read_measurements(path: str | Path):
    """A user's measurement CSV (:data:`CSV_COLUMNS`, one row per measured part) as a training frame."""
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise InputNotFound("measurement CSV not found", path)
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise CorruptFile(f"not a readable CSV ({exc})", path) from None
    missing = [c for c in CSV_COLUMNS if c not in frame.columns]
    if missing:
        raise CorruptFile(f"missing column(s) {missing}; expected {', '.join(CSV_COLUMNS)}", path)
    frame = frame[list(CSV_COLUMNS)].dropna()
    if (frame["deviation"] <= 0).any():
        raise CorruptFile("deviation must be positive (a measured form/orientation/location error)", path)
    frame["conformance"] = (frame["deviation"] <= frame["tolerance"]).astype(float)
    return frame.reset_index(drop=True)


class ToleranceModel:
    """The trained boosters: :meth:`predict` expected deviations and conformance probabilities."""

    def __init__(self, boosters: dict[str, Any], card: dict[str, Any]):
        self.boosters = boosters
        self.card = card

    @classmethod
    def load(cls, path: str | Path | None = None) -> "ToleranceModel":
        import xgboost as xgb

        path = Path(path or MODEL_DIR)
        boosters = {}
        for name in (*TARGETS, "conformance"):
            file = path / f"{name}.ubj"
            if not file.exists():
                raise InputNotFound("tolerance model file missing (train with `drawinglab train tolerance`)", file)
            booster = xgb.Booster()
            booster.load_model(str(file))
            boosters[name] = booster
        card = json.loads((path / "card.json").read_text()) if (path / "card.json").exists() else {}
        return cls(boosters, card)

    def predict(self, rows: Sequence[dict[str, Any]] | Any):
        """Rows with ``characteristic, size, process, material, tolerance`` (dicts or a DataFrame) → a DataFrame
        with ``expected_deviation`` (mm) and ``conformance_probability`` added."""
        import pandas as pd
        import xgboost as xgb

        frame = pd.DataFrame(rows).reset_index(drop=True)
        x = features(frame)
        expected = np.full(len(frame), math.nan)
        for target in TARGETS:
            mask = (frame["characteristic"] == target).to_numpy()
            if mask.any():
                expected[mask] = 10 ** self.boosters[target].predict(xgb.DMatrix(x[mask]))
        frame["expected_deviation"] = expected
        frame["conformance_probability"] = np.clip(self.boosters["conformance"].predict(xgb.DMatrix(x)), 0, 1)
        return frame
