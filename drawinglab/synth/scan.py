"""The scanned look: broken strokes, stains and stamps, slight rotation and perspective, uneven lighting,
blur, sensor noise and JPEG artefacts. Every label moves with the very same homography as the pixels."""
from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np


def random_homography(rng: np.random.Generator, width: int, height: int, max_angle: float = 1.2,
                      max_perspective: float = 0.006) -> np.ndarray:
    """A small rotation about the centre plus a slight perspective jitter of the corners (3×3, px → px)."""
    import cv2

    angle = float(rng.uniform(-max_angle, max_angle))
    rot = np.vstack([cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), angle, 1.0), [0, 0, 1]])
    src = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    jitter = rng.uniform(-max_perspective, max_perspective, (4, 2)) * np.float32([width, height])
    persp = cv2.getPerspectiveTransform(src, (src + jitter).astype(np.float32))
    return persp @ rot


def _broken_strokes(gray: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    import cv2

    h, w = gray.shape
    small = rng.random((max(h // 6, 1), max(w // 6, 1))).astype(np.float32)
    spots = cv2.resize((small < amount).astype(np.uint8) * 255, (w, h), interpolation=cv2.INTER_NEAREST)
    spots = cv2.GaussianBlur(spots, (5, 5), 0)
    return np.maximum(gray, spots)


def _colour_field(rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Paper tint × uneven lighting × stains as one smooth RGB field in 0..1 (uint8 0..255), made at 1/8 size."""
    import cv2

    w8, h8 = max(width // 8, 1), max(height // 8, 1)
    grey, warm = rng.uniform(0.9, 0.99), rng.uniform(0.0, 1.0)
    paper = np.float32([grey, grey - 0.012 * warm, grey - 0.045 * warm])  # white to cream paper
    light = cv2.resize(rng.uniform(0.82, 1.0, (3, 4)).astype(np.float32), (w8, h8), interpolation=cv2.INTER_CUBIC)
    field = np.clip(light, 0.75, 1.0)[..., None] * paper
    for _ in range(int(rng.choice([0, 0, 1, 2]))):
        mask = np.zeros((h8, w8), np.float32)
        centre = (int(rng.integers(0, w8)), int(rng.integers(0, h8)))
        axes = (int(rng.integers(10, w8 // 30 + 11)), int(rng.integers(10, h8 // 30 + 11)))
        cv2.ellipse(mask, centre, axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
        mask = cv2.GaussianBlur(mask, (0, 0), 6)[..., None]
        depth = rng.uniform(0.04, 0.15)
        tint = np.float32([1 - depth, 1 - depth * 1.25, 1 - depth * 1.8])  # coffee/water stain: brownish
        field *= 1 - mask * (1 - tint)
    small = np.clip(field * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def _stamp(image: np.ndarray, rng: np.random.Generator) -> None:
    """A faint rubber-stamp ring (blue or red), blended in place."""
    import cv2

    h, w = image.shape[:2]
    colour = (60, 60, 200) if rng.random() < 0.5 else (200, 50, 50)
    radius = int(rng.integers(h // 30, h // 14))
    cx, cy = int(rng.integers(w // 10, w - w // 10)), int(rng.integers(h // 10, h - h // 10))
    x0, y0, x1, y1 = max(cx - radius - 20, 0), max(cy - radius - 20, 0), min(cx + radius + 20, w), min(cy + radius + 20, h)
    crop = image[y0:y1, x0:x1]
    ring = crop.copy()
    cv2.circle(ring, (cx - x0, cy - y0), radius, colour, max(3, radius // 12))
    cv2.circle(ring, (cx - x0, cy - y0), int(radius * 0.72), colour, max(2, radius // 20))
    cv2.addWeighted(crop, 0.6, ring, 0.4, 0, dst=crop)


def _add_noise(gray: np.ndarray, rng: np.random.Generator, sigma: float, tile: int = 1024) -> np.ndarray:
    """Add Gaussian sensor noise in place: one random tile, repeated from a random offset (fast on big pages)."""
    import cv2

    block = np.rint(rng.normal(0.0, sigma, (tile, tile))).astype(np.int16)
    block = np.roll(block, (int(rng.integers(0, tile)), int(rng.integers(0, tile))), axis=(0, 1))
    h, w = gray.shape
    for y in range(0, h, tile):
        for x in range(0, w, tile):
            view = gray[y:y + tile, x:x + tile]
            view[...] = cv2.add(view, block[:view.shape[0], :view.shape[1]], dtype=cv2.CV_8U)
    return gray


def degrade(image: np.ndarray, rng: np.random.Generator, strength: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Apply the scanned look to an RGB page; returns the image and the 3×3 homography used.
    JPEG artefacts come from saving the result as JPEG (:func:`jpeg_quality`)."""
    import cv2

    h, w = image.shape[:2]
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    gray = _broken_strokes(gray, rng, 0.012 * strength)
    homography = random_homography(rng, w, h, 1.2 * strength, 0.006 * strength)
    gray = cv2.warpPerspective(gray, homography, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=255)
    sigma = float(rng.uniform(0.4, 1.1) * strength)
    if sigma > 0.3:
        gray = cv2.GaussianBlur(gray, (0, 0), sigma)
    gray = _add_noise(gray, rng, float(rng.uniform(2.0, 7.0) * strength))
    out = cv2.multiply(cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), _colour_field(rng, w, h), scale=1 / 255.0)
    if rng.random() < 0.35:
        _stamp(out, rng)
    return out, homography


def jpeg_quality(rng: np.random.Generator) -> int:
    return int(rng.integers(45, 85))


def _apply(h: np.ndarray, points: list[list[float]]) -> list[list[float]]:
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    homog = np.hstack([pts, np.ones((len(pts), 1))]) @ h.T
    mapped = homog[:, :2] / homog[:, 2:3]
    return [[round(float(x), 2), round(float(y), 2)] for x, y in mapped]


def transform_ground_truth(gt: dict[str, Any], homography: np.ndarray) -> dict[str, Any]:
    """Move every polygon, box, point and circle of the ground truth by ``homography``."""
    out = copy.deepcopy(gt)
    scale = math.sqrt(abs(np.linalg.det(homography[:2, :2])))
    for ann in out["annotations"]:
        ann["polygon"] = _apply(homography, ann["polygon"])
        xs = [p[0] for p in ann["polygon"]]
        ys = [p[1] for p in ann["polygon"]]
        ann["bbox"] = [min(xs), min(ys), max(xs), max(ys)]
        for run in ann["runs"]:
            run["polygon"] = _apply(homography, run["polygon"])
    for prim in out["primitives"]:
        for key in ("points", "polygon"):
            if key in prim:
                prim[key] = _apply(homography, prim[key])
        if "center" in prim:
            prim["center"] = _apply(homography, [prim["center"]])[0]
            prim["radius"] = round(prim["radius"] * scale, 2)
    out["transform"] = [[round(float(v), 10) for v in row] for row in homography]
    out["style"] = "scan"
    return out
