"""Preprocessing: contrast, denoising, binarisation and deskew as plain functions, and a JSON-able chain.

Every function takes a 2-D ``uint8`` image (RGB is converted to grey) and returns one. With a
NumPy array it runs OpenCV (``impl="auto"`` or ``"opencv"``); with a CuPy array it runs the generic
kernels of :mod:`drawinglab.preprocess.kernels` on the GPU. ``impl="generic"`` forces those kernels
on NumPy too, which is how CI tests the GPU code.

Example:
    >>> import numpy as np
    >>> from drawinglab import preprocess
    >>> img = np.full((64, 64), 200, np.uint8); img[20:40, 10:50] = 30
    >>> binary = preprocess.otsu_threshold(img)
    >>> int(binary[30, 30]), int(binary[5, 5])
    (0, 255)
    >>> chain = preprocess.Chain([{"op": "clahe", "clip_limit": 2.0}, {"op": "otsu"}])
    >>> chain(img).dtype.name
    'uint8'
"""
from __future__ import annotations

import inspect
import json
from typing import Any, Callable, Sequence

import numpy as np

from ..backend import get_array_module, resolve_device, to_device, to_host
from ..errors import ConfigError
from . import kernels

__all__ = ["to_gray", "clahe", "gaussian_blur", "median_blur", "adaptive_threshold", "otsu_level",
           "otsu_threshold", "estimate_skew", "estimate_text_height",
           "text_height_of_components", "rotate", "deskew", "Chain", "STEPS", "kernels"]


def _prepare(image, impl: str):
    """Validate ``image`` and pick the implementation: returns (xp, grey image, use_opencv)."""
    xp = get_array_module(image)
    if impl not in ("auto", "opencv", "generic"):
        raise ConfigError(f"impl must be auto, opencv or generic, got {impl!r}")
    if xp is not np and impl == "opencv":
        raise ConfigError("impl='opencv' needs a NumPy array; this one lives on the GPU")
    if image.ndim not in (2, 3) or image.size == 0:
        raise ConfigError(f"expected a non-empty HxW or HxWx3 image, got shape {tuple(image.shape)}")
    if image.dtype != np.uint8:
        raise ConfigError(f"expected a uint8 image, got {image.dtype}")
    use_cv = xp is np and impl != "generic"
    return xp, to_gray(image, impl="opencv" if use_cv else "generic"), use_cv


def _odd(name: str, value: int, minimum: int = 1) -> int:
    value = int(value)
    if value < minimum or value % 2 == 0:
        raise ConfigError(f"{name} must be an odd integer >= {minimum}, got {value}")
    return value


def to_gray(image, *, impl: str = "auto"):
    """RGB → grey (``uint8``); grey images pass through unchanged."""
    if image.ndim == 2:
        return image
    xp = get_array_module(image)
    if xp is np and impl != "generic":
        import cv2

        return cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2GRAY)
    return kernels.to_gray(xp, image)


def clahe(image, clip_limit: float = 2.0, tile_grid: Sequence[int] = (8, 8), *, impl: str = "auto"):
    """Contrast-limited adaptive histogram equalisation (``cv2.createCLAHE`` semantics).

    ``tile_grid`` is ``(tiles_x, tiles_y)``.
    """
    xp, gray, use_cv = _prepare(image, impl)
    grid = (int(tile_grid[0]), int(tile_grid[1]))
    if min(grid) < 1:
        raise ConfigError(f"tile_grid must be positive, got {tile_grid}")
    if use_cv:
        import cv2

        return cv2.createCLAHE(clipLimit=float(clip_limit), tileGridSize=grid).apply(gray)
    return kernels.clahe(xp, gray, float(clip_limit), grid)


def gaussian_blur(image, ksize: int = 3, sigma: float = 0.0, *, impl: str = "auto"):
    """Gaussian denoising with a ``ksize`` × ``ksize`` kernel (sigma 0: OpenCV's default for the size)."""
    xp, gray, use_cv = _prepare(image, impl)
    ksize = _odd("ksize", ksize)
    if use_cv:
        import cv2

        return cv2.GaussianBlur(gray, (ksize, ksize), float(sigma))
    return kernels.gaussian_blur(xp, gray, ksize, float(sigma))


def median_blur(image, ksize: int = 3, *, impl: str = "auto"):
    """Median denoising (removes salt-and-pepper specks of scans)."""
    xp, gray, use_cv = _prepare(image, impl)
    ksize = _odd("ksize", ksize)
    if use_cv:
        import cv2

        return cv2.medianBlur(gray, ksize)
    return kernels.median_blur(xp, gray, ksize)


def adaptive_threshold(image, block_size: int = 31, c: float = 10.0, method: str = "gaussian",
                       invert: bool = False, *, impl: str = "auto"):
    """Local threshold against the ``mean`` or ``gaussian``-weighted neighbourhood minus ``c``.

    Output: 255 for paper, 0 for ink (``invert=True`` swaps them).
    """
    xp, gray, use_cv = _prepare(image, impl)
    block_size = _odd("block_size", block_size, 3)
    if method not in ("mean", "gaussian"):
        raise ConfigError(f"method must be 'mean' or 'gaussian', got {method!r}")
    if use_cv:
        import cv2

        kind = cv2.ADAPTIVE_THRESH_MEAN_C if method == "mean" else cv2.ADAPTIVE_THRESH_GAUSSIAN_C
        mode = cv2.THRESH_BINARY_INV if invert else cv2.THRESH_BINARY
        return cv2.adaptiveThreshold(gray, 255, kind, mode, block_size, float(c))
    return kernels.adaptive_threshold(xp, gray, block_size, float(c), method, invert)


def otsu_level(image, *, impl: str = "auto") -> int:
    """Otsu's global threshold level (0–255)."""
    xp, gray, use_cv = _prepare(image, impl)
    if use_cv:
        import cv2

        level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
        return int(level)
    return kernels.otsu_level(xp, gray)


def otsu_threshold(image, invert: bool = False, *, impl: str = "auto"):
    """Global binarisation at Otsu's level: 255 for paper, 0 for ink (``invert`` swaps)."""
    xp, gray, use_cv = _prepare(image, impl)
    if use_cv:
        import cv2

        mode = (cv2.THRESH_BINARY_INV if invert else cv2.THRESH_BINARY) | cv2.THRESH_OTSU
        return cv2.threshold(gray, 0, 255, mode)[1]
    return kernels.threshold(xp, gray, kernels.otsu_level(xp, gray), invert)


def estimate_skew(image, max_angle: float = 5.0) -> float:
    """Estimate a small page rotation in degrees (counter-clockwise as displayed is positive).

    Works on NumPy and CuPy arrays alike (one generic implementation).
    """
    xp, gray, _ = _prepare(image, "generic")
    return kernels.estimate_skew(xp, gray, float(max_angle))


def rotate(image, angle: float, fill: int = 255, *, impl: str = "auto"):
    """Rotate by ``angle`` degrees counter-clockwise about the centre, same size, ``fill`` outside."""
    xp, gray, use_cv = _prepare(image, impl)
    if use_cv:
        import cv2

        h, w = gray.shape
        matrix = cv2.getRotationMatrix2D(((w - 1) / 2.0, (h - 1) / 2.0), float(angle), 1.0)
        return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                              borderValue=int(fill))
    return kernels.rotate(xp, gray, float(angle), int(fill))


def deskew(image, max_angle: float = 5.0, min_angle: float = 0.05, *, impl: str = "auto"):
    """Estimate the page rotation and undo it (pages within ``min_angle`` degrees are left alone)."""
    angle = estimate_skew(image, max_angle)
    xp, gray, _ = _prepare(image, impl)
    if abs(angle) < min_angle:
        return gray
    return rotate(gray, -angle, impl=impl)


def estimate_text_height(image, min_height: int = 5, max_height: int = 400, statistic: str = "mode") -> float | None:
    """The typical height in pixels of the page's characters (digits and capitals), or None if too few.

    Character-like connected components of the Otsu-binarised page (aspect 0.25–1.2, ink fill 15–80 %)
    vote with their heights. ``statistic="mode"``: the smoothed mode wins — the most common lettering,
    which on real sheets is often the title block's small print. ``statistic="p90"``: the 90th percentile —
    the larger lettering of the page, which follows the dimension text on real and synthetic sheets alike
    (the title's big letters are too few to reach it). Lines, frames and hatching fail the shape tests, so
    the figure follows the lettering and not the sheet size or the stated dpi, which is how the detector
    brings any page to the scale it was trained on.

    Example:
        >>> import cv2, numpy as np
        >>> img = np.full((200, 900), 255, np.uint8)
        >>> for i in range(30):
        ...     _ = cv2.putText(img, "8", (10 + 28 * i, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
        >>> 20 <= estimate_text_height(img) <= 24
        True
        >>> 20 <= estimate_text_height(img, statistic="p90") <= 24
        True
    """
    import cv2

    gray = to_gray(to_host(image), impl="opencv")
    binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    return text_height_of_components(component_stats(binary), min_height, max_height, statistic)


def component_stats(binary: np.ndarray, connectivity: int = 8) -> np.ndarray:
    """OpenCV's ``connectedComponentsWithStats`` stats of a binary image's components (``left, top, width,
    height, area``), the background's row left out. Labelled in 16 bits where the components are few enough
    (half the time of 32 bits on a page), else in 32.

    >>> ink = np.zeros((20, 30), np.uint8); ink[2:5, 3:9] = 255; ink[10:18, 20:22] = 255
    >>> component_stats(ink).tolist()
    [[3, 2, 6, 3, 18], [20, 10, 2, 8, 16]]
    """
    import cv2

    try:
        return cv2.connectedComponentsWithStats(binary, connectivity=connectivity, ltype=cv2.CV_16U)[2][1:]
    except cv2.error:  # over 65535 components (a noisy scan)
        return cv2.connectedComponentsWithStats(binary, connectivity=connectivity)[2][1:]


def text_height_of_components(stats: np.ndarray, min_height: int = 5, max_height: int = 400,
                              statistic: str = "mode") -> float | None:
    """:func:`estimate_text_height` from ink components already found: rows of OpenCV's
    ``connectedComponentsWithStats`` stats (``left, top, width, height, area``), the background's row left out.

    Example:
        >>> stats = np.array([[10 * k, 0, 12, 20, 120] for k in range(12)])
        >>> text_height_of_components(stats, statistic="p90")
        20.0
    """
    if statistic not in ("mode", "p90"):
        raise ConfigError(f"unknown text-height statistic {statistic!r} (mode or p90)")
    w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
    fill = area / np.maximum(w * h, 1)
    ok = (h >= min_height) & (h <= max_height) & (w <= 1.2 * h) & (w >= 0.25 * h) & (fill > 0.15) & (fill < 0.8)
    heights = h[ok]
    if len(heights) < 10:
        return None
    if statistic == "p90":
        return float(np.percentile(heights, 90))
    votes = np.convolve(np.bincount(heights).astype(float), np.ones(3), "same")
    mode = int(np.argmax(votes))
    near = heights[np.abs(heights - mode) <= 1]
    return float(near.mean())


#: step name → function; the chain's vocabulary
STEPS: dict[str, Callable[..., Any]] = {
    "gray": to_gray,
    "clahe": clahe,
    "gaussian": gaussian_blur,
    "median": median_blur,
    "adaptive": adaptive_threshold,
    "otsu": otsu_threshold,
    "deskew": deskew,
    "rotate": rotate,
}


class Chain:
    """A sequence of preprocessing steps built from JSON-able specs.

    Each spec is ``{"op": name, **params}`` with ``name`` from :data:`STEPS`. The chain moves the
    image to ``device`` once, runs every step there, and returns a NumPy array.

    Example:
        >>> chain = Chain.from_json('[{"op": "median", "ksize": 3}, {"op": "adaptive", "block_size": 15}]')
        >>> chain.to_config()
        [{'op': 'median', 'ksize': 3}, {'op': 'adaptive', 'block_size': 15}]
    """

    def __init__(self, steps: Sequence[dict[str, Any] | str], device: str = "cpu"):
        self.steps = [self._validate(s) for s in steps]
        self.device = resolve_device(device)
        self.timings_ms: list[tuple[str, float]] = []

    @staticmethod
    def _validate(spec: dict[str, Any] | str) -> dict[str, Any]:
        if isinstance(spec, str):
            spec = {"op": spec}
        if not isinstance(spec, dict) or "op" not in spec:
            raise ConfigError(f"a step spec needs an 'op' key, got {spec!r}")
        op = spec["op"]
        if op not in STEPS:
            raise ConfigError(f"unknown preprocessing op {op!r}; known: {', '.join(STEPS)}")
        params = {k: v for k, v in spec.items() if k != "op"}
        allowed = set(inspect.signature(STEPS[op]).parameters) - {"image", "impl"}
        unknown = set(params) - allowed
        if unknown:
            raise ConfigError(f"op {op!r} takes no parameter(s) {sorted(unknown)}; it takes {sorted(allowed)}")
        return {"op": op, **params}

    @classmethod
    def from_json(cls, text: str, device: str = "cpu") -> "Chain":
        try:
            specs = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"preprocessing chain is not valid JSON: {exc}") from None
        if not isinstance(specs, list):
            raise ConfigError("preprocessing chain JSON must be a list of step specs")
        return cls(specs, device=device)

    def to_config(self) -> list[dict[str, Any]]:
        return [dict(s) for s in self.steps]

    def __call__(self, image: np.ndarray) -> np.ndarray:
        from ..backend import Timer

        data = to_device(np.ascontiguousarray(image), self.device)
        self.timings_ms = []
        for spec in self.steps:
            params = {k: v for k, v in spec.items() if k != "op"}
            with Timer(self.device) as timer:
                data = STEPS[spec["op"]](data, **params)
            self.timings_ms.append((spec["op"], timer.ms))
        return to_host(data)

    def __repr__(self) -> str:
        return f"Chain({self.to_config()!r}, device={self.device!r})"


DEFAULT_CHAIN: list[dict[str, Any]] = [
    {"op": "gray"},
    {"op": "deskew", "max_angle": 3.0},
    {"op": "median", "ksize": 3},
    {"op": "clahe", "clip_limit": 2.0, "tile_grid": [8, 8]},
    {"op": "adaptive", "block_size": 31, "c": 15, "method": "gaussian"},
]
