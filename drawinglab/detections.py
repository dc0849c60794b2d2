"""The one detection type every stage shares: boxes, scores and classes as NumPy arrays.

Modelled on ``supervision.Detections``: a dataclass of parallel arrays that slices like an array
(``dets[dets.confidence > 0.5]``), concatenates (:meth:`Detections.merge`) and converts
(:meth:`Detections.from_ultralytics`, :meth:`Detections.to_pandas`).

Example:
    >>> import numpy as np
    >>> from drawinglab.detections import Detections
    >>> d = Detections(xyxy=np.array([[0, 0, 10, 10], [5, 5, 20, 20]]), confidence=np.array([0.9, 0.4]),
    ...                class_id=np.array([1, 5]), names={1: "linear_dim", 5: "tolerance_dim"})
    >>> len(d[d.confidence > 0.5]), list(d.class_name)
    (1, ['linear_dim', 'tolerance_dim'])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

__all__ = ["Detections", "box_iou", "box_ioa"]


@dataclass
class Detections:
    """Axis-aligned boxes ``xyxy`` (N×4, float32, pixels), ``confidence`` (N), ``class_id`` (N, int) and a
    ``names`` map class id → class name. ``data`` holds optional extra per-detection arrays (length N)."""

    xyxy: np.ndarray
    confidence: np.ndarray
    class_id: np.ndarray
    names: Mapping[int, str] = field(default_factory=dict)
    data: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.xyxy = np.asarray(self.xyxy, dtype=np.float32).reshape(-1, 4)
        n = len(self.xyxy)
        self.confidence = np.asarray(self.confidence, dtype=np.float32).reshape(-1)
        self.class_id = np.asarray(self.class_id, dtype=np.int64).reshape(-1)
        self.names = dict(self.names)
        if len(self.confidence) != n or len(self.class_id) != n:
            raise ValueError(f"xyxy has {n} rows but confidence has {len(self.confidence)} and "
                             f"class_id {len(self.class_id)}")
        for key, value in self.data.items():
            self.data[key] = np.asarray(value)
            if len(self.data[key]) != n:
                raise ValueError(f"data[{key!r}] has {len(self.data[key])} rows, expected {n}")

    @classmethod
    def empty(cls, names: Mapping[int, str] | None = None) -> "Detections":
        return cls(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64), names or {})

    @classmethod
    def from_ultralytics(cls, result: Any) -> "Detections":
        """Convert one ultralytics ``Results`` object (``model.predict(...)[0]``)."""
        boxes = result.boxes
        return cls(boxes.xyxy.cpu().numpy(), boxes.conf.cpu().numpy(), boxes.cls.cpu().numpy().astype(np.int64),
                   {int(k): str(v) for k, v in result.names.items()})

    @classmethod
    def merge(cls, parts: Sequence["Detections"]) -> "Detections":
        """Concatenate detections (names are united; ``data`` keys must agree)."""
        parts = [p for p in parts if p is not None]
        if not parts:
            return cls.empty()
        names: dict[int, str] = {}
        for p in parts:
            names.update(p.names)
        keys = set(parts[0].data)
        if any(set(p.data) != keys for p in parts):
            raise ValueError("cannot merge detections whose data keys differ")
        return cls(np.concatenate([p.xyxy for p in parts]), np.concatenate([p.confidence for p in parts]),
                   np.concatenate([p.class_id for p in parts]), names,
                   {k: np.concatenate([p.data[k] for p in parts]) for k in keys})

    def __len__(self) -> int:
        return len(self.xyxy)

    def __iter__(self) -> Iterator[tuple[np.ndarray, float, int, str]]:
        for i in range(len(self)):
            yield self.xyxy[i], float(self.confidence[i]), int(self.class_id[i]), self.class_name[i]

    def __getitem__(self, index: Any) -> "Detections":
        """Select by boolean mask, index array, slice or a single integer (always returns Detections)."""
        if isinstance(index, (int, np.integer)):
            index = [int(index)]
        return Detections(self.xyxy[index], self.confidence[index], self.class_id[index], self.names,
                          {k: v[index] for k, v in self.data.items()})

    @property
    def class_name(self) -> np.ndarray:
        return np.array([self.names.get(int(c), str(int(c))) for c in self.class_id], dtype=object)

    @property
    def area(self) -> np.ndarray:
        return (self.xyxy[:, 2] - self.xyxy[:, 0]).clip(0) * (self.xyxy[:, 3] - self.xyxy[:, 1]).clip(0)

    def scaled(self, factor: float, offset: tuple[float, float] = (0.0, 0.0)) -> "Detections":
        """Boxes mapped by ``xy * factor + offset`` (e.g. from a tile or a resized page back to the page)."""
        xyxy = self.xyxy * float(factor)
        xyxy[:, [0, 2]] += offset[0]
        xyxy[:, [1, 3]] += offset[1]
        return Detections(xyxy, self.confidence, self.class_id, self.names, dict(self.data))

    def with_nms(self, iou: float = 0.45, class_agnostic: bool = False) -> "Detections":
        """Non-maximum suppression (``torchvision.ops``), per class unless ``class_agnostic``."""
        if len(self) == 0:
            return self
        import torch
        from torchvision.ops import batched_nms, nms

        boxes = torch.from_numpy(self.xyxy.astype(np.float32))
        scores = torch.from_numpy(self.confidence.astype(np.float32))
        if class_agnostic:
            keep = nms(boxes, scores, float(iou))
        else:
            keep = batched_nms(boxes, scores, torch.from_numpy(self.class_id), float(iou))
        return self[np.sort(keep.numpy())]

    def to_pandas(self):
        """One row per detection: x0, y0, x1, y1, confidence, class_id, class_name and the ``data`` columns."""
        import pandas as pd

        frame = pd.DataFrame({"x0": self.xyxy[:, 0], "y0": self.xyxy[:, 1], "x1": self.xyxy[:, 2],
                              "y1": self.xyxy[:, 3], "confidence": self.confidence, "class_id": self.class_id,
                              "class_name": self.class_name})
        for key, value in self.data.items():
            frame[key] = list(value) if value.ndim > 1 else value
        return frame

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-able dict per detection: bbox, confidence, class_id, class_name and the ``data`` fields that
        hold one number per detection (e.g. ``detection_confidence``)."""
        scalars = {k: v for k, v in self.data.items() if v.ndim == 1 and v.dtype.kind in "fiub"}
        return [{"bbox": [round(float(v), 1) for v in box], "confidence": round(conf, 4), "class_id": cid,
                 "class_name": name, **{k: round(float(v[i]), 4) for k, v in scalars.items()}}
                for i, (box, conf, cid, name) in enumerate(self)]


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise IoU of boxes ``a`` (N×4) and ``b`` (M×4) in xyxy → N×M."""
    inter = _intersection(a, b)
    area_a = ((a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]))[:, None]
    area_b = ((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]))[None, :]
    return inter / np.maximum(area_a + area_b - inter, 1e-9)


def box_ioa(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise intersection over the area of ``a`` (how much of each ``a`` lies in each ``b``) → N×M."""
    area_a = ((a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1]))[:, None]
    return _intersection(a, b) / np.maximum(area_a, 1e-9)


def _intersection(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, np.float64).reshape(-1, 4)
    b = np.asarray(b, np.float64).reshape(-1, 4)
    w = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    h = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return w.clip(0) * h.clip(0)
