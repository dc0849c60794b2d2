"""Segmentation stage: stroke tracing, graph construction, labels, a tiny training run, the shipped model."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from drawinglab.segment.evaluate import node_metrics, pixel_iou
from drawinglab.segment.labels import CLASSES, role_map, stroke_labels
from drawinglab.segment.model import StrokeSAGE, build_edges
from drawinglab.segment.vectorize import FEATURE_NAMES, trace_strokes


def canvas(h=300, w=400):
    return np.full((h, w), 255, np.uint8)


def test_trace_single_line_is_one_straight_stroke():
    img = canvas()
    cv2.line(img, (20, 150), (380, 150), 0, 3)
    s = trace_strokes(img, scale=1.0)
    assert len(s) == 1
    f = dict(zip(FEATURE_NAMES, s.features[0]))
    assert s.length[0] == pytest.approx(360, abs=8)
    assert f["straightness"] < 0.02 and f["fill_ratio"] > 0.97 and f["cos2"] == pytest.approx(1.0, abs=0.01)
    assert f["width"] == pytest.approx(5, abs=0.6) and f["endpoints"] == 2  # cv2 draws thickness 3 as 5 px


def test_trace_cross_gives_four_strokes_meeting_at_one_junction():
    img = canvas()
    cv2.line(img, (20, 150), (380, 150), 0, 3)
    cv2.line(img, (200, 20), (200, 280), 0, 3)
    s = trace_strokes(img, scale=1.0)
    assert len(s) == 4
    assert sorted(np.round(s.length / 10).astype(int).tolist()) == [13, 13, 18, 18]
    # every pair of the four arms meets at the junction: 6 edges
    assert s.junction_edges.shape[1] == 6
    assert len(set(s.component.tolist())) == 1


def test_trace_circle_is_curved_and_closed():
    img = canvas()
    cv2.circle(img, (200, 150), 80, 0, 2)
    s = trace_strokes(img, scale=1.0)
    assert len(s) == 1
    f = dict(zip(FEATURE_NAMES, s.features[0]))
    assert f["endpoints"] == 0 and f["straightness"] > 0.9  # round: both principal axes equal
    assert s.length[0] == pytest.approx(2 * np.pi * 80, rel=0.12)  # pixel count: diagonal steps count 1


def test_trace_separate_shapes_and_scale():
    img = canvas(400, 600)
    cv2.line(img, (20, 50), (200, 50), 0, 2)
    cv2.rectangle(img, (300, 200), (500, 350), 0, 2)
    half = trace_strokes(img, scale=0.5)
    assert half.shape == (200, 300) and half.scale == 0.5
    assert len(set(half.component.tolist())) == 2


def test_trace_empty_page():
    s = trace_strokes(canvas(), scale=1.0)
    assert len(s) == 0 and s.features.shape == (0, len(FEATURE_NAMES))


def test_graph_edges_symmetric_without_self_loops():
    img = canvas()
    for x in range(40, 360, 40):
        cv2.line(img, (x, 40), (x + 20, 100), 0, 2)
    s = trace_strokes(img, scale=1.0)
    e = build_edges(s, k=3)
    assert e.shape[0] == 2 and (e[0] != e[1]).all()
    pairs = set(map(tuple, e.T.tolist()))
    assert all((b, a) in pairs for a, b in pairs)
    assert min(np.bincount(e[0], minlength=len(s))) >= 3


def test_labels_from_primitives():
    img = canvas()
    cv2.line(img, (20, 100), (380, 100), 0, 3)
    cv2.line(img, (20, 200), (380, 200), 0, 1)
    gt = {"primitives": [{"type": "line", "role": "contour", "points": [[20, 100], [380, 100]], "width": 3},
                         {"type": "line", "role": "dimension", "points": [[20, 200], [380, 200]], "width": 1}]}
    s = trace_strokes(img, scale=1.0)
    labels = stroke_labels(s, role_map(gt, s.shape, 1.0))
    by_y = {int(round(c[1])): CLASSES[k] for c, k in zip(s.centroid, labels)}
    assert by_y == {100: "contour", 200: "dimension"}


def test_node_and_pixel_metrics():
    m = node_metrics(np.array([0, 1, 2, 3, 3]), np.array([0, 1, 2, 3, 1]))
    assert m["accuracy_4"] == pytest.approx(0.8) and m["f1_4"]["dimension"]["recall"] == pytest.approx(0.5)
    cmap = np.array([[0, 1], [2, -1]])
    roles = np.array([[1, 2], [2, 3]])
    iou = pixel_iou(cmap, roles)
    assert iou["iou_4"]["contour"] == {"inter": 1, "union": 1} and iou["iou_4"]["text"]["inter"] == 0


def test_tiny_training_run(tmp_path):
    import torch

    from drawinglab.segment.train import train_segmenter

    rng = np.random.default_rng(0)
    graphs = []
    for _ in range(4):  # two well-separated feature clusters a small network must learn
        n = 60
        y = rng.integers(0, 2, n)
        x = rng.normal(size=(n, len(FEATURE_NAMES))).astype(np.float32)
        x[:, 0] += 6 * y
        e = np.stack([np.arange(n), (np.arange(n) + 1) % n])
        graphs.append({"features": x, "edges": np.concatenate([e, e[::-1]], axis=1), "labels": y})
    card = train_segmenter(graphs[:3], graphs[3:], tmp_path, epochs=60, device="cpu")
    assert card["best_val_accuracy"] > 0.9
    state = torch.load(tmp_path / "segmenter.pt", weights_only=True)
    model = StrokeSAGE(**card["model"])
    model.load_state_dict(state)


def test_shipped_model_beats_trivial_baseline():
    from drawinglab.segment import Segmenter
    from drawinglab.synth import generate

    page = generate(987654, sheet="A3", dpi=200, style="scan")  # a seed used for nothing else
    seg = Segmenter().segment(page.image)
    labels = stroke_labels(seg.strokes, role_map(page.gt, seg.strokes.shape, seg.strokes.scale))
    m = node_metrics(seg.classes, labels)
    majority = np.bincount(labels[labels >= 0]).max() / (labels >= 0).sum()
    assert m["accuracy_4"] > majority + 0.25 and m["accuracy_3"] > 0.85
    masks = seg.masks()
    assert set(masks) == set(CLASSES) and masks["text"].shape == page.image.shape[:2]
    assert seg.overlay(page.image).shape == page.image.shape


def test_eval_takes_a_pdf_without_ground_truth(tmp_path):
    from drawinglab.samples import write_sample_pdf
    from drawinglab.segment.evaluate import evaluate_segmenter

    pdf = write_sample_pdf(tmp_path / "plain.pdf")
    result = evaluate_segmenter([str(pdf)])
    assert "pdf" in result and result["pdf"]["pages"][0]["spans"] >= 0 and "synth" not in result


def test_train_segmenter_cli(sample_dir, tmp_path, capsys):
    from drawinglab.cli import main

    assert main(["train", "segmenter", "--data", str(sample_dir), "--epochs", "1", "--workers", "1",
                 "--out", str(tmp_path)]) == 0
    assert (tmp_path / "segmenter.pt").exists() and "validation stroke accuracy" in capsys.readouterr().out


def test_fit_strokes_lines_arcs_and_curves():
    from drawinglab.segment.vectorize import fit_strokes

    img = canvas(400, 600)
    cv2.line(img, (20, 30), (580, 60), 0, 2)
    cv2.circle(img, (150, 220), 90, 0, 2)
    cv2.ellipse(img, (420, 250), (70, 70), 0, 0, 180, 0, 2)  # lower half circle
    cv2.putText(img, "S", (250, 380), cv2.FONT_HERSHEY_SIMPLEX, 3.0, 0, 3)
    s = trace_strokes(img, scale=1.0)
    fits = fit_strokes(s)
    line = fits[fits.kind == "line"].iloc[0]
    assert sorted([line.x0, line.x1]) == pytest.approx([20, 580], abs=3)
    arcs = fits[fits.kind == "arc"].sort_values("radius")
    assert len(arcs) == 2
    assert arcs.radius.tolist() == pytest.approx([70, 90], abs=1.5)
    assert arcs.sweep.tolist() == pytest.approx([180, 360], abs=8)
    assert (arcs.cx.tolist(), arcs.cy.tolist()) == (pytest.approx([420, 150], abs=1.5), pytest.approx([250, 220], abs=1.5))
    letter = fits[(s.centroid[:, 1] > 300) & (s.centroid[:, 0] > 240) & (s.centroid[:, 0] < 340)]
    assert len(letter) and (letter.kind == "curve").all() and letter.bezier.map(len).eq(4).all()


def test_fit_strokes_bezier_reproduces_a_drawn_cubic():
    from drawinglab.segment.vectorize import fit_strokes

    ctrl = np.array([[40, 250], [150, 40], [300, 40], [420, 240]], float)
    t = np.linspace(0, 1, 400)[:, None]
    pts = (1 - t) ** 3 * ctrl[0] + 3 * (1 - t) ** 2 * t * ctrl[1] + 3 * (1 - t) * t ** 2 * ctrl[2] + t ** 3 * ctrl[3]
    img = canvas(300, 480)
    cv2.polylines(img, [np.round(pts).astype(np.int32)], False, 0, 2)
    fits = fit_strokes(trace_strokes(img, scale=1.0), tolerance=0.5)
    [curve] = fits[fits.kind == "curve"].itertuples()
    got = np.asarray(curve.bezier)
    if np.linalg.norm(got[0] - ctrl[0]) > np.linalg.norm(got[0] - ctrl[3]):
        got = got[::-1]  # the fit may run the other way
    assert np.abs(got[[0, 3]] - ctrl[[0, 3]]).max() < 4 and curve.rms < 1.5
