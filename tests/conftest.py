"""Shared fixtures and the ``--device`` option (GPU tests skip cleanly without CuPy and a GPU)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "edocr2"

try:  # property tests explore new examples each run; CI (HYPOTHESIS_PROFILE=ci, set by .ci/run) replays fixed ones
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
except ImportError:
    pass


def pytest_addoption(parser):
    parser.addoption("--device", action="store", default="all",
                     help="devices to test: cpu, cuda or all (cuda skips when no GPU is usable)")


def _devices(config) -> list[str]:
    choice = config.getoption("--device")
    return ["cpu", "cuda"] if choice == "all" else [choice]


def pytest_generate_tests(metafunc):
    if "device" in metafunc.fixturenames:
        metafunc.parametrize("device", _devices(metafunc.config))


@pytest.fixture
def xp(device):
    """The array module for ``device``; skips CUDA when CuPy or a GPU is missing."""
    if device == "cpu":
        return np
    from drawinglab.backend import cupy_available

    if not cupy_available():
        pytest.skip("no CUDA GPU usable by CuPy")
    import cupy

    return cupy


@pytest.fixture
def float32_ocr():
    """The OCR models at float32 (onnxruntime) for the test, for readings given as a float32 recogniser read
    them; the default backend comes back after it."""
    from drawinglab.read import ocr

    ocr.set_backend("onnxruntime")
    yield
    ocr.set_backend(None)


@pytest.fixture(scope="session")
def edocr2_dir() -> Path:
    """The real eDOCr2 drawings in ../shared; tests using it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"real drawings not present at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return REPO / "data" / "samples"


def drawing_like(height: int = 700, width: int = 990, seed: int = 0, skew: float = 0.0) -> np.ndarray:
    """A small drawing-like grey page made on the fly (lines, circles, text, gradient, noise)."""
    from drawinglab.bench import synthetic_page

    return synthetic_page(width, height, seed=seed, skew=skew)
