"""The detector's second look: crops of text boxes, the box classifier's training and its re-labelling."""
from __future__ import annotations

import json

import numpy as np
import pytest

from drawinglab.detect.refine import CROP_HEIGHT, CROP_WIDTH, REFINED_CLASSES, crop_box
from drawinglab.detections import Detections


def _text_page(text: str = "R12.5") -> tuple[np.ndarray, list[float]]:
    import cv2

    page = np.full((200, 400), 255, np.uint8)
    cv2.putText(page, text, (60, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    ys, xs = np.nonzero(page < 128)
    return page, [float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)]


def test_crop_is_a_fixed_strip_with_the_ink_bright_and_left_aligned():
    page, box = _text_page()
    crop = crop_box(page, box)
    assert crop.shape == (CROP_HEIGHT, CROP_WIDTH) and crop.dtype == np.uint8
    columns = np.nonzero(crop.max(axis=0) > 128)[0]
    assert columns.min() < 10 and columns.max() < CROP_WIDTH - 40  # short text: blank strip on the right
    assert crop[:, -20:].max() == 0  # paper is black


def test_vertical_text_is_turned_upright_like_its_horizontal_twin():
    """Text reading bottom to top (a vertical dimension) gives the same crop as the same text drawn level."""
    import cv2

    page, box = _text_page()
    turned = cv2.rotate(page, cv2.ROTATE_90_COUNTERCLOCKWISE)
    x0, y0, x1, y1 = box
    turned_box = [y0, page.shape[1] - x1, y1, page.shape[1] - x0]
    assert turned_box[3] - turned_box[1] > turned_box[2] - turned_box[0]  # tall, as vertical text is
    level, upright = crop_box(page, box).astype(float), crop_box(turned, turned_box).astype(float)
    assert np.abs(level - upright).mean() < 3.0


def test_crop_at_the_page_edge_is_padded_with_paper():
    page, _ = _text_page()
    crop = crop_box(page, [-30, -10, 40, 30])
    assert crop.shape == (CROP_HEIGHT, CROP_WIDTH) and crop.max() == 0  # nothing but paper there


def test_box_classifier_trains_offline_and_relabels(tmp_path):
    """Crops from two small synthetic drawings train for one epoch; the weights load and re-label boxes."""
    from drawinglab.detect.refine import BoxClassifier, box_samples, train_box_classifier
    from drawinglab.synth import write_dataset

    write_dataset(tmp_path / "synth", 2, seed=5, sheet="A4", dpi=100, style="scan")
    gts = sorted((tmp_path / "synth" / "images").glob("*.json"))
    x, y = box_samples(gts[:1], copies=1)
    vx, vy = box_samples(gts[1:], copies=0)
    assert x.shape[1:] == (CROP_HEIGHT, CROP_WIDTH) and len(x) == len(y) and y.max() < len(REFINED_CLASSES)
    n_annotations = sum(a["class_name"] in REFINED_CLASSES for a in json.loads(gts[0].read_text())["annotations"])
    assert len(x) == 2 * n_annotations  # each box as labelled and once moved
    card = train_box_classifier((x, y), (vx, vy), tmp_path / "bc", epochs=1, batch=32, device="cpu")
    assert (tmp_path / "bc" / "box_classifier.pt").exists() and card["classes"] == list(REFINED_CLASSES)
    assert len(card["history"]) == 1 and 0.0 <= card["val_accuracy"] <= 1.0
    classifier = BoxClassifier(tmp_path / "bc" / "box_classifier.pt", device="cpu")
    names, prob = classifier.classify(np.full((300, 300), 255, np.uint8), [[10, 10, 80, 40], [100, 100, 120, 180]])
    assert len(names) == 2 and set(names) <= set(REFINED_CLASSES) and np.all((prob > 0) & (prob <= 1))


@pytest.fixture(scope="module")
def shipped():
    from drawinglab.detect.refine import DEFAULT_CLASSIFIER, BoxClassifier

    assert DEFAULT_CLASSIFIER.exists(), "the package ships the box classifier"
    return BoxClassifier(device="cpu")


def test_shipped_classifier_names_the_sample_drawings_dimension_kinds(shipped, sample_dir):
    from drawinglab import load

    gt = json.loads((sample_dir / "sample_a4_scan_4.json").read_text())
    anns = [a for a in gt["annotations"] if a["class_name"] in REFINED_CLASSES]
    page = load(sample_dir / "sample_a4_scan_4.jpg")[0]
    names, _ = shipped.classify(page.image, [a["bbox"] for a in anns])
    truth = np.array([a["class_name"] for a in anns])
    assert len(anns) >= 10 and (names == truth).mean() >= 0.85
    dims = truth != "text_block"
    assert dims.sum() >= 3 and (names[dims] == truth[dims]).mean() >= 0.75


def test_refine_relabels_text_boxes_and_leaves_the_rest(shipped, sample_dir):
    """Dimension boxes handed over under the wrong class come back under their own; a GD&T box and a box
    under the confidence floor pass unchanged; confidences never rise."""
    from drawinglab import load
    from drawinglab.synth.annotate import CLASS_NAMES

    names = dict(enumerate(CLASS_NAMES))
    gt = json.loads((sample_dir / "sample_a4_scan_4.json").read_text())
    dims = [a for a in gt["annotations"] if a["class_name"].endswith("_dim")]
    page = load(sample_dir / "sample_a4_scan_4.jpg")[0]
    text_id, flat_id = CLASS_NAMES.index("text_block"), CLASS_NAMES.index("flatness")
    boxes = np.array([a["bbox"] for a in dims] + [[5, 5, 60, 30], [300, 300, 400, 330]], np.float32)
    cls = np.array([text_id] * len(dims) + [flat_id, text_id])
    conf = np.array([0.9] * len(dims) + [0.8, 0.02])
    out = shipped.refine(page.image, Detections(boxes, conf, cls, names))
    by_box = {tuple(np.round(b, 2)): (n, c) for b, n, c in zip(out.xyxy, out.class_name, out.confidence)}
    kept = [by_box.get(tuple(np.round(b, 2))) for b in boxes]
    right = [k is not None and k[0] == a["class_name"] for k, a in zip(kept, dims)]
    assert np.mean(right) >= 0.75
    assert kept[-2] == ("flatness", pytest.approx(0.8)) and kept[-1] == ("text_block", pytest.approx(0.02))
    assert out.confidence.max() <= 0.9 + 1e-6
    given = {tuple(np.round(b, 2)): c for b, c in zip(boxes, conf)}
    assert all(given[tuple(np.round(b, 2))] == pytest.approx(c)  # the detector's own confidence is kept
               for b, c in zip(out.xyxy, out.data["detection_confidence"]))


def test_detector_runs_the_shipped_classifier_unless_told_not_to():
    from drawinglab.detect import Detector
    from drawinglab.detect.refine import DEFAULT_CLASSIFIER

    assert Detector(device="cpu").classifier.weights == DEFAULT_CLASSIFIER
    assert Detector(device="cpu", classifier=None).classifier is None
