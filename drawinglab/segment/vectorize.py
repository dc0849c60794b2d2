"""Vectorise a drawing into strokes: binarise, thin, cut the skeleton at its junctions, describe each piece.

A stroke is a run of skeleton pixels between junctions and/or end points (found with a 3×3 neighbour
count, all array operations). Each stroke is fitted by principal axes (a line where it is straight) and
described by features in the spirit of Zhang et al. (arXiv 2212.00290): length, straightness, curvature,
orientation, stroke width, position, local density, and the size of the ink component it belongs to.
The page is first brought to a fixed lettering height (as the detector does), so features mean the same
on every page.

Example:
    >>> import cv2, numpy as np
    >>> from drawinglab.segment.vectorize import trace_strokes
    >>> img = np.full((120, 200), 255, np.uint8)
    >>> _ = cv2.line(img, (10, 60), (190, 60), 0, 3)      # one long line ...
    >>> _ = cv2.line(img, (100, 10), (100, 110), 0, 3)    # ... crossed by another: 4 strokes, 1 junction
    >>> s = trace_strokes(img, scale=1.0)
    >>> len(s), sorted(np.round(s.length).astype(int).tolist())[-1] > 80
    (4, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Strokes", "trace_strokes", "fit_strokes", "binarize", "FEATURE_NAMES", "WORK_TEXT_HEIGHT"]

WORK_TEXT_HEIGHT = 14.0  # px: lettering height the page is resized to before tracing

FEATURE_NAMES = ["length", "log_length", "straightness", "fill_ratio", "cos2", "sin2", "width", "width_std",
                 "endpoints", "junctions", "bbox_w", "bbox_h", "x", "y", "density", "cc_w", "cc_h", "cc_strokes",
                 "cc_log_pixels", "curvature"]


@dataclass
class Strokes:
    """Traced strokes of one page, at the working scale (``scale`` × page pixels).

    ``labels`` is the skeleton image with each pixel's stroke id (−1 elsewhere); ``px_x``/``px_y``/``px_id``
    list the skeleton pixels; per-stroke arrays have one row per stroke; ``junction_edges`` pairs strokes that
    meet at a junction; ``component`` is the ink connected component of each stroke.
    """

    labels: np.ndarray
    px_x: np.ndarray
    px_y: np.ndarray
    px_id: np.ndarray
    features: np.ndarray
    centroid: np.ndarray
    bbox: np.ndarray
    length: np.ndarray
    component: np.ndarray
    junction_edges: np.ndarray
    scale: float
    shape: tuple[int, int]
    binary: np.ndarray = field(repr=False, default=None)

    def __len__(self) -> int:
        return len(self.length)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink mask (bool) robust to uneven scan lighting: adaptive Gaussian threshold, specks removed."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    ink = cv2.bitwise_and(ink, cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
                          | cv2.threshold(gray, 200, 255, cv2.THRESH_BINARY_INV)[1])
    n, lab, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < 3
    small[0] = False
    return (ink > 0) & ~small[lab]


def _group_minmax(ids: np.ndarray, values: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    np.minimum.at(lo, ids, values)
    np.maximum.at(hi, ids, values)
    return lo, hi


def trace_strokes(image: np.ndarray, scale: float | None = None, text_height: float | None = None) -> Strokes:
    """Trace the strokes of a page (RGB or grey ``uint8``); ``scale`` (or the page's ``text_height``) fixes the
    resize to the working scale, otherwise it is measured from the lettering."""
    import cv2
    from scipy import ndimage
    from skimage.morphology import skeletonize

    from ..preprocess import estimate_text_height

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if scale is None:
        measured = text_height or estimate_text_height(gray)
        scale = float(np.clip(WORK_TEXT_HEIGHT / measured, 0.1, 4.0)) if measured else 1.0
    if scale != 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    ink = binarize(gray)
    skel = skeletonize(ink)
    sk = skel.astype(np.uint8)
    neighbours = cv2.filter2D(sk, -1, np.ones((3, 3), np.float32), borderType=cv2.BORDER_CONSTANT) - sk
    junction = skel & (neighbours >= 3)
    body = skel & ~junction
    n_strokes, labels = cv2.connectedComponents(body.astype(np.uint8), connectivity=8)
    labels = labels.astype(np.int32) - 1  # −1 = background
    ys, xs = np.nonzero(labels >= 0)
    ids = labels[ys, xs]
    n = n_strokes - 1
    h, w = gray.shape
    if n == 0:
        empty = np.zeros((0,))
        return Strokes(labels, xs, ys, ids, np.zeros((0, len(FEATURE_NAMES)), np.float32), np.zeros((0, 2)),
                       np.zeros((0, 4)), empty, empty.astype(np.int64), np.zeros((2, 0), np.int64), scale, (h, w), ink)
    count = np.bincount(ids, minlength=n).astype(np.float64)
    mx = np.bincount(ids, xs, n) / count
    my = np.bincount(ids, ys, n) / count
    dx, dy = xs - mx[ids], ys - my[ids]
    cxx = np.bincount(ids, dx * dx, n) / count
    cyy = np.bincount(ids, dy * dy, n) / count
    cxy = np.bincount(ids, dx * dy, n) / count
    tr, det = cxx + cyy, cxx * cyy - cxy ** 2
    disc = np.sqrt(np.maximum(tr ** 2 / 4 - det, 0))
    l1, l2 = tr / 2 + disc, np.maximum(tr / 2 - disc, 0)
    theta = 0.5 * np.arctan2(2 * cxy, cxx - cyy)
    # extent along the principal axis vs pixel count: 1 for a straight run, less for curves
    along = dx * np.cos(theta[ids]) + dy * np.sin(theta[ids])
    across = -dx * np.sin(theta[ids]) + dy * np.cos(theta[ids])
    a_lo, a_hi = _group_minmax(ids, along, n)
    extent = a_hi - a_lo + 1
    # curvature: a parabola across the principal axis (across ≈ c·along²) captures the bend
    u = along / np.maximum(extent[ids] / 2, 1)
    curv = np.abs(np.bincount(ids, across * (u * u - np.bincount(ids, u * u, n)[ids] / count[ids]), n)
                  / np.maximum(np.bincount(ids, (u * u) ** 2, n), 1e-9))
    x_lo, x_hi = _group_minmax(ids, xs.astype(float), n)
    y_lo, y_hi = _group_minmax(ids, ys.astype(float), n)
    dist = cv2.distanceTransform(ink.astype(np.uint8), cv2.DIST_L2, 5)
    wpx = 2.0 * dist[ys, xs] - 1.0  # a skeleton pixel k px from the paper lies in a 2k − 1 px stroke
    width = np.bincount(ids, wpx, n) / count
    width_std = np.sqrt(np.maximum(np.bincount(ids, wpx * wpx, n) / count - width ** 2, 0))
    ends = np.bincount(ids, (neighbours[ys, xs] <= 1).astype(float), n)
    # junctions: which strokes touch which junction cluster
    n_j, jlab = cv2.connectedComponents(junction.astype(np.uint8), connectivity=8)
    jgrow = ndimage.maximum_filter(jlab, size=3)
    jid = jgrow[ys, xs]
    touch = np.unique(np.stack([jid[jid > 0], ids[jid > 0]], axis=1), axis=0) if (jid > 0).any() else np.zeros((0, 2), int)
    degree = np.bincount(touch[:, 1], minlength=n).astype(float) if len(touch) else np.zeros(n)
    pairs = []
    if len(touch):
        order = np.argsort(touch[:, 0], kind="stable")
        touch = touch[order]
        splits = np.flatnonzero(np.diff(touch[:, 0])) + 1
        for group in np.split(touch[:, 1], splits):
            if 1 < len(group) <= 12:
                a, b = np.meshgrid(group, group)
                keep = a < b
                pairs.append(np.stack([a[keep], b[keep]]))
    junction_edges = np.concatenate(pairs, axis=1) if pairs else np.zeros((2, 0), np.int64)
    # ink component of each stroke, and its size
    n_cc, cc = cv2.connectedComponents(ink.astype(np.uint8), connectivity=8)
    comp = np.zeros(n, np.int64)
    comp[ids] = cc[ys, xs]
    cc_strokes = np.bincount(comp, minlength=n_cc).astype(float)[comp]
    cc_pixels = np.bincount(cc.ravel(), minlength=n_cc).astype(float)[comp]
    cc_w = np.zeros(n_cc)
    cc_h = np.zeros(n_cc)
    for k, sl in enumerate(ndimage.find_objects(cc), start=1):
        if sl is not None:
            cc_h[k], cc_w[k] = sl[0].stop - sl[0].start, sl[1].stop - sl[1].start
    # local density: strokes in the surrounding 4×4-text-height cell
    cell = 4 * WORK_TEXT_HEIGHT
    gx, gy = (mx // cell).astype(int), (my // cell).astype(int)
    grid = np.zeros((int(h // cell) + 1, int(w // cell) + 1))
    np.add.at(grid, (gy, gx), 1)
    density = ndimage.uniform_filter(grid, size=3, mode="constant")[gy, gx]
    t = WORK_TEXT_HEIGHT
    features = np.column_stack([
        count / t, np.log1p(count), np.sqrt(l2 / np.maximum(l1, 1e-9)), extent / count, np.cos(2 * theta),
        np.sin(2 * theta), width, width_std, ends, degree, (x_hi - x_lo + 1) / t, (y_hi - y_lo + 1) / t, mx / w,
        my / h, density, cc_w[comp] / t, cc_h[comp] / t, np.log1p(cc_strokes), np.log1p(cc_pixels), curv / t,
    ]).astype(np.float32)
    return Strokes(labels, xs, ys, ids, features, np.column_stack([mx, my]),
                   np.column_stack([x_lo, y_lo, x_hi, y_hi]), count, comp, junction_edges, scale, (h, w), ink)


def fit_strokes(strokes: Strokes, tolerance: float = 1.0):
    """Fit each stroke with a line or a circular arc, else call it a curve; a pandas DataFrame in page pixels.

    Lines come from the principal axis of the stroke's pixels (their end points are the extreme
    projections), arcs from an algebraic circle fit (Kåsa), all strokes at once with grouped sums. A stroke is
    a ``line`` when its pixels lie within ``tolerance`` working pixels (RMS) of the axis, otherwise an ``arc``
    when they lie that close to the fitted circle, otherwise a ``curve`` (letters, free-form edges) with a
    least-squares cubic Bézier (``bezier``: four control points; each pixel's parameter starts as its position
    along the stroke's principal axis and is moved twice to its nearest point on the fitted curve, by grid search and Newton steps). ``sweep`` is the
    arc's angle in degrees (360 for a full circle); ``rms`` the fit's residual in page pixels.

    Example:
        >>> import cv2, numpy as np
        >>> img = np.full((300, 400), 255, np.uint8)
        >>> _ = cv2.line(img, (20, 40), (380, 40), 0, 2)
        >>> _ = cv2.circle(img, (200, 180), 80, 0, 2)
        >>> fits = fit_strokes(trace_strokes(img, scale=1.0))
        >>> sorted(fits["kind"])
        ['arc', 'line']
        >>> round(float(fits.loc[fits.kind == "arc", "radius"].iloc[0]))
        80
    """
    import pandas as pd

    n = len(strokes)
    ids = strokes.px_id
    x = strokes.px_x.astype(np.float64)
    y = strokes.px_y.astype(np.float64)
    count = np.maximum(np.bincount(ids, minlength=n).astype(np.float64), 1)

    def mean(v):
        return np.bincount(ids, v, n) / count

    mx, my = mean(x), mean(y)
    dx, dy = x - mx[ids], y - my[ids]  # centred: better conditioned sums
    sxx, syy, sxy = mean(dx * dx), mean(dy * dy), mean(dx * dy)
    tr, det = sxx + syy, sxx * syy - sxy ** 2
    disc = np.sqrt(np.maximum(tr ** 2 / 4 - det, 0))
    minor = np.maximum(tr / 2 - disc, 0)
    theta = 0.5 * np.arctan2(2 * sxy, sxx - syy)
    along = dx * np.cos(theta[ids]) + dy * np.sin(theta[ids])
    lo = np.full(n, np.inf)
    hi = np.full(n, -np.inf)
    np.minimum.at(lo, ids, along)
    np.maximum.at(hi, ids, along)
    line_rms = np.sqrt(minor)
    # Kåsa: x² + y² + D x + E y + F = 0 in centred coordinates, normal equations per stroke
    z = dx * dx + dy * dy
    a = np.stack([np.stack([sxx, sxy, np.zeros(n)], -1), np.stack([sxy, syy, np.zeros(n)], -1),
                  np.stack([np.zeros(n), np.zeros(n), np.ones(n)], -1)], 1)
    b = -np.stack([mean(z * dx), mean(z * dy), mean(z)], -1)
    solvable = np.abs(np.linalg.det(a)) > 1e-9
    sol = np.zeros((n, 3))
    if solvable.any():
        sol[solvable] = np.linalg.solve(a[solvable], b[solvable][..., None])[..., 0]
    ccx, ccy = -sol[:, 0] / 2, -sol[:, 1] / 2
    radius = np.sqrt(np.maximum(ccx ** 2 + ccy ** 2 - sol[:, 2], 0))
    dist = np.hypot(dx - ccx[ids], dy - ccy[ids])
    circle_rms = np.sqrt(mean((dist - radius[ids]) ** 2))
    # sweep: the largest empty angular gap around the centre, subtracted from a full turn
    angle = np.arctan2(dy - ccy[ids], dx - ccx[ids])
    sweep = np.zeros(n)
    order = np.lexsort((angle, ids))
    sorted_ids, sorted_angle = ids[order], angle[order]
    starts = np.searchsorted(sorted_ids, np.arange(n))
    ends = np.searchsorted(sorted_ids, np.arange(n), side="right")
    for k in np.flatnonzero(solvable & (ends - starts > 2)):
        a_k = sorted_angle[starts[k]:ends[k]]
        gaps = np.diff(np.concatenate([a_k, a_k[:1] + 2 * np.pi]))
        sweep[k] = np.degrees(2 * np.pi - gaps.max())
    is_line = line_rms <= tolerance
    is_arc = ~is_line & solvable & (circle_rms <= tolerance) & (radius > 2)
    kind = np.where(is_line, "line", np.where(is_arc, "arc", "curve"))
    s = strokes.scale
    # cubic Bézier by least squares (grouped normal equations); the parameter starts as the position along
    # the principal axis and is then moved, twice, to each pixel's nearest point on the fitted curve
    t = np.clip((along - lo[ids]) / np.maximum(hi - lo, 1e-9)[ids], 0, 1)
    grid = np.linspace(0.0, 1.0, 65)
    grid_basis = np.stack([(1 - grid) ** 3, 3 * (1 - grid) ** 2 * grid, 3 * (1 - grid) * grid ** 2, grid ** 3], 1)
    xy = np.column_stack([x, y])
    control = np.full((n, 4, 2), np.nan)
    bez_ok = np.zeros(n, bool)
    for step in range(3):
        basis = np.stack([(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3], 1)
        gram = np.stack([np.stack([np.bincount(ids, basis[:, i] * basis[:, j], n) for j in range(4)], -1)
                         for i in range(4)], 1)
        rhs = np.stack([np.stack([np.bincount(ids, basis[:, i] * v, n) for i in range(4)], -1) for v in (x, y)], -1)
        bez_ok = np.abs(np.linalg.det(gram)) > 1e-12
        if bez_ok.any():
            control[bez_ok] = np.linalg.solve(gram[bez_ok], rhs[bez_ok])
        if step == 2:
            break
        curve_pts = np.einsum("gk,nkd->ngd", grid_basis, np.nan_to_num(control))  # n × 65 × 2
        nearest = np.argmin(((curve_pts[ids] - xy[:, None, :]) ** 2).sum(-1), axis=1)
        t_new = grid[nearest]
        for _ in range(2):  # Newton steps on |B(t) − p|² from the nearest grid sample
            c = np.nan_to_num(control[ids])
            u = 1 - t_new
            b = ((u ** 3)[:, None] * c[:, 0] + (3 * u * u * t_new)[:, None] * c[:, 1]
                 + (3 * u * t_new * t_new)[:, None] * c[:, 2] + (t_new ** 3)[:, None] * c[:, 3])
            d1 = 3 * ((u * u)[:, None] * (c[:, 1] - c[:, 0]) + (2 * u * t_new)[:, None] * (c[:, 2] - c[:, 1])
                      + (t_new * t_new)[:, None] * (c[:, 3] - c[:, 2]))
            d2 = 6 * (u[:, None] * (c[:, 2] - 2 * c[:, 1] + c[:, 0]) + t_new[:, None] * (c[:, 3] - 2 * c[:, 2] + c[:, 1]))
            r = b - xy
            denom = (d1 * d1).sum(1) + (r * d2).sum(1)
            t_new = np.clip(t_new - (r * d1).sum(1) / np.where(np.abs(denom) > 1e-9, denom, np.inf), 0, 1)
        t = np.where(bez_ok[ids], t_new, t)
    fitted = np.einsum("pk,pkd->pd", basis, np.nan_to_num(control[ids]))
    bez_rms = np.sqrt(mean(((fitted - xy) ** 2).sum(1)))
    bezier = [None if (k != "curve" or not ok) else np.round(control[i] / s, 2).tolist()
              for i, (k, ok) in enumerate(zip(kind, bez_ok))]
    c, si = np.cos(theta), np.sin(theta)
    return pd.DataFrame({
        "kind": kind,
        "x0": (mx + lo * c) / s, "y0": (my + lo * si) / s, "x1": (mx + hi * c) / s, "y1": (my + hi * si) / s,
        "cx": np.where(is_arc, (mx + ccx) / s, np.nan), "cy": np.where(is_arc, (my + ccy) / s, np.nan),
        "radius": np.where(is_arc, radius / s, np.nan), "sweep": np.where(is_arc, np.minimum(sweep, 360.0), np.nan),
        "bezier": bezier,
        "rms": np.where(is_line, line_rms, np.where(is_arc, circle_rms, np.where(bez_ok, bez_rms, np.inf))) / s,
    })
