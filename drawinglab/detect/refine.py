"""A second look at the detector's text boxes: a small CNN reads each box's crop and names its class.

YOLO finds dimension texts well but tells their kinds apart poorly: on held-out synthetic scans most
diameter, radius and reference boxes it found sat exactly on the text (IoU ≥ 0.8) under another
dimension class. The kind is written in the text itself (⌀, R, parentheses, °, C, a stacked tolerance),
which a classifier of the upright crop at a fixed height sees better than a 640-px tile detector. Like
the second stage of a two-stage detector, :class:`BoxClassifier` re-labels every box of
:data:`REFINED_CLASSES`; the confidence becomes the detector's times the classifier's, and same-class
duplicates are suppressed again.

Crops (:func:`crop_box`): the box with a margin, turned upright when taller than wide (rotated clockwise,
the way vertical dimensions read), scaled to :data:`CROP_HEIGHT` px and laid left-aligned on a
:data:`CROP_WIDTH`-px strip (wider texts are squeezed), ink bright on black.

Example:
    >>> import numpy as np
    >>> page = np.full((100, 300), 255, np.uint8); page[40:60, 50:150] = 0
    >>> crop_box(page, [50, 40, 150, 60]).shape
    (32, 256)
"""
from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .._io import write_json
from ..backend import resolve_device
from ..detections import Detections
from ..errors import ConfigError, CorruptFile, InputNotFound
from ..preprocess import to_gray
from .evaluate import DIMENSION_CLASSES

log = logging.getLogger(__name__)

__all__ = ["BoxClassifier", "REFINED_CLASSES", "CROP_HEIGHT", "CROP_WIDTH", "DEFAULT_CLASSIFIER", "crop_box",
           "box_samples", "classifier_path", "train_box_classifier"]

#: the classes the classifier tells apart: the seven dimension kinds and plain text
REFINED_CLASSES = (*DIMENSION_CLASSES, "text_block")
CROP_HEIGHT = 32
CROP_WIDTH = 256
DEFAULT_CLASSIFIER = Path(__file__).resolve().parent.parent / "models" / "box_classifier.pt"


def classifier_path(out: str | Path) -> Path:
    """Where training writes the weights: ``out`` itself when it names a ``.pt`` file, else
    ``out/box_classifier.pt``."""
    out = Path(out)
    return out if out.suffix == ".pt" else out / "box_classifier.pt"


_UPRIGHT_ASPECT = 1.3  # a box this much taller than wide holds vertical text


def crop_box(gray: np.ndarray, box: Sequence[float], height: int = CROP_HEIGHT, width: int = CROP_WIDTH,
             margin: float = 0.12) -> np.ndarray:
    """The classifier's view of ``box`` (x0, y0, x1, y1) on the grey page: a ``height`` × ``width`` uint8
    strip, ink bright, the text upright and left-aligned. ``margin``: share of the box's short side added
    on each side."""
    import cv2

    x0, y0, x1, y1 = (float(v) for v in box[:4])
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    pad = margin * min(w, h)
    ix0, iy0 = int(np.floor(x0 - pad)), int(np.floor(y0 - pad))
    ix1, iy1 = int(np.ceil(x1 + pad)), int(np.ceil(y1 + pad))
    crop = np.full((max(iy1 - iy0, 1), max(ix1 - ix0, 1)), 255, np.uint8)
    sx0, sy0 = max(ix0, 0), max(iy0, 0)
    sx1, sy1 = min(ix1, gray.shape[1]), min(iy1, gray.shape[0])
    if sx1 > sx0 and sy1 > sy0:
        crop[sy0 - iy0:sy1 - iy0, sx0 - ix0:sx1 - ix0] = gray[sy0:sy1, sx0:sx1]
    if h > _UPRIGHT_ASPECT * w:
        crop = cv2.rotate(crop, cv2.ROTATE_90_CLOCKWISE)
    paper = float(np.percentile(crop, 90))
    ink = np.clip((paper - crop.astype(np.float32)) * (255.0 / max(paper - float(crop.min()), 32.0)), 0, 255)
    scale = height / ink.shape[0]
    new_w = int(round(ink.shape[1] * scale))
    new_w = int(np.clip(new_w, 1, width))
    resized = cv2.resize(ink, (new_w, height), interpolation=cv2.INTER_AREA)
    out = np.zeros((height, width), np.uint8)
    out[:, :new_w] = np.clip(resized, 0, 255).astype(np.uint8)
    return out


def _torch():
    import torch

    return torch


def build_network(classes: int = len(REFINED_CLASSES)):
    """The classifier: four conv blocks (16–128 channels), global average and max pooling, one linear layer."""
    torch = _torch()
    nn = torch.nn

    def block(cin: int, cout: int, pool: bool) -> list:
        layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
        return layers + ([nn.MaxPool2d(2)] if pool else [])

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.features = nn.Sequential(*block(1, 16, True), *block(16, 32, True), *block(32, 64, True),
                                          *block(64, 128, False))
            self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(256, classes))

        def forward(self, x):
            f = self.features(x)
            pooled = torch.cat([f.mean(dim=(2, 3)), f.amax(dim=(2, 3))], dim=1)
            return self.head(pooled)

    return Net()


def _to_tensor(crops: np.ndarray):
    torch = _torch()
    return torch.from_numpy(crops.astype(np.float32) / 255.0).unsqueeze(1)


class BoxClassifier:
    """Shipped (or given) crop classifier over :data:`REFINED_CLASSES`.

    Example:
        >>> from drawinglab.detect.refine import BoxClassifier
        >>> from drawinglab.synth import generate
        >>> page = generate(5, sheet="A4", dpi=200)
        >>> boxes = [a["bbox"] for a in page.gt["annotations"] if a["class_name"] == "text_block"]
        >>> names, probability = BoxClassifier().classify(page.image, boxes)
        >>> bool((names == "text_block").mean() > 0.8)
        True
    """

    def __init__(self, weights: str | Path | None = None, device: str = "auto"):
        self.weights = Path(weights) if weights is not None else DEFAULT_CLASSIFIER
        if not self.weights.is_file():
            raise InputNotFound("box classifier weights not found (train them with `drawinglab train box-classifier`)",
                                self.weights)
        torch = _torch()
        self.device = resolve_device(device)
        try:
            state = torch.load(self.weights, map_location="cpu", weights_only=True)
        except Exception as exc:  # noqa: BLE001 - torch raises many kinds on a bad file
            raise CorruptFile(f"not a box classifier checkpoint ({exc})", self.weights) from exc
        card = json.loads(self.weights.with_suffix(".json").read_text(encoding="utf-8")) \
            if self.weights.with_suffix(".json").exists() else {}
        self.classes = tuple(card.get("classes", REFINED_CLASSES))
        self.net = build_network(len(self.classes))
        self.net.load_state_dict(state)
        self.net.to(self.device).eval()

    def __repr__(self) -> str:
        return f"BoxClassifier(weights={str(self.weights)!r}, device={self.device!r})"

    def probabilities(self, gray: np.ndarray, boxes: Sequence[Sequence[float]], batch: int = 256) -> np.ndarray:
        """Class probabilities (N × len(classes)) of the boxes' crops on the grey page."""
        torch = _torch()
        if len(boxes) == 0:
            return np.zeros((0, len(self.classes)), np.float32)
        crops = np.stack([crop_box(gray, b) for b in boxes])
        out = []
        with torch.inference_mode():
            for start in range(0, len(crops), batch):
                x = _to_tensor(crops[start:start + batch]).to(self.device)
                out.append(torch.softmax(self.net(x), dim=1).float().cpu().numpy())
        return np.concatenate(out)

    def classify(self, image: np.ndarray, boxes: Sequence[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
        """The most likely class name and its probability for each box (``image`` grey or RGB)."""
        p = self.probabilities(to_gray(np.asarray(image)), boxes)
        best = p.argmax(axis=1) if len(p) else np.zeros(0, np.int64)
        return np.array([self.classes[i] for i in best], dtype=object), p[np.arange(len(p)), best]

    def refine(self, image: np.ndarray, detections: Detections, iou: float = 0.45,
               min_confidence: float = 0.05) -> Detections:
        """``detections`` with every box of a refined class re-labelled by the classifier and same-class
        duplicates suppressed again; other boxes, and those under ``min_confidence`` (the tail an evaluation
        at a very low threshold brings), pass unchanged. A re-labelled box's confidence becomes the
        detector's times the classifier's probability of the new class (a class confidence, for ranking);
        the detector's own is kept in ``data["detection_confidence"]`` for every box (what a detection
        threshold applies to: the box holds an annotation)."""
        name_to_id = {v: k for k, v in detections.names.items()}
        missing = [c for c in self.classes if c not in name_to_id]
        if missing and len(detections):
            raise ConfigError(f"the detector has no class {missing[0]!r} the box classifier names")
        out = Detections(detections.xyxy.copy(), detections.confidence.astype(np.float32).copy(),
                         detections.class_id.copy(), dict(detections.names),
                         {k: np.asarray(v).copy() for k, v in detections.data.items()})
        out.data["detection_confidence"] = detections.confidence.astype(np.float32).copy()
        mask = np.isin(detections.class_name.astype(str), self.classes) & (detections.confidence >= min_confidence)
        if not mask.any():
            return out
        names, prob = self.classify(image, detections.xyxy[mask])
        out.class_id[mask] = [name_to_id[n] for n in names]
        out.confidence[mask] = out.confidence[mask] * prob
        return out.with_nms(iou=iou)


def box_samples(gt_paths: Sequence[str | Path], jitter: float = 0.15, copies: int = 2, seed: int = 0,
                progress: Callable[[int], None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Crops and class indices for training: every annotation of :data:`REFINED_CLASSES` on the synthetic
    drawings (ground-truth JSON beside each image), once as labelled and ``copies`` times with each edge
    moved by up to ``jitter`` of the box's short side, as a detector's boxes are."""
    import cv2

    from .dataset import image_beside

    rng = np.random.default_rng(seed)
    crops, labels = [], []
    for path in gt_paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        anns = [a for a in data.get("annotations", []) if a.get("class_name") in REFINED_CLASSES]
        if anns:
            gray = cv2.imread(str(image_beside(Path(path), data)), cv2.IMREAD_GRAYSCALE)
            if gray is None:
                raise CorruptFile("unreadable training image", image_beside(Path(path), data))
            for a in anns:
                box = np.asarray(a["bbox"], np.float64)
                short = min(box[2] - box[0], box[3] - box[1])
                for k in range(copies + 1):
                    moved = box + (rng.uniform(-jitter, jitter, 4) * short if k else 0.0)
                    if moved[2] - moved[0] < 2 or moved[3] - moved[1] < 2:
                        continue
                    crops.append(crop_box(gray, moved))
                    labels.append(REFINED_CLASSES.index(a["class_name"]))
        if progress:
            progress(1)
    if not crops:
        raise ConfigError("no annotations of the refined classes in the training drawings")
    return np.stack(crops), np.asarray(labels, np.int64)


def _augment(x, rng: np.random.Generator):
    """Random horizontal shift (a box starting early or late) and contrast on a training batch."""
    torch = _torch()
    shift = int(rng.integers(-6, 7))
    if shift:
        x = torch.roll(x, shifts=shift, dims=3)
    gain = torch.from_numpy(rng.uniform(0.6, 1.2, (x.shape[0], 1, 1, 1)).astype(np.float32))
    return (x * gain).clamp(0, 1)


def _validate(net, x: np.ndarray, y: np.ndarray, device: str) -> tuple[float, float, np.ndarray]:
    """Accuracy, mean cross-entropy and confusion matrix (rows truth, columns prediction) on crops."""
    torch = _torch()
    net.eval()
    logits = []
    with torch.inference_mode():
        for start in range(0, len(x), 512):
            logits.append(net(_to_tensor(x[start:start + 512]).to(device)).float().cpu())
    if not logits:
        return 0.0, float("inf"), np.zeros((len(REFINED_CLASSES),) * 2, np.int64)
    scores = torch.cat(logits)
    loss = float(torch.nn.functional.cross_entropy(scores, torch.from_numpy(y)))
    pred = scores.argmax(1).numpy()
    confusion = np.zeros((len(REFINED_CLASSES),) * 2, np.int64)
    np.add.at(confusion, (y, pred), 1)
    return float((pred == y).mean()), loss, confusion


def train_box_classifier(train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray],
                         out: str | Path, epochs: int = 8, batch: int = 128, lr: float = 2e-3, seed: int = 0,
                         device: str = "auto", hours: float | None = None) -> dict[str, Any]:
    """Train :func:`build_network` on crops from :func:`box_samples` (class-weighted cross-entropy, AdamW,
    one-cycle rate); keep the epoch with the best validation accuracy, then the lowest validation loss.
    Writes ``out`` (``.pt``) and its card (``.json``: classes, sizes, per-epoch figures, the validation
    confusion matrix) and returns the card."""
    torch = _torch()
    out = classifier_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    device = resolve_device(device)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x_train, y_train = train
    counts = np.bincount(y_train, minlength=len(REFINED_CLASSES)).astype(np.float64)
    weights = torch.tensor((counts.sum() / np.maximum(counts, 1) / len(counts)) ** 0.5, dtype=torch.float32)
    net = build_network().to(device)
    optimiser = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-4)
    steps = max(1, epochs * int(np.ceil(len(x_train) / batch)))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps, pct_start=0.1)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights.to(device), label_smoothing=0.05)
    history, best, best_state, start = [], (-1.0, 0.0), None, time.time()
    for epoch in range(epochs):
        net.train()
        order = rng.permutation(len(x_train))
        total = 0.0
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            x = _augment(_to_tensor(x_train[idx]), rng).to(device)
            y = torch.from_numpy(y_train[idx]).to(device)
            optimiser.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(idx)
        acc, val_loss, confusion = _validate(net, *val, device)
        history.append({"epoch": epoch + 1, "loss": round(total / len(order), 4), "val_accuracy": round(acc, 4),
                        "val_loss": round(val_loss, 4), "seconds": round(time.time() - start, 1)})
        log.info("epoch %d: loss %.4f, validation accuracy %.4f, loss %.4f", epoch + 1, total / len(order), acc,
                 val_loss)
        if (acc, -val_loss) > best:
            best, best_epoch, best_confusion = (acc, -val_loss), epoch + 1, confusion
            best_state = {k: v.detach().cpu().clone() for k, v in net.state_dict().items()}
        if hours is not None and time.time() - start > hours * 3600:
            break
    tmp = out.with_suffix(".pt.tmp")
    torch.save(best_state, tmp)
    tmp.replace(out)
    card = {"classes": list(REFINED_CLASSES), "crop": [CROP_HEIGHT, CROP_WIDTH], "device": device,
            "train_crops": int(len(x_train)), "val_crops": int(len(val[1])),
            "train_counts": {c: int(n) for c, n in zip(REFINED_CLASSES, counts)},
            "recipe": {"epochs": epochs, "batch": batch, "lr": lr, "seed": seed, "optimizer": "AdamW",
                       "schedule": "one-cycle", "label_smoothing": 0.05},
            "history": history, "best_epoch": best_epoch, "val_accuracy": round(best[0], 4),
            "val_confusion": {"rows_truth_cols_predicted": list(REFINED_CLASSES),
                              "matrix": best_confusion.tolist()}}
    write_json(out.with_suffix(".json"), card)
    return card
