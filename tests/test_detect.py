"""Detection stage: Detections type, tiling and cross-tile merging, evaluator figures, merge with the reader."""
from __future__ import annotations

import json

import cv2
import numpy as np
import pandas as pd
import pytest

from drawinglab.detect.evaluate import (GroundTruthBoxes, average_precision, detection_metrics,
                                        dimension_box_metrics, load_boxes)
from drawinglab.detect.merge import attach_detections
from drawinglab.detect.tiling import cut_tile, inner_edge_mask, merge_tile_detections, tile_grid
from drawinglab.detections import Detections, box_ioa, box_iou

NAMES = {0: "diameter_dim", 1: "linear_dim", 13: "text_block"}


def dets(boxes, conf=None, cls=None) -> Detections:
    boxes = np.asarray(boxes, float).reshape(-1, 4)
    n = len(boxes)
    return Detections(boxes, np.full(n, 0.9) if conf is None else conf, np.ones(n, int) if cls is None else cls, NAMES)


# ----------------------------------------------------------------------------- Detections

def test_detections_slice_merge_and_pandas():
    d = dets([[0, 0, 10, 10], [5, 5, 20, 20], [30, 30, 40, 45]], np.array([0.9, 0.2, 0.6]), np.array([1, 0, 13]))
    high = d[d.confidence > 0.5]
    assert len(high) == 2 and list(high.class_name) == ["linear_dim", "text_block"]
    assert len(d[1]) == 1 and d[1].class_id[0] == 0
    both = Detections.merge([d, high])
    assert len(both) == 5
    frame = d.to_pandas()
    assert list(frame.columns[:7]) == ["x0", "y0", "x1", "y1", "confidence", "class_id", "class_name"]
    assert frame.loc[2, "y1"] == 45
    np.testing.assert_allclose(d.area, [100, 225, 150])
    moved = d.scaled(2.0, (1, 3))
    np.testing.assert_allclose(moved.xyxy[0], [1, 3, 21, 23])


def test_records_carry_the_per_detection_numbers_of_data():
    d = dets([[0, 0, 10, 10], [5, 5, 20, 20]], np.array([0.5, 0.2]), np.array([1, 13]))
    d.data["detection_confidence"] = np.array([0.8, 0.2], np.float32)
    d.data["corners"] = np.zeros((2, 4, 2))  # not one number per detection: left out
    first = d.to_records()[0]
    assert first["class_name"] == "linear_dim" and first["confidence"] == 0.5
    assert first["detection_confidence"] == pytest.approx(0.8) and "corners" not in first
    json.dumps(d.to_records())


def test_detections_reject_ragged_arrays():
    with pytest.raises(ValueError, match="confidence"):
        Detections(np.zeros((2, 4)), np.zeros(3), np.zeros(2))


def test_nms_is_class_aware():
    d = dets([[0, 0, 10, 10], [1, 1, 10, 10], [0, 0, 10, 10]], np.array([0.9, 0.8, 0.7]), np.array([1, 1, 0]))
    kept = d.with_nms(0.5)
    assert sorted(kept.class_id.tolist()) == [0, 1] and kept.confidence.max() == pytest.approx(0.9)
    assert len(d.with_nms(0.5, class_agnostic=True)) == 1


def test_box_iou_and_ioa():
    a = np.array([[0, 0, 10, 10]], float)
    b = np.array([[5, 0, 15, 10], [0, 0, 5, 5]], float)
    np.testing.assert_allclose(box_iou(a, b), [[50 / 150, 25 / 100]])
    np.testing.assert_allclose(box_ioa(b, a), [[0.5], [1.0]])


# ----------------------------------------------------------------------------- tiling

@pytest.mark.parametrize("width,height", [(640, 640), (1000, 600), (2481, 1754), (300, 200), (641, 1300)])
def test_tile_grid_covers_image_with_overlap(width, height):
    tiles = tile_grid(width, height, 640, 160)
    covered = np.zeros((height, width), bool)
    for x0, y0, x1, y1 in tiles:
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        assert x1 - x0 == min(640, width) and y1 - y0 == min(640, height)
        covered[y0:y1, x0:x1] = True
    assert covered.all()
    xs = sorted({int(t[0]) for t in tiles})
    assert all(b - a <= 480 for a, b in zip(xs, xs[1:]))  # neighbours overlap by at least 160 px


def test_tile_grid_rejects_bad_settings():
    with pytest.raises(ValueError):
        tile_grid(100, 100, 64, 64)


def test_cut_tile_pads_with_paper_white():
    image = np.zeros((300, 500), np.uint8)
    tile = cut_tile(image, (0, 0, 500, 300), 640)
    assert tile.shape == (640, 640) and tile[:300, :500].max() == 0 and tile[300:, :].min() == 255


def test_inner_edge_mask_ignores_image_border():
    boxes = np.array([[0, 10, 50, 60], [600, 10, 639, 60], [100, 100, 200, 200]], float)
    mask = inner_edge_mask(boxes, (0, 0, 640, 640), width=1000, height=640)
    assert mask.tolist() == [False, True, False]  # x=0 is the image's edge, x=640 a neighbour's


def _simulate_tiles(objects, classes, width, height, tile=640, overlap=160):
    """What an ideal detector sees in each tile: every object clipped to the tile (visible part only)."""
    grid = tile_grid(width, height, tile, overlap)
    per_tile = []
    for x0, y0, x1, y1 in grid:
        boxes, cls = [], []
        for box, c in zip(objects, classes):
            cx0, cy0, cx1, cy1 = max(box[0], x0), max(box[1], y0), min(box[2], x1), min(box[3], y1)
            if cx1 - cx0 > 2 and cy1 - cy0 > 2:
                boxes.append([cx0, cy0, cx1, cy1])
                cls.append(c)
        per_tile.append(dets(boxes, np.full(len(boxes), 0.8), np.asarray(cls, int)) if boxes else Detections.empty())
    return grid, per_tile


def test_box_cut_by_tile_border_comes_out_once_and_whole():
    # a dimension straddling the first vertical tile border (x = 480..640 is the overlap)
    objects = [[600, 300, 700, 330]]
    grid, per_tile = _simulate_tiles(objects, [1], 1200, 640)
    assert sum(len(d) for d in per_tile) == 3  # cut in tile 1, whole in tiles 2 and 3
    merged = merge_tile_detections(per_tile, grid, 1200, 640)
    assert len(merged) == 1
    np.testing.assert_allclose(merged.xyxy[0], objects[0])


def test_object_larger_than_overlap_is_joined_from_fragments():
    objects = [[300, 100, 1500, 180]]  # a notes block wider than any tile
    grid, per_tile = _simulate_tiles(objects, [13], 1800, 640)
    merged = merge_tile_detections(per_tile, grid, 1800, 640)
    assert len(merged) == 1 and merged.class_id[0] == 13
    np.testing.assert_allclose(merged.xyxy[0], objects[0])


def test_merge_keeps_distinct_neighbours_and_classes():
    objects = [[600, 300, 700, 330], [600, 340, 700, 370], [100, 100, 160, 120], [102, 100, 160, 120]]
    grid, per_tile = _simulate_tiles(objects, [1, 1, 0, 13], 1200, 640)
    merged = merge_tile_detections(per_tile, grid, 1200, 640)
    assert len(merged) == 4
    assert sorted(merged.class_id.tolist()) == [0, 1, 1, 13]


# ----------------------------------------------------------------------------- evaluator

def test_average_precision_perfect_and_half():
    assert average_precision(np.array([0.5, 1.0]), np.array([1.0, 1.0])) == pytest.approx(1.0)
    assert average_precision(np.array([0.5, 0.5]), np.array([1.0, 0.5])) == pytest.approx(0.5, abs=0.01)


def test_detection_metrics_hand_made():
    gt = GroundTruthBoxes(np.array([[0, 0, 10, 10], [20, 0, 30, 10], [50, 50, 60, 60]]), np.array([1, 1, 0]))
    pred = dets([[0, 0, 10, 10], [20, 0, 30, 10], [21, 1, 31, 11], [200, 200, 210, 210]],
                np.array([0.9, 0.8, 0.7, 0.6]), np.array([1, 1, 1, 0]))
    m = detection_metrics([pred], [gt], {0: "diameter_dim", 1: "linear_dim"}, conf=0.5)
    lin, dia = m["per_class"]["linear_dim"], m["per_class"]["diameter_dim"]
    assert lin["ap50"] == pytest.approx(1.0) and lin["recall"] == 1.0 and lin["precision"] == pytest.approx(2 / 3)
    assert dia["ap50"] == 0.0 and dia["recall"] == 0.0
    assert m["map50"] == pytest.approx(0.5)
    # a shifted box (IoU 0.68) counts at 0.5 but not at 0.75 → mAP50-95 below mAP50
    shifted = dets([[1, 1, 11, 11]], np.array([0.9]), np.array([1]))
    m2 = detection_metrics([shifted], [GroundTruthBoxes(np.array([[0, 0, 10, 10]]), np.array([1]))],
                           {1: "linear_dim"})
    assert m2["map50"] == pytest.approx(1.0) and m2["map50_95"] < 0.5


def test_dimension_box_metrics_hand_made():
    gt = GroundTruthBoxes(np.array([[0, 0, 10, 10], [20, 0, 30, 10], [50, 50, 60, 60]]), -np.ones(3),
                          np.array([True, True, False]))
    pred = Detections(np.array([[0, 0, 10, 10], [50, 50, 60, 60], [90, 90, 95, 95], [20, 0, 30, 10]]),
                      np.array([0.9, 0.9, 0.9, 0.9]), np.array([1, 5, 0, 13]),
                      {0: "diameter_dim", 1: "linear_dim", 5: "tolerance_dim", 13: "text_block"})
    m = dimension_box_metrics([pred], [gt])
    # the text_block on the second dimension does not count; 1 of 2 dimensions found;
    # dimension-class detections: 3, of which 2 lie on labelled boxes
    assert m["recall"] == pytest.approx(0.5) and m["precision"] == pytest.approx(2 / 3)


def test_load_boxes_both_formats(tmp_path):
    synth = {"annotations": [{"bbox": [1, 2, 3, 4], "class_id": 5}, {"bbox": [0, 0, 1, 1], "class_id": -1}]}
    (tmp_path / "s.json").write_text(json.dumps(synth))
    gt, kind = load_boxes(tmp_path / "s.json")
    assert kind == "synth" and gt.class_id.tolist() == [5]
    labelme = {"shapes": [{"label": "⌀5", "points": [[0, 0], [4, 0], [4, 2], [0, 2]]},
                          {"label": "other_info", "points": [[1, 1], [3, 3]]}]}
    (tmp_path / "e.json").write_text(json.dumps(labelme))
    gt, kind = load_boxes(tmp_path / "e.json")
    assert kind == "edocr2" and gt.is_dimension.tolist() == [True, False]
    np.testing.assert_allclose(gt.xyxy, [[0, 0, 4, 2], [1, 1, 3, 3]])


# ----------------------------------------------------------------------------- merge with the reader

def test_attach_detections_keeps_everything():
    table = pd.DataFrame({"text": ["25", "⌀8", "NOTES"], "category": ["dimension", "dimension", "note"],
                          "x0": [10, 300, 500], "y0": [10, 300, 500], "x1": [40, 330, 600], "y1": [25, 315, 520]})
    d = Detections(np.array([[5, 5, 45, 30], [0, 0, 200, 200], [800, 800, 850, 820]]), np.array([0.8, 0.5, 0.7]),
                   np.array([1, 13, 0]), {0: "diameter_dim", 1: "linear_dim", 13: "text_block"})
    merged = attach_detections(table, d)
    assert merged.loc[0, "det_class"] == "linear_dim"  # tightest of the two boxes that hold it
    assert not merged.loc[1, "detected"] and pd.isna(merged.loc[1, "det_class"])  # reader-only: kept, flagged
    unread = merged[merged.category == "unread"]
    assert len(unread) == 2 and set(unread.det_class) == {"text_block", "diameter_dim"}
    assert len(merged) == 5


# ----------------------------------------------------------------------------- training and the shipped model

def test_tile_dataset_and_one_epoch_training_offline(tmp_path, monkeypatch):
    """A handful of tiles from two small synthetic drawings train for one epoch with no network at all."""
    import socket

    from drawinglab.detect.dataset import build_tile_dataset
    from drawinglab.detect.train import train_detector
    from drawinglab.synth import write_dataset

    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    write_dataset(tmp_path / "synth", 2, seed=5, sheet="A4", dpi=100, style="scan")
    gts = sorted((tmp_path / "synth" / "images").glob("*.json"))
    data = build_tile_dataset(gts[:1], gts[1:], tmp_path / "tiles", settings={"tile": 160, "overlap": 32,
                                                                               "text_height": 8.0})
    labels = list((tmp_path / "tiles" / "labels" / "train").glob("*.txt"))
    assert labels and any(p.read_text().strip() for p in labels)
    for line in next(p for p in labels if p.read_text().strip()).read_text().split("\n"):
        if line:
            c, *box = map(float, line.split())
            assert 0 <= c < 14 and all(0 <= v <= 1.0001 for v in box)
    weights = train_detector(data, tmp_path / "run", epochs=1, imgsz=160, device="cpu", batch=4, workers=0)
    card = json.loads(weights.with_suffix(".json").read_text())
    assert weights.exists() and card["recipe"]["fliplr"] == 0.0 and card["tiles"]["settings"]["tile"] == 160


@pytest.fixture(scope="module")
def detector():
    from drawinglab.detect import DEFAULT_WEIGHTS, Detector

    assert DEFAULT_WEIGHTS.exists(), "the package ships detector weights"
    assert DEFAULT_WEIGHTS.stat().st_size <= 10 * 2**20
    return Detector(device="cpu")


def test_shipped_detector_finds_annotations_on_a_sample(detector, sample_dir):
    from drawinglab import load
    from drawinglab.detect.evaluate import detection_metrics, load_boxes

    page = load(sample_dir / "sample_a4_scan_4.jpg")[0]
    dets = detector.predict(page)
    # conf applies to the detector's confidence; the box classifier's class confidence never exceeds it
    assert len(dets) > 5 and dets.data["detection_confidence"].min() >= 0.35
    assert np.all(dets.confidence <= dets.data["detection_confidence"] + 1e-6)
    assert set(dets.class_name) & {"linear_dim", "diameter_dim", "tolerance_dim", "text_block"}
    gt, kind = load_boxes(sample_dir / "sample_a4_scan_4.json")
    m = detection_metrics([detector.predict(page, conf=0.01)], [gt], detector.names)
    assert kind == "synth" and m["map50"] > 0.3
    # boxes are in the page's own pixels
    assert dets.xyxy[:, 2].max() <= page.width and dets.xyxy[:, 3].max() <= page.height


def test_lettering_height_follows_the_larger_lettering_not_the_small_print():
    """On real sheets the title block's small print outnumbers the dimension text: the most common height
    is the small print's, the 90th percentile the dimensions'."""
    import cv2

    from drawinglab.errors import ConfigError
    from drawinglab.preprocess import estimate_text_height

    img = np.full((700, 1800), 255, np.uint8)
    for row in range(4):  # 4 lines of small print, 50 characters each
        for i in range(50):
            cv2.putText(img, "8", (20 + 14 * i, 40 + 25 * row), cv2.FONT_HERSHEY_SIMPLEX, 0.45, 0, 1)
    for i in range(40):  # 40 characters of dimension text, twice as tall
        cv2.putText(img, "8", (20 + 36 * i, 400), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 2)
    small, large = estimate_text_height(img), estimate_text_height(img, statistic="p90")
    assert small < 14 and large >= 22
    with pytest.raises(ConfigError):
        estimate_text_height(img, statistic="median")


def test_models_scaled_by_the_mode_run_at_the_same_scale_found_by_the_90th_percentile(detector, tmp_path):
    """The shipped tiles were cut with the mode at 14 px; the detector finds that scale with the percentile.
    Weights trained on tiles cut today (:data:`DEFAULT_TILES`) are run exactly as their tiles were cut."""
    import shutil

    from drawinglab.detect import DEFAULT_WEIGHTS, MODE_TO_P90, Detector
    from drawinglab.detect.dataset import DEFAULT_TILES

    assert detector.statistic == "p90"
    assert detector.text_height == pytest.approx(14.0 * MODE_TO_P90)
    shutil.copyfile(DEFAULT_WEIGHTS, tmp_path / "new.pt")
    (tmp_path / "new.json").write_text(json.dumps({"tiles": {"settings": DEFAULT_TILES}}))
    new = Detector(tmp_path / "new.pt", device="cpu")
    assert (new.statistic, new.text_height) == (DEFAULT_TILES["statistic"], DEFAULT_TILES["text_height"])


def test_detector_rejects_bad_input(detector):
    from drawinglab.errors import ConfigError, InputNotFound

    with pytest.raises(ConfigError):
        detector.predict(np.zeros((10, 10), np.float32))
    with pytest.raises(ConfigError):
        detector.predict(np.full((100, 100), 255, np.uint8), conf=1.5)
    with pytest.raises(InputNotFound):
        from drawinglab.detect import Detector

        Detector("no/such/weights.pt")
    with pytest.raises(InputNotFound):
        Detector("")  # a folder (here the working directory) is not a weights file


def test_ultralytics_leaves_pillow_alone():
    """Importing the detector must not leave ultralytics' PIL.Image.open wrapper (it pip-installs plugins)."""
    import PIL.Image

    from drawinglab.detect.train import offline_ultralytics

    offline_ultralytics()
    from ultralytics.utils import patches

    assert PIL.Image.open is not patches.image_open


def test_balanced_tile_list_repeats_rare_classes_and_thins_notes(tmp_path):
    from drawinglab.detect.dataset import balance_tiles
    from drawinglab.synth import CLASS_NAMES

    root = tmp_path / "tiles"
    (root / "labels" / "train").mkdir(parents=True)
    (root / "images" / "train").mkdir(parents=True)
    text_block, linear, radius = (CLASS_NAMES.index(c) for c in ("text_block", "linear_dim", "radius_dim"))
    tiles = {f"note_{k}": [text_block] for k in range(40)}
    tiles.update({f"linear_{k}": [linear, linear, text_block] for k in range(20)})
    tiles["rare"] = [radius, linear]
    for name, classes in tiles.items():
        (root / "labels" / "train" / f"{name}.txt").write_text("".join(f"{c} 0.5 0.5 0.1 0.1\n" for c in classes))
        (root / "images" / "train" / f"{name}.png").write_bytes(b"")
    (root / "data.yaml").write_text(f"path: {root}\ntrain: images/train\nval: images/val\nnames:\n  0: x\n")
    yaml = balance_tiles(root / "data.yaml", target=8, cap=4, text_only_keep=0.5, seed=1)
    listed = (root / "train_balanced.txt").read_text().split()
    names = [p.rsplit("/", 1)[-1][:-4] for p in listed]
    assert names.count("rare") == 4  # ceil(8 / 1) capped at 4
    assert all(names.count(f"linear_{k}") == 1 for k in range(20))  # common classes listed once
    notes = sum(n.startswith("note_") for n in set(names))
    assert 10 <= notes <= 30  # about half of the notes-only tiles kept
    assert f"train: {(root / 'train_balanced.txt').resolve()}" in yaml.read_text()
    balance_tiles(root / "data.yaml", target=8, cap=4, text_only_keep=0.5, seed=1)
    assert (root / "train_balanced.txt").read_text().split() == listed  # the same seed, the same list


def test_union_text_score_raises_text_boxes_and_leaves_other_classes_as_yolo_scores_them(sample_dir):
    """With the text classes' scores pooled (1 − ∏(1 − sᵢ)), every text box YOLO's own max score finds is
    found again, never less sure; GD&T and roughness boxes come out exactly as ultralytics' predictor gives."""
    from drawinglab import load
    from drawinglab.detect import Detector
    from drawinglab.detect.refine import REFINED_CLASSES

    page = load(sample_dir / "sample_a4_clean_3.png")[0]  # two GD&T frames and a roughness symbol
    union = Detector(device="cpu", classifier=None).predict(page, conf=0.2)
    plain = Detector(device="cpu", classifier=None, text_score="max").predict(page, conf=0.2)
    is_text_u = np.isin(union.class_name.astype(str), REFINED_CLASSES)
    is_text_p = np.isin(plain.class_name.astype(str), REFINED_CLASSES)
    assert is_text_p.sum() >= 10 and is_text_u.sum() >= is_text_p.sum()
    overlap = box_iou(plain.xyxy[is_text_p], union.xyxy[is_text_u])
    best = overlap.argmax(axis=1)
    assert (overlap.max(axis=1) >= 0.9).mean() >= 0.95
    gain = union.confidence[is_text_u][best] - plain.confidence[is_text_p]
    assert gain.min() >= -1e-4 and (gain > 0.01).sum() >= 3  # boxes YOLO was split on gain the most
    other_u = sorted(zip(union.class_name[~is_text_u], np.round(union.confidence[~is_text_u], 3)))
    other_p = sorted(zip(plain.class_name[~is_text_p], np.round(plain.confidence[~is_text_p], 3)))
    assert len(other_p) >= 2 and other_u == other_p


def test_detector_refuses_an_unknown_text_score():
    from drawinglab.detect import Detector
    from drawinglab.errors import ConfigError

    with pytest.raises(ConfigError, match="text_score"):
        Detector(device="cpu", text_score="mean")


def test_loading_ultralytics_leaves_torch_its_threads():
    """ultralytics sets OMP_NUM_THREADS=1 on import; torch imported after it ran the detector on one core."""
    import os
    import subprocess
    import sys

    code = ("import os; from drawinglab.detect.train import offline_ultralytics; offline_ultralytics(); "
            "import torch; print(torch.get_num_threads(), 'OMP_NUM_THREADS' in os.environ)")
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    alone = subprocess.run([sys.executable, "-c", "import torch; print(torch.get_num_threads())"],
                           capture_output=True, text=True, env=env, check=True)
    threads, omp_set = out.stdout.split()
    assert int(threads) == int(alone.stdout) and omp_set == "False"


def test_bench_detect_times_a_given_drawing(sample_dir, tmp_path):
    """``drawinglab bench detect --image`` times that drawing (no synthetic page) and writes its figures."""
    from drawinglab.cli import main

    image = sample_dir / "sample_a4_scan_4.jpg"
    out = tmp_path / "bench.json"
    assert main(["bench", "detect", "--repeats", "1", "--image", str(image), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    height, width = cv2.imread(str(image), cv2.IMREAD_GRAYSCALE).shape
    assert result["page"] == [width, height] and result["device"] == "cpu"
    assert result["tiles"] >= 1 and result["detections"] > 5
    assert result["pages_per_hour"] == pytest.approx(3600 / result["predict_s"])


def test_detector_on_device_finds_what_the_cpu_finds(device, sample_dir):
    """The raw-score path (union text score, box classifier) on a GPU in half precision gives the CPU's
    boxes; skips without a CUDA device for torch."""
    import torch

    from drawinglab import load
    from drawinglab.detect import Detector

    if device == "cpu":
        pytest.skip("the CPU is the reference")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device for torch")
    page = load(sample_dir / "sample_a4_scan_4.jpg")[0]
    reference = Detector(device="cpu").predict(page)
    found = Detector(device=device).predict(page)
    assert len(reference) > 5 and abs(len(found) - len(reference)) <= max(1, len(reference) // 10)
    overlap = box_iou(reference.xyxy, found.xyxy)
    same_class = reference.class_id[:, None] == found.class_id[None, :]
    assert ((overlap >= 0.9) & same_class).any(axis=1).mean() >= 0.9
