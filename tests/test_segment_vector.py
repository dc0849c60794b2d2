"""Segmentation from a vector PDF's own paths and text spans (no raster tracing)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from drawinglab.page import Page, TextSpan, VectorPath
from drawinglab.segment.vector import VECTOR_FEATURE_NAMES, has_vector_content, vector_strokes

F = {name: i for i, name in enumerate(VECTOR_FEATURE_NAMES)}


def page_with(paths=(), spans=(), size=(400, 600)) -> Page:
    return Page(np.full((*size, 3), 255, np.uint8), "drawn.pdf", kind="pdf", paths=list(paths), text_spans=list(spans))


def path(*items, width=1.0, fill=None, stroke=(0, 0, 0), dashed=False) -> VectorPath:
    pts = [p for _, ps in items for p in ps]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return VectorPath(items=tuple(items), bbox=(min(xs), min(ys), max(xs), max(ys)), stroke=stroke, fill=fill,
                      width=width, dashed=dashed)


def span(text, x, y, size=10.0, w=None) -> TextSpan:
    w = w or 6 * len(text)
    quad = ((x, y), (x + w, y), (x + w, y + 10), (x, y + 10))
    return TextSpan(text, "Helvetica", size, 0.0, (x, y, x + w, y + 10), quad)


def test_circle_is_one_stroke_whether_four_beziers_or_many_lines():
    import pymupdf

    doc = pymupdf.open()
    pg = doc.new_page(width=300, height=300)
    pg.draw_circle((150, 150), 80)
    beziers = [(k, tuple((p.x, p.y) for p in item[1:])) for item in pg.get_drawings()[0]["items"] for k in [item[0]]]
    assert [k for k, _ in beziers] == ["c"] * 4
    angles = np.linspace(0, 2 * np.pi, 91)
    ring = [(150 + 80 * np.cos(a), 150 + 80 * np.sin(a)) for a in angles]
    lines = tuple(("l", (a, b)) for a, b in zip(ring[:-1], ring[1:]))
    label = span("A", 10, 10)
    for items in (tuple(beziers), lines):
        s = vector_strokes(page_with([path(*items)], [label]), with_mask=False)
        assert len(s) == 2  # the circle and the glyph run
        f = s.features[0]
        assert f[F["closed"]] == 1 and f[F["straightness"]] == 0 and f[F["elongation"]] > 0.95
        assert s.length[0] / s.scale == pytest.approx(2 * np.pi * 80, rel=0.01)
        # a full turn (2π) over the circumference measured in lettering heights
        t = 10 * 0.7
        assert f[F["turning"]] == pytest.approx(2 * np.pi / (2 * np.pi * 80 / t), rel=0.05)


def test_rectangle_splits_into_four_sides_and_touches_itself():
    rect = path(("re", ((10, 10), (110, 10), (110, 60), (10, 60))))
    s = vector_strokes(page_with([rect], [span("B", 200, 200)]), with_mask=False)
    assert len(s) == 5
    sides = sorted(np.round(s.length[:4] / s.scale).astype(int).tolist())
    assert sides == [50, 50, 100, 100]
    assert np.allclose(s.features[:4, F["straightness"]], 1.0)
    # each side meets two others at its ends: a 4-cycle of touch edges, no free ends
    assert s.junction_edges.shape[1] == 4 and s.features[:4, F["free_ends"]].sum() == 0


def test_polyline_cut_at_sharp_corner_not_at_gentle_bends():
    zigzag = path(("l", ((0, 100), (100, 100))), ("l", ((100, 100), (200, 110))), ("l", ((200, 110), (200, 250))))
    s = vector_strokes(page_with([zigzag], [span("C", 300, 300)]), with_mask=False)
    # the 6° bend stays inside one stroke; the 90° corner cuts
    assert len(s) == 3 and sorted(np.round(s.length[:2] / s.scale).astype(int).tolist()) == [140, 200]


def test_glyph_run_features_read_the_text():
    spans = [span("Ø20 H7", 50, 50), span("GENERAL NOTES", 50, 100), span("A", 50, 150)]
    s = vector_strokes(page_with([], spans), with_mask=False)
    f = s.features
    assert f[:, F["is_text"]].tolist() == [1, 1, 1]
    assert f[:, F["is_dimension"]].tolist() == [1, 0, 0]
    assert f[1, F["letter_share"]] > 0.9 and f[0, F["digit_share"]] == pytest.approx(3 / 6)
    assert f[0, F["font_size"]] == pytest.approx(1.0)  # all spans the same size: the page's lettering


def test_line_attributes_width_grey_dash_fill():
    thin = path(("l", ((0, 0), (100, 0))), width=0.5, stroke=(0.75, 0.75, 0.75), dashed=True)
    arrow = path(("l", ((0, 50), (10, 45))), ("l", ((10, 45), (10, 55))), ("l", ((10, 55), (0, 50))),
                 fill=(0, 0, 0), width=0.2)
    s = vector_strokes(page_with([thin, arrow], [span("D", 300, 300)]), with_mask=False)
    f = s.features
    assert f[0, F["dashed"]] == 1 and f[0, F["grey"]] == pytest.approx(0.75) and f[0, F["filled"]] == 0
    assert f[1, F["filled"]] == 1 and f[1, F["dashed"]] == 0
    assert f[0, F["width"]] == pytest.approx(0.5 / 7.0)


def test_scanned_pdf_has_no_vector_content():
    assert not has_vector_content(page_with())
    assert not has_vector_content(Page(np.zeros((5, 5, 3), np.uint8), "x.png"))
    assert has_vector_content(page_with([], [span("E", 1, 1)]))


def test_synthetic_pdf_nodes_get_labels_from_its_ground_truth(sample_dir):
    from drawinglab.segment.train import vector_graph_of

    for name in ("sample_a4_clean_3", "sample_a4_scan_4"):  # the scan's ground truth is moved by its homography
        g = vector_graph_of(sample_dir / f"{name}.json")
        labelled = g["labels"] >= 0
        assert labelled.mean() > 0.95
        counts = np.bincount(g["labels"][labelled], minlength=4)
        assert (counts > 0).all()  # contour, dimension, text, other all present
        text_nodes = g["features"][:, F["is_text"]] == 1
        # glyph runs are lettering: text or dimension values (zone markers: other), never contour
        assert (g["labels"][text_nodes] != 0).mean() > 0.97


def test_shipped_vector_model_beats_trivial_baseline(tmp_path):
    from drawinglab.ingest import load
    from drawinglab.segment import Segmenter
    from drawinglab.segment.evaluate import node_metrics
    from drawinglab.segment.labels import vector_labels
    from drawinglab.synth import generate

    made = generate(424242, sheet="A3", dpi=100, style="clean")  # a seed used for nothing else
    pdf = tmp_path / "drawing.pdf"
    pdf.write_bytes(made.pdf)
    page = load(pdf, dpi=100)[0]
    seg = Segmenter().segment(page)
    assert seg.source == "vector"
    labels = vector_labels(seg.strokes, 100, made.gt)
    m = node_metrics(seg.classes, labels)
    majority = np.bincount(labels[labels >= 0]).max() / (labels >= 0).sum()
    assert m["accuracy_4"] > majority + 0.3 and m["accuracy_3"] > 0.9
    assert seg.masks()["text"].shape == page.image.shape[:2]
    assert seg.overlay(page.image).shape == page.image.shape
    # the same page as a bare image goes through the raster tracer
    assert Segmenter().segment(page.image).source == "raster"
    assert Segmenter(mode="raster").segment(page).source == "raster"


def test_train_and_eval_vector_segmenter_cli(sample_dir, tmp_path, capsys):
    from drawinglab.cli import main

    out = tmp_path / "model"
    assert main(["train", "segmenter", "--vector", "--data", str(sample_dir), "--epochs", "2", "--workers", "1",
                 "--out", str(out)]) == 0
    card = json.loads((out / "segmenter_vector.json").read_text())
    assert card["input"] == "vector PDF" and card["features"] == VECTOR_FEATURE_NAMES
    capsys.readouterr()
    report = tmp_path / "eval.json"
    assert main(["eval-segment", str(sample_dir), "--source", "vector", "--vector-weights",
                 str(out / "segmenter_vector.pt"), "--json", str(report)]) == 0
    result = json.loads(report.read_text())
    assert result["source"] == "vector" and result["synth"]["pages"] == 6 and "pixel_iou_4" not in result["synth"]
    assert 0.0 <= result["synth"]["accuracy_3"] <= 1.0 and result["synth"]["strokes"] > 500


def test_dimension_graphics_join_the_text_they_belong_to():
    import pandas as pd

    from drawinglab.segment.groups import attach_dimension_graphics, dimension_groups
    from drawinglab.segment.segmenter import Segmentation

    # a horizontal dimension: line 100→300 at y=200 with two arrowheads, its value above it; far away an
    # unrelated contour line and a second dimension line
    line = path(("l", ((100, 200), (300, 200))))
    arrow_l = path(("l", ((100, 200), (110, 196))), ("l", ((110, 196), (110, 204))), ("l", ((110, 204), (100, 200))),
                   fill=(0, 0, 0))
    arrow_r = path(("l", ((300, 200), (290, 196))), ("l", ((290, 196), (290, 204))), ("l", ((290, 204), (300, 200))),
                   fill=(0, 0, 0))
    other_dim = path(("l", ((100, 350), (300, 350))))
    contour = path(("l", ((100, 215), (300, 215))))
    value = span("25", 190, 186, w=20)
    page = page_with([line, arrow_l, arrow_r, other_dim, contour], [value])
    strokes = vector_strokes(page)
    classes = np.full(len(strokes), 1)  # everything dimension ...
    classes[strokes.component == 4] = 0  # ... but the contour line
    seg = Segmentation(strokes, classes, np.eye(4)[classes], page.image.shape[:2], source="vector")
    groups = dimension_groups(seg)
    by_path = {int(c): set(groups[strokes.component == c].tolist()) for c in range(5)}
    assert by_path[0] == by_path[1] == by_path[2] and len(by_path[0]) == 1  # line + arrows: one group
    assert by_path[3].isdisjoint(by_path[0]) and by_path[4] == {-1}
    table = pd.DataFrame({"text": ["25", "NOTE"], "category": ["dimension", "note"],
                          "x0": [190.0, 10.0], "y0": [186.0, 10.0], "x1": [210.0, 40.0], "y1": [196.0, 20.0]})
    out = attach_dimension_graphics(table, seg)
    assert out.dim_group[0] in by_path[0] and out.dim_group[1] == -1
    assert out.dim_gx0[0] == pytest.approx(100, abs=1) and out.dim_gx1[0] == pytest.approx(300, abs=1)
    assert out.dim_strokes[0] == 1 + 3 + 3  # the line and the arrowheads' sides
