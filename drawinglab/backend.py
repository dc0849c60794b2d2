"""Compute backend: device resolution, the array module for a device, GPU-synchronised timing.

CuPy is optional and imported lazily; everything works on NumPy without it.

Example:
    >>> from drawinglab import backend
    >>> backend.resolve_device("cpu")
    'cpu'
    >>> backend.array_module("cpu").__name__
    'numpy'
"""
from __future__ import annotations

import importlib
import logging
import platform
import time
from functools import lru_cache
from types import ModuleType
from typing import Any

import numpy as np

from .errors import DeviceError

log = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def _cupy() -> ModuleType | None:
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() > 0:
            return cupy
    except Exception as exc:  # not installed, no driver, no device
        log.debug("CuPy unavailable: %s", exc)
    return None


def cupy_available() -> bool:
    """True when CuPy imports and sees at least one CUDA device."""
    return _cupy() is not None


def resolve_device(device: str | None = "auto") -> str:
    """Turn ``auto``, ``cpu``, ``cuda`` or ``cuda:N`` into a concrete ``cpu`` or ``cuda:N``.

    ``auto`` picks ``cuda:0`` when CuPy sees a GPU, else ``cpu``. Asking for CUDA
    without one raises :class:`DeviceError`.
    """
    name = (device or "auto").strip().lower()
    if name == "auto":
        return "cuda:0" if cupy_available() else "cpu"
    if name == "cpu":
        return "cpu"
    if name == "cuda" or name.startswith("cuda:"):
        index_text = name.partition(":")[2] or "0"
        if not index_text.isdigit():
            raise DeviceError(f"bad device {device!r}: expected cuda:N")
        cp = _cupy()
        if cp is None:
            raise DeviceError(f"device {device!r} requested but no CUDA GPU is usable "
                              "(install the 'gpu' extra: pip install drawinglab[gpu])")
        index = int(index_text)
        count = cp.cuda.runtime.getDeviceCount()
        if index >= count:
            raise DeviceError(f"device {device!r} requested but only {count} CUDA device(s) present")
        return f"cuda:{index}"
    raise DeviceError(f"unknown device {device!r}: use auto, cpu, cuda or cuda:N")


def array_module(device: str = "cpu") -> ModuleType:
    """NumPy for ``cpu``, CuPy for ``cuda[:N]``."""
    return np if resolve_device(device) == "cpu" else _cupy()


def get_array_module(array: Any) -> ModuleType:
    """The module (NumPy or CuPy) that owns ``array``."""
    cp = _cupy() if type(array).__module__.startswith("cupy") else None
    return cp if cp is not None else np


def ndimage_module(xp: ModuleType) -> ModuleType:
    """``scipy.ndimage`` for NumPy, ``cupyx.scipy.ndimage`` for CuPy."""
    if xp is np:
        return importlib.import_module("scipy.ndimage")
    return importlib.import_module("cupyx.scipy.ndimage")


def to_device(array: np.ndarray, device: str) -> Any:
    """Copy a host array to ``device`` (no copy for ``cpu``)."""
    resolved = resolve_device(device)
    if resolved == "cpu":
        return to_host(array)
    cp = _cupy()
    with cp.cuda.Device(int(resolved.split(":")[1])):
        return cp.asarray(array)


def to_host(array: Any) -> np.ndarray:
    """Return a NumPy array, copying from the GPU when needed."""
    if isinstance(array, np.ndarray):
        return array
    get = getattr(array, "get", None)
    return get() if callable(get) else np.asarray(array)


def synchronize(device: str | None = None) -> None:
    """Wait for queued GPU work on ``device`` (CuPy and torch); no-op on CPU."""
    if device is not None and not str(device).startswith("cuda"):
        return
    cp = _cupy()
    if cp is not None:
        cp.cuda.Device().synchronize()
    torch = _module_if_imported("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.synchronize()


def _module_if_imported(name: str) -> ModuleType | None:
    import sys

    return sys.modules.get(name)


class Timer:
    """Wall-clock timer that synchronises the GPU before reading the clock.

    Example:
        >>> with Timer("cpu") as t:
        ...     _ = sum(range(1000))
        >>> t.seconds >= 0
        True
    """

    def __init__(self, device: str | None = "cpu"):
        self.device = device
        self.seconds = float("nan")
        self._start = 0.0

    def __enter__(self) -> "Timer":
        synchronize(self.device)
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        synchronize(self.device)
        self.seconds = time.perf_counter() - self._start

    @property
    def ms(self) -> float:
        return self.seconds * 1e3


def _version(name: str) -> str | None:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


def gpu_memory() -> dict[str, Any] | None:
    """Used/total memory of GPU 0 from CuPy, torch or NVML (the first present), or None."""
    cp = _cupy()
    if cp is not None:
        free, total = cp.cuda.runtime.memGetInfo()
        props = cp.cuda.runtime.getDeviceProperties(0)
        name = props["name"].decode() if isinstance(props["name"], bytes) else str(props["name"])
        return {"name": name, "used_bytes": total - free, "total_bytes": total, "via": "cupy"}
    try:
        torch = importlib.import_module("torch") if _version("torch") else None
        if torch is not None and torch.cuda.is_available():
            free, total = torch.cuda.mem_get_info()
            return {"name": torch.cuda.get_device_name(0), "used_bytes": total - free, "total_bytes": total,
                    "via": "torch"}
    except Exception as exc:
        log.debug("torch CUDA query failed: %s", exc)
    try:
        pynvml = importlib.import_module("pynvml")
        pynvml.nvmlInit()
        handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        mem = pynvml.nvmlDeviceGetMemoryInfo(handle)
        name = pynvml.nvmlDeviceGetName(handle)
        return {"name": name.decode() if isinstance(name, bytes) else name, "used_bytes": mem.used,
                "total_bytes": mem.total, "via": "nvml"}
    except Exception:
        return None


def info() -> dict[str, Any]:
    """Versions of Python and the main libraries, the default device, and GPU memory if any."""
    from . import __version__

    packages = ["numpy", "scipy", "opencv-python", "opencv-python-headless", "pymupdf", "pillow", "pandas",
                "cupy-cuda12x", "cupy-cuda13x", "torch", "ultralytics", "rapidocr", "openvino", "onnxruntime", "xgboost", "papermill"]
    versions = {name: v for name in packages if (v := _version(name))}
    return {
        "drawinglab": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "device": resolve_device("auto"),
        "gpu": gpu_memory(),
    }
