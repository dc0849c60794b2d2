import numpy as np
import pytest

from drawinglab import backend
from drawinglab.errors import DeviceError


def test_resolve_cpu_and_auto():
    assert backend.resolve_device("cpu") == "cpu"
    assert backend.resolve_device("auto") in ("cpu", "cuda:0")
    assert backend.resolve_device(None) == backend.resolve_device("auto")


@pytest.mark.parametrize("bad", ["tpu", "cuda:x", "gpu0"])
def test_resolve_rejects_unknown(bad):
    with pytest.raises(DeviceError):
        backend.resolve_device(bad)


def test_cuda_without_gpu_is_a_clear_error():
    if backend.cupy_available():
        pytest.skip("a GPU is present")
    with pytest.raises(DeviceError, match="no CUDA GPU"):
        backend.resolve_device("cuda")


def test_array_module_and_roundtrip():
    assert backend.array_module("cpu") is np
    arr = np.arange(6)
    assert backend.get_array_module(arr) is np
    assert backend.to_host(backend.to_device(arr, "cpu")) is arr
    import scipy.ndimage

    assert backend.ndimage_module(np) is scipy.ndimage


def test_timer_measures_elapsed_time():
    import time

    with backend.Timer("cpu") as t:
        time.sleep(0.02)
    assert 0.015 < t.seconds < 1.0
    assert t.ms == pytest.approx(t.seconds * 1e3)


def test_info_lists_versions():
    data = backend.info()
    assert data["drawinglab"]
    assert "numpy" in data["packages"] and "pymupdf" in data["packages"]
    assert data["device"] in ("cpu", "cuda:0")


def test_gpu_memory_reported_when_gpu(xp):
    if xp is np:
        pytest.skip("CPU run")
    mem = backend.gpu_memory()
    assert mem is not None and mem["total_bytes"] > mem["used_bytes"] >= 0
