"""Pipeline, run CLI, notebooks executed with papermill, HTML reports and a headless-browser render."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from drawinglab.errors import ConfigError
from drawinglab.pipeline import Pipeline, PipelineConfig, summarize
from drawinglab.report import ReportError, chromium, run_report, screenshot


@pytest.fixture(scope="module")
def small_drawing(sample_dir):
    return sample_dir / "sample_a4_clean_3.png"


def test_config_roundtrip_and_validation():
    config = PipelineConfig.from_json('{"dpi": 200, "reader": {"det_side": 1600}, "preprocess": null}')
    assert config.dpi == 200.0 and PipelineConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ConfigError, match="unknown pipeline setting"):
        PipelineConfig.from_json('{"dpii": 200}')
    with pytest.raises(ConfigError, match="reader"):
        PipelineConfig.from_json('{"reader": {"det_sidez": 1}}')
    with pytest.raises(ConfigError, match="JSON"):
        PipelineConfig.from_json("{dpi: 3}")


def test_pipeline_page_result(small_drawing, tmp_path):
    [result] = Pipeline(PipelineConfig(dpi=200)).run(small_drawing)
    assert [s.name for s in result.stages] == ["ingest", "detect", "read", "tolerance"]
    assert all(s.seconds > 0 and s.peak_rss_mb >= s.rss_mb > 0 for s in result.stages)
    assert len(result.dimensions) > 3 and result.dimensions.nominal.notna().all()
    data = result.to_json()
    json.dumps(data)
    assert data["n_dimensions"] == len(result.dimensions) and len(data["rows"]) == len(result.table)
    # detection joined the reader's rows: most dimensions carry a dimension class
    dims = result.dimensions
    assert dims.detected.mean() > 0.6 and dims.det_class.dropna().str.endswith("_dim").mean() > 0.8
    assert len(data["detections"]) == len(result.detections)
    # tolerance columns: every toleranced dimension gets an IT grade and a process
    toleranced = dims[dims.upper.notna() & dims.lower.notna() & (dims.upper > dims.lower)]
    assert len(toleranced) and toleranced.it_grade.notna().all() and toleranced.process.notna().all()
    paths = result.save(tmp_path)
    assert {p.suffix for p in paths.values()} == {".json", ".csv", ".png"}
    overlay = result.overlay()
    assert overlay.shape == result.page.image.shape and not np.array_equal(overlay, result.page.image)


def test_pipeline_with_preprocessing(small_drawing):
    config = PipelineConfig(dpi=200, preprocess=[{"op": "gray"}, {"op": "median", "ksize": 3}], detect=None,
                            tolerance=False)
    [result] = Pipeline(config).run(small_drawing)
    assert [s.name for s in result.stages] == ["ingest", "preprocess", "read"]
    assert len(result.dimensions) > 3


def test_pipeline_with_segmentation_mask(small_drawing):
    config = PipelineConfig(dpi=200, detect=None, segment={"mask_before_read": True})
    [result] = Pipeline(config).run(small_drawing)
    assert [s.name for s in result.stages] == ["ingest", "segment", "read", "tolerance"]
    counts = result.to_json()["segmentation"]["strokes"]
    assert result.to_json()["segmentation"]["source"] == "raster"
    assert counts["contour"] > 0 and counts["dimension"] > 0 and counts["text"] > 0
    assert len(result.dimensions) > 3  # the reader still finds the dimensions on the masked page
    grouped = result.dimensions[result.dimensions.dim_group >= 0]
    assert len(grouped) >= 0.6 * len(result.dimensions)  # dimension lines joined with their text
    with pytest.raises(ConfigError, match="segment"):
        PipelineConfig.from_dict({"segment": {"mask": True}})


def test_batch_goes_on_after_a_bad_drawing(small_drawing, tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnope")
    results, failures = Pipeline().run_many([bad, small_drawing], out=tmp_path / "out")
    assert len(results) == 1 and failures[0]["source"] == str(bad) and "broken.png" in failures[0]["error"]
    summary = summarize(results)
    assert summary["pages"] == 1 and summary["pages_per_hour"] > 0 and "read" in summary["stages"]


def test_run_cli_exit_code_and_outputs(small_drawing, tmp_path):
    out = tmp_path / "run"
    ok = subprocess.run([sys.executable, "-m", "drawinglab.cli", "run", str(small_drawing), "--out", str(out)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert (out / "sample_a4_clean_3.csv").exists() and (out / "sample_a4_clean_3.png").exists()
    bad = subprocess.run([sys.executable, "-m", "drawinglab.cli", "run", str(small_drawing), "missing.pdf", "--out",
                          str(out)], capture_output=True, text=True)
    assert bad.returncode == 1 and "missing.pdf" in bad.stderr and "Traceback" not in bad.stderr


# --------------------------------------------------------------------------- notebooks and reports

@pytest.fixture(scope="module")
def reports(tmp_path_factory, sample_dir):
    out = tmp_path_factory.mktemp("reports")
    drawing = sample_dir / "sample_a4_clean_3.png"
    metas = {
        "explore": run_report("explore", {"drawing": str(drawing), "ground_truth": str(drawing.with_suffix(".json")),
                                          "dpi": 200}, out),
        "benchmark": run_report("benchmark", {"inputs": str(drawing), "repeats": 1}, out),
        "scorecard": run_report("scorecard", {"synthetic_sets": str(sample_dir), "max_drawings": 1,
                                              "real_sets": "/nonexistent/folder"}, out),
    }
    return out, metas


def test_explore_notebook_records_values(reports):
    out, _ = reports
    values = json.loads((out / "explore.json").read_text())
    assert values["n_dimensions"] > 3 and values["seconds"] > 0 and values["n_detections"] > 3
    assert len(values["curve"]["threshold"]) == len(values["curve"]["recall"]) > 5
    assert 0.5 <= values["chosen_recall"] <= 1.0


def test_benchmark_notebook_records_values(reports):
    out, _ = reports
    values = json.loads((out / "benchmark.json").read_text())
    assert values["pages"] == 1 and values["pages_per_hour"] > 0
    assert {"detect", "segment", "read", "tolerance"} <= set(values["stages"])
    assert values["detect_bench"]["predict_s"] > 0 and values["detect_bench"]["tiles"] > 1
    assert values["tolerance_bench"]["mc_samples_per_s"] > 1e5 and values["tolerance_bench"]["model_speedup"] > 1
    html = (out / "benchmark.html").read_text()
    assert "earlier system" in html and html.count("<img") >= 2
    assert "def record" not in html  # input cells hidden by default


def test_scorecard_notebook_records_values(reports):
    out, _ = reports
    values = json.loads((out / "scorecard.json").read_text())
    assert values["drawings"] == 1 and 0 < values["reader_score"] <= 100
    assert 0 < values["detector"]["map50"] <= 1 and values["detector"]["pages"] == 1
    assert values["segmentation"]["synth"]["accuracy_3"] > 0.8
    assert values["segmentation_vector"]["accuracy_3"] > 0.9  # the same drawing from its vector PDF
    assert min(values["tolerance_r2"].values()) > 0.9 and values["stackup_mc_vs_rss"] < 0.01
    scores = [values["reader_score"], 100 * values["detector"]["map50"],
              100 * values["segmentation"]["synth"]["accuracy_3"], 100 * np.mean(list(values["tolerance_r2"].values()))]
    assert values["composite"] == pytest.approx(np.mean(scores), rel=1e-6)
    index = (out / "index.html").read_text()
    assert all(f"{name}.html" in index for name in ("explore", "benchmark", "scorecard"))


def test_failing_notebook_names_the_cell(tmp_path):
    with pytest.raises(ReportError, match="failed in cell .*executed notebook"):
        run_report("explore", {"drawing": "/no/such/drawing.png", "ground_truth": ""}, tmp_path)
    assert (tmp_path / "explore.ipynb").exists()


@pytest.mark.skipif(chromium() is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_report_renders_in_headless_chromium(reports, tmp_path):
    import cv2

    out, _ = reports
    png = screenshot(out / "benchmark.html", tmp_path / "benchmark.png", 1200, 1600)
    image = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
    assert image is not None and image.shape == (1600, 1200)
    assert image.std() > 10 and (image < 128).mean() > 0.005, "the rendered report is blank"


def test_dimension_boxes_the_reader_found_no_text_in_are_read():
    import cv2
    import pandas as pd

    import drawinglab
    from drawinglab.detect import attach_detections
    from drawinglab.detections import Detections
    from drawinglab.pipeline import _read_unread
    from drawinglab.read import COLUMNS, ReaderConfig

    image = np.full((300, 700, 3), 255, np.uint8)
    cv2.putText(image, "42.5", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)  # the reader missed it
    cv2.putText(image, "18", (400, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)  # the reader read it
    cv2.putText(image, "30", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)  # an angle, its ° lost
    page = drawinglab.load(image)[0]
    row = {c: None for c in COLUMNS} | {"text": "18", "category": "dimension", "x0": 395.0, "y0": 40.0, "x1": 460.0,
                                        "y1": 85.0, "polygon": [[395, 40], [460, 40], [460, 85], [395, 85]]}
    table = pd.DataFrame([row], columns=COLUMNS)
    dets = Detections(np.array([[50, 30, 200, 95], [380, 35, 520, 95], [560, 200, 650, 260], [50, 150, 150, 215],
                                [55, 32, 205, 97]], float), np.array([0.8, 0.7, 0.6, 0.6, 0.5]),
                      np.array([1, 1, 13, 3, 5]), {1: "linear_dim", 3: "angular_dim", 5: "tolerance_dim",
                                                   13: "text_block"})
    # the second box holds "18" only partly (less than half of the row): attached to nothing, but not missed text
    dets.xyxy[1] = [430, 35, 560, 95]
    merged = _read_unread(page, attach_detections(table, dets, min_inside=0.9), ReaderConfig(), None)
    read = merged[merged.source == "detector"]
    # a text_block box is not read; a second, less confident box over "42.5" is not read again
    assert read.text.tolist() == ["42.5", "", "", "30°", ""]
    assert read.category.tolist() == ["dimension", "unread", "unread", "dimension", "unread"]
    assert read.canonical.iloc[0] == "42.5"


def test_eval_pipeline_scores_the_merged_table(tmp_path, sample_dir):
    """``drawinglab eval --pipeline`` scores the pipeline's table (reader + detector) and records its config."""
    import json

    from drawinglab.cli import main

    out = tmp_path / "eval.json"
    assert main(["eval", str(sample_dir / "sample_a4_scan_4.jpg"), "--gt", "synth", "--pipeline",
                 "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["config"]["pipeline"]["detect"] is not None
    assert result["ocr_backend"].split()[0] in ("openvino", "onnxruntime")  # what ran the OCR models
    assert result["pooled"]["strict"]["f1"] >= 0.8 and len(result["drawings"]) == 1


def test_pipeline_detect_settings_reach_the_detector():
    from drawinglab.pipeline import Pipeline

    plain = Pipeline({"detect": {"classifier": None, "text_score": "max"}, "tolerance": False}).detector
    assert plain.classifier is None and plain.text_score == "max"
    default = Pipeline({"tolerance": False}).detector
    assert default.classifier is not None and default.text_score == "union"
