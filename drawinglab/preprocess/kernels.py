"""Preprocessing kernels written once, generic over the array module (NumPy or CuPy).

Each function takes ``xp`` (``numpy`` or ``cupy``) and a 2-D ``uint8`` array of that module,
and reproduces OpenCV's arithmetic (same borders, rounding and quirks) so the GPU path can
be tested on NumPy against ``cv2`` in CI. The OpenCV-backed CPU path lives in
:mod:`drawinglab.preprocess` itself.
"""
from __future__ import annotations

import math
from types import ModuleType

import numpy as np

from ..backend import ndimage_module

# OpenCV's fixed kernels for ksize 1, 3, 5, 7 when sigma <= 0 (imgproc/src/smooth.dispatch.cpp)
_SMALL_GAUSSIAN = {
    1: [1.0],
    3: [0.25, 0.5, 0.25],
    5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
    7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
}


def gaussian_kernel(ksize: int, sigma: float = 0.0) -> np.ndarray:
    """1-D Gaussian kernel exactly as ``cv2.getGaussianKernel(ksize, sigma)`` builds it."""
    if ksize % 2 == 1 and ksize <= 7 and sigma <= 0:
        return np.asarray(_SMALL_GAUSSIAN[ksize], dtype=np.float64)
    if sigma <= 0:
        sigma = ((ksize - 1) * 0.5 - 1) * 0.3 + 0.8
    x = np.arange(ksize, dtype=np.float64) - (ksize - 1) * 0.5
    k = np.exp(-(x * x) / (2.0 * sigma * sigma))
    return k / k.sum()


def gaussian_ksize(sigma: float) -> int:
    """OpenCV's kernel size for an 8-bit image when only sigma is given."""
    return max(int(round(sigma * 3 * 2 + 1)) | 1, 1)


def to_gray(xp: ModuleType, image):
    """RGB uint8 → grey uint8 with OpenCV's ``COLOR_RGB2GRAY`` weights (rounded)."""
    if image.ndim == 2:
        return image
    rgb = image[..., :3].astype(xp.float32)
    gray = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    return xp.clip(xp.rint(gray), 0, 255).astype(xp.uint8)


def clahe(xp: ModuleType, image, clip_limit: float = 2.0, tile_grid: tuple[int, int] = (8, 8)):
    """Contrast-limited adaptive histogram equalisation, OpenCV's algorithm for 8-bit images.

    ``tile_grid`` is ``(tiles_x, tiles_y)`` like ``cv2.createCLAHE(tileGridSize=...)``.
    """
    tiles_x, tiles_y = int(tile_grid[0]), int(tile_grid[1])
    height, width = image.shape
    if width % tiles_x == 0 and height % tiles_y == 0:
        ext = image
    else:  # OpenCV pads bottom/right with BORDER_REFLECT_101, a whole extra tile row when already divisible
        ext = xp.pad(image, ((0, tiles_y - height % tiles_y), (0, tiles_x - width % tiles_x)), mode="reflect")
    tile_h, tile_w = ext.shape[0] // tiles_y, ext.shape[1] // tiles_x
    n_tiles = tiles_x * tiles_y
    tile_area = tile_h * tile_w

    tiles = ext[: tiles_y * tile_h, : tiles_x * tile_w].reshape(tiles_y, tile_h, tiles_x, tile_w)
    tile_id = (xp.arange(tiles_y, dtype=xp.int32)[:, None, None, None] * tiles_x
               + xp.arange(tiles_x, dtype=xp.int32)[None, None, :, None])
    flat = (tile_id * 256 + tiles.astype(xp.int32)).ravel()
    hist = xp.bincount(flat, minlength=n_tiles * 256).reshape(n_tiles, 256).astype(xp.int64)

    if clip_limit > 0:
        limit = max(int(clip_limit * tile_area / 256), 1)
        excess = xp.maximum(hist - limit, 0)
        clipped = excess.sum(axis=1)
        hist = hist - excess
        batch = clipped // 256
        residual = clipped - batch * 256
        hist = hist + batch[:, None]
        step = xp.maximum(256 // xp.maximum(residual, 1), 1)
        bins = xp.arange(256, dtype=xp.int64)[None, :]
        hist = hist + ((residual[:, None] > 0) & (bins % step[:, None] == 0)
                       & (bins // step[:, None] < residual[:, None])).astype(xp.int64)

    lut_scale = np.float32(255.0) / np.float32(tile_area)
    lut = xp.clip(xp.rint(xp.cumsum(hist, axis=1).astype(xp.float32) * lut_scale), 0, 255)
    lut = lut.astype(xp.float32).ravel()

    def axis_weights(n: int, tile: int, count: int):
        pos = xp.arange(n, dtype=xp.float32) * (np.float32(1.0) / np.float32(tile)) - np.float32(0.5)
        lo = xp.floor(pos)
        frac = (pos - lo).astype(xp.float32)
        lo = lo.astype(xp.int32)
        return xp.maximum(lo, 0), xp.minimum(lo + 1, count - 1), frac

    ty1, ty2, ya = axis_weights(height, tile_h, tiles_y)
    tx1, tx2, xa = axis_weights(width, tile_w, tiles_x)
    value = image.astype(xp.int32)
    row1, row2 = (ty1 * tiles_x)[:, None], (ty2 * tiles_x)[:, None]
    col1, col2 = tx1[None, :], tx2[None, :]
    xa, xa1 = xa[None, :], (np.float32(1.0) - xa)[None, :]
    ya, ya1 = ya[:, None], (np.float32(1.0) - ya)[:, None]
    top = lut[(row1 + col1) * 256 + value] * xa1 + lut[(row1 + col2) * 256 + value] * xa
    bottom = lut[(row2 + col1) * 256 + value] * xa1 + lut[(row2 + col2) * 256 + value] * xa
    out = top * ya1 + bottom * ya
    return xp.clip(xp.rint(out), 0, 255).astype(xp.uint8)


def _separable(xp: ModuleType, image, kernel: np.ndarray, mode: str, dtype):
    ndi = ndimage_module(xp)
    k = xp.asarray(kernel, dtype=dtype)
    tmp = ndi.correlate1d(image.astype(dtype), k, axis=1, mode=mode)
    return ndi.correlate1d(tmp, k, axis=0, mode=mode)


def gaussian_blur(xp: ModuleType, image, ksize: int = 3, sigma: float = 0.0):
    """Gaussian smoothing like ``cv2.GaussianBlur(img, (k, k), sigma)`` (BORDER_REFLECT_101)."""
    if ksize <= 0:
        ksize = gaussian_ksize(sigma)
    out = _separable(xp, image, gaussian_kernel(ksize, sigma), "mirror", xp.float32)
    return xp.clip(xp.rint(out), 0, 255).astype(xp.uint8)


def median_blur(xp: ModuleType, image, ksize: int = 3):
    """Median filter like ``cv2.medianBlur`` (BORDER_REPLICATE)."""
    return ndimage_module(xp).median_filter(image, size=ksize, mode="nearest")


def adaptive_threshold(xp: ModuleType, image, block_size: int = 31, c: float = 10.0, method: str = "gaussian",
                       invert: bool = False, max_value: int = 255):
    """``cv2.adaptiveThreshold`` with ``ADAPTIVE_THRESH_MEAN_C`` or ``_GAUSSIAN_C`` (BORDER_REPLICATE)."""
    ndi = ndimage_module(xp)
    if method == "mean":
        local = ndi.uniform_filter(image.astype(xp.float32), size=block_size, mode="nearest")
    else:
        local = _separable(xp, image, gaussian_kernel(block_size, 0.0), "nearest", xp.float32)
    mean = xp.clip(xp.rint(local), 0, 255).astype(xp.int16)
    diff = image.astype(xp.int16) - mean
    if invert:
        mask = diff <= -math.floor(c)
    else:
        mask = diff > -math.ceil(c)
    return xp.where(mask, max_value, 0).astype(xp.uint8)


def otsu_level(xp: ModuleType, image) -> int:
    """Otsu's threshold exactly as OpenCV computes it (the first maximum of between-class variance)."""
    hist = xp.bincount(image.ravel(), minlength=256)
    h = np.asarray(hist.get() if hasattr(hist, "get") else hist, dtype=np.float64)[:256]
    scale = 1.0 / h.sum()
    p = h * scale
    i = np.arange(256, dtype=np.float64)
    mu = float((i * p).sum())
    q1 = np.cumsum(p)
    m1 = np.cumsum(i * p)
    q2 = 1.0 - q1
    eps = np.finfo(np.float32).eps
    valid = (np.minimum(q1, q2) >= eps) & (np.maximum(q1, q2) <= 1.0 - eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu1 = m1 / q1
        mu2 = (mu - q1 * mu1) / q2
        sigma = q1 * q2 * (mu1 - mu2) ** 2
    sigma = np.where(valid, sigma, 0.0)
    best = float(sigma.max())
    return int(np.argmax(sigma)) if best > 0 else 0


def threshold(xp: ModuleType, image, level: int, invert: bool = False, max_value: int = 255):
    """Binary threshold: ``value > level`` → ``max_value`` (or 0 when ``invert``)."""
    above = image > level
    return xp.where(~above if invert else above, max_value, 0).astype(xp.uint8)


def estimate_skew(xp: ModuleType, image, max_angle: float = 5.0, max_points: int = 400_000) -> float:
    """Small page rotation in degrees (counter-clockwise positive, as displayed), by maximising the
    sharpness of the ink's horizontal and vertical projection profiles (long lines, text rows)."""
    level = otsu_level(xp, image)
    ys, xs = xp.nonzero(image <= level)
    n = int(ys.shape[0])
    if n < 2:
        return 0.0
    stride = max(1, n // max_points)
    ys = ys[::stride].astype(xp.float32)
    xs = xs[::stride].astype(xp.float32)
    ys = ys - ys.mean()
    xs = xs - xs.mean()
    extent = int(math.ceil(float(xp.sqrt((xs * xs + ys * ys).max())))) + 2

    def score(angle_deg: float) -> float:
        t = math.radians(angle_deg)
        c, s = np.float32(math.cos(t)), np.float32(math.sin(t))
        rows = xp.rint(ys * c + xs * s).astype(xp.int32) + extent
        cols = xp.rint(xs * c - ys * s).astype(xp.int32) + extent
        hr = xp.bincount(rows, minlength=2 * extent + 1).astype(xp.float64)
        hc = xp.bincount(cols, minlength=2 * extent + 1).astype(xp.float64)
        return float((hr * hr).sum() + (hc * hc).sum())

    def best_of(angles: np.ndarray) -> float:
        scores = [score(a) for a in angles]
        return float(angles[int(np.argmax(scores))])

    best = best_of(np.arange(-max_angle, max_angle + 1e-9, 0.25))
    for step, span in ((0.05, 0.25), (0.01, 0.05)):
        best = best_of(np.arange(best - span, best + span + 1e-9, step))
    return round(best, 3)


def rotate(xp: ModuleType, image, angle: float, fill: int = 255):
    """Rotate about the image centre by ``angle`` degrees counter-clockwise (bilinear, constant fill),
    matching ``cv2.warpAffine`` with ``cv2.getRotationMatrix2D``."""
    ndi = ndimage_module(xp)
    h, w = image.shape
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    t = math.radians(angle)
    c, s = math.cos(t), math.sin(t)
    # output (y, x) -> input (y, x): inverse of a counter-clockwise rotation on screen (y down)
    matrix = np.array([[c, s], [-s, c]])
    offset = np.array([cy, cx]) - matrix @ np.array([cy, cx])
    out = ndi.affine_transform(image.astype(xp.float32), xp.asarray(matrix), offset=tuple(offset), order=1,
                               mode="constant", cval=float(fill))
    return xp.clip(xp.rint(out), 0, 255).astype(xp.uint8)
