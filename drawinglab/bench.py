"""Benchmarks: per-step timings of the preprocessing backends against raw OpenCV in the same run; the
detector, the reader and the tolerance stage each against a reference timed in the same run.

Figures are medians over repeats after one warm-up, on a synthetic drawing-like page
(A3 at 300 dpi, 4961×3508, by default). Speed is reported as ms, megapixels per second,
and the ratio to raw OpenCV; parity as the share of pixels within tolerance of OpenCV's output.
"""
from __future__ import annotations

import logging
import statistics
from typing import Any, Callable

import numpy as np

from . import preprocess as pp
from .backend import Timer, array_module, resolve_device, synchronize, to_device, to_host

log = logging.getLogger(__name__)

A3_300DPI = (4961, 3508)

#: the chain timed as "chain": the default chain's filtering steps (deskew is timed on its own,
#: since raw OpenCV has no deskew to compare it with)
BENCH_CHAIN = [
    {"op": "median", "ksize": 3},
    {"op": "clahe", "clip_limit": 2.0, "tile_grid": [8, 8]},
    {"op": "adaptive", "block_size": 31, "c": 15, "method": "gaussian"},
]


def synthetic_page(width: int, height: int, seed: int = 0, skew: float = 0.8) -> np.ndarray:
    """A drawing-like grey page: frame, part outlines, circles, dimension text, lighting gradient, noise."""
    import cv2

    rng = np.random.default_rng(seed)
    img = np.full((height, width), 245, np.uint8)
    s = width / 4961
    cv2.rectangle(img, (int(60 * s), int(60 * s)), (width - int(60 * s), height - int(60 * s)), 0, max(1, int(6 * s)))
    for _ in range(60):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        w, h = int(rng.integers(100, 900) * s) + 1, int(rng.integers(100, 700) * s) + 1
        cv2.rectangle(img, (x0, y0), (x0 + w, y0 + h), 10, max(1, int(5 * s)))
        cv2.circle(img, (x0 + w // 2, y0 + h // 2), max(2, min(w, h) // 4), 10, max(1, int(4 * s)))
    for _ in range(250):
        org = (int(rng.integers(0, width - int(400 * s) - 1)), int(rng.integers(40, height)))
        text = f"{rng.uniform(1, 500):.1f}" + rng.choice(["", " +0.1", " H7", " ±0.05"])
        cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, 1.6 * s, 15, max(1, int(3 * s)), cv2.LINE_AA)
    if skew:
        matrix = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), skew, 1.0)
        img = cv2.warpAffine(img, matrix, (width, height), borderValue=245)
    light = np.linspace(0.85, 1.0, width, dtype=np.float32)[None, :]
    noisy = img.astype(np.float32) * light + rng.normal(0, 5, img.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def _opencv_reference() -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    import cv2

    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))

    def chain(img):
        img = cv2.medianBlur(img, 3)
        img = clahe.apply(img)
        return cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 15)

    return {
        "clahe": lambda img: cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(img),
        "gaussian": lambda img: cv2.GaussianBlur(img, (5, 5), 0),
        "median": lambda img: cv2.medianBlur(img, 3),
        "adaptive_mean": lambda img: cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                                           cv2.THRESH_BINARY, 31, 10),
        "adaptive_gaussian": lambda img: cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
                                                               cv2.THRESH_BINARY, 31, 10),
        "otsu": lambda img: cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1],
        "chain": chain,
    }


def _steps(impl: str) -> dict[str, Callable[[Any], Any]]:
    chain = pp.Chain(BENCH_CHAIN)
    steps: dict[str, Callable[[Any], Any]] = {
        "clahe": lambda img: pp.clahe(img, 2.0, (8, 8), impl=impl),
        "gaussian": lambda img: pp.gaussian_blur(img, 5, impl=impl),
        "median": lambda img: pp.median_blur(img, 3, impl=impl),
        "adaptive_mean": lambda img: pp.adaptive_threshold(img, 31, 10, "mean", impl=impl),
        "adaptive_gaussian": lambda img: pp.adaptive_threshold(img, 31, 10, "gaussian", impl=impl),
        "otsu": lambda img: pp.otsu_threshold(img, impl=impl),
        "deskew": lambda img: pp.deskew(img, 3.0, impl=impl),
    }

    def run_chain(img):
        for spec in chain.steps:
            img = pp.STEPS[spec["op"]](img, impl=impl, **{k: v for k, v in spec.items() if k != "op"})
        return img

    steps["chain"] = run_chain
    return steps


def _timings(fn: Callable[[Any], Any], data: Any, repeats: int, device: str) -> tuple[float, list[float], Any]:
    """The ms of a warm-up call, the ms of each of ``repeats`` calls after it, and the last output."""
    with Timer(device) as first:
        out = fn(data)  # warm-up (also JIT/kernel compilation on GPU)
    times = []
    for _ in range(repeats):
        with Timer(device) as t:
            out = fn(data)
        times.append(t.ms)
    return first.ms, times, out


def _time(fn: Callable[[Any], Any], data: Any, repeats: int, device: str) -> tuple[float, Any]:
    """Median ms of ``repeats`` calls after a warm-up, and the last output."""
    _, times, out = _timings(fn, data, repeats, device)
    return statistics.median(times), out


def _parity(ref: np.ndarray, out: np.ndarray, tolerance: int) -> float:
    diff = np.abs(ref.astype(np.int16) - to_host(out).astype(np.int16))
    return float((diff <= tolerance).mean())


_TOLERANCE = {"clahe": 1, "gaussian": 1, "median": 0, "adaptive_mean": 0, "adaptive_gaussian": 0, "otsu": 0,
              "chain": 0}


def bench_preprocess(size: tuple[int, int] = A3_300DPI, repeats: int = 5, device: str = "cpu",
                     include_generic: bool = True, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Time every preprocessing step per backend; return rows of figures and the run's settings.

    Backends: ``opencv`` (raw ``cv2`` calls, the reference), ``drawinglab-cpu`` (the package's
    CPU path), ``generic-numpy`` (the GPU kernels run on NumPy), and ``cupy`` when ``device`` is CUDA.
    """
    device = resolve_device(device)
    width, height = size
    page = synthetic_page(width, height)
    megapixels = width * height / 1e6
    reference = _opencv_reference()
    backends: list[tuple[str, dict[str, Callable], str, Any]] = [("drawinglab-cpu", _steps("auto"), "cpu", page)]
    if include_generic:
        backends.append(("generic-numpy", _steps("generic"), "cpu", page))
    if device != "cpu":
        backends.append(("cupy", _steps("auto"), device, to_device(page, device)))

    rows: list[dict[str, Any]] = []
    ref_ms: dict[str, float] = {}
    ref_out: dict[str, np.ndarray] = {}
    for step, fn in reference.items():
        if progress:
            progress(f"opencv {step}")
        ms, out = _time(fn, page, repeats, "cpu")
        ref_ms[step], ref_out[step] = ms, out
        rows.append({"step": step, "backend": "opencv", "ms": ms, "mpix_per_s": megapixels / (ms / 1e3),
                     "ratio_to_opencv": 1.0, "speedup_vs_opencv": 1.0, "parity": 1.0})
    for backend, steps, dev, data in backends:
        for step, fn in steps.items():
            if progress:
                progress(f"{backend} {step}")
            ms, out = _time(fn, data, repeats, dev)
            row = {"step": step, "backend": backend, "ms": ms, "mpix_per_s": megapixels / (ms / 1e3),
                   "ratio_to_opencv": None, "speedup_vs_opencv": None, "parity": None}
            if step in ref_ms:
                row["ratio_to_opencv"] = ms / ref_ms[step]
                row["speedup_vs_opencv"] = ref_ms[step] / ms
                row["parity"] = _parity(ref_out[step], out, _TOLERANCE[step])
            rows.append(row)
    from .backend import info

    return {"size": [width, height], "megapixels": megapixels, "repeats": repeats, "device": device,
            "chain": BENCH_CHAIN, "rows": rows, "environment": info()}


def format_table(result: dict[str, Any]) -> str:
    """Render a benchmark result as a fixed-width text table."""
    lines = [f"preprocess bench: {result['size'][0]}x{result['size'][1]} ({result['megapixels']:.1f} MP), "
             f"median of {result['repeats']}, device {result['device']}",
             f"{'step':<18}{'backend':<16}{'ms':>10}{'MP/s':>10}{'×OpenCV time':>14}{'parity':>10}"]
    for row in sorted(result["rows"], key=lambda r: (r["step"], r["backend"] != "opencv", r["backend"])):
        ratio = "" if row["ratio_to_opencv"] is None else f"{row['ratio_to_opencv']:.2f}"
        parity = "" if row["parity"] is None else f"{100 * row['parity']:.3f}%"
        lines.append(f"{row['step']:<18}{row['backend']:<16}{row['ms']:>10.1f}{row['mpix_per_s']:>10.1f}"
                     f"{ratio:>14}{parity:>10}")
    return "\n".join(lines)


def _synthetic_scan(seed: int) -> np.ndarray:
    """The RGB raster of a synthetic A3 drawing scanned at 300 dpi (:func:`drawinglab.synth.generate`)."""
    from .synth import generate

    return generate(seed, sheet="A3", dpi=300, style="scan").image


def bench_detect(repeats: int = 3, device: str = "cpu", weights: str | None = None, seed: int = 11,
                 image: str | None = None) -> dict[str, Any]:
    """Detector on a synthetic A3/300-dpi scan (or the first page of the drawing ``image``): the whole
    ``predict`` (scale, tile, batch, merge) against the raw ultralytics forward pass over the same tiles (the
    reference), median seconds over ``repeats``."""
    import cv2

    from .detect import Detector
    from .detect.tiling import cut_tile, tile_grid

    detector = Detector(weights, device=device)
    if image is None:
        page_image = _synthetic_scan(seed)
    else:
        from .ingest import load

        page_image = load(image)[0].image
    gray = cv2.cvtColor(page_image, cv2.COLOR_RGB2GRAY)
    scale = detector.scale_for(gray)
    resized = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    tiles = [cv2.cvtColor(cut_tile(resized, b, detector.tile), cv2.COLOR_GRAY2BGR)
             for b in tile_grid(resized.shape[1], resized.shape[0], detector.tile, detector.overlap)]
    dev = "cpu" if detector.device == "cpu" else detector.device.split(":")[-1]

    def raw(_):
        for i in range(0, len(tiles), detector.batch):
            chunk = tiles[i:i + detector.batch]
            detector.model.predict(chunk, imgsz=detector.tile, conf=0.35, half=detector.half, device=dev,
                                   batch=len(chunk), verbose=False)

    full_ms, dets = _time(lambda img: detector.predict(img), page_image, repeats, detector.device)
    raw_ms, _ = _time(raw, None, repeats, detector.device)
    full_s, raw_s = full_ms / 1000.0, raw_ms / 1000.0
    return {"device": detector.device, "page": list(page_image.shape[1::-1]), "tiles": len(tiles),
            "scale": round(scale, 3), "detections": len(dets), "predict_s": full_s, "raw_forward_s": raw_s,
            "ratio_to_raw": full_s / raw_s, "pages_per_hour": 3600.0 / full_s}


def bench_read(repeats: int = 3, seed: int = 11, image: str | None = None) -> dict[str, Any]:
    """Reader (:func:`~drawinglab.read.read_page`) on a synthetic A3/300-dpi scan (or the first page of the
    drawing ``image``) against RapidOCR's own one-call pipeline on the same page with the same models (the
    reference, :func:`~drawinglab.read.ocr.baseline`), median seconds over ``repeats`` after a warm-up each.
    The ratio stays comparable across machines, whose speed differs (and drifts) far more than the reader's.
    Also: the fastest and slowest repeat (``read_s_range``), the seconds the text models took to load
    (``model_load_s``, :func:`~drawinglab.read.ocr.load_models`, once per process) and the first read after
    that (``first_read_s``: the models meet the page's input sizes for the first time)."""
    from .ingest import load
    from .read import read_page
    from .read.ocr import baseline, describe_backend, load_models

    page = load(image)[0] if image is not None else load(_synthetic_scan(seed))[0]
    model_load_s = load_models()
    first_ms, reader_ms, table = _timings(read_page, page, repeats, "cpu")
    baseline_ms, plain = _time(baseline, page.image, repeats, "cpu")
    reader_s, baseline_s = statistics.median(reader_ms) / 1000.0, baseline_ms / 1000.0
    return {"device": "cpu", "ocr_backend": describe_backend(), "page": [page.width, page.height], "texts": len(table),
            "dimensions": int((table["category"] == "dimension").sum()), "baseline_texts": len(plain),
            "read_s": reader_s, "read_s_range": [min(reader_ms) / 1000.0, max(reader_ms) / 1000.0],
            "model_load_s": model_load_s, "first_read_s": first_ms / 1000.0, "repeats": repeats,
            "baseline_s": baseline_s, "ratio_to_baseline": reader_s / baseline_s, "pages_per_hour": 3600.0 / reader_s}


def bench_tolerance(device: str = "cpu", samples: int = 10_000_000, rows: int = 200) -> dict[str, Any]:
    """Stack-up Monte Carlo samples per second (3-link chain, normal) and simulator vs learned-model rows
    per second; the reference for the model is the simulator it imitates, timed in the same run."""
    import time

    from .tolerance.model import ToleranceModel, simulate_rows
    from .tolerance.stackup import monte_carlo, parse_link

    links = [parse_link(t) for t in ("10±0.1", "20±0.2", "-30±0.1")]
    monte_carlo(links, samples=200_000, device=device)  # warm-up (GPU kernels compile here)
    mc = monte_carlo(links, samples=samples, device=device)
    start = time.perf_counter()
    frame = simulate_rows(rows, seed=7, parts=64, xp=array_module(resolve_device(device)))
    sim_s = time.perf_counter() - start
    model = ToleranceModel.load()
    big = frame[["characteristic", "size", "process", "material", "tolerance"]].sample(
        n=20000, replace=True, random_state=0)
    start = time.perf_counter()
    model.predict(big)
    model_s = time.perf_counter() - start
    return {"device": device, "mc_samples": samples, "mc_samples_per_s": mc["samples_per_second"],
            "simulator_rows_per_s": rows / sim_s, "model_rows_per_s": len(big) / model_s,
            "model_speedup": (len(big) / model_s) / (rows / sim_s)}
