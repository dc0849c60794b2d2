"""``Detector``: the shipped YOLO model run over a page at the scale it was trained on, tile by tile."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from ..backend import resolve_device
from ..detections import Detections
from ..errors import ConfigError, InputNotFound
from ..page import Page
from .refine import REFINED_CLASSES
from .tiling import cut_tile, merge_tile_detections, tile_grid
from .train import offline_ultralytics

log = logging.getLogger(__name__)

__all__ = ["Detector", "DEFAULT_WEIGHTS", "MODE_TO_P90", "load_card"]

MODELS = Path(__file__).resolve().parent.parent / "models"
DEFAULT_WEIGHTS = MODELS / "detector.pt"
_DEFAULT_SCALE = {"text_height": 14.0, "tile": 640, "overlap": 160}
#: models whose tiles were scaled by the mode of the lettering heights are run at the same scale found with
#: the 90th percentile, which real sheets' title-block small print does not sway: the median ratio of the two
#: statistics over 40 training drawings (seed 6100) is 1.22 (quartiles 1.20–1.25).
MODE_TO_P90 = 1.22


def load_card(weights: str | Path) -> dict[str, Any]:
    """The model card saved beside ``weights`` (``<stem>.json``): tile settings, recipe, metrics."""
    card = Path(weights).with_suffix(".json")
    if not card.exists():
        return {}
    return json.loads(card.read_text(encoding="utf-8"))


class Detector:
    """YOLO detector of the 14 annotation classes.

    ``weights`` defaults to the model shipped in the package. Pages are resized so their lettering is as
    tall as in training (``text_height`` px, the 90th percentile of character heights measured with
    :func:`~drawinglab.preprocess.estimate_text_height`: the dimension lettering, not the title block's
    small print, which outnumbers it on real sheets), cut into ``tile``-pixel tiles with ``overlap``,
    run in batches (half precision on a GPU) and merged (:func:`~drawinglab.detect.tiling.merge_tile_detections`).
    ``text_score``: how sure a box is to hold text of one of the box classifier's classes (a dimension of any
    kind or a text block): ``"union"`` — the chance that any of YOLO's independent class scores for them is
    right, 1 − ∏(1 − sᵢ), given to the likeliest of them — or ``"max"``, YOLO's own (the largest score; a
    box the network splits between two kinds of dimension falls under the threshold).
    ``classifier``: the second look at text boxes (:class:`~drawinglab.detect.refine.BoxClassifier`) that
    re-labels dimension and text boxes from their crops: ``"default"`` (the shipped one, when present), a
    weights path, or ``None`` for the YOLO classes alone. With it, a box's ``confidence`` is its class
    confidence (the detector's times the classifier's) and ``data["detection_confidence"]`` the detector's,
    which ``predict``'s ``conf`` applies to.

    Example:
        >>> from drawinglab.detect import Detector
        >>> from drawinglab.synth import generate
        >>> page = generate(3, sheet="A4", dpi=200)
        >>> dets = Detector().predict(page.image)
        >>> len(dets) > 5
        True
    """

    def __init__(self, weights: str | Path | None = None, device: str = "auto", batch: int | None = None,
                 classifier: str | Path | None = "default", text_score: str = "union"):
        self.weights = Path(weights) if weights is not None else DEFAULT_WEIGHTS
        if not self.weights.is_file():
            raise InputNotFound("detector weights not found (train them with `drawinglab train detector`)",
                                self.weights)
        self.device = resolve_device(device)
        offline_ultralytics()
        from ultralytics import YOLO

        self.model = YOLO(str(self.weights), task="detect")
        self.names = {int(k): str(v) for k, v in self.model.names.items()}
        card = load_card(self.weights)
        tiles = (card.get("tiles") or {}).get("settings") or {}
        self.text_height = float(tiles.get("text_height", _DEFAULT_SCALE["text_height"]))
        self.statistic = str(tiles.get("statistic", "mode"))
        if self.statistic == "mode":
            self.statistic, self.text_height = "p90", self.text_height * MODE_TO_P90
        self.tile = int(tiles.get("tile", _DEFAULT_SCALE["tile"]))
        self.overlap = int(tiles.get("overlap", _DEFAULT_SCALE["overlap"]))
        self.half = self.device.startswith("cuda")
        self.min_ink = 0.0005  # tiles with less ink than this share of their pixels are not run
        self.batch = int(batch or (32 if self.half else 4))
        if text_score not in ("union", "max"):
            raise ConfigError(f"text_score must be 'union' or 'max', got {text_score!r}")
        self.text_score = text_score
        self._text_ids = [k for k, v in self.names.items() if v in REFINED_CLASSES]  # the classes union pools
        self._net = None
        self.classifier = None
        if classifier is not None:
            from .refine import DEFAULT_CLASSIFIER, BoxClassifier

            if classifier != "default" or DEFAULT_CLASSIFIER.is_file():
                self.classifier = BoxClassifier(None if classifier == "default" else classifier, device=self.device)

    def __repr__(self) -> str:
        classifier = None if self.classifier is None else str(self.classifier.weights)
        return (f"Detector(weights={str(self.weights)!r}, device={self.device!r}, tile={self.tile}, "
                f"overlap={self.overlap}, text_height={self.text_height}, classifier={classifier!r})")

    def scale_for(self, image: np.ndarray, text_height: float | None = None) -> float:
        """The resize factor that brings ``image``'s lettering to the training scale (clamped to 0.1–4).
        ``text_height``: the height of the page's dimension lettering in px, if known."""
        from ..preprocess import estimate_text_height

        measured = text_height or estimate_text_height(image, statistic=self.statistic)
        if not measured:
            log.warning("no lettering found to set the scale; using the page as it is")
            return 1.0
        return float(np.clip(self.text_height / measured, 0.1, 4.0))

    def _network(self):
        """YOLO's network, fused, on the device (half precision on a GPU), for raw class scores."""
        if self._net is None:
            import torch

            net = self.model.model
            try:
                net = net.fuse(verbose=False)
            except Exception as exc:  # noqa: BLE001 - a network that cannot be fused still runs
                log.debug("not fused: %s", exc)
            net = net.to(torch.device(self.device)).eval()
            self._net = net.half() if self.half else net.float()
        return self._net

    def _predict_tiles(self, tiles: list[np.ndarray], conf: float, iou: float) -> list[Detections]:
        """Detections of each ``tile``-sized BGR tile: YOLO's class scores, the text classes' pooled as
        ``text_score`` says, then class-aware NMS at ``iou`` (at most 300 boxes a tile)."""
        import torch
        from torchvision.ops import batched_nms, box_convert

        device = "cpu" if self.device == "cpu" else self.device.split(":")[-1]
        if self.text_score == "max":
            results = self.model.predict(tiles, imgsz=self.tile, conf=conf, iou=iou, half=self.half, device=device,
                                         batch=len(tiles), verbose=False)
            return [Detections.from_ultralytics(r) for r in results]
        net = self._network()
        x = torch.from_numpy(np.ascontiguousarray(np.stack(tiles)[..., ::-1].transpose(0, 3, 1, 2)))
        x = x.to(torch.device(self.device))
        x = (x.half() if self.half else x.float()) / 255.0
        with torch.inference_mode():
            out = net(x)
        pred = (out[0] if isinstance(out, (list, tuple)) else out).float()
        if pred.ndim != 3 or pred.shape[1] != 4 + len(self.names):
            raise ConfigError(f"unexpected YOLO output {tuple(pred.shape)} for {len(self.names)} classes; "
                              "use text_score='max'")
        scores = pred[:, 4:, :].clone()
        if self._text_ids:
            pooled = scores[:, self._text_ids, :]
            union = 1.0 - torch.prod(1.0 - pooled, dim=1, keepdim=True)
            best = pooled.argmax(dim=1, keepdim=True)
            scores[:, self._text_ids, :] = torch.zeros_like(pooled).scatter_(1, best, union)
        found = []
        for boxes, tile_scores in zip(pred[:, :4, :].transpose(1, 2), scores.transpose(1, 2)):
            confidence, cls = tile_scores.max(dim=1)
            keep = confidence >= conf
            xyxy, confidence, cls = box_convert(boxes[keep], "cxcywh", "xyxy"), confidence[keep], cls[keep]
            kept = batched_nms(xyxy, confidence, cls, float(iou))[:300]
            found.append(Detections(xyxy[kept].cpu().numpy(), confidence[kept].cpu().numpy(),
                                    cls[kept].cpu().numpy().astype(np.int64), self.names))
        return found

    def predict(self, page: Page | np.ndarray, conf: float = 0.35, iou: float = 0.45,
                text_height: float | None = None, scale: float | None = None) -> Detections:
        """Detect annotations on ``page`` (a :class:`~drawinglab.page.Page` or an RGB/grey array).

        Boxes come back in the page's own pixels. ``text_height`` (px on this page) or ``scale`` skip the
        automatic scale measurement.
        """
        import cv2

        image = page.image if isinstance(page, Page) else np.asarray(page)
        if image.ndim not in (2, 3) or image.size == 0 or image.dtype != np.uint8:
            raise ConfigError(f"expected a non-empty uint8 HxW or HxWx3 image, got {image.dtype} {image.shape}")
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        if not 0.0 < conf < 1.0 or not 0.0 < iou <= 1.0:
            raise ConfigError(f"conf must be in (0, 1) and iou in (0, 1], got conf={conf}, iou={iou}")
        factor = float(scale) if scale else self.scale_for(gray, text_height)
        resized = cv2.resize(gray, None, fx=factor, fy=factor,
                             interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR)
        height, width = resized.shape
        tiles = tile_grid(width, height, self.tile, self.overlap)
        grey_tiles = [cut_tile(resized, box, self.tile) for box in tiles]
        inked = [bool((t < 128).mean() >= self.min_ink) for t in grey_tiles]  # blank paper holds nothing
        tiles = tiles[np.asarray(inked, bool)] if len(tiles) else tiles
        crops = [cv2.cvtColor(t, cv2.COLOR_GRAY2BGR) for t, keep in zip(grey_tiles, inked) if keep]
        per_tile: list[Detections] = []
        for start in range(0, len(crops), self.batch):
            chunk = crops[start:start + self.batch]
            for dets, box in zip(self._predict_tiles(chunk, conf, iou), tiles[start:start + self.batch]):
                per_tile.append(dets.scaled(1.0, (float(box[0]), float(box[1]))))
        merged = merge_tile_detections(per_tile, tiles, width, height, iou=iou)
        merged.names = self.names
        out = merged.scaled(1.0 / factor)
        out.xyxy[:, [0, 2]] = out.xyxy[:, [0, 2]].clip(0, gray.shape[1])
        out.xyxy[:, [1, 3]] = out.xyxy[:, [1, 3]].clip(0, gray.shape[0])
        if self.classifier is not None:
            out = self.classifier.refine(gray, out, iou=iou)
        log.debug("%d tiles at scale %.3f → %d detections", len(tiles), factor, len(out))
        return out
