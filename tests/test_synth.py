"""Synthetic drawings: labels that are exact (ink, text layer, scan transform), determinism, class coverage."""
from __future__ import annotations

import json
from collections import Counter

import cv2
import numpy as np
import pymupdf
import pytest

from drawinglab.dimensions import parse
from drawinglab.synth import CLASS_NAMES, drawing_seed, generate, labelme, write_dataset, yolo_lines
from drawinglab.synth.generator import compose
from drawinglab.synth.render import rasterize, to_pdf

DPI = 150
SEEDS = [3, 8, 15]


def text_ink(seed: int, dpi: float = DPI) -> np.ndarray:
    """Ink of the drawing's labelled text alone (lines, symbols and unlabelled text left out), as a mask."""
    import copy

    drawing = compose(seed, "A3")
    labelled = {(run.text, run.origin) for ann in drawing.annotations for run in ann.runs}
    only = copy.copy(drawing)
    only.canvas = copy.copy(drawing.canvas)
    only.canvas.ops = [op for op in drawing.canvas.ops if op[0] == "text" and (op[1], op[2]) in labelled]
    gray = cv2.cvtColor(rasterize(to_pdf(only), dpi), cv2.COLOR_RGB2GRAY)
    return gray < 160


def polygon_mask(shape, polygons, dilate: int) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    for poly in polygons:
        cv2.fillPoly(mask, [np.round(np.asarray(poly)).astype(np.int32)], 1)
    if dilate:
        mask = cv2.dilate(mask, np.ones((2 * dilate + 1, 2 * dilate + 1), np.uint8))
    return mask.astype(bool)


@pytest.mark.parametrize("seed", SEEDS)
def test_boxes_enclose_their_text_ink_and_not_much_more(seed):
    page = generate(seed, "A3", DPI, "clean")
    ink = text_ink(seed)
    runs = [run["polygon"] for ann in page.gt["annotations"] for run in ann["runs"]]
    inside = polygon_mask(ink.shape, runs, dilate=2)
    assert (ink & inside).sum() >= 0.995 * ink.sum(), "text ink outside every run box"
    for ann in page.gt["annotations"]:
        for run in ann["runs"]:
            own = polygon_mask(ink.shape, [run["polygon"]], dilate=1) & ink
            if own.sum() < 10:
                continue
            ys, xs = np.nonzero(own)
            ink_area = (xs.max() - xs.min() + 1) * (ys.max() - ys.min() + 1)
            poly = np.asarray(run["polygon"])
            box_area = (np.ptp(poly[:, 0]) + 1) * (np.ptp(poly[:, 1]) + 1)
            assert box_area <= 1.6 * ink_area + 60, (ann["text"], run["text"])
        x0, y0, x1, y1 = ann["bbox"]
        assert x1 > x0 and y1 > y0


@pytest.mark.parametrize("seed", SEEDS)
def test_ground_truth_text_is_the_pdf_text_layer(seed):
    page = generate(seed, "A3", DPI, "clean")
    scale = 72.0 / DPI
    with pymupdf.open("pdf", page.pdf) as doc:
        pdf_page = doc[0]
        for ann in page.gt["annotations"]:
            assert ann["text"].replace(" ", "") == "".join(r["text"] for r in sorted(
                ann["runs"], key=lambda r: (round(r["polygon"][0][0]), r["polygon"][0][1]))).replace(" ", "") \
                or set(ann["text"].split()) == {t for r in ann["runs"] for t in r["text"].split()}
            for run in ann["runs"]:
                poly = np.asarray(run["polygon"]) * scale
                rect = pymupdf.Rect(poly[:, 0].min() - 1.5, poly[:, 1].min() - 1.5, poly[:, 0].max() + 1.5,
                                    poly[:, 1].max() + 1.5)
                found = pdf_page.get_text("text", clip=rect).replace("\n", "").replace(" ", "")
                assert run["text"].replace(" ", "") in found, (run["text"], found)


def test_scan_labels_follow_the_pixels():
    seed = 8
    page = generate(seed, "A3", DPI, "scan")
    assert page.gt["style"] == "scan" and page.gt["transform"] is not None
    homography = np.asarray(page.gt["transform"])
    ink = text_ink(seed).astype(np.uint8)
    h, w = ink.shape
    warped = cv2.warpPerspective(ink, homography, (w, h), flags=cv2.INTER_NEAREST) > 0
    runs = [run["polygon"] for ann in page.gt["annotations"] for run in ann["runs"]]
    inside = polygon_mask(warped.shape, runs, dilate=2)
    assert (warped & inside).sum() >= 0.99 * warped.sum()
    clean = generate(seed, "A3", DPI, "clean")
    assert [a["text"] for a in page.gt["annotations"]] == [a["text"] for a in clean.gt["annotations"]]
    assert page.image.shape == clean.image.shape and not np.array_equal(page.image, clean.image)


def test_all_fourteen_classes_appear_across_50_drawings():
    counts = Counter(a.cls for i in range(50) for a in compose(drawing_seed(0, i), "A3").annotations)
    missing = [name for name in CLASS_NAMES if counts[name] == 0]
    assert not missing, f"classes never drawn: {missing}"


def test_every_dimension_label_parses_to_its_drawn_numbers():
    for i in range(20):
        page = generate(drawing_seed(1, i), "A3", 20, "clean")
        for ann in page.gt["annotations"]:
            if ann["parse_text"] is None:
                continue
            assert ann["parsed"]["ok"], (ann["parse_text"], ann["parsed"])
            dim = parse(ann["parse_text"])
            if ann["class_name"] == "tolerance_dim":
                assert dim.tolerance_source in ("explicit", "fit") or dim.fit
            if ann["class_name"] == "reference_dim":
                assert dim.reference


def test_same_seed_gives_byte_identical_ground_truth(tmp_path):
    a = write_dataset(tmp_path / "a", 3, seed=42, sheet="A4", dpi=60, style="mixed")
    b = write_dataset(tmp_path / "b", 3, seed=42, sheet="A4", dpi=60, style="mixed", workers=2)
    for info in a["drawings"]:
        name = info["name"]
        assert (tmp_path / "a" / "images" / f"{name}.json").read_bytes() == \
               (tmp_path / "b" / "images" / f"{name}.json").read_bytes()
        assert (tmp_path / "a" / "labels" / f"{name}.txt").read_bytes() == \
               (tmp_path / "b" / "labels" / f"{name}.txt").read_bytes()
    assert a["class_counts"] == b["class_counts"]
    other = write_dataset(tmp_path / "c", 1, seed=43, sheet="A4", dpi=60)
    assert other["drawings"][0]["classes"] != a["drawings"][0]["classes"] or \
        (tmp_path / "c" / "images" / f"{other['drawings'][0]['name']}.json").read_bytes() != \
        (tmp_path / "a" / "images" / f"{a['drawings'][0]['name']}.json").read_bytes()


def test_dataset_layout_and_exports(tmp_path):
    manifest = write_dataset(tmp_path, 2, seed=7, sheet="A4", dpi=60, style="clean")
    name = manifest["drawings"][0]["name"]
    gt = json.loads((tmp_path / "images" / f"{name}.json").read_text())
    assert (tmp_path / "images" / gt["image"]).exists() and (tmp_path / "pdf" / f"{name}.pdf").exists()
    for line in (tmp_path / "labels" / f"{name}.txt").read_text().split("\n"):
        if line:
            cls, *coords = line.split()
            assert 0 <= int(cls) < 14 and all(0.0 <= float(v) <= 1.0 for v in coords)
    assert "names:" in (tmp_path / "dataset.yaml").read_text()
    lm = json.loads((tmp_path / "labelme" / f"{name}.json").read_text())
    labels = [s["label"] for s in lm["shapes"]]
    assert "other_info" in labels and any(label != "other_info" for label in labels)
    assert len((tmp_path / "labelme" / f"{name}.csv").read_text().strip().split("\n")) == len(labels)
    assert len(yolo_lines(gt)) == sum(1 for a in gt["annotations"] if a["class_id"] >= 0)
    doc, _ = labelme(gt, gt["image"])
    assert doc["imageWidth"] == gt["width"]


def test_bad_options():
    from drawinglab.errors import ConfigError

    with pytest.raises(ConfigError):
        generate(1, sheet="A9")
    with pytest.raises(ConfigError):
        generate(1, style="watercolour")


def _centre(ann) -> tuple[float, float]:
    poly = np.asarray(ann.polygon())
    return float(poly[:, 0].mean()), float(poly[:, 1].mean())


@pytest.mark.parametrize("knee, rotation", [((80.0, 80.0), -45.0), ((120.0, 80.0), 45.0), ((100.0, 70.0), 90.0)])
def test_aligned_leader_text_reads_along_the_leader_past_the_knee(knee, rotation):
    from drawinglab.synth.annotate import DimText, Style, leader_dimension
    from drawinglab.synth.canvas import Canvas, load_font

    canvas = Canvas(load_font("DejaVuSans.ttf"))
    tip = (100.0, 100.0)
    ann = leader_dimension(canvas, tip, knee, DimText("12", prefix="R", kind="radius"), Style(), aligned=True)
    assert ann.rotation == pytest.approx(rotation)
    assert all(run.rotation == pytest.approx(rotation) for run in ann.runs)
    # the text lies beyond the knee, beside the leader (not on it), and no horizontal shoulder is drawn
    u = np.subtract(knee, tip) / np.hypot(*np.subtract(knee, tip))
    offset = np.subtract(_centre(ann), tip)
    assert offset @ u > np.hypot(*np.subtract(knee, tip))
    assert 0.5 < abs(offset @ np.array([-u[1], u[0]])) < 5.0
    lines = [op[1] for op in canvas.ops if op[0] == "poly" and len(op[1]) == 2]
    d = np.subtract(lines[0][1], lines[0][0])
    assert len(lines) == 1 and abs(d[0] * u[1] - d[1] * u[0]) < 1e-6


@pytest.mark.parametrize("mid, rotation", [(90.0, 0.0), (0.0, -90.0), (135.0, 45.0), (225.0, -45.0)])
def test_tangent_angle_text_turns_along_the_arc_outside_it(mid, rotation):
    from drawinglab.synth.annotate import DimText, Style, angular_dimension
    from drawinglab.synth.canvas import Canvas, load_font

    canvas = Canvas(load_font("DejaVuSans.ttf"))
    vertex, radius = (100.0, 100.0), 20.0
    ann = angular_dimension(canvas, vertex, mid - 15.0, 30.0, radius, DimText("30°", kind="angle"), Style(),
                            tangent=True)
    assert ann.rotation == pytest.approx(rotation)
    assert np.hypot(*np.subtract(_centre(ann), vertex)) > radius + 1.0


def test_some_drawings_set_diameter_and_radius_text_along_slanted_leaders():
    slanted = sum(a.cls in ("radius_dim", "diameter_dim") and a.rotation % 90 != 0
                  for i in range(12) for a in compose(drawing_seed(0, i), "A3").annotations)
    assert slanted > 0, "no ⌀/R text along a slanted leader in 12 drawings"


def _segment_crosses_box(a, b, box) -> bool:
    """Whether the segment a-b passes through the inside of the axis-aligned box (sampled finely)."""
    x0, y0, x1, y1 = box
    return any(x0 < x < x1 and y0 < y < y1 for x, y in np.linspace(a, b, 400))


@pytest.mark.parametrize("orient, length", [("v", 6.0), ("v", 40.0), ("h", 8.0), ("h", 60.0)])
def test_asme_dimension_lines_never_run_through_their_text(orient, length):
    """ASME text stands level in a gap of the dimension line, or beyond the second arrow when the gap would be
    too short; no line crosses it either way (a line through ``20`` made it unreadable)."""
    from drawinglab.synth.annotate import DimText, Style, linear_dimension
    from drawinglab.synth.canvas import Canvas, load_font

    canvas = Canvas(load_font("DejaVuSans.ttf"))
    p1, p2 = ((100.0, 100.0), (100.0, 100.0 + length)) if orient == "v" else ((100.0, 100.0), (100.0 + length, 100.0))
    level = (80.0, 0.0) if orient == "v" else (0.0, 80.0)
    ann = linear_dimension(canvas, p1, p2, level, orient, DimText("20", kind="linear"), Style(iso_text=False))
    assert ann.rotation == 0.0
    text_box = ann.bbox(0.0)
    lines = [op[1] for op in canvas.ops if op[0] == "poly" and len(op[1]) == 2]
    assert len(lines) >= 3  # two extension lines and the dimension line
    assert not any(_segment_crosses_box(a, b, text_box) for a, b in lines)
    if length < 10:  # no room between the arrows: the text stands beyond them, along the dimension line
        centre = _centre(ann)
        along = centre[1] if orient == "v" else centre[0]
        ends = (p1[1], p2[1]) if orient == "v" else (p1[0], p2[0])
        assert not min(ends) <= along <= max(ends)


@pytest.mark.parametrize("font_file", __import__("drawinglab.synth.canvas", fromlist=["FONT_FILES"]).FONT_FILES)
def test_every_drawing_font_has_the_characters_drawings_use(font_file):
    """A font without a glyph is drawn in PyMuPDF's fallback while its labels keep this font's guessed widths
    (matplotlib's DejaVuSansDisplay has no letters or digits at all and drew one drawing in seven so)."""
    from drawinglab.synth.canvas import load_font

    font = load_font(font_file)
    needed = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,:+-±°×()[]/ Ø"
    assert all(font.has(ch) for ch in font.fix(needed)), [ch for ch in needed if not font.has(ch)]


def test_border_zones_and_ruled_notes_look_like_real_sheets():
    """Zone letters as tall as dimension lettering or taller (real sheets' zone letters were found as
    dimensions), and general notes in a ruled cell, labelled as text."""
    from drawinglab.synth.generator import BOXED_NOTES

    drawings = [compose(drawing_seed(0, i), "A3") for i in range(8)]
    zone_sizes = {round(run.size, 2) for d in drawings for run in d.canvas.texts
                  if run.role == "other" and run.text in "ABCDEFGH" and run.origin[0] < 20.0}
    assert len(zone_sizes) >= 4 and max(zone_sizes) >= 4.0
    notes = [a for d in drawings for a in d.annotations if a.text in BOXED_NOTES]
    assert notes and all(a.cls == "text_block" for a in notes)
    for d in drawings:
        for a in (a for a in d.annotations if a.text in BOXED_NOTES):
            x0, y0, x1, y1 = a.bbox(0.0)
            assert y1 <= d.height_mm - 10.0 and x1 <= d.width_mm - 190.0  # left of the title block, inside the frame
