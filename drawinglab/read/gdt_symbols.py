"""GD&T characteristic symbols (⏥ ⌭ ⌖ ⊥ ∥ ⏤ ○ …) recognised from the raster of a feature control frame's
symbol compartment, which the text recogniser cannot read.

A compartment is reduced to a small, blurred ink image (walls trimmed off, the symbol kept at the scale it
is drawn in its square); :class:`SymbolClassifier` takes the majority of its nearest stored examples
(cosine similarity). The examples are cut from this project's synthetic drawings with their ground truth
(:func:`collect_examples`, ``drawinglab train gdt-symbols``) and ship in ``drawinglab/models/gdt_symbols.npz``.

Example:
    >>> import numpy as np, cv2
    >>> cell = np.full((60, 60), 255, np.uint8)
    >>> _ = cv2.circle(cell, (30, 30), 12, 0, 2); _ = cv2.line(cell, (14, 30), (46, 30), 0, 2)
    >>> _ = cv2.line(cell, (30, 14), (30, 46), 0, 2)
    >>> symbol_features(cell).shape
    (576,)
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..errors import DrawingLabError

log = logging.getLogger(__name__)

SIZE = 24
DEFAULT_WEIGHTS = Path(__file__).resolve().parent.parent / "models" / "gdt_symbols.npz"


def symbol_features(cell: np.ndarray, inset: float = 0.14) -> np.ndarray | None:
    """The ink of a symbol compartment (grey or RGB crop, walls included) as a unit vector of
    ``SIZE``² values; ``None`` when the compartment holds no ink."""
    import cv2

    gray = cv2.cvtColor(cell, cv2.COLOR_RGB2GRAY) if cell.ndim == 3 else cell
    h, w = gray.shape
    if min(h, w) < 8:
        return None
    side = min(h, w)  # a square around the compartment's centre: the symbol, not the next compartment
    y0, x0 = (h - side) // 2, (w - side) // 2
    m = int(round(inset * side))
    square = gray[y0 + m:y0 + side - m, x0 + m:x0 + side - m]
    if square.size == 0:
        return None
    threshold = min(int(np.median(gray)) - 40, 200)
    ink = (square < threshold).astype(np.float32)
    if ink.sum() < 0.005 * ink.size:
        return None
    small = cv2.resize(ink, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0.8)  # tolerance for a pixel or two of shift and stroke width
    vector = small.ravel()
    return vector / (np.linalg.norm(vector) or 1.0)


@dataclass
class SymbolClassifier:
    """Nearest stored examples, majority vote; ``predict`` returns (name, share of the votes)."""

    vectors: np.ndarray  # (n, SIZE²) unit vectors
    labels: np.ndarray  # (n,) class index
    names: list[str]
    k: int = 3

    def predict(self, cell: np.ndarray) -> tuple[str | None, float]:
        vector = symbol_features(cell)
        if vector is None or len(self.vectors) == 0:
            return None, 0.0
        similarity = self.vectors @ vector
        nearest = np.argsort(-similarity)[:self.k]
        votes = np.bincount(self.labels[nearest], minlength=len(self.names))
        best = int(np.argmax(votes))
        return self.names[best], float(votes[best]) / len(nearest)

    def save(self, path: str | Path) -> None:
        from .._io import atomic_path

        with atomic_path(path) as tmp:
            with open(tmp, "wb") as f:
                np.savez_compressed(f, vectors=self.vectors.astype(np.float16), labels=self.labels.astype(np.int16),
                                    names=np.array(self.names), k=np.array(self.k))

    @classmethod
    def load(cls, path: str | Path = DEFAULT_WEIGHTS) -> "SymbolClassifier":
        path = Path(path)
        if not path.exists():
            raise DrawingLabError(f"{path}: GD&T symbol examples not found (drawinglab train gdt-symbols)")
        with np.load(path) as data:
            return cls(data["vectors"].astype(np.float32), data["labels"].astype(np.int64),
                       [str(n) for n in data["names"]], int(data["k"]))


@lru_cache(maxsize=2)
def default_classifier(path: str = str(DEFAULT_WEIGHTS)) -> SymbolClassifier | None:
    """The shipped classifier, or ``None`` (logged) when its file is missing."""
    try:
        return SymbolClassifier.load(path)
    except DrawingLabError as exc:
        log.warning("%s", exc)
        return None


def symbol_cell_quad(frame_polygon: Sequence[Sequence[float]]) -> np.ndarray:
    """The square symbol compartment at the start of a feature control frame given as a 4-point polygon
    (top-left, top-right, bottom-right, bottom-left)."""
    p = np.asarray(frame_polygon, dtype=np.float64)
    u = p[1] - p[0]
    u = u / (np.linalg.norm(u) or 1.0)
    side = float(np.linalg.norm(p[3] - p[0]))
    return np.array([p[0], p[0] + side * u, p[3] + side * u, p[3]])


def collect_examples(ground_truth: Iterable[str | Path], per_class: int = 150,
                     seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Symbol compartments of the feature control frames in synthetic drawings (their ground-truth JSON
    beside the image): unit feature vectors, class indices, class names; at most ``per_class`` of each,
    drawn with ``seed``."""
    import json

    import cv2

    from .ocr import crop_upright

    by_class: dict[str, list[np.ndarray]] = {}
    for truth in map(Path, ground_truth):
        gt = json.loads(truth.read_text())
        frames = [a for a in gt.get("annotations", []) if a.get("gdt") and a["gdt"].get("symbol")]
        if not frames:
            continue
        image_path = truth.with_name(gt.get("image", truth.stem + ".jpg"))
        if not image_path.exists():
            image_path = next((p for p in truth.parent.glob(truth.stem + ".*") if p.suffix != ".json"), image_path)
        image = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
        if image is None:
            log.warning("%s: image not readable, skipped", image_path)
            continue
        for annotation in frames:
            cell = crop_upright(image, symbol_cell_quad(annotation["polygon"]), pad=0.0)
            vector = symbol_features(cell)
            if vector is not None:
                by_class.setdefault(annotation["gdt"]["symbol"], []).append(vector)
    if not by_class:
        raise DrawingLabError("no feature control frames with a symbol in the given ground truth")
    rng = np.random.default_rng(seed)
    names = sorted(by_class)
    vectors, labels = [], []
    for index, name in enumerate(names):
        examples = by_class[name]
        keep = rng.permutation(len(examples))[:per_class]
        vectors.extend(examples[i] for i in keep)
        labels.extend([index] * len(keep))
    return np.stack(vectors).astype(np.float32), np.array(labels, dtype=np.int64), names


def train_symbol_classifier(ground_truth: Iterable[str | Path], out: str | Path, per_class: int = 150,
                            seed: int = 0, k: int = 3) -> SymbolClassifier:
    """Collect examples (:func:`collect_examples`) and write the classifier to ``out`` (.npz)."""
    vectors, labels, names = collect_examples(ground_truth, per_class, seed)
    classifier = SymbolClassifier(vectors, labels, names, k)
    classifier.save(out)
    log.info("GD&T symbols: %d examples of %d classes → %s", len(labels), len(names), out)
    return classifier
