"""Preprocessing: the generic (GPU) kernels against OpenCV, on NumPy in CI and on CuPy when present."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from drawinglab import preprocess as pp
from drawinglab.backend import to_host
from drawinglab.errors import ConfigError

from .conftest import drawing_like

# odd sizes exercise OpenCV's CLAHE padding (including its extra tile row when one side divides evenly)
SHAPES = [(480, 640), (479, 643), (480, 643), (997, 1403)]


def share_within(a, b, tolerance: int) -> float:
    diff = np.abs(a.astype(np.int16) - to_host(b).astype(np.int16))
    return float((diff <= tolerance).mean())


@pytest.fixture(params=SHAPES, ids=lambda s: f"{s[1]}x{s[0]}")
def page(request):
    h, w = request.param
    return drawing_like(h, w, seed=h + w)


def test_clahe_parity(xp, page):
    for clip, grid in ((2.0, (8, 8)), (4.0, (4, 6)), (0.0, (8, 8))):
        ref = cv2.createCLAHE(clipLimit=clip, tileGridSize=grid).apply(page)
        out = pp.clahe(xp.asarray(page), clip, grid, impl="generic")
        assert share_within(ref, out, 1) >= 0.999, (clip, grid)


def test_adaptive_threshold_parity(xp, page):
    for method, kind in (("mean", cv2.ADAPTIVE_THRESH_MEAN_C), ("gaussian", cv2.ADAPTIVE_THRESH_GAUSSIAN_C)):
        for block, c, invert in ((31, 10, False), (5, 3.5, True), (11, -2, False)):
            mode = cv2.THRESH_BINARY_INV if invert else cv2.THRESH_BINARY
            ref = cv2.adaptiveThreshold(page, 255, kind, mode, block, c)
            out = pp.adaptive_threshold(xp.asarray(page), block, c, method, invert, impl="generic")
            assert share_within(ref, out, 0) >= 0.999, (method, block, c, invert)


def test_otsu_parity(xp, page):
    level, ref = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    assert pp.otsu_level(xp.asarray(page), impl="generic") == int(level)
    assert share_within(ref, pp.otsu_threshold(xp.asarray(page), impl="generic"), 0) >= 0.999
    _, ref_inv = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    assert share_within(ref_inv, pp.otsu_threshold(xp.asarray(page), invert=True, impl="generic"), 0) >= 0.999


def test_denoise_parity(xp, page):
    for k in (3, 5, 9):
        ref = cv2.GaussianBlur(page, (k, k), 0)
        assert share_within(ref, pp.gaussian_blur(xp.asarray(page), k, impl="generic"), 1) >= 0.999
    ref = cv2.GaussianBlur(page, (7, 7), 1.7)
    assert share_within(ref, pp.gaussian_blur(xp.asarray(page), 7, 1.7, impl="generic"), 1) >= 0.999
    for k in (3, 5):
        assert share_within(cv2.medianBlur(page, k), pp.median_blur(xp.asarray(page), k, impl="generic"), 0) == 1.0


def test_rotate_matches_opencv(xp):
    img = drawing_like(400, 600, seed=3)
    ref = pp.rotate(img, 2.5)
    out = pp.rotate(xp.asarray(img), 2.5, impl="generic")
    assert share_within(ref, out, 1) >= 0.99


@pytest.mark.parametrize("angle", [0.0, 0.35, -1.2, 2.75, -4.4])
def test_deskew_recovers_known_rotation(xp, angle):
    straight = drawing_like(1400, 1980, seed=11, skew=0.0)
    tilted = pp.rotate(straight, angle)
    estimate = pp.estimate_skew(xp.asarray(tilted))
    assert abs(estimate - angle) <= 0.1
    corrected = pp.deskew(xp.asarray(tilted))
    assert abs(pp.estimate_skew(corrected)) <= 0.1


def test_rgb_input_is_converted_to_gray():
    rgb = np.dstack([drawing_like(100, 150)] * 3)
    out = pp.clahe(rgb)
    assert out.shape == (100, 150) and out.dtype == np.uint8
    assert share_within(pp.to_gray(rgb), pp.to_gray(rgb, impl="generic"), 1) == 1.0


@pytest.mark.parametrize("bad", [np.zeros((0, 5), np.uint8), np.zeros((4, 4), np.float32), np.zeros((2, 2, 2, 2), np.uint8)])
def test_bad_images_rejected(bad):
    with pytest.raises(ConfigError):
        pp.otsu_threshold(bad)


def test_bad_parameters_rejected():
    img = drawing_like(50, 60)
    with pytest.raises(ConfigError, match="odd"):
        pp.median_blur(img, 4)
    with pytest.raises(ConfigError, match="method"):
        pp.adaptive_threshold(img, method="median")
    with pytest.raises(ConfigError, match="impl"):
        pp.clahe(img, impl="fast")


def test_chain_runs_steps_in_order_and_roundtrips_json():
    img = drawing_like(300, 400, seed=5, skew=1.5)
    chain = pp.Chain(pp.DEFAULT_CHAIN)
    out = chain(np.dstack([img] * 3))
    assert out.shape == img.shape and set(np.unique(out)) <= {0, 255}
    assert [op for op, _ in chain.timings_ms] == [s["op"] for s in pp.DEFAULT_CHAIN]
    import json

    again = pp.Chain.from_json(json.dumps(chain.to_config()))
    assert np.array_equal(again(np.dstack([img] * 3)), out)
    manual = pp.adaptive_threshold(pp.clahe(pp.median_blur(pp.deskew(img, 3.0), 3), 2.0, [8, 8]), 31, 15)
    assert np.array_equal(manual, out)


@pytest.mark.parametrize("spec, message", [
    ([{"op": "sharpen"}], "unknown preprocessing op"),
    ([{"op": "clahe", "clip": 2}], "takes no parameter"),
    ([{"clip_limit": 2}], "needs an 'op'"),
])
def test_chain_rejects_bad_specs(spec, message):
    with pytest.raises(ConfigError, match=message):
        pp.Chain(spec)
    with pytest.raises(ConfigError, match="JSON"):
        pp.Chain.from_json("[{op: clahe}")


def test_chain_on_device_matches_cpu(xp):
    if xp is np:
        pytest.skip("the CPU chain is the reference")
    img = drawing_like(600, 800, seed=9)
    steps = [{"op": "median", "ksize": 3}, {"op": "clahe"}, {"op": "adaptive", "block_size": 31, "c": 15}]
    cpu = pp.Chain(steps, device="cpu")(img)
    gpu = pp.Chain(steps, device="cuda")(img)
    assert isinstance(gpu, np.ndarray)
    assert share_within(cpu, gpu, 0) >= 0.999


def test_bench_reports_parity_and_ratios():
    from drawinglab.bench import bench_preprocess, format_table

    result = bench_preprocess((400, 300), repeats=1)
    rows = {(r["step"], r["backend"]): r for r in result["rows"]}
    assert rows[("clahe", "opencv")]["ratio_to_opencv"] == 1.0
    for step in ("clahe", "adaptive_mean", "adaptive_gaussian", "otsu", "median", "gaussian", "chain"):
        assert rows[(step, "generic-numpy")]["parity"] >= 0.999, step
        assert rows[(step, "drawinglab-cpu")]["parity"] == 1.0, step
        assert rows[(step, "drawinglab-cpu")]["ms"] > 0
    assert "deskew" in format_table(result)


def test_component_stats_label_more_components_than_sixteen_bits_hold():
    """A noisy scan may hold more specks than 16-bit labels count: the stats then come from 32-bit labels,
    the same as OpenCV's own call."""
    from drawinglab.preprocess import component_stats

    specks = np.zeros((1200, 1200), np.uint8)
    specks[::3, ::3] = 255
    stats = component_stats(specks)
    assert len(stats) == 400 * 400
    assert np.array_equal(stats, cv2.connectedComponentsWithStats(specks, connectivity=8)[2][1:])
